"""The official lists that data migrations load (themes, partners, indicator catalogue)."""

import importlib

from django.apps import apps

CATALOGUE_MIGRATIONS = [
    "ctai.contracts.migrations.0002_catalogues",
    "ctai.indicators.migrations.0002_catalogue",
]


def load_catalogues() -> None:
    """Run the migrations' idempotent loaders again."""
    for module in CATALOGUE_MIGRATIONS:
        importlib.import_module(module).load(apps, None)
