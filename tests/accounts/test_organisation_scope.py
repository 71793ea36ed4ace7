"""A coordinator's lists of organisations show their own contract's only (finding 10 of
issue 14: the « Porteur » list showed every contract's organisations)."""

import re

import pytest
from django.urls import reverse

from ctai.contracts.forms import OperatorForm
from ctai.contracts.models import ActionSheet
from tests.accounts.views_support import URLS, build_world
from tests.factories import ActionSheetFactory, OrganisationFactory
from tests.web.test_editing import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]


@pytest.fixture
def world():
    world = build_world()
    # Nancy's contract has its own operator, which Metz's coordinator must not see.
    world.nancy_operator = OrganisationFactory(name="Foyer Lorrain de Nancy")
    ActionSheetFactory(contract=world.other_contract, operator=world.nancy_operator, number=1)
    return world


def options(page: str, name: str) -> set[str]:
    select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
    return {label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", select)}


def porteur_url(sheet: ActionSheet) -> str:
    return reverse(
        "contracts:sheet_edit", args=[sheet.contract_id, sheet.year, sheet.number, "porteur"]
    )


def test_the_porteur_list_shows_the_contract_s_organisations_only(client, world):
    client.force_login(world.coordinator)
    page = client.get(porteur_url(world.sheet_a)).content.decode()
    listed = options(page, "operator")
    assert {"Association Alpha", "Association Bêta"} <= listed
    assert "Foyer Lorrain de Nancy" not in listed
    assert "CCAS de Nancy" not in listed


def test_another_contract_s_organisation_cannot_be_posted_as_porteur(client, world):
    client.force_login(world.coordinator)
    data = form_data(OperatorForm(action=world.sheet_a))
    data["operator"] = str(world.nancy_operator.pk)
    response = client.post(porteur_url(world.sheet_a), data)
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    world.sheet_a.refresh_from_db()
    assert world.sheet_a.operator == world.operator_a
