"""``ctai read DOCUMENT``: the document as ctai/1 JSON, without touching the database."""

import json

from django.core.management.base import BaseCommand

from ctai.documents.loading import load_document
from ctai.documents.presentation import format_review


class Command(BaseCommand):
    help = "Lit un document CTAI et affiche le contrat au format ctai/1 (JSON), sans rien écrire."
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "document", help="chemin du document à lire (.docx, .odt, .pdf ou texte exporté)"
        )
        parser.add_argument(
            "--review", action="store_true", help="afficher la liste des points à vérifier"
        )

    def handle(self, *args, document: str, review: bool, **options) -> None:
        data, _ = load_document(document)
        if review:
            self.stdout.write(format_review(data))
        else:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
