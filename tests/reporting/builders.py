"""Builders for the reporting tests: a contract with two operators, their sheets, the 2026
periods and a person for each role; filling a report by indicator code."""

from decimal import Decimal
from types import SimpleNamespace

from ctai.contracts.models import Theme
from ctai.indicators.models import IndicatorDefinition
from ctai.reporting import services
from ctai.reporting.enums import PeriodKind
from ctai.reporting.inputs import AchievementInput, SpendingInput
from tests.factories import (
    ActionIndicatorFactory,
    ActionSheetFactory,
    AnnualEnvelopeFactory,
    AxisFactory,
    BudgetExtraLineFactory,
    BudgetFactory,
    ContractFactory,
    OrganisationFactory,
)
from tests.reporting.factories import MembershipFactory, ReportingPeriodFactory, UserFactory

# (catalogue code or None, label, target, target_text)
INDICATORS = [
    ("ben_total", "", Decimal("40"), "40"),
    ("ben_men", "", Decimal("20"), "20"),
    ("ben_women", "", Decimal("20"), "20"),
    ("fr_hours", "", Decimal("300"), "300 heures"),
    ("fr_hourly_cost", "", Decimal("15"), "15 €"),
    (None, "Nombre de structures mobilisées", Decimal("50"), "50"),
]


TITLES = {1: "Ateliers sociolinguistiques", 2: "Français et numérique", 3: "Parcours emploi"}


def sheet_with_indicators(contract, number: int, operator, axis, year: int = 2026):
    sheet = ActionSheetFactory(
        contract=contract,
        number=number,
        year=year,
        operator=operator,
        axis=axis,
        title=TITLES.get(number, f"Action {number}"),
    )
    sheet.themes.set(Theme.objects.filter(code="francais"))
    budget = BudgetFactory(
        action=sheet,
        p104_subsidy=Decimal("8000.00"),
        local_contribution=Decimal("2000.00"),
        total_cost=Decimal("11000.00"),
    )
    BudgetExtraLineFactory(budget=budget, label="Autofinancement", amount=Decimal("1000.00"))
    for position, (code, label, target, text) in enumerate(INDICATORS):
        definition = IndicatorDefinition.objects.get(code=code) if code else None
        ActionIndicatorFactory(
            action=sheet,
            definition=definition,
            label=label,
            section=definition.section if definition else "autres",
            target=target,
            target_text=text,
            position=position,
        )
    return sheet


def build_world() -> SimpleNamespace:
    contract = ContractFactory()
    AnnualEnvelopeFactory(contract=contract, year=2026, amount=Decimal("170000.00"))
    AnnualEnvelopeFactory(contract=contract, year=2027, amount=Decimal("150000.00"))
    axis = AxisFactory(contract=contract, number=1, title="Apprendre le français")
    operator_a = OrganisationFactory(name="Association Accueil Lorraine")
    operator_b = OrganisationFactory(name="Association Parler Ensemble")
    sheet_a = sheet_with_indicators(contract, 1, operator_a, axis)
    sheet_b = sheet_with_indicators(contract, 2, operator_b, axis)
    people = SimpleNamespace(
        coord=MembershipFactory(contract=contract, user__username="coordinatrice").user,
        coord2=MembershipFactory(contract=contract, user__username="coordinateur2").user,
        op_a=MembershipFactory(
            contract=contract, operator=True, organisation=operator_a, user__username="porteur_a"
        ).user,
        op_b=MembershipFactory(
            contract=contract, operator=True, organisation=operator_b, user__username="porteur_b"
        ).user,
        state=MembershipFactory(
            contract=contract, state_reviewer=True, user__username="ddets"
        ).user,
        copil=MembershipFactory(contract=contract, copil=True, user__username="elu").user,
        stranger=UserFactory(username="passant"),
    )
    intermediate = ReportingPeriodFactory(contract=contract, intermediate=True)
    final = ReportingPeriodFactory(contract=contract, kind=PeriodKind.FINAL)
    return SimpleNamespace(
        contract=contract,
        axis=axis,
        sheet_a=sheet_a,
        sheet_b=sheet_b,
        operator_a=operator_a,
        operator_b=operator_b,
        intermediate=intermediate,
        final=final,
        people=people,
    )


def indicator(sheet, code_or_label: str):
    for row in sheet.indicators.select_related("definition"):
        if (row.definition and row.definition.code == code_or_label) or row.label == code_or_label:
            return row
    raise LookupError(code_or_label)


def fill(report, actor, *, values=None, spending=None, comments=None):
    """Save a draft with achieved values by code/label and spending by budget line."""
    sheet = report.sheet
    achievements = [
        AchievementInput(indicator(sheet, key).pk, value, (comments or {}).get(key, ""))
        for key, value in (values or {}).items()
    ]
    lines = [
        SpendingInput(amount=amount, budget_line=line) for line, amount in (spending or {}).items()
    ]
    report.refresh_from_db()
    return services.save_draft(
        report=report,
        actor=actor,
        version=report.version,
        achievements=achievements,
        spending=lines,
    )


COMPLETE_VALUES = {
    "ben_total": Decimal("42"),
    "ben_men": Decimal("20"),
    "ben_women": Decimal("22"),
    "fr_hours": Decimal("280"),
    "fr_hourly_cost": Decimal("14.50"),
    "Nombre de structures mobilisées": Decimal("30"),
}
COMPLETE_SPENDING = {"p104_subsidy": Decimal("6500.00"), "total_cost": Decimal("10500.00")}
