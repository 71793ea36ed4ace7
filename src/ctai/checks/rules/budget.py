"""Budget rules of one action sheet (section 8, "Budget prévisionnel").

How resources are added up (and how extra lines are read) is documented in
``ctai.budget.figures``. One euro is reported once: a shortfall between resources and
total cost is the ``budget.resources_total`` error; ``budget.funding_gap`` only names the lines
that are listed as resources but not secured yet ("Recherche de financement en cours"...).
"""

import re
from collections.abc import Iterator
from decimal import Decimal

from ctai.budget.figures import PARTS_OF, SHORT_LABELS, from_action
from ctai.checks.enums import Severity
from ctai.checks.findings import Finding
from ctai.checks.rules.common import (
    action_finding,
    actions,
    amount,
    budget,
    normalize,
    source_lines,
)
from ctai.checks.rules.unit_cost import check_unit_cost
from ctai.contracts.catalogues import BUDGET_FIELDS
from ctai.core.money import euros, figure, is_unreadable, percent

UNSECURED = re.compile(
    r"\b(recherche d|en recherche|a rechercher|a trouver|en cours|sollicit|a solliciter|"
    r"en attente|a confirmer|non confirme|non acquis|pas encore acquis|a obtenir|"
    r"hypothetique|en instruction|demandee?s?\b|escompte)"
)


def check_resources_total(contract: dict) -> Iterator[Finding]:
    """``budget.resources_total`` (erreur): resources ≠ total cost; ``budget.missing_total`` and
    ``budget.missing_resources`` (info) when one side is not filled."""
    for action in actions(contract):
        money = from_action(action)
        total = money.term("total_cost")
        if money.incomplete:
            continue
        if total is None:
            if money.terms and budget(action).get("total_cost") is None:
                yield action_finding(
                    action,
                    "budget.missing_total",
                    Severity.INFO,
                    f"Le coût total de l'action n'est pas renseigné alors que des ressources le "
                    f"sont ({money.describe_resources()} = {euros(money.resources)}) : indiquez "
                    f"le coût total pour que le budget puisse être vérifié.",
                    figures={"resources": figure(money.resources)},
                    lines=money.resource_lines,
                )
            continue
        resources = money.resources
        if resources is None:
            if total.amount != 0:
                yield action_finding(
                    action,
                    "budget.missing_resources",
                    Severity.INFO,
                    f"Aucune ressource n'est renseignée pour un coût total de "
                    f"{euros(total.amount)} : indiquez la subvention P104 demandée et les "
                    f"cofinancements.",
                    figures={"total_cost": figure(total.amount)},
                    lines=total.lines,
                )
            continue
        difference = total.amount - resources
        if difference == 0:
            continue
        reading = f" ({'; '.join(money.notes)})" if money.notes else ""
        compared = f"{money.describe_resources()} = {euros(resources)}{reading}"
        if difference > 0:
            message = (
                f"Les ressources ne couvrent pas le coût total : {compared}, pour un coût total "
                f"de {euros(total.amount)}. Il manque {euros(difference)} de ressources, ou le "
                f"coût total devrait être {euros(resources)}."
            )
            matches = [t for t in money.uncounted if t.amount == difference]
            if matches:
                message += (
                    f" L'écart correspond exactement à un montant qui n'est pas compté ici "
                    f"parce qu'il détaille un autre montant : {matches[0].describe()} ; "
                    f"vérifiez s'il s'ajoute aux ressources."
                )
        else:
            message = (
                f"Les ressources dépassent le coût total : {compared}, pour un coût total de "
                f"{euros(total.amount)}. Il y a {euros(-difference)} de ressources en trop : "
                f"réduisez-les d'autant, ou le coût total devrait être {euros(resources)}."
            )
        yield action_finding(
            action,
            "budget.resources_total",
            Severity.ERREUR,
            message,
            figures={
                "resources": figure(resources),
                "total_cost": figure(total.amount),
                "difference": figure(difference),
            },
            lines=(*money.resource_lines, *total.lines),
        )


WHOLE_PHRASES = {
    "local_contribution": "la contribution de la collectivité",
    "other_funders": "les contributions des autres financeurs",
}


def check_part_exceeds_whole(contract: dict) -> Iterator[Finding]:
    """``budget.part_exceeds_whole`` (erreur): a "dont" part, or the sum of the parts, above
    the amount it details (contribution de la collectivité, autres financeurs). The sum is only
    reported when no single part already exceeds the whole."""
    for action in actions(contract):
        money = from_action(action)
        for whole_field, part_fields in PARTS_OF.items():
            whole = money.term(whole_field)
            parts = money.present(part_fields)
            if whole is None or not parts:
                continue
            phrase = WHOLE_PHRASES[whole_field]
            over = [p for p in parts if p.amount > whole.amount]
            parts_sum = sum((p.amount for p in parts), Decimal(0))
            if over:
                message = (
                    f"Une part « dont » dépasse son total : {', '.join(p.describe() for p in over)}"
                    f" pour {phrase} de {euros(whole.amount)}. Une part ne peut excéder le tout :"
                    f" corrigez la part, ou portez {phrase} à au moins "
                    f"{euros(max(p.amount for p in over))}."
                )
            elif parts_sum > whole.amount:
                message = (
                    f"Les parts « dont » ({' + '.join(p.describe() for p in parts)} = "
                    f"{euros(parts_sum)}) dépassent {phrase} ({euros(whole.amount)}) de "
                    f"{euros(parts_sum - whole.amount)} : corrigez les parts, ou portez {phrase}"
                    f" à {euros(parts_sum)}."
                )
            else:
                continue
            yield action_finding(
                action,
                "budget.part_exceeds_whole",
                Severity.ERREUR,
                message,
                figures={whole_field: figure(whole.amount), "parts": figure(parts_sum)},
                lines=(*whole.lines, *(line for p in parts for line in p.lines)),
            )


def check_parts_vs_declared(contract: dict) -> Iterator[Finding]:
    """``budget.parts_vs_declared`` (alerte): the detail of the other funders (template parts,
    plus the extra lines when they are its detail) differs from the declared amount. Silent
    when the template parts alone exceed it (that is ``budget.part_exceeds_whole``)."""
    for action in actions(contract):
        detail = from_action(action).other_funders_detail()
        if detail is None:
            continue
        declared, details = detail
        detail_sum = sum((t.amount for t in details), Decimal(0))
        template_sum = sum((t.amount for t in details if t.field is not None), Decimal(0))
        if detail_sum == declared.amount or template_sum > declared.amount:
            continue
        difference = declared.amount - detail_sum
        if difference > 0:
            fix = f"il manque {euros(difference)} de détail"
        else:
            fix = f"le détail dépasse de {euros(-difference)}"
        yield action_finding(
            action,
            "budget.parts_vs_declared",
            Severity.ALERTE,
            f"Les contributions des autres financeurs sont déclarées pour "
            f"{euros(declared.amount)}, mais leur détail "
            f"({' + '.join(t.describe() for t in details)}) totalise {euros(detail_sum)} : "
            f"{fix} ; complétez le détail, ou le montant déclaré devrait être "
            f"{euros(detail_sum)}.",
            figures={
                "other_funders": figure(declared.amount),
                "detail": figure(detail_sum),
                "difference": figure(difference),
            },
            lines=(*declared.lines, *(line for t in details for line in t.lines)),
        )


def check_funding_gap(contract: dict) -> Iterator[Finding]:
    """``budget.funding_gap`` (alerte): resource lines not secured yet, named with their amount
    (label matching "recherche de financement", "en cours", "à trouver", "sollicité"...)."""
    for action in actions(contract):
        money = from_action(action)
        pending = [
            line for line in money.extra if line.label and UNSECURED.search(normalize(line.label))
        ]
        if not pending:
            continue
        known = [line.amount for line in pending if line.amount is not None]
        unsecured = sum(known, Decimal(0))
        listed = ", ".join(
            f"{line.name} ({'montant non indiqué' if line.amount is None else euros(line.amount)})"
            for line in pending
        )
        total = money.term("total_cost")
        figures = {"unsecured": figure(unsecured)}
        message = f"Ressources pas encore acquises : {listed}"
        if total is not None and total.amount > 0 and known:
            share = percent(unsecured, total.amount)
            message += f", soit {share} du coût total de {euros(total.amount)}"
            figures["total_cost"] = figure(total.amount)
        message += "."
        if not money.incomplete and len(known) == len(pending):
            secured = (money.resources or Decimal(0)) - unsecured
            figures["secured"] = figure(secured)
            message += (
                f" Tant qu'elles ne sont pas confirmées, l'action n'est financée qu'à hauteur de "
                f"{euros(secured)} : confirmez ces financements, ou prévoyez un budget "
                f"réduit à {euros(secured)}."
            )
        else:
            message += " Confirmez ces financements, ou prévoyez un budget réduit d'autant."
        yield action_finding(
            action,
            "budget.funding_gap",
            Severity.ALERTE,
            message,
            figures=figures,
            lines=(line for p in pending for line in p.lines),
        )


def check_negative_amount(contract: dict) -> Iterator[Finding]:
    """``budget.negative_amount`` (erreur): a budget amount below zero."""
    for action in actions(contract):
        b = budget(action)
        negatives = [
            (name, SHORT_LABELS[name], value, source_lines(action, f"budget.{name}"))
            for name in BUDGET_FIELDS
            if (value := amount(b, name)) is not None and value < 0
        ]
        negatives += [
            (f"other_lines.{index}", line.name, line.amount, line.lines)
            for index, line in enumerate(from_action(action).extra)
            if line.amount is not None and line.amount < 0
        ]
        if negatives:
            yield action_finding(
                action,
                "budget.negative_amount",
                Severity.ERREUR,
                "Montant négatif : "
                + ", ".join(f"{label} ({euros(value)})" for _, label, value, _ in negatives)
                + ". Un montant de budget est positif ou nul : corrigez la valeur.",
                figures={key: figure(value) for key, _, value, _ in negatives},
                lines=(line for *_, lines in negatives for line in lines),
            )


def check_unreadable_amount(contract: dict) -> Iterator[Finding]:
    """``budget.unreadable_amount`` (info): a value that is not an amount, or an extra line
    without amount; the sums that need it are then not checked."""
    for action in actions(contract):
        b = budget(action)
        problems = [
            (f"{SHORT_LABELS[name]} (« {b[name]} »)", source_lines(action, f"budget.{name}"))
            for name in BUDGET_FIELDS
            if is_unreadable(b.get(name))
        ]
        problems += [
            (f"{line.name} ({'aucun montant' if line.raw is None else f'« {line.raw} »'})", lines)
            for line in from_action(action).extra
            if line.amount is None and (lines := line.lines) is not None
        ]
        if problems:
            yield action_finding(
                action,
                "budget.unreadable_amount",
                Severity.INFO,
                "Montant illisible ou absent : "
                + ", ".join(label for label, _ in problems)
                + ". Les totaux du budget de cette fiche ne sont pas vérifiés : indiquez un "
                "montant en euros (ou supprimez la ligne).",
                lines=(line for _, lines in problems for line in lines),
            )


RULES = [
    check_resources_total,
    check_part_exceeds_whole,
    check_parts_vs_declared,
    check_funding_gap,
    check_unit_cost,
    check_negative_amount,
    check_unreadable_amount,
]
