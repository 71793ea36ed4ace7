"""Run every consistency rule on a ctai/1 document (read from a file or exported from the
database: the same dict either way). Pure Python, no Django."""

import logging

from ctai.checks.enums import Severity
from ctai.checks.findings import Finding
from ctai.checks.rules import RULES, Rule

logger = logging.getLogger(__name__)


def contract_part(doc: dict) -> dict:
    """The ``"contract"`` part of a ctai/1 document, or the dict itself if it is that part."""
    if isinstance(doc, dict) and isinstance(doc.get("contract"), dict):
        return doc["contract"]
    return doc if isinstance(doc, dict) else {}


def sort_key(finding: Finding) -> tuple:
    """Contract-level first, then by action number (then year), then code."""
    return (
        finding.action is not None,
        finding.action or 0,
        (finding.year or 0) if finding.action is not None else 0,
        finding.code,
    )


def _run(rule: Rule, contract: dict) -> list[Finding]:
    try:
        return list(rule(contract))
    except Exception:  # a check must never take the page or the import down with it
        logger.exception("Consistency rule %s failed", rule.__name__)
        return [
            Finding(
                "engine.rule_failed",
                Severity.ALERTE,
                None,
                f"La vérification « {rule.__name__} » n'a pas pu être faite sur ce document "
                f"(erreur interne) : ses constats éventuels manquent, signalez-le.",
                {"rule": rule.__name__},
            )
        ]


def run_checks(doc: dict, *, rules: list[Rule] | None = None) -> list[Finding]:
    """All findings for a ctai/1 document (whole dict or its ``"contract"`` part), in a
    deterministic order (see ``sort_key``; a stable sort keeps each rule's own order)."""
    contract = contract_part(doc)
    findings = [f for rule in (RULES if rules is None else rules) for f in _run(rule, contract)]
    return sorted(findings, key=sort_key)
