"""Once a year's programmation is validated, a budget line or a target changes with a reason."""

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from ctai.accounts.models import Membership
from ctai.audit.context import acting_as, because
from ctai.audit.models import AuditEvent
from ctai.budget.models import Budget
from ctai.contracts.catalogues import BUDGET_FIELDS
from ctai.contracts.models import Contract
from ctai.core.roles import Role
from ctai.indicators.models import ActionIndicator
from ctai.programmation import services
from ctai.programmation.guards import ReasonRequired
from ctai.programmation.validation import programmation_validate
from tests.admin_forms import sheet_change_url, sheet_post_data
from tests.factories import contract_with_sheets

pytestmark = pytest.mark.django_db
METZ = Path(__file__).resolve().parents[2] / "src/ctai/documents/seeds/ctai-metz-2026-2028.txt"


@pytest.fixture
def validated():
    contract = contract_with_sheets(2)
    coordinator = get_user_model().objects.create_user("coord")
    Membership.objects.create(
        user=coordinator,
        organisation=contract.coordinator,
        contract=contract,
        role=Role.COORDINATOR,
    )
    programmation_validate(
        actor=coordinator, contract=contract, year=2026, confirm=True, reason="COPIL du 12 juin"
    )
    return contract, coordinator


def change_total_cost(sheet, amount: str, reason: str | None = None):
    budget = Budget.objects.get(action=sheet)
    amounts = {name: getattr(budget, name) for name in BUDGET_FIELDS} | {
        "total_cost": Decimal(amount)
    }
    return services.budget_update(
        action=sheet,
        expected_version=sheet.version,
        original=services.section_values(sheet, "budget"),
        amounts=amounts,
        unit_cost_text=budget.unit_cost_text,
        comment=budget.comment,
        reason=reason,
    )


def test_a_budget_change_without_reason_is_refused_and_nothing_changes(validated):
    contract, _ = validated
    sheet = contract.actions.first()
    with pytest.raises(ReasonRequired, match="indiquez le motif"):
        change_total_cost(sheet, "1.00")
    assert Budget.objects.get(action=sheet).total_cost == Decimal("11000.00")
    assert not AuditEvent.objects.filter(model="budget.Budget", action="update").exists()


def test_with_a_reason_the_history_shows_before_after_who_when_why(validated):
    contract, coordinator = validated
    indicator = ActionIndicator.objects.filter(action__contract=contract).first()
    sheet = indicator.action
    original = services.section_values(sheet, "indicateurs")
    with pytest.raises(ReasonRequired):
        services.indicator_targets_update(
            action=sheet,
            expected_version=sheet.version,
            original=original,
            targets={indicator.pk: "80"},
        )
    with acting_as(coordinator):
        services.indicator_targets_update(
            action=sheet,
            expected_version=sheet.version,
            original=original,
            targets={indicator.pk: "80"},
            reason="Avis du COPIL du 12 juin",
        )
    event = AuditEvent.objects.get(model="indicators.ActionIndicator", action="update")
    assert event.changes["target"] == ["50.00", "80.00"]
    assert (event.actor_username, event.reason) == ("coord", "Avis du COPIL du 12 juin")


def test_other_fields_change_freely_after_validation(validated):
    contract, _ = validated
    sheet = contract.actions.first()
    sheet.title = "Nouveau titre"
    sheet.save()


def test_only_the_coordinator_validates(validated):
    contract, _ = validated
    with pytest.raises(PermissionDenied):
        programmation_validate(
            actor=get_user_model().objects.create_user("x"), contract=contract, year=2026
        )


def test_a_changed_import_after_validation_needs_a_motif(tmp_path):
    call_command("import", str(METZ), stdout=StringIO())
    contract = Contract.objects.get()
    coordinator = get_user_model().objects.create_user("coord")
    Membership.objects.create(
        user=coordinator,
        organisation=contract.coordinator,
        contract=contract,
        role=Role.COORDINATOR,
    )
    programmation_validate(
        actor=coordinator, contract=contract, year=2026, confirm=True, reason="COPIL du 12 juin"
    )
    out = StringIO()
    call_command("export", str(contract.pk), stdout=out)
    document = json.loads(out.getvalue())
    document["contract"]["actions"][8]["budget"]["total_cost"] = "20775.00"
    path = tmp_path / "metz-corrige.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CommandError, match="--motif"):
        call_command("import", str(path), stdout=StringIO())
    assert contract.actions.get(number=9).budget.total_cost == Decimal("25775.00")
    with because(""):
        call_command("import", str(path), "--motif", "Coût total corrigé", stdout=StringIO())
    assert contract.actions.get(number=9).budget.total_cost == Decimal("20775.00")
    assert AuditEvent.objects.filter(reason="Coût total corrigé").exists()


def test_the_admin_asks_for_the_reason_and_keeps_it(validated, admin_client):
    contract, _ = validated
    sheet = contract.actions.get(number=1)
    url = sheet_change_url(sheet)
    data = sheet_post_data(admin_client, sheet, total_cost="12000.00")
    response = admin_client.post(url, data, follow=True)
    assert "indiquez le motif" in response.content.decode()
    assert Budget.objects.get(action=sheet).total_cost == Decimal("11000.00")
    response = admin_client.post(url, {**data, "audit_reason": "Devis actualisé"})
    assert response.status_code == 302
    assert Budget.objects.get(action=sheet).total_cost == Decimal("12000.00")
    event = AuditEvent.objects.get(model="budget.Budget", action="update")
    assert (event.actor_username, event.reason) == ("admin", "Devis actualisé")
