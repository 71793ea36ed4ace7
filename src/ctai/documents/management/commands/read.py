"""``ctai read DOCUMENT``: the document as ctai/1 JSON, without touching the database."""

import json

from django.core.management.base import BaseCommand

from ctai.documents.loading import load_document


def format_review(document: dict) -> str:
    items = document["contract"].get("review") or []
    if not items:
        return "Aucun point à vérifier : toutes les valeurs lues ont été placées."
    locations = (document.get("source") or {}).get("locations") or {}
    lines = [f"{len(items)} point(s) à vérifier :"]
    for item in items:
        where = f"ligne {item['line']}" if item.get("line") else "sans ligne"
        if item.get("line") and str(item["line"]) in locations:
            where = f"{locations[str(item['line'])]} (ligne {item['line']})"
        sheet = f", fiche {item['action']}" if item.get("action") is not None else ""
        field = f", {item['field']}" if item.get("field") else ""
        lines.append(f"- {where}{sheet}{field} : {item['reason']}")
        if item.get("text"):
            lines.append(f"    texte lu : « {item['text'].strip()[:200]} »")
    return "\n".join(lines)


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
