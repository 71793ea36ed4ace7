"""``ctai notifications``: the reminders and daily digests that time brings. Run it every hour
(cron or the systemd timer of deploy/systemd/); running it twice sends nothing twice."""

from django.core.management.base import BaseCommand

from ctai.files.services import purge
from ctai.notifications.reminders import run


class Command(BaseCommand):
    help = (
        "Envoie les rappels (échéances, retards) et les résumés quotidiens, supprime les "
        "fichiers préparés arrivés à expiration ; idempotente."
    )

    def handle(self, *args, **options):
        summary = run()
        self.stdout.write(
            f"{summary.reminders} rappel(s) et {summary.digests} résumé(s) quotidien(s) mis en "
            f"file d'envoi."
        )
        deleted = purge()
        self.stdout.write(f"{deleted} fichier(s) préparé(s) arrivé(s) à expiration supprimé(s).")
