"""The Metz document end to end: read, then checked — the findings a careful coordinator writes.

Each expected finding was verified against the printed document (see the comments).
"""

from collections import Counter
from pathlib import Path

from ctai.checks.engine import run_checks
from ctai.documents.reader import read_document

METZ = Path(__file__).resolve().parents[2] / "src/ctai/documents/seeds/ctai-metz-2026-2028.txt"

EXPECTED = Counter(
    {
        # 169 900 € of P104 subsidies for a 170 000 € envelope in 2026.
        (None, "info", "envelope.unallocated"): 1,
        # Sheet 1 writes its coordination target beside the template's "Intitulé indicateur"
        # (a point to review, not an indicator): the coordination theme has no target.
        (1, "alerte", "indicators.missing_targets"): 1,
        # Sheet 2 ticks sport, culture, République and coordination with empty target tables.
        (2, "alerte", "indicators.missing_targets"): 4,
        # Sheet 6: carried by "GIP FTLV" while article 1 lists it "- Ville de Metz".
        (6, "alerte", "action.operator_mismatch"): 1,
        # Sheet 7: 41,66 € per beneficiary for 2 000 € implies 48 people, written "24 x 2".
        (7, "info", "budget.unit_cost_implied"): 1,
        # Sheet 8: 6 400 € "Recherche de financement en cours".
        (8, "alerte", "budget.funding_gap"): 1,
        (8, "alerte", "indicators.missing_targets"): 1,
        # Sheet 9: "Axe 2 : Logement et intégration" but listed under axis 3; in-kind 5 000 €
        # inside a 4 155 € local contribution; resources 20 775 € for a 25 775 € total.
        (9, "erreur", "axis.mismatch"): 1,
        (9, "erreur", "budget.part_exceeds_whole"): 1,
        (9, "erreur", "budget.resources_total"): 1,
        (9, "alerte", "indicators.no_beneficiaries"): 1,
        (10, "alerte", "indicators.missing_targets"): 2,
        # Sheet 11: 280 € unit cost but 14 000 € / 30 beneficiaries; BPI 12 + 5 > 12.
        (11, "alerte", "budget.unit_cost"): 1,
        (11, "erreur", "indicators.breakdown"): 1,
    }
)


def test_the_metz_findings_are_the_ones_a_careful_coordinator_writes():
    findings = run_checks(read_document(METZ.read_bytes()))
    assert Counter((f.action, str(f.severity), f.code) for f in findings) == EXPECTED


def test_no_false_alarm_on_the_correct_sheets_and_axes():
    findings = run_checks(read_document(METZ.read_bytes()))
    assert not [f for f in findings if f.code == "axis.declared_amount"]
    assert not [f for f in findings if f.code == "contract.payment_account"]
    sheets_with_errors = {f.action for f in findings if f.severity == "erreur"}
    assert sheets_with_errors == {9, 11}
