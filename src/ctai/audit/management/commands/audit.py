"""``ctai audit verify``: recompute the audit trail's hash chain; exit 1 at the first break."""

from django.core.management.base import BaseCommand, CommandError

from ctai.audit.integrity import first_break, head
from ctai.core.database import require_database


class Command(BaseCommand):
    help = "Vérifie la chaîne d'empreintes du journal des modifications."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="vérifier que le journal n'a pas été altéré")

    def handle(self, *args, action, **options):
        require_database()
        checked, broken = first_break()
        if broken is not None:
            raise CommandError(broken.message(), returncode=1)
        self.stdout.write(
            f"Journal des modifications intact : {checked} événements vérifiés. "
            f"Dernière empreinte : {head() or '(journal vide)'}"
        )
