"""The evaluation the State downloads carries the steering committee's own record: the
meeting planned in the application and its decisions, not an empty governance part."""

import pytest
from django.urls import reverse

from ctai.governance.services import DecisionInput, decision_save
from tests.reporting.readers import read_xlsx, table_after


@pytest.mark.django_db
def test_the_downloaded_evaluation_lists_the_meeting_and_its_decision(
    client, metz, coordinator, june_meeting
):
    decision_save(
        meeting=june_meeting,
        actor=coordinator,
        data=DecisionInput(
            text="Ouvrir un second groupe", kind="increase", year=2026, sheet_numbers=(4,)
        ),
    )
    client.force_login(coordinator)
    url = reverse("reporting:evaluation", args=[metz.pk]) + "?annee=2026&format=xlsx"
    tables = read_xlsx(client.get(url).content)
    governance = tables["Gouvernance"]
    meetings = table_after(governance, "Réunions du comité de pilotage")
    decisions = table_after(governance, "Décisions et leur suivi")
    assert "15/06/2027" in str(meetings) or "2027-06-15" in str(meetings)
    assert any("Ouvrir un second groupe" in str(row) for row in decisions)
    assert "Aucune réunion du comité de pilotage enregistrée" not in str(governance)


@pytest.mark.django_db
def test_a_decision_that_changes_money_leads_to_one_amendment(
    client, metz, coordinator, june_meeting
):
    from ctai.amendments.models import Amendment

    decision = decision_save(
        meeting=june_meeting,
        actor=coordinator,
        data=DecisionInput(
            text="Augmenter l'action 4 de 5 000 €", kind="increase", year=2026, sheet_numbers=(4,)
        ),
    )
    client.force_login(coordinator)
    meeting_page = reverse("governance:meeting", args=[metz.pk, june_meeting.pk])
    assert "à traduire dans un avenant" in client.get(meeting_page).content.decode()
    url = reverse("governance:decision_amendment", args=[metz.pk, june_meeting.pk, decision.pk])
    response = client.post(url)
    amendment = Amendment.objects.get(contract=metz)
    assert response.status_code == 302
    assert response["Location"] == reverse("amendments:detail", args=[metz.pk, amendment.pk])
    assert "Augmenter l'action 4" in amendment.origin and amendment.status == "draft"
    client.post(url)  # asked twice: still one amendment
    assert Amendment.objects.filter(contract=metz).count() == 1
    page = client.get(meeting_page).content.decode()
    assert f"Avenant n° {amendment.number}" in page
    assert "à traduire dans un avenant" not in page
