"""Factories of the reporting cycle, with named traits; the contract side comes from
``tests.factories``.

A report's state is never set by a factory: ``advance()`` walks it through the services, as a
person would.
"""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from ctai.accounts.models import Membership
from ctai.contracts.enums import OrganisationKind
from ctai.core.roles import Role
from ctai.reporting import services
from ctai.reporting.enums import PeriodKind, ReportStatus
from ctai.reporting.models import (
    IndicatorAchievement,
    OperatorReport,
    ReportingPeriod,
    SpendingLine,
)
from tests.factories import ActionSheetFactory, ContractFactory, OrganisationFactory


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"personne{n}")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Durand{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    contract = factory.SubFactory(ContractFactory)
    organisation = factory.SelfAttribute("contract.coordinator")
    role = Role.COORDINATOR

    class Params:
        operator = factory.Trait(
            role=Role.OPERATOR, organisation=factory.SubFactory(OrganisationFactory)
        )
        state_reviewer = factory.Trait(
            role=Role.STATE_REVIEWER,
            organisation=factory.SubFactory(
                OrganisationFactory, name="DDETS de la Moselle", kind=OrganisationKind.ETAT
            ),
        )
        copil = factory.Trait(
            role=Role.COPIL,
            organisation=factory.SubFactory(
                OrganisationFactory, name="Ville de Metz", kind=OrganisationKind.COLLECTIVITE
            ),
        )


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    contract = factory.SubFactory(ContractFactory)
    year = 2026
    kind = PeriodKind.FINAL
    due_date = datetime.date(2027, 3, 31)

    class Params:
        intermediate = factory.Trait(
            kind=PeriodKind.INTERMEDIATE, due_date=datetime.date(2026, 10, 15)
        )


class OperatorReportFactory(factory.django.DjangoModelFactory):
    """A draft report; use ``advance()`` for any other state."""

    class Meta:
        model = OperatorReport

    period = factory.SubFactory(ReportingPeriodFactory)
    sheet = factory.SubFactory(
        ActionSheetFactory,
        contract=factory.SelfAttribute("..period.contract"),
        year=factory.SelfAttribute("..period.year"),
    )
    created_by = factory.SubFactory(UserFactory)


class IndicatorAchievementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorAchievement

    report = factory.SubFactory(OperatorReportFactory)
    value = Decimal("40")


class SpendingLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpendingLine

    report = factory.SubFactory(OperatorReportFactory)
    budget_line = "p104_subsidy"
    amount = Decimal("6000.00")


def advance(report: OperatorReport, status: str, *, operator, coordinator) -> OperatorReport:
    """Walk ``report`` to ``status`` through the services (submitted by ``operator``, returned
    or validated by ``coordinator``)."""
    path = {
        ReportStatus.DRAFT: [],
        ReportStatus.SUBMITTED: ["submit"],
        ReportStatus.RETURNED: ["submit", "return"],
        ReportStatus.VALIDATED: ["submit", "validate"],
    }[status]
    for step in path:
        if step == "submit":
            report = services.submit_report(report=report, actor=operator)
        elif step == "return":
            report = services.return_report(
                report=report, actor=coordinator, reason="Les heures de formation manquent."
            )
        else:
            report = services.validate_report(report=report, actor=coordinator)
    return report
