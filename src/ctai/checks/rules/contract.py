"""Contract-level rules: payment account, period, state envelopes, contract amounts.

Deliberately not checked (no false alarm on correct data):
- *Sum of axis amounts vs the envelopes* (``contract.axes_total``): in Metz an axis amount is
  P104 subsidy + local contribution, so the axes total 239 875 € against a 170 000 € envelope
  on perfectly consistent figures. The meaningful comparisons are already made elsewhere: each
  axis against its sheets (``axis.declared_amount``) and the P104 subsidies of a year against
  that year's envelope (``envelope.exceeded``).
- *Share of P104 in the cost of an action* (``budget.p104_share``): no published State rule
  caps it (Metz sheets 1 and 2 are financed 50/50, most others 80/20); none is invented.
- *IBAN country vs BIC country*: French overseas banks use their territory's code in the BIC
  with an FR IBAN, so a mismatch is not an error.
"""

from collections.abc import Iterator

from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)

from ctai.checks.enums import Severity
from ctai.checks.findings import Finding
from ctai.checks.rules.common import (
    amount,
    as_dict,
    as_list,
    contract_finding,
    integer,
    source_lines,
    text,
    year_of_date,
)
from ctai.core.money import euros, figure

REASONS = {
    InvalidChecksum: "sa clé de contrôle est fausse (un chiffre est probablement mal recopié)",
    InvalidLength: "sa longueur n'est pas celle attendue",
    InvalidFormat: "il contient des caractères non autorisés ou mal placés",
    InvalidComponent: "un de ses éléments (pays, banque) n'existe pas",
}


def _reason(error: ValidationError) -> str:
    return next((r for cls, r in REASONS.items() if isinstance(error, cls)), "il est invalide")


def check_payment_account(contract: dict) -> Iterator[Finding]:
    """``contract.payment_account``: invalid IBAN or BIC (erreur), missing ones (info)."""
    account = as_dict(contract.get("payment_account"))
    missing = []
    for key, label, module in (("iban", "IBAN", stdnum_iban), ("bic", "BIC", stdnum_bic)):
        value = text(account.get(key))
        lines = source_lines(contract, f"payment_account.{key}")
        if value is None:
            missing.append(label)
            continue
        try:
            module.validate(value)
        except ValidationError as error:
            yield contract_finding(
                "contract.payment_account",
                Severity.ERREUR,
                f"Le {label} du compte de versement (« {value} ») n'est pas valide : "
                f"{_reason(error)}. Recopiez-le depuis le relevé d'identité bancaire du "
                f"bénéficiaire.",
                figures={key: value},
                lines=lines,
            )
    if text(account.get("holder")) is None:
        missing.append("titulaire")
    if missing:
        yield contract_finding(
            "contract.payment_account",
            Severity.INFO,
            f"Compte de versement incomplet ({', '.join(missing)} non renseigné"
            f"{'s' if len(missing) > 1 else ''}) : complétez-le d'après le relevé d'identité "
            f"bancaire pour que la contribution de l'État puisse être versée.",
            figures={"missing": ", ".join(missing)},
            lines=source_lines(contract, "payment_account"),
        )


def check_period(contract: dict) -> Iterator[Finding]:
    """``contract.period`` (erreur): the end of the contract precedes its start."""
    start, end = text(contract.get("start")), text(contract.get("end"))
    if start and end and len(start) == len(end) == 10 and end < start:
        yield contract_finding(
            "contract.period",
            Severity.ERREUR,
            f"Le contrat se termine le {end}, avant de commencer le {start} : corrigez les "
            f"dates de la période.",
            figures={"start": start, "end": end},
            lines=source_lines(contract, "start", "end"),
        )


def check_envelopes(contract: dict) -> Iterator[Finding]:
    """``contract.envelopes``: a year of the period without envelope (alerte), an envelope
    outside the period (erreur), a year given twice (erreur if the amounts differ, else
    alerte), an envelope without year or amount (info)."""
    first, last = year_of_date(contract.get("start")), year_of_date(contract.get("end"))
    seen: dict[int, list[str]] = {}
    for entry in as_list(contract.get("state_envelopes")):
        entry = as_dict(entry)
        year, value = integer(entry.get("year")), amount(entry, "amount")
        lines = source_lines(contract, f"state_envelopes.{year}")
        if year is None or value is None:
            yield contract_finding(
                "contract.envelopes",
                Severity.INFO,
                "Une enveloppe de l'État n'a pas d'année ou pas de montant lisible "
                f"(année : {year if year is not None else 'absente'}, montant : "
                f"{euros(value) if value is not None else 'absent'}) : complétez-la "
                f"d'après l'article 3.",
                lines=lines,
            )
            continue
        seen.setdefault(year, []).append(figure(value))
        if first is not None and last is not None and not first <= year <= last:
            yield contract_finding(
                "contract.envelopes",
                Severity.ERREUR,
                f"Une enveloppe de {euros(value)} est prévue pour {year}, hors de la période du "
                f"contrat ({first}-{last}) : corrigez l'année, ou la période du contrat.",
                figures={"year": str(year), "amount": figure(value)},
                lines=lines,
            )
    for year, values in sorted(seen.items()):
        if len(values) > 1:
            differ = len(set(values)) > 1
            yield contract_finding(
                "contract.envelopes",
                Severity.ERREUR if differ else Severity.ALERTE,
                f"L'enveloppe de l'État pour {year} est donnée {len(values)} fois"
                + (" avec des montants différents" if differ else "")
                + " : gardez une seule enveloppe par année.",
                figures={"year": str(year), "amounts": " ; ".join(values)},
                lines=source_lines(contract, f"state_envelopes.{year}"),
            )
    if first is not None and last is not None and first <= last:
        absent = [y for y in range(first, last + 1) if y not in seen]
        if absent:
            years = ", ".join(str(y) for y in absent)
            yield contract_finding(
                "contract.envelopes",
                Severity.ALERTE,
                f"Aucune enveloppe de l'État n'est indiquée pour {years}, alors que le contrat "
                f"court de {first} à {last} : reportez le montant prévisionnel de l'article 3 "
                f"pour chaque année.",
                figures={"missing_years": years},
                lines=source_lines(contract, "state_envelopes"),
            )


def check_negative_amount(contract: dict) -> Iterator[Finding]:
    """``contract.negative_amount`` (erreur): an envelope or an axis amount below zero."""
    for entry in as_list(contract.get("state_envelopes")):
        entry = as_dict(entry)
        value = amount(entry, "amount")
        if value is not None and value < 0:
            yield contract_finding(
                "contract.negative_amount",
                Severity.ERREUR,
                f"L'enveloppe de l'État pour {entry.get('year')} est négative ({euros(value)}) : "
                f"corrigez le montant.",
                figures={"amount": figure(value)},
                lines=source_lines(contract, f"state_envelopes.{entry.get('year')}"),
            )
    for axis in as_list(contract.get("axes")):
        axis = as_dict(axis)
        value = amount(axis, "declared_amount")
        if value is not None and value < 0:
            yield contract_finding(
                "contract.negative_amount",
                Severity.ERREUR,
                f"Le montant de l'axe {axis.get('number')} est négatif ({euros(value)}) : "
                f"corrigez le montant.",
                figures={"amount": figure(value)},
                lines=source_lines(contract, f"axes.{axis.get('number')}.declared_amount"),
            )


RULES = [check_payment_account, check_period, check_envelopes, check_negative_amount]
