"""The contract's versions (tel que signé, après avenant n° 1, ...) and the difference of two.

A version is the contract's ctai/1 document (``ctai.exchange.export``) as it stood: taken at
the first import of its document (or, for a contract entered otherwise, before its first
amendment is applied) and after each applied amendment. The difference compares two
documents figure by figure and text by text, in French.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from ctai.amendments.models import Amendment, ContractVersion
from ctai.budget.models import LABELS as BUDGET_LABELS
from ctai.contracts.catalogues import BUDGET_FIELDS
from ctai.contracts.models import Contract
from ctai.core.money import euros
from ctai.exchange.export import contract_queryset, contract_to_document
from ctai.indicators.models import IndicatorDefinition

AS_SIGNED = "Contrat tel que signé"
EMPTY = "(vide)"
SHEET_TEXTS = [
    ("title", "Intitulé"),
    ("axis", "Axe"),
    ("operator", "Porteur"),
    ("description", "Description"),
    ("calendar", "Calendrier"),
    ("territory", "Territoire"),
]


def budget_label(field: str) -> str:
    return BUDGET_LABELS[field]


def document_of(contract: Contract) -> dict[str, Any]:
    return contract_to_document(contract_queryset().get(pk=contract.pk))


def ensure_initial_version(contract: Contract, *, imported: bool = False) -> ContractVersion:
    """The first version, taken now when the contract has none yet: "as signed" at the first
    import of its document; otherwise (a contract entered by hand, or imported before
    versions were kept) the page says when it was taken rather than claim it is the signed
    text."""
    found = ContractVersion.objects.filter(contract=contract, number=0).first()
    if found is not None:
        return found
    label = (
        AS_SIGNED
        if imported
        else f"Contrat au {timezone.localdate():%d/%m/%Y} (première version conservée)"
    )
    return ContractVersion.objects.create(
        contract=contract, number=0, label=label, document=document_of(contract)
    )


def record_version(amendment: Amendment, before: dict[str, Any]) -> ContractVersion:
    """The version the applied ``amendment`` leaves (après avenant n° X); ``before``: the
    contract's document just before it was applied."""
    return ContractVersion.objects.create(
        contract=amendment.contract,
        number=amendment.number,
        amendment=amendment,
        label=f"Après avenant n° {amendment.number}",
        document=document_of(amendment.contract),
        document_before=before,
    )


# -- difference of two versions -------------------------------------------------------------


@dataclass(frozen=True)
class DiffRow:
    section: str  # "Contrat", "Axes", "Fiche n° 4 (2027)"
    what: str
    before: str
    after: str


def _amount(value: str | None) -> str:
    return EMPTY if value in (None, "") else euros(Decimal(value))


def _text(value: Any) -> str:
    return EMPTY if value in (None, "", []) else str(value)


def _compare(rows: list[DiffRow], section: str, what: str, before: str, after: str) -> None:
    if before != after:
        rows.append(DiffRow(section, what, before, after))


def _sheets(document: dict) -> dict[tuple[int, int], dict]:
    return {(a["year"], a["number"]): a for a in document["contract"]["actions"]}


def _indicator_key(indicator: dict) -> str:
    return indicator["code"] or indicator["label"] or ""


def _indicators(sheet: dict, names: dict[str, str]) -> dict[str, tuple[str, str]]:
    """key → (label, target as written)."""
    found = {}
    for indicator in sheet["indicators"]:
        label = indicator["label"] or names.get(indicator["code"] or "", "") or "(sans libellé)"
        target = indicator["target_text"] or indicator["target"] or ""
        found[_indicator_key(indicator)] = (label, target)
    return found


def _sheet_rows(rows: list[DiffRow], where: str, old: dict, new: dict, names) -> None:
    for key, label in SHEET_TEXTS:
        _compare(rows, where, label, _text(old[key]), _text(new[key]))
    for field in BUDGET_FIELDS:
        before, after = old["budget"][field], new["budget"][field]
        _compare(rows, where, budget_label(field), _amount(before), _amount(after))
    old_lines = {line["label"] or "": line["amount"] for line in old["budget"]["other_lines"]}
    new_lines = {line["label"] or "": line["amount"] for line in new["budget"]["other_lines"]}
    for label in [*old_lines, *[k for k in new_lines if k not in old_lines]]:
        before = _amount(old_lines[label]) if label in old_lines else "(absente)"
        after = _amount(new_lines[label]) if label in new_lines else "(absente)"
        _compare(rows, where, f"Ligne « {label or 'sans libellé'} »", before, after)
    old_targets, new_targets = _indicators(old, names), _indicators(new, names)
    for key in [*old_targets, *[k for k in new_targets if k not in old_targets]]:
        label = (new_targets.get(key) or old_targets[key])[0]
        before = _text(old_targets[key][1]) if key in old_targets else "(absent)"
        after = _text(new_targets[key][1]) if key in new_targets else "(absent)"
        _compare(rows, where, f"Valeur cible « {label} »", before, after)


def _sheet_name(sheet: dict) -> str:
    return f"Fiche n° {sheet['number']} ({sheet['year']})"


def difference(old: dict, new: dict) -> list[DiffRow]:
    """What differs from the ctai/1 document ``old`` to ``new``, in reading order."""
    rows: list[DiffRow] = []
    a, b = old["contract"], new["contract"]
    _compare(rows, "Contrat", "Intitulé", _text(a["title"]), _text(b["title"]))
    old_env = {e["year"]: e["amount"] for e in a["state_envelopes"]}
    new_env = {e["year"]: e["amount"] for e in b["state_envelopes"]}
    for year in sorted(old_env.keys() | new_env.keys()):
        before, after = _amount(old_env.get(year)), _amount(new_env.get(year))
        _compare(rows, "Contrat", f"Enveloppe de l'État {year}", before, after)
    old_axes = {x["number"]: x for x in a["axes"]}
    new_axes = {x["number"]: x for x in b["axes"]}
    for number in sorted(old_axes.keys() | new_axes.keys()):
        before, after = old_axes.get(number), new_axes.get(number)
        where = f"Axe {number}"
        if before is None or after is None:
            _compare(
                rows,
                "Axes",
                where,
                "(absent)" if before is None else before["title"],
                "(absent)" if after is None else after["title"],
            )
            continue
        _compare(rows, "Axes", f"{where} — intitulé", before["title"], after["title"])
        _compare(
            rows,
            "Axes",
            f"{where} — montant déclaré",
            _amount(before["declared_amount"]),
            _amount(after["declared_amount"]),
        )
    names = dict(IndicatorDefinition.objects.values_list("code", "label"))
    old_sheets, new_sheets = _sheets(old), _sheets(new)
    for key in sorted(old_sheets.keys() | new_sheets.keys()):
        before, after = old_sheets.get(key), new_sheets.get(key)
        if before is None:
            subsidy = _amount(after["budget"]["p104_subsidy"])
            added = f"ajoutée : {after['title']} (subvention P104 : {subsidy})"
            rows.append(DiffRow("Fiches", _sheet_name(after), "(absente)", added))
        elif after is None:
            rows.append(DiffRow("Fiches", _sheet_name(before), before["title"], "(retirée)"))
        else:
            _sheet_rows(rows, _sheet_name(after), before, after, names)
    return rows
