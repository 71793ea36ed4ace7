"""Achieved values by kind of indicator: whole numbers for counts, percentages (0-100, "%"),
words for qualitative indicators; French messages naming the indicator (issue 12)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from ctai.indicators.models import IndicatorDefinition
from ctai.reporting import services
from ctai.reporting.errors import ReportInvalid
from ctai.reporting.forms import ReportForm
from ctai.reporting.inputs import AchievementInput, ValueKind, kind_of, value_kind
from tests.factories import ActionIndicatorFactory
from tests.reporting.builders import indicator
from tests.reporting.views_support import as_user


@pytest.fixture
def report(world):
    sheet = world.sheet_b  # Association Parler Ensemble
    ActionIndicatorFactory(
        action=sheet,
        label="Taux d'assiduité des participants",
        target=Decimal("80"),
        target_text="80 %",
        position=10,
    )
    ActionIndicatorFactory(
        action=sheet,
        definition=IndicatorDefinition.objects.get(code="rights_tools"),
        label="",
        section="droits",
        target=None,
        target_text="Permanences, fiches pratiques",
        position=11,
    )
    return services.start_report(period=world.final, sheet=sheet, actor=world.people.op_b)


def data(report, **values) -> dict:
    base = {name: "" for name in ReportForm(report=report).fields}
    base["version"] = str(report.version)
    base.update(values)
    return base


def test_kinds_are_read_from_the_catalogue_or_the_target():
    assert value_kind(unit="count", label="Nombre de femmes", target=None, target_text="") == (
        ValueKind.WHOLE
    )
    average = "Nombre moyen de consultations médicales par participant"
    assert value_kind(unit="count", label=average, target=None, target_text="") == (
        ValueKind.NUMBER
    )
    assert value_kind(unit=None, label="Sorties", target=Decimal(80), target_text="80 %") == (
        ValueKind.PERCENT
    )
    assert value_kind(
        unit=None, label="Qualité", target=None, target_text="Au regard des montants"
    ) == (ValueKind.TEXT)
    assert value_kind(unit=None, label="Nb de sorties", target=Decimal(6), target_text="6") == (
        ValueKind.WHOLE
    )
    assert value_kind(unit="hours", label="Heures", target=None, target_text="") == (
        ValueKind.NUMBER
    )
    identity = "Identité des acteurs de l'intégration"
    assert value_kind(unit="text", label=identity, target=None, target_text="CCAS") == (
        ValueKind.TEXT
    )
    assert value_kind(unit="text", label=identity, target=Decimal(3), target_text="3") == (
        ValueKind.NUMBER
    )


def test_a_percentage_is_typed_with_its_sign_and_stays_within_100(world, report):
    rate = indicator(report.sheet, "Taux d'assiduité des participants")
    assert kind_of(rate) == ValueKind.PERCENT
    form = ReportForm(data(report, **{f"indicator_{rate.pk}": "72 %"}), report=report)
    assert form.is_valid(), form.errors
    saved = services.save_draft(report=report, actor=world.people.op_b, **form.inputs())
    assert saved.achievements.get(indicator=rate).value == Decimal("72.00")
    too_much = ReportForm(data(saved, **{f"indicator_{rate.pk}": "120"}), report=saved)
    assert not too_much.is_valid()
    assert too_much.errors[f"indicator_{rate.pk}"] == [
        "« Taux d'assiduité des participants » : un pourcentage est compris entre 0 et 100 "
        "(120 % saisi)."
    ]
    assert "Pourcentage entre 0 et 100" in str(
        ReportForm(report=saved)[f"indicator_{rate.pk}"].help_text
    )


def test_a_count_is_shown_and_typed_as_a_whole_number(world, report):
    total = indicator(report.sheet, "ben_total")
    services.save_draft(
        report=report,
        actor=world.people.op_b,
        version=report.version,
        achievements=[AchievementInput(total.pk, "45")],
    )
    report.refresh_from_db()
    box = str(ReportForm(report=report)[f"indicator_{total.pk}"])
    assert 'value="45"' in box and 'inputmode="numeric"' in box
    with pytest.raises(ReportInvalid) as refused:
        services.save_draft(
            report=report,
            actor=world.people.op_b,
            version=report.version,
            achievements=[AchievementInput(total.pk, Decimal("45.5"))],
        )
    assert "nombre entier" in refused.value.field_errors[f"indicator_{total.pk}"][0]


def test_a_qualitative_indicator_is_described_in_words_not_a_number_box(world, report):
    tools = indicator(report.sheet, "rights_tools")
    form = ReportForm(report=report)
    assert f"indicator_{tools.pk}" not in form.fields
    assert form.fields[f"comment_{tools.pk}"].label.endswith("ce qui a été réalisé")
    bound = ReportForm(
        data(report, **{f"comment_{tools.pk}": "Deux permanences par semaine"}), report=report
    )
    assert bound.is_valid(), bound.errors
    saved = services.save_draft(report=report, actor=world.people.op_b, **bound.inputs())
    achieved = saved.achievements.get(indicator=tools)
    assert (achieved.value, achieved.comment) == (None, "Deux permanences par semaine")
    with pytest.raises(ReportInvalid) as refused:
        services.save_draft(
            report=saved,
            actor=world.people.op_b,
            version=saved.version,
            achievements=[AchievementInput(tools.pk, "3")],
        )
    assert "indicateur qualitatif" in refused.value.field_errors[f"indicator_{tools.pk}"][0]


def test_the_page_names_the_wrong_field_in_french(world, report):
    rate = indicator(report.sheet, "Taux d'assiduité des participants")
    url = reverse("reporting:report", args=[world.contract.pk, 2026, 2, "final"])
    response = as_user(world.people.op_b).post(url, data(report, **{f"indicator_{rate.pk}": "abc"}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Taux d&#x27;assiduité des participants</a> : « Taux d&#x27;assiduité" in page
    report.refresh_from_db()
    assert report.version == 1 and not report.achievements.exists()
