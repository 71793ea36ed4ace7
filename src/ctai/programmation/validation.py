"""Validating a year's programmation: from then on, budgets and targets change with a reason.

Validating settles the year (docs/adr/0006-settled-figures.md). A year whose checks still
find errors (gravité « erreur ») is validated only on an explicit confirmation with a reason,
kept in the history (the audit event of the validation).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ctai.accounts import permissions
from ctai.checks.enums import Severity
from ctai.checks.services import check_contract
from ctai.contracts.models import AnnualEnvelope, Contract
from ctai.programmation.guards import reason_context


class OpenErrors(ValidationError):
    """The year's programmation still has errors: confirm, and say why."""

    def __init__(self, message: str, *, count: int):
        super().__init__(message, code="open_errors")
        self.count = count


def open_errors(contract: Contract, year: int) -> int:
    """The number of findings of gravité « erreur » about ``year`` (computed afresh)."""
    return sum(
        1 for f in check_contract(contract.pk) if f.severity == Severity.ERREUR and f.year == year
    )


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


@transaction.atomic
def programmation_validate(
    *,
    actor,
    contract: Contract,
    year: int,
    confirm: bool = False,
    reason: str | None = None,
) -> AnnualEnvelope:
    if not permissions.is_coordinator(actor, contract):
        raise PermissionDenied("Seule la coordination du contrat valide la programmation.")
    if contract.coordinator_id is None:
        raise ValidationError(
            "L'organisation coordinatrice du contrat n'est pas renseignée : complétez-la "
            "avant de valider la programmation."
        )
    envelope = (
        AnnualEnvelope.objects.select_for_update().filter(contract=contract, year=year).first()
    )
    if envelope is None:
        raise ValidationError(
            f"Pas d'enveloppe de l'État pour {year} : la programmation ne peut être validée."
        )
    if envelope.programmation_validated_at is not None:
        return envelope
    count = open_errors(contract, year)
    reason = (reason or "").strip()
    if count and not (confirm and reason):
        raise OpenErrors(
            f"La programmation {year} compte encore {plural(count, 'erreur')} de cohérence : "
            "corrigez-les, ou confirmez la validation malgré elles en indiquant le motif "
            "(conservé dans l'historique).",
            count=count,
        )
    with reason_context(reason):
        envelope.programmation_validated_at = timezone.now()
        envelope.programmation_validated_by = actor
        envelope.save(update_fields=["programmation_validated_at", "programmation_validated_by"])
    return envelope
