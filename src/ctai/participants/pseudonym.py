"""The contract-wide pseudonym of a participant (pseudonyme).

A keyed hash (HMAC-SHA256) of the normalised names and the birth date: the same person typed
by two operators, with or without accents, in capitals, with hyphens or spaces, family name and
first names swapped, gets the same pseudonym; nobody without the key (kept outside the
database, ``CTAI_PSEUDONYM_KEY``) can go back from it to the person, nor test a guess.
"""

import datetime
import hashlib
import hmac
import unicodedata

from django.conf import settings

# Letters NFKD does not split into a base letter and a mark.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ı": "i"})


def normalise_name(*parts: str) -> str:
    """The words of a person's names, without accents, case or punctuation, in a fixed
    order: "Nguyễn Thị-Lan" and "LAN THI NGUYEN" give the same words."""
    text = " ".join(parts).casefold().translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = "".join(c if c.isalnum() else " " for c in plain).split()
    return " ".join(sorted(words))


def pseudonym(family_name: str, first_names: str, birth_date: datetime.date) -> str:
    """64 hexadecimal characters, the same across the contract's operators."""
    message = f"{normalise_name(family_name, first_names)}|{birth_date.isoformat()}"
    key = settings.CTAI_PSEUDONYM_KEY.encode()
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def short(pseudonym_value: str) -> str:
    """What pages, logs and the audit trail show of a pseudonym: its first 12 characters."""
    return pseudonym_value[:12]
