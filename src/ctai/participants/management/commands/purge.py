"""``ctai purge``: anonymise the participants with no activity for 2 years (CNIL)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from ctai.participants.services import purge


class Command(BaseCommand):
    help = "Anonymise les participants sans activité depuis 2 ans (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="date du jour à retenir (AAAA-MM-JJ), par défaut aujourd'hui"
        )

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(
                    f"Date illisible : {options['date']} (attendu AAAA-MM-JJ)."
                ) from error
        summary = purge(today=today)
        self.stdout.write(f"Participants anonymisés : {summary.anonymised}")
        for contract, count in sorted(summary.per_contract.items()):
            self.stdout.write(f"  contrat {contract} : {count}")
        self.stdout.write(
            f"Consultations d'identité effacées (plus d'un an) : {summary.views_deleted}"
        )
