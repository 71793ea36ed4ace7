"""A decision recorded by mistake is deleted by the coordination, after confirmation, while
the meeting's minutes are not approved; the deletion is in the audit trail. Once the minutes
are approved the decision stays: a French refusal, nothing deleted."""

import pytest
from django.urls import reverse

from ctai.audit.context import acting_as
from ctai.audit.models import AuditEvent
from ctai.governance.errors import GovernanceError, NotAllowed
from ctai.governance.models import Decision
from ctai.governance.services import decision_delete, meeting_transition, minutes_save
from tests.web.pages import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(june_meeting, metz):
    found = Decision.objects.create(
        meeting=june_meeting, text="Réduire l'action 4 de moitié", kind="reduce"
    )
    found.sheets.set(metz.actions.filter(number=4)[:1])
    return found


def url(decision) -> str:
    meeting = decision.meeting
    return reverse(
        "governance:decision_delete", args=[meeting.contract_id, meeting.pk, decision.pk]
    )


def test_the_coordination_confirms_then_the_decision_is_gone_and_audited(
    client, coordinator, decision
):
    client.force_login(coordinator)
    meeting_page = text(
        client.get(
            reverse("governance:meeting", args=[decision.meeting.contract_id, decision.meeting.pk])
        )
    )
    assert f'href="{url(decision)}"' in meeting_page
    page = text(client.get(url(decision)))
    assert "Réduire l'action 4 de moitié" in page
    assert "Je confirme la suppression de cette décision" in page
    # Without the box ticked: the page again, in French, nothing deleted.
    response = client.post(url(decision), {})
    assert response.status_code == 200
    assert "Cochez la case pour confirmer la suppression" in text(response)
    assert Decision.objects.filter(pk=decision.pk).exists()
    response = client.post(url(decision), {"confirm": "oui"})
    assert response.status_code == 302
    assert response["Location"].endswith("#decisions")
    assert not Decision.objects.filter(pk=decision.pk).exists()
    event = AuditEvent.objects.get(
        model="governance.Decision", object_id=str(decision.pk), action="delete"
    )
    assert event.actor_username == coordinator.username
    assert "Réduire l'action 4 de moitié" in event.reason
    assert event.contract_id == decision.meeting.contract_id


def test_once_the_minutes_are_approved_the_decision_stays(client, coordinator, decision):
    meeting = decision.meeting
    with acting_as(coordinator):
        meeting_transition(meeting=meeting, transition="hold", actor=coordinator)
        minutes_save(meeting=meeting, actor=coordinator, text="Compte rendu", present=set())
        meeting_transition(meeting=meeting, transition="approve", actor=coordinator)
    client.force_login(coordinator)
    meeting_page = text(
        client.get(reverse("governance:meeting", args=[meeting.contract_id, meeting.pk]))
    )
    assert url(decision) not in meeting_page
    response = client.post(url(decision), {"confirm": "oui"})
    assert response.status_code == 200
    shown = text(response)
    assert "Suppression refusée : rien n'a été supprimé." in shown
    assert "Le compte rendu du comité du 15/06/2027 est approuvé" in shown
    assert Decision.objects.filter(pk=decision.pk).exists()
    assert not AuditEvent.objects.filter(model="governance.Decision", action="delete").exists()
    with pytest.raises(GovernanceError):
        decision_delete(decision=decision, actor=coordinator)


def test_only_the_coordination_deletes(client, copil_member, state_member, decision):
    for person in (copil_member, state_member):
        client.force_login(person)
        assert client.post(url(decision), {"confirm": "oui"}).status_code == 403
        with pytest.raises(NotAllowed):
            decision_delete(decision=decision, actor=person)
    assert Decision.objects.filter(pk=decision.pk).exists()
