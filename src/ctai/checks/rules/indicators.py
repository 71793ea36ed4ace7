"""Indicator rules (section 9 of the fiche action).

- ``indicators.breakdown``: the "dont" rows of the catalogue (``parent`` in
  ``ctai.indicators.catalogue``) never exceed their parent, nor do the sums of rows that split
  the parent into disjoint groups (hommes + femmes; BPI hommes + BPI femmes). BPI + BPT above
  the total is an alerte (a person cannot be both, but the rows may count entries, not people).
  Targets written as a percentage are shares and never compared with counts.
- ``indicators.missing_targets``: a ticked theme whose section of the catalogue has indicators
  but none of the sheet's rows of that section has a target (number or words). Themes without
  a standard table ("promotion", "accompagnement_global") are not checked; "francais_pro"
  uses the French-learning section.
- ``indicators.no_beneficiaries``: no target for eligible beneficiaries nor for integration
  actors trained. Sheets whose only theme is the coordination of the contract are exempt (a
  coordinator's post serves the contract, not people directly).
"""

from collections.abc import Iterator
from decimal import Decimal

from ctai.checks.enums import Severity
from ctai.checks.findings import Finding
from ctai.checks.rules.common import action_finding, actions, as_list, source_lines
from ctai.checks.rules.targets import has_target, indicator_rows, numeric_targets
from ctai.contracts.catalogues import THEME_LABELS
from ctai.core.money import count, figure
from ctai.indicators.catalogue import INDICATOR_BY_CODE, INDICATORS, SECTION_LABELS

# Disjoint groups whose sum cannot exceed their parent: (members, parent, severity).
SPLITS: list[tuple[tuple[str, ...], str, str]] = [
    (("ben_men", "ben_women"), "ben_total", Severity.ERREUR),
    (("ben_bpi_men", "ben_bpi_women"), "ben_bpi", Severity.ERREUR),
    (("ben_bpi", "ben_bpt"), "ben_total", Severity.ALERTE),
]
THEME_SECTIONS = {"francais_pro": "francais"}
SECTIONS_WITH_INDICATORS = {i.section for i in INDICATORS}
NO_BENEFICIARY_THEMES = {"coordination"}


def _label(code: str) -> str:
    return f"« {INDICATOR_BY_CODE[code].label} »"


def check_breakdown(contract: dict) -> Iterator[Finding]:
    """``indicators.breakdown``: a breakdown above its total (erreur, or alerte for BPI+BPT)."""
    for action in actions(contract):
        targets = numeric_targets(action)
        exceeded: set[tuple[str, str]] = set()
        for code, (value, lines) in targets.items():
            definition = INDICATOR_BY_CODE.get(code)
            if definition is None or definition.parent not in targets:
                continue
            parent_value, parent_lines = targets[definition.parent]
            if value > parent_value:
                exceeded.add((code, definition.parent))
                yield action_finding(
                    action,
                    "indicators.breakdown",
                    Severity.ERREUR,
                    f"{_label(code)} ({count(value)}) dépasse "
                    f"{_label(definition.parent)} ({count(parent_value)}) : une partie ne peut "
                    f"dépasser son total ; corrigez la répartition, ou portez le total à au "
                    f"moins {count(value)}.",
                    figures={code: figure(value), definition.parent: figure(parent_value)},
                    lines=(*lines, *parent_lines),
                )
        for group, parent, severity in SPLITS:
            if parent not in targets or any(c not in targets for c in group):
                continue
            if any((c, parent) in exceeded for c in group):
                continue  # one member alone already exceeds: reported above
            parent_value, parent_lines = targets[parent]
            total = sum((targets[c][0] for c in group), Decimal(0))
            if total <= parent_value:
                continue
            parts = " + ".join(f"{_label(c)} ({count(targets[c][0])})" for c in group)
            why = (
                " (une personne ne peut être à la fois BPI et BPT)"
                if severity == Severity.ALERTE
                else ""
            )
            yield action_finding(
                action,
                "indicators.breakdown",
                severity,
                f"{parts} = {count(total)} dépasse {_label(parent)} ({count(parent_value)})"
                f"{why} : corrigez la répartition, ou portez le total à au moins {count(total)}.",
                figures={
                    **{c: figure(targets[c][0]) for c in group},
                    "sum": figure(total),
                    parent: figure(parent_value),
                },
                lines=(*parent_lines, *(x for c in group for x in targets[c][1])),
            )


def _row_section(row: dict) -> str | None:
    code, section = row.get("code"), row.get("section")
    if isinstance(code, str) and code in INDICATOR_BY_CODE:
        return INDICATOR_BY_CODE[code].section
    return section if isinstance(section, str) else None


def check_missing_targets(contract: dict) -> Iterator[Finding]:
    """``indicators.missing_targets`` (alerte): a ticked theme without any target in its
    section."""
    for action in actions(contract):
        rows = indicator_rows(action)
        with_target = {_row_section(r) for r in rows if has_target(r)}
        for theme in as_list(action.get("themes")):
            if not isinstance(theme, str):
                continue
            section = THEME_SECTIONS.get(theme, theme)
            if section not in SECTIONS_WITH_INDICATORS or section in with_target:
                continue
            example = next(i.label for i in INDICATORS if i.section == section)
            yield action_finding(
                action,
                "indicators.missing_targets",
                Severity.ALERTE,
                f"La thématique « {THEME_LABELS.get(theme, theme)} » est cochée, mais aucun "
                f"indicateur de la section « {SECTION_LABELS[section]} » n'a de valeur-cible : "
                f"renseignez au moins un objectif (par exemple « {example} »), ou décochez la "
                f"thématique.",
                figures={"theme": theme},
                lines=source_lines(action, f"themes.{theme}", "themes"),
            )


def check_no_beneficiaries(contract: dict) -> Iterator[Finding]:
    """``indicators.no_beneficiaries`` (alerte): nobody the action is meant to serve."""
    for action in actions(contract):
        themes = {t for t in as_list(action.get("themes")) if isinstance(t, str)}
        if themes and themes <= NO_BENEFICIARY_THEMES:
            continue
        rows = indicator_rows(action)
        if any(r.get("code") in ("ben_total", "actors_trained") and has_target(r) for r in rows):
            continue
        yield action_finding(
            action,
            "indicators.no_beneficiaries",
            Severity.ALERTE,
            "Aucun objectif de bénéficiaires : ni le nombre total d'étrangers éligibles "
            "bénéficiaires, ni le nombre d'acteurs de l'intégration formés n'a de valeur-cible. "
            "Indiquez qui l'action sert et combien (ou cochez seulement la thématique "
            "« Ingénierie / Coordination » s'il s'agit du pilotage du contrat).",
            lines=source_lines(action, "indicators"),
        )


RULES = [check_breakdown, check_missing_targets, check_no_beneficiaries]
