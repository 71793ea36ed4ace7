"""The State envelope of each programmation year against the P104 subsidies of that year.

Available P104 money for a year = that year's state envelope (article 3) + the carry-overs
(reliquats of year n-1, ``p104_carryover``) written on that year's sheets (article 4 allows
unspent amounts to be carried over). A year without envelope is reported by
``contract.envelopes``, not here; a year whose sheets give no P104 subsidy is not checked.
"""

from collections.abc import Iterator
from decimal import Decimal

from ctai.budget.figures import from_action
from ctai.checks.enums import Severity
from ctai.checks.findings import Finding
from ctai.checks.rules.common import (
    actions,
    amount,
    as_dict,
    as_list,
    contract_finding,
    integer,
    source_lines,
    year,
)
from ctai.core.money import euros, figure, total


def envelopes_by_year(contract: dict) -> dict[int, Decimal]:
    """year -> amount (the first envelope given for a year; duplicates are another rule)."""
    result: dict[int, Decimal] = {}
    for entry in as_list(contract.get("state_envelopes")):
        entry = as_dict(entry)
        envelope_year, value = integer(entry.get("year")), amount(entry, "amount")
        if envelope_year is not None and value is not None:
            result.setdefault(envelope_year, value)
    return result


def check_envelope(contract: dict) -> Iterator[Finding]:
    """``envelope.exceeded`` (erreur) / ``envelope.unallocated`` (info), per year."""
    envelopes = envelopes_by_year(contract)
    by_year: dict[int, list[dict]] = {}
    for action in actions(contract):
        if (action_year := year(action)) is not None:
            by_year.setdefault(action_year, []).append(action)
    for programme_year in sorted(by_year):
        envelope = envelopes.get(programme_year)
        sheets = by_year[programme_year]
        money = [from_action(a) for a in sheets]
        subsidies = [m.subsidy for m in money if m.subsidy is not None]
        if envelope is None or not subsidies:
            continue
        requested = total(subsidies)
        carryover = total(m.carryover for m in money)
        available = envelope + carryover
        difference = requested - available
        if difference == 0:
            continue
        with_carryover = (
            f" + {euros(carryover)} de reliquats = {euros(available)}" if carryover else ""
        )
        figures = {
            "p104_requested": figure(requested),
            "envelope": figure(envelope),
            "carryover": figure(carryover),
            "available": figure(available),
            "difference": figure(difference),
        }
        envelope_lines = source_lines(contract, f"state_envelopes.{programme_year}")
        if difference > 0:
            yield contract_finding(
                "envelope.exceeded",
                Severity.ERREUR,
                f"Les subventions P104 demandées pour {programme_year} totalisent "
                f"{euros(requested)} ({len(subsidies)} fiches), pour une enveloppe de l'État de "
                f"{euros(envelope)}{with_carryover} : dépassement de {euros(difference)}. "
                f"Réduisez les subventions demandées de {euros(difference)}, ou mobilisez des "
                f"reliquats à hauteur de ce montant.",
                figures=figures,
                year=programme_year,
                lines=(
                    *envelope_lines,
                    *(
                        line
                        for a in sheets
                        for line in source_lines(a, "budget.p104_subsidy", "budget.p104_carryover")
                    ),
                ),
            )
        else:
            yield contract_finding(
                "envelope.unallocated",
                Severity.INFO,
                f"Les subventions P104 demandées pour {programme_year} totalisent "
                f"{euros(requested)}, pour une enveloppe de l'État de {euros(envelope)}"
                f"{with_carryover} : {euros(-difference)} restent à programmer (ou pourront "
                f"être reportés à l'exercice suivant).",
                figures=figures,
                year=programme_year,
                lines=envelope_lines,
            )


RULES = [check_envelope]
