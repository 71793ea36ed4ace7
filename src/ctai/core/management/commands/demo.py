"""``ctai demo``: the Metz contract (imported once) and a demo account for each role.

Refuses to run with DEBUG off: known passwords have no place in production.
"""

from io import StringIO
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

import ctai.documents
from ctai.accounts.models import Membership
from ctai.contracts.enums import OrganisationKind
from ctai.contracts.models import Contract, Organisation
from ctai.core.roles import Role

DEMO_DOCUMENT = Path(ctai.documents.__file__).parent / "seeds" / "ctai-metz-2026-2028.txt"
DEMO_TERRITORY = "Ville de Metz"

# username, password, role, organisation (None: the contract's coordinator), description
DEMO_ACCOUNTS = [
    ("coordinatrice", "ctai-demo-coord", Role.COORDINATOR, None, "coordinatrice du contrat"),
    ("adoma", "ctai-demo-adoma", Role.OPERATOR, "ADOMA", "porteur de la fiche 9"),
    ("cllaj", "ctai-demo-cllaj", Role.OPERATOR, "CLLAJ", "porteur de la fiche 8"),
    (
        "ddets",
        "ctai-demo-ddets",
        Role.STATE_REVIEWER,
        "DDETS de la Moselle",
        "service de l'État (lecture, commentaires)",
    ),
    ("copil", "ctai-demo-copil", Role.COPIL, "Ville de Metz", "membre du comité de pilotage"),
]
ADMIN = ("admin", "ctai-demo-admin", "administrateur de la plateforme (/admin/ seulement)")


class Command(BaseCommand):
    help = "Importe le contrat de Metz au premier démarrage et crée les comptes de démonstration."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "Les comptes de démonstration ne se créent qu'en développement (DEBUG=true)."
            )
        contract = Contract.objects.filter(territory=DEMO_TERRITORY).first()
        if contract is None:
            self.stdout.write("Premier démarrage : import du contrat de Metz 2026-2028…")
            out = StringIO()
            call_command("import", str(DEMO_DOCUMENT), stdout=out)
            self.stdout.write(out.getvalue().strip())
            contract = Contract.objects.get(territory=DEMO_TERRITORY)
        with transaction.atomic():
            rows = [self.account(contract, *account) for account in DEMO_ACCOUNTS]
            rows.append(self.admin())
        self.stdout.write("")
        address = settings.CTAI_SITE_URL.rstrip("/")
        self.stdout.write(f"Comptes de démonstration ({address}/) :")
        self.stdout.write(f"  {'identifiant':<15} {'mot de passe':<18} rôle")
        for username, password, description in rows:
            self.stdout.write(f"  {username:<15} {password:<18} {description}")
        self.stdout.write("")

    def user(self, username: str, password: str, *, admin: bool = False):
        user, _ = get_user_model().objects.get_or_create(username=username)
        user.is_active = True
        user.is_staff = user.is_superuser = admin
        user.set_password(password)
        user.save()
        return user

    def account(self, contract, username, password, role, organisation_name, description):
        user = self.user(username, password)
        if organisation_name is None:
            organisation = contract.coordinator
        else:
            kind = OrganisationKind.ETAT if role == Role.STATE_REVIEWER else OrganisationKind.AUTRE
            organisation, _ = Organisation.objects.get_or_create(
                name=organisation_name, defaults={"kind": kind}
            )
        Membership.objects.get_or_create(
            user=user, contract=contract, organisation=organisation, role=role, revoked_at=None
        )
        return username, password, f"{description} ({organisation.name})"

    def admin(self):
        username, password, description = ADMIN
        self.user(username, password, admin=True)
        return username, password, description
