"""Section 8 of an action sheet: the provisional budget (budget prévisionnel).

Template rows are recognised by their label (the catalogue wording first, then key words
for the variants operators write); rows the operator added ("Autofinancement",
"Recherche de financement en cours", a named funder, or an amount without label) go to
``other_lines``. An amount that had to be dug out of words, or whose digits are grouped
irregularly, is read and put in front of a reviewer.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ctai.contracts.catalogues import BUDGET_FIELDS, BUDGET_LINES
from ctai.core.numbers import (
    format_amount,
    format_plain,
    read_french_number,
    read_target,
    scan_number,
)
from ctai.documents.reader.lines import Line, after_colon, instruction_rest, norm, strip_bullet
from ctai.documents.reader.review import ReviewList

_CATALOGUE_PREFIXES = sorted(
    {(field, re.sub(r"\s*\([^)]*\)", "", norm(label))) for field, label, _ in BUDGET_LINES},
    key=lambda pair: -len(pair[1]),
)
_PROGRAMME = r"\b(?:programme|prog\.?|bop|p)\s?"
# Key words for the variants of the template's labels, most specific first.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("local_direct", re.compile(r"^dont\b.*\bfinancements? directs?")),
    ("local_in_kind", re.compile(r"^dont\b.*\ben nature\b")),
    ("p103", re.compile(rf"^dont\b.*{_PROGRAMME}103\b")),
    ("p147", re.compile(rf"^dont\b.*{_PROGRAMME}147\b")),
    ("p177", re.compile(rf"^dont\b.*{_PROGRAMME}177\b")),
    (
        "other_state",
        re.compile(r"^dont\b.*\bautres? (?:programmes?|credits?) (?:budgetaires?|de l'etat)"),
    ),
    ("fami", re.compile(r"^dont\b.*\bfami\b")),
    ("private", re.compile(r"^dont\b.*\b(?:financements?|fonds|mecenat) prives?")),
    ("p104_carryover", re.compile(r"\breliquats?\b")),
    ("p104_subsidy", re.compile(rf"\bsubvention\b.*(?:{_PROGRAMME}104\b|action 12)")),
    ("p104_subsidy", re.compile(rf"^(?!dont\b).*{_PROGRAMME}104\b")),
    (
        "local_contribution",
        re.compile(
            r"^(?:cofinancements? |financements? |part )(?:de la |du |de l')?"
            r"(?:collectivite|commune|ville|metropole)\b|^collectivite\b"
        ),
    ),
    (
        "local_contribution",
        re.compile(
            r"^(?:montant de (?:la )?)?(?:contribution|apport|participation)s? "
            r"(?:de la |du |de l')?(?:collectivite|commune|ville|metropole|communaute|"
            r"agglomeration|departement|region)"
        ),
    ),
    ("other_funders", re.compile(r"\bautres? financeurs\b|\bcofinancements?\b")),
    ("total_cost", re.compile(r"^(?:(?:cout|montant|budget) )?total\b")),
    ("total_cost", re.compile(r"^(?:budget|cout) (?:previsionnel )?total\b")),
    ("unit_cost", re.compile(r"^cout (?:unitaire|moyen)\b")),
]
_GLUED = re.compile(r"^(.*?[^\d\s])[\s:]+(-?\d[\d\s\u00a0\u202f.,]*(?:\s?(?:€|euros?))?)$")
_NOT_AMOUNT_BEFORE = re.compile(r"(?:programme|prog\.?|bop|p|action|n°|n)\s*$", re.IGNORECASE)


def budget_field(key: str) -> str | None:
    """Budget field announced by a row label's key, or ``None`` for an operator's own row."""
    key = strip_bullet(key)
    for field, prefix in _CATALOGUE_PREFIXES:
        if key.startswith(prefix):
            return field
    for field, pattern in _PATTERNS:
        if pattern.search(key):
            return field
    return None


def _glued(label: str, field: str) -> str | None:
    """An amount typed at the end of the label cell ("Coût total de l'action 30 000")."""
    match = _GLUED.match(label)
    if match is None or _NOT_AMOUNT_BEFORE.search(match.group(1)):
        return None
    return match.group(2) if budget_field(norm(match.group(1))) == field else None


def _amount(text: str, line: Line, field: str, review: ReviewList, number: int) -> Decimal | None:
    """Amount of a cell; words around it or odd digit groups go to review."""
    exact = read_french_number(text, money=True)
    if exact is not None and exact.unit in (None, "€", "k€"):
        value = exact.value * 1000 if exact.unit == "k€" else exact.value
        if exact.doubt:
            review.add(line, exact.doubt, action=number, field=field)
        return value
    found = []
    position = 0
    while len(found) < 3:
        scanned = scan_number(text, position, money=True)
        if scanned is None:
            break
        found.append(scanned)
        position = scanned.end if scanned.end > position else position + 1
    if len(found) == 1:
        review.add(
            line,
            f"Le montant est accompagné de texte (« {text} ») : "
            f"{format_plain(found[0].value)} retenu, à vérifier.",
            action=number,
            field=field,
        )
        return found[0].value
    reason = (
        f"Plusieurs nombres dans « {text} » : aucun montant retenu."
        if found
        else f"Montant illisible (« {text} ») : aucun montant retenu."
    )
    review.add(line, reason, action=number, field=field)
    return None


def _next_value(lines: list[Line], index: int, end: int) -> tuple[int, str] | None:
    """A value written alone on one of the next lines ("Montant ... 104" then "36 640")."""
    for following in range(index + 1, min(end, index + 4)):
        line = lines[following]
        if line.blank:
            continue
        values = [c for c in line.cells if c]
        if len(values) == 1 and line.cells[0] and read_french_number(values[0], money=True):
            return following, values[0]
        return None
    return None


def _value_cells(cells: list[str]) -> list[str]:
    """Value cells of a budget row; the share column of a co-funders plan ("40 %") is left
    out when an amount stands beside it."""
    values = [c for c in cells if c]
    if len(values) > 1:
        amounts = [c for c in values if not c.rstrip().endswith("%")]
        if amounts:
            return amounts
    return values


def empty_budget() -> dict[str, object]:
    budget: dict[str, object] = dict.fromkeys(BUDGET_FIELDS)
    budget.update({"other_lines": [], "unit_cost_text": None, "comment": None})
    return budget


def read_budget(
    lines: list[Line], start: int, end: int, number: int, review: ReviewList
) -> tuple[dict[str, object], dict[str, int]]:
    """Budget rows between ``start`` and ``end``, then the comment under the table."""
    budget = empty_budget()
    values: dict[str, Decimal] = {}
    sources: dict[str, int] = {}
    consumed: set[int] = set()
    index = start
    while index < end:
        line = lines[index]
        if line.key.startswith("commentaire"):
            break
        if index in consumed or line.blank or instruction_rest(line) is not None:
            index += 1
            continue
        label, cells = line.cells[0], _value_cells(line.cells[1:])
        if cells and not any(ch.isdigit() for cell in cells for ch in cell):
            # A header row ("Financeur | Montant | %"): no value to read.
            index += 1
            continue
        field = budget_field(norm(label)) if label else None
        text = " ".join(cells) if cells else None
        value_line = line
        if field is not None and text is None:
            text = _glued(label, field)
            if text is None and (following := _next_value(lines, index, end)) is not None:
                consumed.add(following[0])
                value_line, text = lines[following[0]], following[1]
        if text is None:
            index += 1
            continue
        if field is None:
            _other_line(label, text, line, budget, number, review)
        elif field in sources:
            review.add(
                value_line,
                "Ligne budgétaire présente deux fois : la première valeur est conservée.",
                action=number,
                field=f"budget.{field}",
            )
        elif field == "unit_cost":
            _unit_cost(text, budget, values)
            sources["budget.unit_cost"] = value_line.no
        else:
            amount = _amount(text, value_line, f"budget.{field}", review, number)
            if amount is not None:
                values[field] = amount
                sources[f"budget.{field}"] = value_line.no
        index += 1
    _comment(lines, index, end, budget, sources)
    for field, amount in values.items():
        budget[field] = format_amount(amount)
    return budget, sources


def _unit_cost(text: str, budget: dict[str, object], values: dict[str, Decimal]) -> None:
    exact = read_french_number(text, money=True)
    if exact is not None and exact.unit in (None, "€"):
        values["unit_cost"] = exact.value
        return
    # Words ("Difficile à estimer ...") are kept as written; a leading number is still read.
    budget["unit_cost_text"] = text
    leading = read_target(text)
    if leading.value is not None and leading.doubt is None:
        values["unit_cost"] = leading.value


def _other_line(
    label: str, text: str, line: Line, budget: dict[str, object], number: int, review: ReviewList
) -> None:
    """A row the template does not have: self-financing, a named funder, a bare amount."""
    amount = _amount(text, line, "budget.other_lines", review, number)
    if amount is None:
        return
    budget["other_lines"].append(
        {"label": label or None, "amount": format_amount(amount), "line": line.no}
    )
    if not label:
        review.add(
            line,
            "Montant sans libellé dans le tableau budgétaire : rangé dans les lignes "
            "complémentaires, nature à préciser (voir le commentaire du budget).",
            action=number,
            field="budget.other_lines",
        )


def _comment(
    lines: list[Line], index: int, end: int, budget: dict[str, object], sources: dict[str, int]
) -> None:
    """Free text under the budget table, the template's help removed."""
    if index >= end:
        return
    parts = [after_colon(lines[index].text)] if lines[index].key.startswith("commentaire") else []
    first = lines[index].no if parts and parts[0] else None
    for line in lines[index + 1 : end]:
        if line.blank:
            continue
        rest = instruction_rest(line)
        text = " : ".join(c for c in line.cells if c) if rest is None else rest
        if text:
            parts.append(text)
            first = first or line.no
    text = "\n".join(p for p in parts if p)
    if text:
        budget["comment"] = text
        sources["budget.comment"] = first
