"""Correcting, before the import, the values the reader was not sure of (points à vérifier).

Pure Python on the ctai/1 dict: ``correctable(document)`` lists the review items that concern
a value a person can type (an amount, an indicator's target, the coordinator's or an
operator's name, an IBAN), with the value read; ``apply_correction`` writes the typed value
into the document. A corrected value loses its source line (it no longer comes from the
document) and its review item says what was typed, so the import stays never silent.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ctai.contracts.catalogues import BUDGET_LINES

AMOUNT, TEXT = "amount", "text"
BUDGET_LABELS = {name: label for name, label, _ in BUDGET_LINES}
CORRECTED = "Corrigé avant l'import : « {value} »."


@dataclass(frozen=True)
class Correctable:
    """A review item whose value can be typed: ``index`` in the review list, ``kind``
    (``AMOUNT`` or ``TEXT``), a French ``label``, and the value currently in the document."""

    index: int
    kind: str
    label: str
    value: Any


def _contract(document: dict) -> dict:
    return document.get("contract") or {}


def find_sheet(document: dict, number: Any, line: Any) -> dict | None:
    """The sheet a review item is about: by number, and when several programme years share
    that number, the one whose source lines come last before the item's line."""
    sheets = [a for a in _contract(document).get("actions") or [] if a.get("number") == number]
    if len(sheets) <= 1 or not isinstance(line, int):
        return sheets[0] if sheets else None

    def start(sheet: dict) -> int:
        lines = [v for v in (sheet.get("sources") or {}).values() if isinstance(v, int)]
        before = [v for v in lines if v <= line]
        return max(before) if before else -1

    return max(sheets, key=start)


def _target(document: dict, item: dict) -> tuple[str, str, dict, str] | None:
    """(kind, label, holder dict, key in holder) of the value an item is about, or None."""
    field = item.get("field") or ""
    contract = _contract(document)
    number = item.get("action")
    if field == "coordinator" and number is None:
        return TEXT, "Organisation coordinatrice", contract, "coordinator"
    if field == "payment_account.iban" and number is None:
        account = contract.setdefault("payment_account", {}) or {}
        contract["payment_account"] = account
        return TEXT, "IBAN du compte de versement", account, "iban"
    if field.startswith("state_envelopes.") and number is None:
        year = field.split(".", 1)[1]
        for envelope in contract.get("state_envelopes") or []:
            if str(envelope.get("year")) == year:
                return AMOUNT, f"Crédits de l'État {year}", envelope, "amount"
        return None
    if number is None:
        return None
    sheet = find_sheet(document, number, item.get("line"))
    if sheet is None:
        return None
    where = f"Fiche n° {number} ({sheet.get('year')})"
    if field == "operator":
        return TEXT, f"{where}, porteur", sheet, "operator"
    if field.startswith("budget."):
        name = field.split(".", 1)[1]
        if name not in BUDGET_LABELS:
            return None
        budget = sheet.setdefault("budget", {}) or {}
        sheet["budget"] = budget
        return (
            AMOUNT,
            f"{where}, {BUDGET_LABELS[name][:1].lower()}{BUDGET_LABELS[name][1:]}",
            (budget),
            name,
        )
    if field.startswith("indicators."):
        code = field.split(".", 1)[1]
        for indicator in sheet.get("indicators") or []:
            if indicator.get("code") == code:
                return AMOUNT, f"{where}, cible « {indicator.get('label')} »", indicator, "target"
    return None


def correctable(document: dict) -> list[Correctable]:
    found = []
    for index, item in enumerate(_contract(document).get("review") or []):
        target = _target(document, item)
        if target is not None:
            kind, label, holder, key = target
            found.append(Correctable(index, kind, label, holder.get(key)))
    return found


def apply_correction(document: dict, index: int, value: Decimal | str, typed: str) -> None:
    """Write ``value`` where review item ``index`` points; ``typed`` is what the person typed
    (kept in the item's reason). Does nothing if the item is not correctable."""
    items = _contract(document).get("review") or []
    if not 0 <= index < len(items):
        return
    item = items[index]
    target = _target(document, item)
    if target is None:
        return
    kind, _, holder, key = target
    if kind == AMOUNT:
        holder[key] = f"{Decimal(value):.2f}"
        if key == "target":
            holder["target_text"] = typed
    else:
        holder[key] = str(value).strip()
    # A typed value no longer comes from a line of the document.
    if key == "target":
        holder["line"] = None
    number = item.get("action")
    owner = (
        _contract(document) if number is None else find_sheet(document, number, item.get("line"))
    )
    (owner.get("sources") or {}).pop(item.get("field") or key, None)
    item.setdefault("read_reason", item.get("reason") or "")
    item["reason"] = f"{item['read_reason']} {CORRECTED.format(value=typed)}".strip()
    item["corrected"] = typed


# A sheet's texts a person may rewrite in the preview: key in the sheet → French label.
SHEET_TEXTS = {"title": "Intitulé", "description": "Description"}
TEXT_CORRECTED = "{label} de la fiche corrigé(e) avant l'import : « {value} »."


@dataclass(frozen=True)
class SheetText:
    """A sheet of the document (``index`` in its list of sheets) with its texts as read."""

    index: int
    number: Any
    year: Any
    title: str
    description: str


def sheet_texts(document: dict) -> list[SheetText]:
    return [
        SheetText(
            index,
            sheet.get("number"),
            sheet.get("year"),
            sheet.get("title") or "",
            sheet.get("description") or "",
        )
        for index, sheet in enumerate(_contract(document).get("actions") or [])
        if isinstance(sheet, dict)
    ]


def apply_sheet_text(document: dict, index: int, key: str, value: str) -> None:
    """Rewrite a sheet's title or description. The text read stays in a review item saying
    what was typed instead, stored with the contract at the import (never silent)."""
    contract = _contract(document)
    sheets = contract.get("actions") or []
    if key not in SHEET_TEXTS or not 0 <= index < len(sheets):
        return
    sheet = sheets[index]
    read = sheet.get(key) or ""
    sheet[key] = value
    line = (sheet.get("sources") or {}).pop(key, None)
    reason = TEXT_CORRECTED.format(label=SHEET_TEXTS[key], value=value)
    review = contract.setdefault("review", [])
    for item in review:
        if item.get("sheet_index") == index and item.get("field") == key:
            # Corrected again: the item keeps the text first read.
            item.update(reason=reason, corrected=value)
            return
    review.append(
        {
            "line": line if isinstance(line, int) else None,
            "action": sheet.get("number"),
            "field": key,
            "text": read,
            "reason": reason,
            "corrected": value,
            "sheet_index": index,
        }
    )
