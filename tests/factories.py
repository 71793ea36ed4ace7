"""factory_boy factories for the contract model, with named traits."""

import datetime
from decimal import Decimal

import factory

from ctai.budget.models import Budget, BudgetExtraLine
from ctai.contracts.enums import OrganisationKind
from ctai.contracts.models import (
    ActionSheet,
    AnnualEnvelope,
    Axis,
    Contract,
    ContractParty,
    Organisation,
)
from ctai.indicators.models import ActionIndicator


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Association n° {n}")
    kind = OrganisationKind.ASSOCIATION

    class Params:
        ccas = factory.Trait(name="CCAS de Metz", kind=OrganisationKind.CCAS)
        city = factory.Trait(name="Ville de Metz", kind=OrganisationKind.COLLECTIVITE)


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    title = "Contrat territorial d'accueil et d'intégration"
    territory = "Ville de Metz"
    start = datetime.date(2026, 1, 1)
    end = datetime.date(2028, 12, 31)
    coordinator = factory.SubFactory(OrganisationFactory, ccas=True)
    payment_holder = "CENTRE D'ACTION SOCIALE DE LA VILLE DE METZ"
    iban = "FR273000100529C570000000016"
    bic = "BDFEFRPPCCT"


class ContractPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractParty

    contract = factory.SubFactory(ContractFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "Porteur"


class AnnualEnvelopeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualEnvelope

    contract = factory.SubFactory(ContractFactory)
    year = 2026
    amount = Decimal("170000.00")


class AxisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Axis

    contract = factory.SubFactory(ContractFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Axe de travail {n + 1}")
    declared_amount = Decimal("10000.00")


class ActionSheetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionSheet

    contract = factory.SubFactory(ContractFactory)
    year = 2026
    number = factory.Sequence(lambda n: n + 1)
    axis = factory.SubFactory(AxisFactory, contract=factory.SelfAttribute("..contract"))
    title = factory.Sequence(lambda n: f"Action {n + 1}")
    operator = factory.SubFactory(OrganisationFactory)


class BudgetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Budget

    action = factory.SubFactory(ActionSheetFactory)
    p104_subsidy = Decimal("8000.00")
    local_contribution = Decimal("2000.00")
    total_cost = Decimal("10000.00")


class BudgetExtraLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetExtraLine

    budget = factory.SubFactory(BudgetFactory)
    label = "Autofinancement"
    amount = Decimal("1000.00")


class ActionIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionIndicator

    action = factory.SubFactory(ActionSheetFactory)
    label = "Nombre de structures mobilisées"
    section = "autres"
    target = Decimal("50")
    target_text = "50"


def contract_with_sheets(count: int, *, year: int = 2026) -> Contract:
    """A contract with ``count`` sheets over four axes, each with a budget, an extra line,
    two themes and two indicators — for query-count and speed tests."""
    from ctai.contracts.models import Theme
    from ctai.indicators.models import IndicatorDefinition

    contract = ContractFactory()
    AnnualEnvelopeFactory(contract=contract, year=year)
    axes = [AxisFactory(contract=contract, number=n) for n in (1, 2, 3, 4)]
    themes = list(Theme.objects.filter(code__in=["francais", "numerique"]))
    ben_total = IndicatorDefinition.objects.get(code="ben_total")
    for number in range(1, count + 1):
        sheet = ActionSheetFactory(
            contract=contract, year=year, number=number, axis=axes[number % 4]
        )
        sheet.themes.set(themes)
        budget = BudgetFactory(action=sheet, total_cost=Decimal("11000.00"))
        BudgetExtraLineFactory(budget=budget)
        ActionIndicatorFactory(action=sheet, definition=ben_total, section="beneficiaires")
        ActionIndicatorFactory(action=sheet)
    for axis in axes:
        axis.listed_actions = [n for n in range(1, count + 1) if n % 4 == axis.number % 4]
        axis.save()
    return contract


def grant(user, contract: Contract, role: str = "coordinator", organisation=None):
    """An active membership: the coordinator organisation by default, as the role requires."""
    from ctai.accounts.models import Membership

    return Membership.objects.create(
        user=user,
        contract=contract,
        role=role,
        organisation=organisation or contract.coordinator,
    )
