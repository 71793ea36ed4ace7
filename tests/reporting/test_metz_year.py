"""The whole 2026 cycle on the real Metz contract, through the domain services: periods,
twelve reports filled, one returned and corrected, all validated, the evaluation workbook read
back (its figures are the reports' figures), then the 2027 programmation with the carry-over."""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from ctai.accounts.models import Membership
from ctai.checks.models import StoredFinding
from ctai.contracts.models import ActionSheet, Contract
from ctai.core.roles import Role
from ctai.programmation import nextyear
from ctai.reporting import services
from ctai.reporting.enums import PeriodKind, ReportStatus
from ctai.reporting.evaluation import render_evaluation
from ctai.reporting.inputs import AchievementInput, Narrative, SpendingInput
from ctai.reporting.models import OperatorReport
from tests.reporting.factories import UserFactory
from tests.reporting.readers import number, read_xlsx, table_after

METZ = Path(__file__).resolve().parents[2] / "src/ctai/documents/seeds/ctai-metz-2026-2028.txt"

pytestmark = pytest.mark.django_db


def spent_of(sheet) -> Decimal:
    """90 % of the P104 subsidy, to the cent."""
    subsidy = sheet.budget.p104_subsidy or Decimal(0)
    return (subsidy * Decimal("0.9")).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def achieved(indicator) -> Decimal | None:
    """The target for a whole, 0 for a "dont" part (so no breakdown can exceed its total)."""
    if indicator.target is None:
        return None
    if indicator.definition and indicator.definition.parent_id:
        return Decimal(0)
    return indicator.target


def fill_report(report, actor) -> None:
    sheet = report.sheet
    services.save_draft(
        report=report,
        actor=actor,
        version=report.version,
        narrative=Narrative(done=f"Action {sheet.number} menée.", difficulties="Aucune."),
        achievements=[
            AchievementInput(i.pk, achieved(i), "Réalisé." if i.target is None else "")
            for i in sheet.indicators.select_related("definition")
        ],
        spending=[
            SpendingInput(amount=spent_of(sheet), budget_line="p104_subsidy"),
            SpendingInput(amount=sheet.budget.total_cost, budget_line="total_cost"),
        ],
    )


def test_a_whole_year_on_the_metz_contract():
    call_command("import", str(METZ), stdout=StringIO())
    contract = Contract.objects.get()
    sheets = list(
        ActionSheet.objects.filter(contract=contract, year=2026)
        .select_related("budget", "operator")
        .order_by("number")
    )
    assert len(sheets) == 12
    coord, coord2 = UserFactory(username="claire"), UserFactory(username="paul")
    for user in (coord, coord2):
        Membership.objects.create(
            user=user, organisation=contract.coordinator, contract=contract, role=Role.COORDINATOR
        )
    operators = {}
    for sheet in sheets:
        if sheet.operator_id not in operators:
            operators[sheet.operator_id] = UserFactory(username=f"porteur{sheet.operator_id}")
            Membership.objects.create(
                user=operators[sheet.operator_id],
                organisation=sheet.operator,
                contract=contract,
                role=Role.OPERATOR,
            )
    period = services.set_reporting_period(
        contract=contract,
        year=2026,
        kind=PeriodKind.FINAL,
        due_date=datetime.date(2027, 3, 31),
        actor=coord,
    )

    for sheet in sheets:
        actor = operators[sheet.operator_id]
        report = services.start_report(period=period, sheet=sheet, actor=actor)
        fill_report(report, actor)
        services.submit_report(report=report, actor=actor)
    returned = OperatorReport.objects.get(sheet=sheets[8])
    services.return_report(report=returned, actor=coord, reason="Précisez les logements.")
    returned.refresh_from_db()
    fill_report(returned, operators[sheets[8].operator_id])
    services.submit_report(report=returned, actor=operators[sheets[8].operator_id])
    for report in OperatorReport.objects.all():
        services.validate_report(report=report, actor=coord2)
    assert set(OperatorReport.objects.values_list("status", flat=True)) == {ReportStatus.VALIDATED}

    tables = read_xlsx(render_evaluation(contract=contract, year=2026, format="xlsx"))
    rows = table_after(tables["Synthèse"], "Fiches actions")
    header, body = rows[0], rows[1:]
    by_number = {row[1]: dict(zip(header, row, strict=False)) for row in body[:-1]}
    carried = Decimal(0)
    for sheet in sheets:
        report = OperatorReport.objects.get(sheet=sheet)
        line = {s.budget_line: s.amount for s in report.spending_lines.all()}
        summary = by_number[sheet.number]
        assert summary["P104 dépensé"] == number(line["p104_subsidy"])
        assert summary["Coût total réalisé"] == number(line["total_cost"])
        unspent = (sheet.budget.p104_subsidy or 0) + (sheet.budget.p104_carryover or 0)
        unspent -= line["p104_subsidy"]
        assert summary["Reliquat reportable"] == number(unspent)
        carried += unspent
        values = {r[1]: r[4] for r in table_after(tables[f"Fiche {sheet.number}"], "Indicateurs")}
        for achievement in report.achievements.select_related("indicator__definition"):
            assert values[achievement.indicator.display_label] == number(achievement.value)
    total = dict(zip(header, body[-1], strict=False))
    assert total["Reliquat reportable"] == number(carried)

    result = nextyear.create_next_programmation(
        contract=contract, from_year=2026, keep_targets=True, actor=coord
    )
    assert len(result.sheets) == 12 and not result.pending_numbers
    assert sum(result.applied.values()) == carried
    envelope = StoredFinding.objects.filter(contract=contract, year=2027).get(
        code__startswith="envelope."
    )
    assert Decimal(envelope.figures["carryover"]) == carried
