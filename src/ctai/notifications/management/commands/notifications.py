"""``ctai notifications``: the reminders and daily digests that time brings. Run it every hour
(cron or the systemd timer of deploy/systemd/); running it twice sends nothing twice."""

from django.core.management.base import BaseCommand, CommandError

from ctai.files.services import purge
from ctai.notifications.reminders import keep_days, run


class Command(BaseCommand):
    help = (
        "Envoie les rappels (échéances, retards) et les résumés quotidiens, supprime les "
        "notifications lues anciennes et les fichiers préparés arrivés à expiration ; "
        "idempotente."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--jours",
            type=int,
            default=None,
            help="Garder les notifications lues ce nombre de jours (par défaut "
            "CTAI_NOTIFICATIONS_KEEP_DAYS, 180).",
        )

    def handle(self, *args, **options):
        keep = options["jours"] if options["jours"] is not None else keep_days()
        try:
            summary = run(keep=keep)
        except ValueError as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(
            f"{summary.reminders} rappel(s) et {summary.digests} résumé(s) quotidien(s) mis en "
            f"file d'envoi ; {summary.purged} notification(s) lue(s) de plus de {keep} jours "
            f"supprimée(s)."
        )
        deleted = purge()
        self.stdout.write(f"{deleted} fichier(s) préparé(s) arrivé(s) à expiration supprimé(s).")
