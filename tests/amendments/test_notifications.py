"""A draft amendment prepared by the coordination is told to the State's members of the
contract, who are asked for their observations: once, by e-mail at once by default, with a
link to the amendment; not to the coordination that acted, nor to the operators or the COPIL."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from ctai.amendments.services import amendment_create, amendment_update
from ctai.audit.context import acting_as
from ctai.core.roles import Role
from ctai.notifications.enums import EmailState
from ctai.notifications.models import Notification
from tests.factories import ContractFactory, OrganisationFactory, grant
from tests.web.pages import text

pytestmark = pytest.mark.django_db


def people(contract):
    users = get_user_model().objects
    named = {
        name: users.create_user(name, email=f"{name}@example.org")
        for name in ("coord", "ddets", "prefecture", "elu", "porteur")
    }
    grant(named["coord"], contract)
    state = OrganisationFactory(name="DDETS de la Moselle")
    grant(named["ddets"], contract, Role.STATE_REVIEWER, state)
    grant(
        named["prefecture"], contract, Role.STATE_REVIEWER, OrganisationFactory(name="Préfecture")
    )
    grant(named["elu"], contract, Role.COPIL, OrganisationFactory(name="Ville"))
    grant(named["porteur"], contract, Role.OPERATOR, OrganisationFactory(name="Association"))
    return named


def test_a_new_draft_asks_the_state_for_its_observations():
    contract = ContractFactory(territory="Metz", coordinator=OrganisationFactory())
    other = ContractFactory(territory="Nancy", coordinator=OrganisationFactory())
    named = people(contract)
    stranger = get_user_model().objects.create_user("etat-nancy", email="n@example.org")
    grant(stranger, other, Role.STATE_REVIEWER, OrganisationFactory(name="DDETS 54"))
    with acting_as(named["coord"]):
        amendment = amendment_create(
            contract=contract, actor=named["coord"], title="Hausse de l'enveloppe 2027"
        )
        # Editing the draft asks nothing again.
        amendment_update(amendment=amendment, actor=named["coord"], title="Hausse 2027", origin="")
    told = Notification.objects.filter(kind="amendment_drafted")
    assert sorted(told.values_list("recipient__username", flat=True)) == ["ddets", "prefecture"]
    first = told.first()
    assert first.title == "Projet d'avenant n° 1 : vos observations sont attendues"
    assert "« Hausse de l'enveloppe 2027 »" in first.body
    assert first.url == reverse("amendments:detail", args=[contract.pk, amendment.pk])
    assert first.email_state == EmailState.PENDING  # at once by default


def test_the_coordination_creating_it_in_the_browser_notifies_the_state(client):
    contract = ContractFactory(territory="Metz", coordinator=OrganisationFactory())
    named = people(contract)
    client.force_login(named["coord"])
    response = client.post(
        reverse("amendments:new", args=[contract.pk]),
        {"title": "Retrait de la fiche 4", "origin": "COPIL de juin"},
    )
    assert response.status_code == 302
    client.force_login(named["ddets"])
    bell = text(client.get(reverse("notifications:list")))
    assert "Projet d'avenant n° 1 : vos observations sont attendues" in bell
