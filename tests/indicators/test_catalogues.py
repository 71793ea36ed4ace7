"""The official lists are complete in the database after migrations."""

import pytest

from ctai.contracts.catalogues import PARTNERS, THEMES
from ctai.contracts.models import Partner, Theme
from ctai.indicators.catalogue import INDICATORS
from ctai.indicators.models import IndicatorDefinition

pytestmark = pytest.mark.django_db


def test_the_sixteen_official_themes_are_loaded_in_order():
    labels = list(Theme.objects.values_list("label", flat=True))
    assert len(labels) == 16
    assert labels[0] == "Apprentissage du français"
    assert labels[-1] == "Promotion et valorisation de la politique d'intégration"


def test_partners_list_is_loaded():
    assert list(Partner.objects.values_list("code", flat=True)) == [c for c, _ in PARTNERS]
    assert Theme.objects.count() == len(THEMES)


def test_every_template_indicator_is_in_the_catalogue_with_its_parent():
    assert IndicatorDefinition.objects.count() == len(INDICATORS)
    bpi_women = IndicatorDefinition.objects.get(code="ben_bpi_women")
    assert bpi_women.parent.code == "ben_bpi"
    assert bpi_women.parent.parent.code == "ben_total"
    sections = set(IndicatorDefinition.objects.values_list("section", flat=True))
    template_sections = {
        "beneficiaires",
        "acteurs_integration",
        "francais",
        "emploi",
        "logement",
        "sante",
        "droits",
        "sport",
        "culture",
        "mobilite",
        "parentalite",
        "republique",
        "numerique",
        "acteurs",
        "coordination",
    }
    assert template_sections <= sections


@pytest.mark.parametrize(
    ("code", "unit"),
    [
        ("fr_hours", "hours"),
        ("emp_duration", "months"),
        ("hous_share", "percent"),
        ("fr_hourly_cost", "euros"),
        ("rights_tools", "text"),
        ("dig_devices", "count"),
    ],
)
def test_units_follow_the_template(code, unit):
    assert IndicatorDefinition.objects.get(code=code).unit == unit
