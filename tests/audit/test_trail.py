"""Every change of contract data leaves an audit event: who, when, before, after, why."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from ctai.audit.context import acting_as
from ctai.audit.models import AuditEvent
from ctai.budget.models import Budget
from ctai.contracts.models import Contract, Theme
from tests.factories import BudgetFactory, contract_with_sheets

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return get_user_model().objects.create_user("claire")


def test_an_update_records_who_before_after_and_why(user):
    budget = BudgetFactory()
    with acting_as(user, reason="Erreur de saisie corrigée"):
        budget.total_cost = Decimal("12000.00")
        budget.save()
    event = AuditEvent.objects.filter(model="budget.Budget", action="update").get()
    assert event.actor_username == "claire"
    assert event.actor_id == user.pk
    assert event.changes == {"total_cost": ["10000.00", "12000.00"]}
    assert event.reason == "Erreur de saisie corrigée"
    assert event.action_sheet_id == budget.action_id
    assert event.contract_id == budget.action.contract_id
    assert event.at is not None


def test_a_save_without_change_records_nothing():
    budget = BudgetFactory()
    before = AuditEvent.objects.count()
    Budget.objects.get(pk=budget.pk).save()
    assert AuditEvent.objects.count() == before


def test_bulk_updates_are_recorded_row_by_row(user):
    contract = contract_with_sheets(3)
    with acting_as(user):
        count = Budget.objects.filter(action__contract=contract).update(
            p104_subsidy=Decimal("7000.00")
        )
    events = AuditEvent.objects.filter(action="bulk_update", model="budget.Budget")
    assert count == 3
    assert events.count() == 3
    assert {tuple(e.changes["p104_subsidy"]) for e in events} == {("8000.00", "7000.00")}
    assert {e.actor_username for e in events} == {"claire"}


def test_deleting_a_contract_records_every_deleted_row_under_the_contract():
    contract = contract_with_sheets(2)
    contract_id = contract.pk
    contract.delete()
    deleted = AuditEvent.objects.filter(action="delete", contract_id=contract_id)
    assert set(deleted.values_list("model", flat=True)) >= {
        "contracts.Contract",
        "contracts.ActionSheet",
        "budget.Budget",
        "budget.BudgetExtraLine",
        "indicators.ActionIndicator",
    }
    assert not Contract.objects.filter(pk=contract_id).exists()


def test_themes_ticked_or_unticked_are_recorded():
    contract = contract_with_sheets(1)
    sheet = contract.actions.get()
    sheet.themes.add(Theme.objects.get(code="logement"))
    event = AuditEvent.objects.filter(action_sheet_id=sheet.pk, changes__has_key="themes").first()
    assert event.changes["themes"] == [[], ["Accès au logement"]]


def test_the_trail_cannot_be_rewritten_or_erased_by_the_application():
    BudgetFactory()
    event = AuditEvent.objects.first()
    event.reason = "réécrit"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(reason="réécrit")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET reason = 'réécrit'")
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent")
    assert not AuditEvent.objects.filter(reason="réécrit").exists()


def test_changes_made_through_a_request_are_signed_by_the_logged_in_user(admin_client):
    budget = BudgetFactory()
    url = reverse("admin:contracts_contract_change", args=[budget.action.contract_id])
    response = admin_client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["title"] = "Contrat renommé"
    for prefix in ("parties", "envelopes", "axes", "review_items"):
        data[f"{prefix}-TOTAL_FORMS"] = 0
        data[f"{prefix}-INITIAL_FORMS"] = 0
    data["axes-TOTAL_FORMS"] = data["axes-INITIAL_FORMS"] = 1
    axis = budget.action.axis
    data.update(
        {
            "axes-0-id": axis.pk,
            "axes-0-contract": axis.contract_id,
            "axes-0-number": axis.number,
            "axes-0-title": axis.title,
            "axes-0-declared_amount": "10000.00",
            "axes-0-listed_actions": "[]",
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.get(model="contracts.Contract", action="update")
    assert event.actor_username == "admin"
    assert event.changes["title"][1] == "Contrat renommé"
