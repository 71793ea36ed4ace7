"""French validators for identifiers, on top of python-stdnum."""

from django.core.exceptions import ValidationError
from stdnum import bic, iban
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siret


def validate_siret(value: str) -> None:
    try:
        siret.validate(value)
    except StdnumError as error:
        raise ValidationError(
            "Numéro SIRET invalide : 14 chiffres attendus, clé de contrôle comprise.",
            code="invalid_siret",
        ) from error


def validate_iban(value: str) -> None:
    try:
        iban.validate(value)
    except StdnumError as error:
        raise ValidationError(
            "IBAN invalide : vérifiez le code pays, la longueur et la clé de contrôle.",
            code="invalid_iban",
        ) from error


def validate_bic(value: str) -> None:
    try:
        bic.validate(value)
    except StdnumError as error:
        raise ValidationError(
            "BIC invalide : 8 ou 11 caractères attendus (banque, pays, localité, agence).",
            code="invalid_bic",
        ) from error


def compact_iban(value: str) -> str:
    return iban.compact(value)
