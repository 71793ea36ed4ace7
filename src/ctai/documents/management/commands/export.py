"""``ctai export CONTRACT``: a stored contract as ctai/1 JSON."""

import json

from django.core.management.base import BaseCommand

from ctai.documents.loading import find_contract
from ctai.exchange.export import export_contract


class Command(BaseCommand):
    help = "Affiche un contrat enregistré au format ctai/1 (JSON)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("contract", help="numéro du contrat ou nom de son territoire")

    def handle(self, *args, contract: str, **options) -> None:
        document = export_contract(find_contract(contract).pk)
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
