"""Validating a year's programmation: from then on, budgets and targets change with a reason."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ctai.accounts import permissions
from ctai.contracts.models import AnnualEnvelope, Contract


@transaction.atomic
def programmation_validate(*, actor, contract: Contract, year: int) -> AnnualEnvelope:
    if contract.coordinator_id is None:
        raise ValidationError(
            "L'organisation coordinatrice du contrat n'est pas renseignée : complétez-la "
            "avant de valider la programmation."
        )
    if not permissions.is_coordinator(actor, contract):
        raise PermissionDenied("Seule la coordination du contrat valide la programmation.")
    envelope = (
        AnnualEnvelope.objects.select_for_update().filter(contract=contract, year=year).first()
    )
    if envelope is None:
        raise ValidationError(
            f"Pas d'enveloppe de l'État pour {year} : la programmation ne peut être validée."
        )
    if envelope.programmation_validated_at is None:
        envelope.programmation_validated_at = timezone.now()
        envelope.programmation_validated_by = actor
        envelope.save(update_fields=["programmation_validated_at", "programmation_validated_by"])
    return envelope
