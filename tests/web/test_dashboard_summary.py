"""A large contract's dashboard is a summary: counts, what needs a look, links; not every row."""

import datetime
import re

import pytest
from django.urls import reverse

from ctai.reporting.models import ReportingPeriod
from tests.web.pages import text

pytestmark = pytest.mark.django_db


def test_a_large_contract_shows_counts_and_what_needs_a_look(client_in, synthetic):
    small, large = synthetic(12, "Petite"), synthetic(60, "Grande")
    for contract in (small, large):  # every report of the year is late
        ReportingPeriod.objects.create(
            contract=contract, year=2026, kind="intermediaire", due_date=datetime.date(2026, 1, 15)
        )
    few = text(client_in.get(reverse("contracts:dashboard", args=[small.pk])))
    many = text(client_in.get(reverse("contracts:dashboard", args=[large.pk])))
    assert "Le tableau ne montre que" not in few
    assert len(set(re.findall(r"/fiches/2026/(\d+)/", few))) == 12  # every sheet listed
    assert "60 fiches en 2026" in many
    assert "Le tableau ne montre que les 50 premières des 60 fiches à regarder" in many
    assert "60 bilans en retard sur 60 attendus : les 50 premiers sont listés" in many
    assert "le détail de chaque fiche est dans l'évaluation" in many
    listed = set(re.findall(r"/fiches/2026/(\d+)/", many))
    assert 0 < len(listed) <= 50
    assert f"/contrats/{large.pk}/programmation/?annee=2026" in many
    assert len(many) < 2 * len(few) + 40_000
