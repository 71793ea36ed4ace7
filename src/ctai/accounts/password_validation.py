"""Password strength as the CNIL recommends (délibération 2022-100): about 80 bits of entropy.

Accepted: 12 characters or more mixing the four kinds (lower case, upper case, digits,
symbols); 14 or more mixing three; or a passphrase of 20 or more. Whatever its length, a
password that repeats a motif, walks the keyboard (AZERTY, QWERTY rows, 123456, abcdef) or is a
common password (Django's English list and a French list, decorations removed) is refused: the
entropy the length promises is not there.
"""

import string
import unicodedata
from pathlib import Path

from django.contrib.auth.password_validation import CommonPasswordValidator
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


# Keyboard rows (AZERTY and QWERTY), the digits and the alphabet: three or more neighbours
# typed in a row, either way, are one "walk" (azertyuiop, qsdfghjklm, 123456, abcdef).
KEY_SEQUENCES = (
    "azertyuiop",
    "qsdfghjklm",
    "wxcvbn",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "1234567890",
    "abcdefghijklmnopqrstuvwxyz",
)
WALK_MIN = 3
LEET = str.maketrans("0134578@$!", "oieastbasi")
EDGES = "0123456789" + string.punctuation + " "


def walk_covered(password: str) -> int:
    """How many characters of ``password`` belong to a keyboard walk or alphabet run."""
    text = password.lower()
    covered = [False] * len(text)
    for sequence in KEY_SEQUENCES:
        for row in (sequence, sequence[::-1]):
            start = 0
            while start < len(text):
                end = start
                while end + 1 < len(text) and row.find(text[end] + text[end + 1]) >= 0:
                    end += 1
                if end - start + 1 >= WALK_MIN:
                    covered[start : end + 1] = [True] * (end - start + 1)
                start = end + 1
    return sum(covered)


def is_repetition(password: str) -> bool:
    """A short unit repeated (aaaa…, Ab1!Ab1!Ab1!, motdepassemotdepasse) or too few distinct
    characters to carry the length's strength."""
    text = password.lower()
    for size in range(1, len(text) // 2 + 1):
        if text == (text[:size] * (len(text) // size + 1))[: len(text)]:
            return True
    return len(set(text)) < 6


def core_word(password: str) -> str:
    """The word under the decoration: lower case, no accents, digits and symbols stripped
    from both ends, leetspeak read back (« P@ssw0rd2024! » → « password »)."""
    plain = unicodedata.normalize("NFKD", password.lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return plain.strip(EDGES).translate(LEET).strip(EDGES)


class PatternPasswordValidator:
    """Refuses repetitions and keyboard walks, whatever their length and mix of characters."""

    def validate(self, password: str, user=None) -> None:
        if is_repetition(password):
            raise ValidationError(
                "Ce mot de passe répète les mêmes caractères ou le même motif : il se devine "
                "vite. Choisissez une suite sans répétition, par exemple plusieurs mots.",
                code="password_repetition",
            )
        if walk_covered(password) * 2 >= len(password):
            raise ValidationError(
                "Ce mot de passe suit les touches du clavier ou l'alphabet (azerty, qwerty, "
                "123456, abcdef) : il est dans toutes les listes d'attaque.",
                code="password_keyboard_walk",
            )

    def get_help_text(self) -> str:
        return "Pas de répétition (aaaa, Ab1!Ab1!) ni de suite de touches (azerty, 123456)."


class CommonPasswordsValidator(CommonPasswordValidator):
    """Django's list of common (English) passwords plus a French one shipped with CTAI;
    the password and its core word (digits, symbols and leetspeak removed) are compared."""

    FRENCH = Path(__file__).resolve().parent / "common-passwords-fr.txt"

    def __init__(self, password_list_path=CommonPasswordValidator.DEFAULT_PASSWORD_LIST_PATH):
        super().__init__(password_list_path)
        lines = self.FRENCH.read_text(encoding="utf-8").splitlines()
        self.passwords |= {line.strip() for line in lines if line and not line.startswith("#")}

    def validate(self, password: str, user=None) -> None:
        candidates = {password.lower().strip(), core_word(password)}
        if candidates & self.passwords:
            raise ValidationError(
                "Ce mot de passe (ou le mot qu'il décore de chiffres et de symboles) fait "
                "partie des mots de passe les plus courants : choisissez-en un autre.",
                code="password_too_common",
            )

    def get_help_text(self) -> str:
        return "Pas un mot de passe courant (motdepasse, soleil, password…), même décoré."
