"""``ctai import DOCUMENT``: stores a document in one transaction (ADR 0002)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from ctai.checks.services import refresh_findings
from ctai.core.database import require_database
from ctai.documents.loading import Erreur, load_document
from ctai.documents.presentation import format_review
from ctai.documents.services import DocumentImportError, document_import
from ctai.programmation.guards import ReasonRequired


class Command(BaseCommand):
    help = "Importe un document CTAI (texte ou ctai/1 JSON) dans la base, en une transaction."

    def add_arguments(self, parser) -> None:
        parser.add_argument("document", help="chemin du document à importer")
        parser.add_argument(
            "--motif",
            default="",
            help="motif des changements (exigé après validation de la programmation ou d'un "
            "bilan final)",
        )
        parser.add_argument(
            "--review",
            action="store_true",
            help="afficher aussi la liste des points à vérifier du document importé",
        )

    def handle(self, *args, document: str, motif: str, review: bool, **options) -> None:
        data, content = load_document(document)
        require_database()
        try:
            report = document_import(
                document=data, filename=Path(document).name, content=content, reason=motif
            )
        except ReasonRequired as error:
            raise Erreur(
                f"import refusé, rien n'a été enregistré : {error.messages[0]} Relancez avec "
                '--motif "…" pour dire pourquoi les montants changent.'
            ) from error
        except ValidationError as error:
            raise Erreur(
                "import refusé, rien n'a été enregistré :\n- " + "\n- ".join(error.messages)
            ) from error
        except DocumentImportError as error:
            raise Erreur(
                "import refusé, rien n'a été enregistré :\n- " + "\n- ".join(error.errors)
            ) from error
        contract = report.contract
        if not report.unchanged:
            refresh_findings(contract=contract)
        review_count = contract.review_items.count()
        if report.created:
            self.stdout.write(
                f"Contrat n° {contract.pk} créé : {contract.territory}, "
                f"{contract.actions.count()} fiches actions, {review_count} point(s) à vérifier, "
                f"{contract.findings.count()} constat(s) de cohérence (ctai check {contract.pk})."
            )
        elif report.unchanged:
            self.stdout.write(
                f"Contrat n° {contract.pk} déjà à jour : document identique, rien n'a changé."
            )
        else:
            self.stdout.write(
                f"Contrat n° {contract.pk} mis à jour, {len(report.changes)} changement(s) :"
            )
            for change in report.changes:
                self.stdout.write(f"- {change}")
        if review:
            self.stdout.write(format_review(data))
