"""A planned committee and its approved minutes are told to the coordination, the State and
the COPIL (not to the person who acted), once each."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from ctai.audit.context import acting_as
from ctai.core.roles import Role
from ctai.governance.services import (
    MeetingInput,
    meeting_save,
    meeting_transition,
    minutes_save,
)
from ctai.notifications.models import Notification
from tests.factories import ActionSheetFactory, ContractFactory, OrganisationFactory, grant


@pytest.mark.django_db
def test_planned_meeting_and_minutes_are_notified():
    contract = ContractFactory(territory="Grenoble", coordinator=OrganisationFactory())
    ActionSheetFactory(contract=contract)
    users = get_user_model().objects
    coordinator, state, copil, operator = (
        users.create_user(name) for name in ("coord", "etat", "elu", "porteur")
    )
    grant(coordinator, contract)
    grant(state, contract, Role.STATE_REVIEWER, OrganisationFactory(name="DDETS de l'Isère"))
    grant(copil, contract, Role.COPIL, OrganisationFactory(name="Ville de Grenoble"))
    grant(operator, contract, Role.OPERATOR, OrganisationFactory(name="Association Isère"))
    with acting_as(coordinator):
        meeting, _ = meeting_save(
            contract=contract,
            actor=coordinator,
            data=MeetingInput(date=datetime.date(2026, 12, 3), kind="december"),
        )
        meeting_transition(meeting=meeting, transition="hold", actor=coordinator)
        minutes_save(meeting=meeting, actor=coordinator, text="Compte rendu", present=set())
        meeting_transition(meeting=meeting, transition="approve", actor=coordinator)
        minutes_save(meeting=meeting, actor=coordinator, text="Compte rendu corrigé", present=set())
    planned = Notification.objects.filter(kind="meeting_planned")
    assert sorted(planned.values_list("recipient__username", flat=True)) == ["elu", "etat"]
    assert planned.first().title == "Comité de pilotage planifié le 03/12/2026"
    minutes = Notification.objects.filter(kind="minutes_available")
    assert sorted(minutes.values_list("recipient__username", flat=True)) == ["elu", "etat"]
