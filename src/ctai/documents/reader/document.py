"""Assembling the ctai/1 document from the contract part and the action sheets."""

from __future__ import annotations

from ctai.contracts.catalogues import BUDGET_FIELDS
from ctai.core.numbers import format_amount
from ctai.documents.reader.budget import budget_field, empty_budget, read_budget
from ctai.documents.reader.cells import regroup_cells
from ctai.documents.reader.contract import ContractPart, read_contract
from ctai.documents.reader.decoding import decode_with_bad_lines
from ctai.documents.reader.errors import ReadError
from ctai.documents.reader.formats import extract
from ctai.documents.reader.indicators import read_indicators
from ctai.documents.reader.lines import Line, split_lines
from ctai.documents.reader.review import ReviewList, coordinator_item
from ctai.documents.reader.sheets import read_general, same_body, title_suffix
from ctai.documents.reader.structure import (
    Sheet,
    find_articles,
    find_headings,
    find_sheets,
    header_year,
)
from ctai.documents.reader.unplaced import summary_reason, unplaced_tables

FORMAT = "ctai/1"
_BUDGET_ORDER = [
    *[f for f in BUDGET_FIELDS if f not in ("total_cost", "unit_cost")],
    "other_lines",
    "total_cost",
    "unit_cost",
    "unit_cost_text",
    "comment",
]


def _budget_bounds(lines: list[Line], sheet: Sheet) -> tuple[int, int] | None:
    bounds = sheet.section("budget")
    if bounds is not None:
        heading = lines[bounds[0] - 1]
        if len(heading.cells) > 1 and budget_field(heading.key) is not None:
            # "Budget prévisionnel total | 40 000": the heading is a row of the table.
            return bounds[0] - 1, bounds[1]
        return bounds
    # No "Budget prévisionnel" heading: start at the first row that is a budget row.
    stop = sheet.sections.get("indicators", sheet.end)
    for index in range(sheet.heading.index + 1, stop):
        line = lines[index]
        if len(line.cells) > 1 and budget_field(line.key) in ("p104_subsidy", "total_cost"):
            return index, stop
    return None


def _year(
    lines: list[Line], sheet: Sheet, part: ContractPart, action: dict, sources: dict[str, int]
) -> None:
    found = header_year(lines, sheet)
    if found is not None:
        action["year"], sources["year"] = found[0], found[1].no
    elif part.programme_year is not None:
        action["year"] = part.programme_year
        if part.programme_line is not None:
            sources["year"] = part.programme_line


def _operator(
    lines: list[Line],
    sheet: Sheet,
    part: ContractPart,
    action: dict,
    sources: dict[str, int],
    review: ReviewList,
) -> None:
    """Operator from the title when the sheet names none; a disagreement goes to review."""
    number = action["number"]
    candidates = [(title_suffix(action["title"]), lines[sheet.heading.index])]
    candidates += [(title_suffix(title), line) for title, line in part.entry_titles.get(number, [])]
    suffix = next(((name, line) for name, line in candidates if name), None)
    operator = action["operator"]
    if operator is None and suffix is not None:
        action["operator"], sources["operator"] = suffix[0], suffix[1].no
    elif operator and suffix is not None and not same_body(operator, suffix[0]):
        line = lines[sources["operator"] - 1]
        review.add(
            line,
            f"Le porteur indiqué (« {operator} ») diffère de celui du titre "
            f"(« {suffix[0]} », ligne {suffix[1].no}).",
            action=number,
            field="operator",
        )
    detail = action["operator_kind_detail"]
    if detail and action["operator"] and not same_body(detail, action["operator"]):
        review.add(
            lines[sources["operator_kind"] - 1],
            f"La précision du portage (« {detail} ») ne désigne pas le porteur de l'action "
            f"(« {action['operator']} »).",
            action=number,
            field="operator_kind",
        )


def _regroup(
    lines: list[Line], bounds: tuple[int, int], number: int, field: str, review: ReviewList
) -> None:
    """Tables copied one cell per line put back into rows; the ambiguous ones to review."""
    for ambiguous in regroup_cells(lines, *bounds):
        review.add(
            ambiguous.lines[0],
            ambiguous.reason,
            action=number,
            field=field,
            text=" | ".join(line.text for line in ambiguous.lines),
        )


def read_action(lines: list[Line], sheet: Sheet, part: ContractPart, review: ReviewList) -> dict:
    number = sheet.heading.number
    general = read_general(lines, sheet, review)
    action, sources = general.data, general.sources
    _year(lines, sheet, part, action, sources)
    heading_line = lines[sheet.heading.index]
    budget = empty_budget()
    bounds = _budget_bounds(lines, sheet)
    if bounds is None:
        review.add(
            heading_line,
            "Rubrique « Budget prévisionnel » introuvable : la fiche est peut-être incomplète.",
            action=number,
            field="budget",
        )
    else:
        _regroup(lines, bounds, number, "budget", review)
        budget, budget_sources = read_budget(lines, bounds[0], bounds[1], number, review)
        sources.update(budget_sources)
        if not any(key.startswith("budget.") and key != "budget.comment" for key in sources):
            review.add(
                lines[bounds[0] - 1],
                "Aucun montant lu dans le budget de cette fiche : tableau non reconnu ou vide, "
                "à compléter.",
                action=number,
                field="budget",
            )
    indicators: list[dict[str, object]] = []
    bounds = sheet.section("indicators")
    if bounds is None:
        review.add(
            heading_line,
            "Rubrique « Indicateurs de suivi et d'évaluation » introuvable : la fiche est "
            "peut-être incomplète.",
            action=number,
            field="indicators",
        )
    else:
        _regroup(lines, bounds, number, "indicators", review)
        indicators, heading_themes = read_indicators(lines, bounds[0], bounds[1], number, review)
        for theme, line_no in heading_themes.items():
            if theme not in action["themes"]:
                action["themes"].append(theme)
                sources[f"themes.{theme}"] = line_no
    _operator(lines, sheet, part, action, sources, review)
    if action["year"] is None:
        review.add(
            heading_line,
            "Année de programmation introuvable pour cette fiche.",
            action=number,
            field="year",
        )
    action["budget"] = {key: budget[key] for key in _BUDGET_ORDER}
    action["indicators"] = indicators
    action["sources"] = dict(sorted(sources.items(), key=lambda item: item[1]))
    return action


def _axes(part: ContractPart) -> list[dict[str, object]]:
    return [
        {
            "number": axis.number,
            "title": axis.title,
            "declared_amount": format_amount(axis.amount),
            "actions": list(axis.actions),
            "operators": {str(n): name for n, name in sorted(axis.operators.items())},
        }
        for axis in sorted(part.axes.values(), key=lambda a: a.number)
    ]


def _never_silent(
    lines: list[Line],
    part: ContractPart,
    entries: list,
    actions: list[dict],
    review: ReviewList,
) -> None:
    """What the document announces and the reader did not find becomes a review item."""
    if part.data["coordinator"] is None:
        review.items.append(coordinator_item())
    found = {action["number"] for action in actions}
    entry_lines = {}
    for entry in entries:
        entry_lines.setdefault(entry.number, lines[entry.index])
    for axis in sorted(part.axes.values(), key=lambda a: a.number):
        for number in axis.actions:
            if number not in found:
                review.add(
                    entry_lines.get(number),
                    f"Fiche action n° {number} annoncée dans l'axe {axis.number} mais "
                    "introuvable dans le document : aucune valeur n'a pu être lue pour elle.",
                    action=number,
                    field=None,
                )


def read_lines(lines: list[Line]) -> dict[str, object]:
    sheets, entries = find_sheets(lines, find_headings(lines))
    if not sheets:
        raise ReadError("Aucune fiche action trouvée dans le document.")
    review = ReviewList()
    for entry in entries:
        if entry.index > sheets[0].heading.index:
            # A heading among the sheets with no section under it: a cut or empty sheet.
            review.add(
                lines[entry.index],
                "Titre de fiche action sans aucune rubrique du modèle : fiche tronquée ou "
                "vide, non lue.",
                action=entry.number,
                field=None,
            )
    contract_end = sheets[0].header_start
    part = read_contract(lines, contract_end, find_articles(lines, contract_end), entries, review)
    actions = []
    seen: set[int] = set()
    for sheet in sheets:
        if sheet.heading.number in seen:
            review.add(
                lines[sheet.heading.index],
                "Numéro de fiche action déjà utilisé par une fiche précédente : les deux "
                "fiches sont conservées, à vérifier.",
                action=sheet.heading.number,
                field="number",
            )
        seen.add(sheet.heading.number)
        actions.append(read_action(lines, sheet, part, review))
    _never_silent(lines, part, entries, actions, review)
    data = part.data
    contract = {
        "title": data["title"],
        "territory": data["territory"],
        "start": data["start"],
        "end": data["end"],
        "coordinator": data["coordinator"],
        "parties": data["parties"],
        "state_envelopes": [
            {"year": e["year"], "amount": format_amount(e["amount"])}
            for e in data["state_envelopes"]
        ],
        "payment_account": data["payment_account"],
        "governance": data["governance"],
        "axes": _axes(part),
        "actions": actions,
        "sources": dict(sorted(part.sources.items(), key=lambda item: item[1])),
        "review": review.items,
    }
    cited: set[int] = set()
    _cited_lines(contract, cited)
    for table in unplaced_tables(lines, sheets, part.free_text, cited):
        reason = summary_reason(table, actions)
        review.add(table.rows[0], reason, action=table.sheet, field="table", text=table.text)
    contract["review"] = review.sorted()
    return {"format": FORMAT, "contract": contract}


def _cited_lines(value: object, found: set[int]) -> None:
    """Every line number the document cites (sources, review items, rows)."""
    if isinstance(value, dict):
        for key, sub in value.items():
            if key == "sources" and isinstance(sub, dict):
                found.update(v for v in sub.values() if isinstance(v, int))
            elif key == "line" and isinstance(sub, int):
                found.add(sub)
            else:
                _cited_lines(sub, found)
    elif isinstance(value, list):
        for sub in value:
            _cited_lines(sub, found)


def _source(document: dict, kind: str, locations: list[str] | None) -> dict[str, object]:
    """Where the lines come from: the file's kind and, for office files and PDF, the place
    in the original file of every line cited ("12" → "§ 12", "tableau 3, ligne 4")."""
    if locations is None:
        return {"kind": kind, "locations": None}
    cited: set[int] = set()
    _cited_lines(document["contract"], cited)
    return {
        "kind": kind,
        "locations": {
            str(no): locations[no - 1] for no in sorted(cited) if 0 < no <= len(locations)
        },
    }


def _review_bad_bytes(document: dict, lines: list[Line], bad_lines: list[int]) -> None:
    """Each line whose bytes were not UTF-8 (read with « � » in place of the bad bytes)."""
    if not bad_lines:
        return
    by_number = {line.no: line for line in lines}
    review = ReviewList()
    for number in bad_lines:
        line = by_number.get(number)
        review.add(
            line,
            f"Ligne {number} : octets illisibles (ni UTF-8 ni texte), remplacés par « � » ; "
            "vérifiez cette ligne dans le document d'origine.",
            text=None if line is not None else "",
        )
        if line is None:
            review.items[-1]["line"] = number
    contract = document["contract"]
    contract["review"] = sorted(
        [*contract["review"], *review.items], key=lambda item: item["line"] or 0
    )


def read_document(data: bytes | str) -> dict[str, object]:
    """Read a CTAI document (Word, OpenDocument, PDF or text export) into a ctai/1 dict.

    Raises :class:`ReadError` when the file cannot be read at all; anything the reader
    could read but not place with confidence is listed in ``contract["review"]``.
    """
    try:
        extracted = extract(data)
    except ReadError:
        raise
    except Exception as error:
        # A converter bug or a library's own exception must end in a French message.
        raise ReadError(
            "Le fichier n'a pas pu être ouvert à cause d'une erreur interne du lecteur "
            f"({type(error).__name__}) ; merci de le signaler."
        ) from error
    text, bad_lines = decode_with_bad_lines(extracted.text)
    lines = split_lines(text)
    try:
        document = read_lines(lines)
        _review_bad_bytes(document, lines, bad_lines)
        document["source"] = _source(document, extracted.kind, extracted.locations)
        return document
    except ReadError:
        raise
    except Exception as error:
        # A reader bug must not surface as a server error on upload: say it plainly.
        raise ReadError(
            "Le document n'a pas pu être lu à cause d'une erreur interne du lecteur "
            f"({type(error).__name__}) ; merci de le signaler."
        ) from error
