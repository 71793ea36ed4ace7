"""French text report and JSON form of the findings."""

import textwrap
from collections.abc import Iterable, Mapping

from ctai.checks.enums import SEVERITY_PLURALS, Severity
from ctai.checks.findings import Finding
from ctai.checks.rules.common import actions, number, text

WIDTH = 100


def action_titles(doc: dict) -> dict[int, str]:
    """number -> title of the sheets of a ctai/1 document (whole or ``"contract"`` part); the
    first sheet wins when a number comes back in later years."""
    contract = doc.get("contract") if isinstance(doc.get("contract"), dict) else doc
    titles: dict[int, str] = {}
    for action in actions(contract):
        n, title = number(action), text(action.get("title"))
        if n is not None and title:
            titles.setdefault(n, title)
    return titles


def summary(findings: Iterable[Finding]) -> str:
    """ "12 constats : 2 erreurs, 5 alertes, 5 informations." (or "Aucun constat.")."""
    findings = list(findings)
    if not findings:
        return "Aucun constat."
    counts = []
    for severity in Severity:
        n = sum(1 for f in findings if f.severity == severity)
        singular, plural = SEVERITY_PLURALS[severity]
        counts.append(f"{n} {plural if n > 1 else singular}")
    noun = "constats" if len(findings) > 1 else "constat"
    return f"{len(findings)} {noun} : {', '.join(counts)}."


def _entry(finding: Finding) -> str:
    where = ""
    if finding.lines:
        word = "lignes" if len(finding.lines) > 1 else "ligne"
        where = f" ({word} {', '.join(str(line) for line in finding.lines)})"
    message = finding.message.replace("« ", "«\u00a0").replace(" »", "\u00a0»")
    head = f"- [{Severity(finding.severity).label}] {message}{where} [{finding.code}]"
    # textwrap only breaks on ASCII whitespace: no-break spaces keep "« x »" and "15 000,00 €"
    # on one line.
    return textwrap.fill(head, WIDTH, subsequent_indent="  ", break_on_hyphens=False)


def format_report(
    findings: Iterable[Finding], *, title: str, titles: Mapping[int, str] | None = None
) -> str:
    """The findings grouped by sheet ("Fiche action n° 9 — Accès au logement…"), then the
    contract-level ones, then the summary line. ``titles`` (see ``action_titles``) names the
    sheets; a year is shown when the findings span several programmation years."""
    findings = list(findings)
    titles = titles or {}
    out = [title, "=" * len(title), ""]
    sheets: dict[tuple[int, int | None], list[Finding]] = {}
    for finding in findings:
        if finding.action is not None:
            sheets.setdefault((finding.action, finding.year), []).append(finding)
    several_years = len({year for _, year in sheets}) > 1
    for (n, year), group in sorted(sheets.items(), key=lambda item: (item[0][0], item[0][1] or 0)):
        heading = f"Fiche action n° {n}"
        if several_years and year:
            heading += f" ({year})"
        if titles.get(n):
            heading += f" — {titles[n]}"
        out += [heading, *(_entry(f) for f in group), ""]
    contract_level = [f for f in findings if f.action is None]
    if contract_level:
        out += ["Contrat (ensemble des fiches)", *(_entry(f) for f in contract_level), ""]
    out.append(summary(findings))
    return "\n".join(out) + "\n"


def findings_to_json(findings: Iterable[Finding]) -> dict:
    return {"findings": [f.to_dict() for f in findings]}
