"""Issue 10, part 4: validated means settled.

Once a sheet's final report is validated, its money for that year is frozen: a change needs a
reason and recomputes the carry-over it fed into the next year, in one transaction, or is
refused in French. Carrying over into a validated programmation needs a reason too. No
refusal ever answers 500."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from ctai.audit.models import AuditEvent
from ctai.budget.models import Budget
from ctai.contracts.catalogues import BUDGET_FIELDS
from ctai.contracts.models import ActionSheet
from ctai.programmation import nextyear
from ctai.programmation import services as sheets
from ctai.programmation.guards import ReasonRequired, SettledRefused
from ctai.programmation.validation import programmation_validate
from ctai.reporting import services
from ctai.reporting.carryover import contract_carryover
from ctai.reporting.enums import PeriodKind, ReportStatus
from ctai.reporting.evaluation.data import build_evaluation
from tests.reporting.builders import COMPLETE_VALUES, fill
from tests.reporting.factories import ReportingPeriodFactory, advance
from tests.reporting.views_support import as_user, contract_url

pytestmark = pytest.mark.django_db
D = Decimal


def validated_final(world, sheet, actor, spent: str, period=None):
    report = services.start_report(period=period or world.final, sheet=sheet, actor=actor)
    fill(report, actor, values=COMPLETE_VALUES, spending={"p104_subsidy": D(spent)})
    return advance(report, ReportStatus.VALIDATED, operator=actor, coordinator=world.people.coord)


@pytest.fixture
def carried(world):
    """2026 sheet 1: final report validated, 6 500 € of 8 000 € spent; 2027 prepared from
    2026, so its sheet 1 received 1 500 € of carry-over."""
    validated_final(world, world.sheet_a, world.people.op_a, "6500")
    nextyear.create_next_programmation(
        contract=world.contract, from_year=2026, keep_targets=True, actor=world.people.coord
    )
    return world


def sheet_of(world, year: int, number: int = 1) -> ActionSheet:
    return ActionSheet.objects.get(contract=world.contract, year=year, number=number)


def carryover_2027(world) -> Decimal:
    return Budget.objects.get(action=sheet_of(world, 2027)).p104_carryover


def set_p104(sheet: ActionSheet, amount: str, reason: str | None = None):
    budget = Budget.objects.get(action=sheet)
    amounts = {name: getattr(budget, name) for name in BUDGET_FIELDS}
    extra = D(amount) - amounts["p104_subsidy"]
    amounts |= {"p104_subsidy": D(amount), "total_cost": amounts["total_cost"] + extra}
    sheet.refresh_from_db()
    return sheets.budget_update(
        action=sheet,
        expected_version=sheet.version,
        original=sheets.section_values(sheet, "budget"),
        amounts=amounts,
        unit_cost_text=budget.unit_cost_text,
        comment=budget.comment,
        reason=reason,
    )


# -- services -----------------------------------------------------------------------------


def test_after_a_validated_final_report_a_p104_change_without_reason_is_refused(carried):
    assert carryover_2027(carried) == D("1500.00")
    events = AuditEvent.objects.count()
    with pytest.raises(ReasonRequired, match="bilan final 2026 de la fiche n° 1 est validé"):
        set_p104(carried.sheet_a, "9000")
    assert Budget.objects.get(action=carried.sheet_a).p104_subsidy == D("8000.00")
    assert carryover_2027(carried) == D("1500.00")
    assert AuditEvent.objects.count() == events


def test_with_a_reason_the_carry_over_it_fed_is_recomputed_in_the_same_write(carried):
    set_p104(carried.sheet_a, "9000", reason="Arrêté de subvention rectificatif")
    assert Budget.objects.get(action=carried.sheet_a).p104_subsidy == D("9000.00")
    assert carryover_2027(carried) == D("2500.00")  # 9 000 granted - 6 500 spent
    row = contract_carryover(contract=carried.contract, year=2026).of(1)
    assert row.unspent == carryover_2027(carried)  # carry-over and next year agree
    evaluation = build_evaluation(contract=carried.contract, year=2026)
    assert evaluation is not None
    event = AuditEvent.objects.filter(
        model="budget.Budget", action_sheet_id=sheet_of(carried, 2027).pk
    ).latest("id")
    assert event.changes["p104_carryover"] == ["1500.00", "2500.00"]
    assert event.reason == "Arrêté de subvention rectificatif"


def test_a_change_is_refused_when_the_next_year_is_settled_too(carried):
    period_2027 = ReportingPeriodFactory(
        contract=carried.contract, year=2027, kind=PeriodKind.FINAL
    )
    validated_final(carried, sheet_of(carried, 2027), carried.people.op_a, "9000", period_2027)
    with pytest.raises(SettledRefused, match="bilan final est déjà validé"):
        set_p104(carried.sheet_a, "9000", reason="Arrêté rectificatif")
    assert Budget.objects.get(action=carried.sheet_a).p104_subsidy == D("8000.00")
    assert carryover_2027(carried) == D("1500.00")


def test_other_budget_lines_of_a_settled_sheet_need_a_reason_too(carried):
    with pytest.raises(ReasonRequired):
        sheets.budget_extra_line_add(action=carried.sheet_a, label="Don", amount=D("10"))
    sheets.budget_extra_line_add(
        action=carried.sheet_a, label="Don", amount=D("10"), reason="Don reçu"
    )
    assert carryover_2027(carried) == D("1500.00")  # P104 unchanged: nothing to recompute


def test_carrying_over_into_a_validated_programmation_needs_a_reason(carried):
    world = carried
    programmation_validate(
        actor=world.people.coord,
        contract=world.contract,
        year=2027,
        confirm=True,
        reason="COPIL du 12 juin",
    )
    validated_final(world, world.sheet_b, world.people.op_b, "7000")
    with pytest.raises(ReasonRequired, match="programmation 2027 est validée"):
        nextyear.apply_carryover(contract=world.contract, from_year=2026, actor=world.people.coord)
    assert Budget.objects.get(action=sheet_of(world, 2027, 2)).p104_carryover is None
    nextyear.apply_carryover(
        contract=world.contract, from_year=2026, actor=world.people.coord, reason="Bilan validé"
    )
    assert Budget.objects.get(action=sheet_of(world, 2027, 2)).p104_carryover == D("1000.00")


# -- in the browser: a message, never a 500 ----------------------------------------------


def budget_post(client, sheet, **changes):
    url = reverse(
        "contracts:sheet_edit", args=[sheet.contract_id, sheet.year, sheet.number, "budget"]
    )
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()} | changes
    return client.post(url, data)


def test_web_edit_of_a_settled_p104_asks_for_a_reason_then_recomputes(carried):
    client = as_user(carried.people.coord)
    response = budget_post(client, carried.sheet_a, p104_subsidy="9 000,00", total_cost="12 000,00")
    assert response.status_code == 200
    assert "bilan final 2026 de la fiche n° 1 est validé" in response.content.decode()
    assert Budget.objects.get(action=carried.sheet_a).p104_subsidy == D("8000.00")
    response = budget_post(
        client,
        carried.sheet_a,
        p104_subsidy="9 000,00",
        total_cost="12 000,00",
        motif="Arrêté rectificatif",
    )
    assert response.status_code == 302
    assert carryover_2027(carried) == D("2500.00")


def test_web_refusal_when_the_next_year_is_settled_is_a_message(carried):
    period_2027 = ReportingPeriodFactory(
        contract=carried.contract, year=2027, kind=PeriodKind.FINAL
    )
    validated_final(carried, sheet_of(carried, 2027), carried.people.op_a, "9000", period_2027)
    client = as_user(carried.people.coord)
    response = budget_post(
        client, carried.sheet_a, p104_subsidy="9 000,00", total_cost="12 000,00", motif="X"
    )
    assert response.status_code == 200
    assert "bilan final est déjà validé" in response.content.decode()
    assert Budget.objects.get(action=carried.sheet_a).p104_subsidy == D("8000.00")


def test_web_carry_over_after_next_year_validated_is_a_message_not_a_500(carried):
    world = carried
    programmation_validate(
        actor=world.people.coord,
        contract=world.contract,
        year=2027,
        confirm=True,
        reason="COPIL du 12 juin",
    )
    validated_final(world, world.sheet_b, world.people.op_b, "7000")
    client = as_user(world.people.coord)
    page = client.get(contract_url(world, "next_programmation")).content.decode()
    assert 'name="motif"' in page
    response = client.post(contract_url(world, "apply_carryover"), {"from_year": 2026})
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert message.startswith("Reliquats non reportés : La programmation 2027 est validée")
    assert Budget.objects.get(action=sheet_of(world, 2027, 2)).p104_carryover is None
    response = client.post(
        contract_url(world, "apply_carryover"), {"from_year": 2026, "motif": "Bilan validé"}
    )
    assert response.status_code == 302
    assert Budget.objects.get(action=sheet_of(world, 2027, 2)).p104_carryover == D("1000.00")
    assert AuditEvent.objects.filter(reason="Bilan validé", model="budget.Budget").exists()
