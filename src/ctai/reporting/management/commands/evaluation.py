"""``ctai evaluation CONTRACT YEAR --format xlsx|ods|pdf [--output FILE]``: the State evaluation."""

from pathlib import Path

from django.core.management.base import BaseCommand

from ctai.documents.loading import Erreur, find_contract
from ctai.governance.summary import evaluation_file
from ctai.reporting.evaluation import FORMATS, evaluation_filename


class Command(BaseCommand):
    help = (
        "Écrit l'évaluation d'une année du contrat (bilans validés) : classeur XLSX ou ODS, "
        "ou PDF pour le comité de pilotage."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("contract", help="numéro du contrat ou nom de son territoire")
        parser.add_argument("year", type=int, help="année de programmation évaluée")
        parser.add_argument("--format", choices=FORMATS, default="xlsx", help="xlsx, ods ou pdf")
        parser.add_argument(
            "--output", help="fichier à écrire (par défaut evaluation-TERRITOIRE-ANNÉE.FORMAT)"
        )

    def handle(self, *args, contract: str, year: int, format: str, output, **options) -> None:
        found = find_contract(contract)
        if year not in found.years:
            raise Erreur(
                f"L'année {year} est hors de la période du contrat "
                f"({found.start.year}-{found.end.year})."
            )
        path = Path(output or evaluation_filename(found, year, format))
        content = evaluation_file(contract=found, year=year, format=format)
        try:
            path.write_bytes(content)
        except OSError as error:
            raise Erreur(f"{path} : écriture impossible ({error.strerror}).") from error
        size = f"{len(content) / 1024:.0f}".replace(".", ",")
        self.stdout.write(f"Évaluation {year} écrite dans {path} ({size} Ko).")
