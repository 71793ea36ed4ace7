"""Password strength as the CNIL recommends (délibération 2022-100): about 80 bits of entropy.

Accepted: 12 characters or more mixing the four kinds (lower case, upper case, digits,
symbols); 14 or more mixing three; or a passphrase of 20 or more.
"""

import string

from django.core.exceptions import ValidationError

RULE = (
    "Le mot de passe doit compter au moins 12 caractères mêlant minuscules, majuscules, "
    "chiffres et caractères spéciaux, ou 14 caractères avec trois de ces quatre types, "
    "ou être une phrase de passe d'au moins 20 caractères."
)


def character_kinds(password: str) -> int:
    kinds = [
        any(c.islower() for c in password),
        any(c.isupper() for c in password),
        any(c.isdigit() for c in password),
        any(not c.isalnum() or c in string.punctuation for c in password),
    ]
    return sum(kinds)


class CnilPasswordValidator:
    def validate(self, password: str, user=None) -> None:
        length, kinds = len(password), character_kinds(password)
        if length >= 20 or (length >= 14 and kinds >= 3) or (length >= 12 and kinds == 4):
            return
        raise ValidationError(RULE, code="password_too_weak")

    def get_help_text(self) -> str:
        return RULE
