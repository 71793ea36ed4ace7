"""Model fields for money: ``DecimalField(max_digits=12, decimal_places=2)``, never negative."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models

non_negative = MinValueValidator(Decimal("0"), message="Le montant ne peut pas être négatif.")


def amount_field(verbose_name: str, **kwargs) -> models.DecimalField:
    """An amount in euros: nullable (null = not filled, distinct from 0), never negative."""
    kwargs.setdefault("null", True)
    kwargs.setdefault("blank", kwargs["null"])
    return models.DecimalField(
        verbose_name, max_digits=12, decimal_places=2, validators=[non_negative], **kwargs
    )


def non_negative_constraint(field: str, label: str, name_prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__isnull": True}) | models.Q(**{f"{field}__gte": 0}),
        name=f"{name_prefix}_{field}_non_negative",
        violation_error_message=f"« {label} » : le montant ne peut pas être négatif.",
        violation_error_code="negative_amount",
    )
