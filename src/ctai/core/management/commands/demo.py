"""``ctai demo``: the demo accounts (and, once, the Metz contract) for a newcomer.

Refuses to run with DEBUG off: known passwords have no place in production.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

import ctai.documents
from ctai.contracts.models import Contract

DEMO_ACCOUNTS = [
    # username, password, description, superuser
    ("coordinatrice", "ctai-demo-coord", "coordinatrice du contrat (CCAS de Metz)", False),
    ("admin", "ctai-demo-admin", "administrateur de la plateforme (administration Django)", True),
]
DEMO_DOCUMENT = Path(ctai.documents.__file__).parent / "seeds" / "ctai-metz-2026-2028.txt"


class Command(BaseCommand):
    help = "Crée les comptes de démonstration et charge le contrat de Metz (développement)."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "Les comptes de démonstration ne se créent qu'en développement (DEBUG=true)."
            )
        user_model = get_user_model()
        lines = []
        for username, password, description, superuser in DEMO_ACCOUNTS:
            user, _ = user_model.objects.get_or_create(username=username)
            user.is_staff = True  # until roles exist (issue 6), staff = may use the application
            user.is_superuser = superuser
            user.is_active = True
            user.set_password(password)
            user.save()
            lines.append(f"  {username:<16} {password:<22} {description}")
        if not Contract.objects.exists():
            self.stdout.write("Premier démarrage : import du contrat de Metz 2026-2028…")
            call_command("import", str(DEMO_DOCUMENT), stdout=self.stdout)
        self.stdout.write("")
        self.stdout.write("Comptes de démonstration (http://127.0.0.1:8000/) :")
        self.stdout.write(f"  {'identifiant':<16} {'mot de passe':<22} rôle")
        self.stdout.write("\n".join(lines))
        self.stdout.write("")
