"""Structure of the action sheets: numbering, programmation year, operator.

``action.operator_mismatch`` compares the operator written on a sheet with the one article 1
names after the sheet in its axis listing ("Fiche action n° 6 : … - Ville de Metz", kept in
``axes[].operators``). Names are compared loosely: case, accents and punctuation aside, one
name containing the other ("CASSIS" / "Centre de formation CASSIS", "GIP FTLV" /
"GIP-FTLV/ Maison du FLE", "Ville de Metz et CCAS" / "ville de Metz") is the same operator.

Numbers are unique within a programmation year (each annual programmation numbers its sheets
from 1, so the same number in two years is normal).
"""

import re
from collections.abc import Iterator

from ctai.checks.enums import Severity
from ctai.checks.findings import Finding
from ctai.checks.rules.common import (
    action_finding,
    actions,
    as_dict,
    as_list,
    contract_finding,
    integer,
    normalize,
    number,
    sheet_name,
    source_lines,
    text,
    upper_first,
    year,
    year_of_date,
)

CHOSEN_LATER = {"aap": "un appel à projets", "ami": "un appel à manifestation d'intérêt"}


def _title(action: dict) -> str:
    title = text(action.get("title"))
    return f"« {title} »" if title else "sans titre"


def check_numbers(contract: dict) -> Iterator[Finding]:
    """``action.duplicate_number`` (erreur): two sheets with one number in one year;
    ``action.missing_number`` (info): a sheet without number."""
    seen: dict[tuple[int, int | None], list[dict]] = {}
    for action in actions(contract):
        n = number(action)
        if n is None:
            yield contract_finding(
                "action.missing_number",
                Severity.INFO,
                f"Une fiche action n'a pas de numéro ({_title(action)}) : numérotez-la pour "
                f"qu'elle puisse être rattachée à son axe et suivie.",
                lines=source_lines(action, "number", "title"),
            )
            continue
        seen.setdefault((n, year(action)), []).append(action)
    for (n, programme_year), same in sorted(seen.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
        if len(same) > 1:
            titles = " et ".join(_title(a) for a in same)
            in_year = f" en {programme_year}" if programme_year is not None else ""
            yield action_finding(
                same[0],
                "action.duplicate_number",
                Severity.ERREUR,
                f"{len(same)} fiches portent le n° {n}{in_year} ({titles}) : renumérotez-les "
                f"pour que chaque fiche ait son propre numéro.",
                figures={"count": str(len(same))},
                lines=(x for a in same for x in source_lines(a, "number", "title")),
            )


def check_year(contract: dict) -> Iterator[Finding]:
    """``action.year_outside_period`` (erreur); ``action.missing_year`` (info)."""
    first, last = year_of_date(contract.get("start")), year_of_date(contract.get("end"))
    for action in actions(contract):
        programme_year = year(action)
        if programme_year is None:
            yield action_finding(
                action,
                "action.missing_year",
                Severity.INFO,
                f"{upper_first(sheet_name(action))} n'indique pas son année de programmation : "
                f"indiquez-la pour que sa subvention soit comparée à l'enveloppe de l'année.",
                lines=source_lines(action, "year", "title"),
            )
        elif first is not None and last is not None and not first <= programme_year <= last:
            yield action_finding(
                action,
                "action.year_outside_period",
                Severity.ERREUR,
                f"{upper_first(sheet_name(action))} est programmée en {programme_year}, hors de "
                f"la période du contrat ({first}-{last}) : corrigez l'année de programmation.",
                figures={"start": str(first), "end": str(last)},
                lines=source_lines(action, "year"),
            )


def check_operator(contract: dict) -> Iterator[Finding]:
    """``action.missing_operator``: no operator named (alerte; info when the operator is to be
    chosen by a call for projects or for expressions of interest)."""
    for action in actions(contract):
        if text(action.get("operator")):
            continue
        mode = text(action.get("selection_mode"))
        lines = source_lines(action, "operator", "operator_kind", "selection_mode")
        if mode in CHOSEN_LATER:
            yield action_finding(
                action,
                "action.missing_operator",
                Severity.INFO,
                f"Le porteur n'est pas encore nommé : il sera choisi par {CHOSEN_LATER[mode]}. "
                f"Indiquez-le une fois la sélection faite.",
                lines=lines,
            )
        else:
            yield action_finding(
                action,
                "action.missing_operator",
                Severity.ALERTE,
                "Le porteur de l'action n'est pas renseigné : indiquez la structure qui la met "
                "en œuvre (ou le mode de sélection, AAP ou AMI, s'il reste à choisir).",
                lines=lines,
            )


def _words(name: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", normalize(name)).split())


def same_operator(written: str, listed: str) -> bool:
    a, b = f" {_words(written)} ", f" {_words(listed)} "
    return bool(a.strip() and b.strip()) and (a in b or b in a)


def listed_operators(contract: dict) -> dict[int, tuple[int, str]]:
    """Sheet number → (axis number, operator named in article 1)."""
    named: dict[int, tuple[int, str]] = {}
    for axis in as_list(contract.get("axes")):
        if not isinstance(axis, dict) or (axis_number := integer(axis.get("number"))) is None:
            continue
        for key, operator in as_dict(axis.get("operators")).items():
            if (sheet := integer(key)) is not None and text(operator):
                named.setdefault(sheet, (axis_number, text(operator)))
    return named


def check_operator_listed(contract: dict) -> Iterator[Finding]:
    """``action.operator_mismatch`` (alerte): the operator written on a sheet is not the one
    article 1 names for it."""
    named = listed_operators(contract)
    for action in actions(contract):
        written = text(action.get("operator"))
        listing = named.get(number(action)) if number(action) is not None else None
        if not written or listing is None or same_operator(written, listing[1]):
            continue
        axis_number, listed = listing
        yield action_finding(
            action,
            "action.operator_mismatch",
            Severity.ALERTE,
            f"{upper_first(sheet_name(action))} a pour porteur « {written} », mais l'article 1 "
            f"du contrat la range sous l'axe {axis_number} avec le porteur « {listed} » : "
            f"corrigez le porteur de la fiche, ou la liste de l'article 1 (par avenant).",
            lines=(
                *source_lines(action, "operator"),
                *source_lines(contract, f"axes.{axis_number}.operators.{number(action)}"),
            ),
        )


RULES = [check_numbers, check_year, check_operator, check_operator_listed]
