import json

from ctai.checks.engine import run_checks
from ctai.checks.enums import Severity
from ctai.checks.findings import Finding
from ctai.checks.report import action_titles, findings_to_json, format_report, summary

from .metz import metz_contract


def test_report_groups_by_sheet_then_contract_and_ends_with_summary():
    doc = metz_contract()
    report = format_report(run_checks(doc), title="CTAI de Metz", titles=action_titles(doc))
    lines = report.splitlines()
    assert lines[0] == "CTAI de Metz" and lines[1] == "=" * len("CTAI de Metz")
    sheet_9 = lines.index("Fiche action n° 9 — Accès au logement des réfugiés isolés ou en famille")
    assert sheet_9 < lines.index("Contrat (ensemble des fiches)")
    assert lines[-1] == "9 constats : 4 erreurs, 3 alertes, 2 informations."
    assert "[Erreur]" in lines[sheet_9 + 1] and "(lignes 136, 3658)" in report
    assert all(len(line) <= 100 for line in lines)


def test_summary_wording():
    assert summary([]) == "Aucun constat."
    one = Finding("x", "info", None, "m")
    assert summary([one]) == "1 constat : 0 erreur, 0 alerte, 1 information."


def test_sheet_without_title_and_years_when_several():
    findings = [
        Finding("a", Severity.ALERTE, 3, "m", year=2026),
        Finding("a", Severity.ALERTE, 3, "m", year=2027),
    ]
    report = format_report(findings, title="T")
    assert "Fiche action n° 3 (2026)" in report and "Fiche action n° 3 (2027)" in report


def test_json_form():
    finding = Finding(
        "budget.resources_total", "erreur", 9, "m", {"difference": "5000.00"}, (3797, 3809)
    )
    data = findings_to_json([finding])
    assert data == {
        "findings": [
            {
                "code": "budget.resources_total",
                "severity": "erreur",
                "action": 9,
                "year": None,
                "message": "m",
                "figures": {"difference": "5000.00"},
                "lines": [3797, 3809],
            }
        ]
    }
    assert json.loads(json.dumps(data)) == data
