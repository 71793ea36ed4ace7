"""``ctai check DOCUMENT_OR_CONTRACT``: the consistency findings, in French or as JSON.

A path to an existing file is read (never written to the database); otherwise the argument
names a stored contract (number or territory). Exit code 1 when there is an ``erreur``.

The command keeps Django's system checks: ``ctai check`` alone, ``ctai check --deploy`` or
``ctai check APP_LABEL`` behave as Django's ``check``.
"""

import json
import sys
from pathlib import Path

from django.apps import apps
from django.core.management.commands import check as system_check

from ctai.checks.engine import run_checks
from ctai.checks.enums import Severity
from ctai.checks.report import action_titles, findings_to_json, format_report
from ctai.documents.loading import find_contract, load_document
from ctai.exchange.export import export_contract


class Command(system_check.Command):
    help = (
        "Contrôle la cohérence d'un document CTAI ou d'un contrat enregistré "
        "(sans argument : contrôles système de Django)."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--json", action="store_true", help="constats au format JSON")

    def handle(self, *targets: str, **options) -> None:
        labels = {config.label for config in apps.get_app_configs()}
        if len(targets) != 1 or targets[0] in labels or options["deploy"]:
            return super().handle(*targets, **options)
        self.consistency(targets[0], as_json=options["json"])

    def consistency(self, target: str, *, as_json: bool) -> None:
        if Path(target).is_file():
            document, _ = load_document(target)
            title = f"Contrôles de cohérence — {Path(target).name}"
        else:
            contract = find_contract(target)
            document = export_contract(contract.pk)
            title = f"Contrôles de cohérence — contrat n° {contract.pk} ({contract.territory})"
        findings = run_checks(document)
        if as_json:
            self.stdout.write(json.dumps(findings_to_json(findings), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(format_report(findings, title=title, titles=action_titles(document)))
        if any(f.severity == Severity.ERREUR for f in findings):
            sys.exit(1)
