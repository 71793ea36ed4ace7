"""People and settings shared by the tests of the access pages (tests/*/test_views_*.py)."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model

from ctai.accounts.models import Membership
from ctai.contracts.enums import OrganisationKind
from ctai.contracts.models import ActionSheet, Contract, Organisation
from ctai.core.roles import Role
from tests.factories import ActionSheetFactory, ContractFactory, OrganisationFactory

PASSWORD = "Accueil-Metz-2026"
URLS = "ctai.urls"


def middleware_with(*additions: tuple[str, str]) -> list[str]:
    """settings.MIDDLEWARE with each (middleware, placed after) added when it is missing."""
    stack = list(settings.MIDDLEWARE)
    for name, after in additions:
        if name not in stack:
            stack.insert(stack.index(after) + 1, name)
    return stack


TWO_FACTOR_MIDDLEWARE = middleware_with(
    (
        "ctai.accounts.middleware_otp.OTPMiddleware",
        "ctai.accounts.middleware.AuthenticationMiddleware",
    ),
    (
        "ctai.accounts.middleware_otp.RequireTwoFactorMiddleware",
        "django.contrib.auth.middleware.LoginRequiredMiddleware",
    ),
)

# django-axes is off in the test settings (client.login() has no request); on where asked.
THROTTLING = {"AXES_ENABLED": True}


@dataclass
class World:
    """Two contracts; on the first, one person per role, two operators with one sheet each."""

    contract: Contract
    other_contract: Contract
    operator_a: Organisation
    operator_b: Organisation
    sheet_a: ActionSheet
    sheet_b: ActionSheet
    coordinator: object
    operator: object
    state: object
    copil: object
    stranger: object
    other_coordinator: object


def member(username: str, contract: Contract, organisation: Organisation, role: str, **extra):
    user = get_user_model().objects.create_user(
        username, email=username if "@" in username else "", password=PASSWORD, **extra
    )
    Membership.objects.create(user=user, organisation=organisation, contract=contract, role=role)
    return user


def build_world() -> World:
    contract = ContractFactory(territory="Ville de Metz")
    other = ContractFactory(
        territory="Ville de Nancy",
        coordinator=OrganisationFactory(name="CCAS de Nancy", kind=OrganisationKind.CCAS),
    )
    operator_a = OrganisationFactory(name="Association Alpha")
    operator_b = OrganisationFactory(name="Association Bêta")
    sheet_a = ActionSheetFactory(contract=contract, operator=operator_a, number=1)
    sheet_b = ActionSheetFactory(contract=contract, operator=operator_b, number=2)
    state_org = OrganisationFactory(name="DDETS de la Moselle", kind=OrganisationKind.ETAT)
    return World(
        contract=contract,
        other_contract=other,
        operator_a=operator_a,
        operator_b=operator_b,
        sheet_a=sheet_a,
        sheet_b=sheet_b,
        coordinator=member("claire@ccas-metz.fr", contract, contract.coordinator, Role.COORDINATOR),
        operator=member("olga@alpha.example", contract, operator_a, Role.OPERATOR),
        state=member("etienne@ddets.example", contract, state_org, Role.STATE_REVIEWER),
        copil=member("colette@metz.example", contract, contract.coordinator, Role.COPIL),
        stranger=get_user_model().objects.create_user("passant", password=PASSWORD),
        other_coordinator=member("nina@ccas-nancy.fr", other, other.coordinator, Role.COORDINATOR),
    )
