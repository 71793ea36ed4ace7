"""Findings worded for who reads them.

The checks write their messages for the coordination, who edits the sheets: « corrigez le
montant », « indiquez l'objectif ». An operator reads the same finding on its sheet page but
may not edit the sheet: it is told what was found, in the same words, then what it can do —
tell the coordination in the sheet's conversation. Pure functions over a finding's code and
message: no query.
"""

import re
from dataclasses import dataclass

# The advice that ends a message, addressed to whoever edits the sheet: « : corrigez … »,
# « . Indiquez … ». Cut from the first such verb to the end.
ADVICE = re.compile(
    r"\s*[:;.]?\s+(?:corrigez|indiquez|portez|vérifiez|renseignez|saisissez|complétez|"
    r"ajoutez|décochez|cochez)\b.*\Z",
    re.IGNORECASE | re.DOTALL,
)

ASK = "écrivez-le à la coordination dans les « Échanges sur la fiche », en bas de cette page"
OPERATOR_ADVICE = {
    "budget": "Ce que vous pouvez faire : seule la coordination modifie le budget de la "
    f"fiche ; si vous connaissez le bon montant, {ASK}.",
    "indicators": "Ce que vous pouvez faire : seule la coordination modifie les objectifs de "
    f"la fiche ; si vous savez ce qu'il faut y inscrire, {ASK}.",
    "action": "Ce que vous pouvez faire : seule la coordination modifie la fiche ; si cette "
    f"information est inexacte, {ASK}.",
    "axis": "Rien à faire de votre côté : cela concerne la place de la fiche dans le contrat, "
    "que la coordination règle.",
    "envelope": "Rien à faire de votre côté : cela concerne l'enveloppe de l'État, que la "
    "coordination répartit entre les fiches.",
}
DEFAULT_ADVICE = f"Ce que vous pouvez faire : seule la coordination modifie la fiche ; {ASK}."


@dataclass(frozen=True)
class WordedFinding:
    """A finding as one reader sees it (what the findings list shows)."""

    severity: str
    message: str
    lines: list


def what_was_found(message: str) -> str:
    """The message without the advice addressed to whoever edits the sheet."""
    found = ADVICE.sub("", message).strip()
    if not found:
        return message
    return found if found.endswith((".", "!", "?", "»", ")")) else f"{found}."


def operator_advice(code: str) -> str:
    family = code.split(".", 1)[0]
    if code.startswith("budget.unit_cost"):
        family = "indicators"  # the number of beneficiaries the unit cost is checked against
    return OPERATOR_ADVICE.get(family, DEFAULT_ADVICE)


def for_operator(finding) -> WordedFinding:
    """``finding`` (a stored or computed finding) as the sheet's operator reads it."""
    message = f"{what_was_found(finding.message)} {operator_advice(finding.code)}"
    return WordedFinding(finding.severity, message, list(getattr(finding, "lines", None) or []))


# The report page (issue 12): the operator writes its own report, so the checks' advice
# (« indiquez la valeur réalisée », « expliquez l'écart ») is theirs to follow while the report
# is a draft or returned for correction. Once submitted or validated they may no longer change
# it: they are told what was found, then what they can still do.
REPORT_ASK = "écrivez-le dans les « Échanges sur le bilan », en bas de cette page"
REPORT_LOCKED_ADVICE = {
    "soumis": "Ce que vous pouvez faire : le bilan est remis, vous ne pouvez plus le modifier ; "
    "si la coordination vous le renvoie pour correction, vous pourrez reprendre ce point ; "
    f"pour l'expliquer dès maintenant, {REPORT_ASK}.",
    "valide": "Ce que vous pouvez faire : le bilan est validé et ne se modifie plus ; si ce "
    f"point mérite une explication, {REPORT_ASK}.",
}
REPORT_EDITABLE_ADVICE = (
    "Ce que vous pouvez faire : corrigez ou complétez ce bilan ci-dessous, puis enregistrez."
)


def for_report_operator(finding, *, status: str, editable: bool) -> WordedFinding:
    """``finding`` of a report as the report's operator reads it on the report page:
    ``editable`` when they may still change the report, ``status`` its workflow state."""
    lines = list(getattr(finding, "lines", None) or [])
    if editable:
        # The checks speak to the report's author: their advice stands as written.
        advised = ADVICE.search(finding.message) or _REPORT_ADVICE.search(finding.message)
        advice = "" if advised else f" {REPORT_EDITABLE_ADVICE}"
        return WordedFinding(finding.severity, f"{finding.message}{advice}", lines)
    locked = REPORT_LOCKED_ADVICE.get(status, REPORT_LOCKED_ADVICE["soumis"])
    found = what_was_found(_without_report_advice(finding.message))
    # « … (en retard : moins de 75 %). Expliquez … » loses its full stop with the advice.
    found = f"{found}." if found.endswith(")") else found
    message = f"{found} {locked}"
    return WordedFinding(finding.severity, message, lines)


# Report messages also end in « expliquez … », « décrivez … », « réduisez-les … ».
_REPORT_ADVICE = re.compile(
    r"\s*[:;.]?\s+(?:expliquez|décrivez|réduisez)\b.*\Z", re.IGNORECASE | re.DOTALL
)


def _without_report_advice(message: str) -> str:
    return _REPORT_ADVICE.sub("", ADVICE.sub("", message)).strip() or message
