"""The pseudonym: the same person however spelled, different people apart (Hypothesis)."""

import datetime
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from ctai.participants.pseudonym import normalise_name, pseudonym

BIRTH = datetime.date(1990, 5, 17)
ACCENTED = {"e": "éèêë", "a": "àâä", "i": "îï", "o": "ôö", "u": "ùûü", "c": "ç", "n": "ñ"}

# Plain names: words of ASCII letters, as the person's documents would give them.
word = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=10)
names = st.lists(word, min_size=1, max_size=3)


@st.composite
def spelled(draw, words: list[str]) -> list[str]:
    """The same words, as an operator may type them: accents, capitals."""
    out = []
    for w in words:
        letters = []
        for c in w:
            if c in ACCENTED and draw(st.booleans()):
                c = draw(st.sampled_from(ACCENTED[c]))
            letters.append(c.upper() if draw(st.booleans()) else c)
        out.append("".join(letters))
    return out


def joined(draw, words: list[str]) -> str:
    separators = draw(st.lists(st.sampled_from([" ", "-", "  ", " - ", "'"]), min_size=len(words)))
    text = words[0]
    for w, sep in zip(words[1:], separators, strict=False):
        text += sep + w
    return f"  {text} " if draw(st.booleans()) else text


@st.composite
def two_spellings(draw):
    family, first = draw(names), draw(names)
    one = (" ".join(family), " ".join(first))
    f2, g2 = draw(spelled(family)), draw(spelled(first))
    other = (joined(draw, f2), joined(draw, g2))
    if draw(st.booleans()):  # family name and first names swapped
        other = (other[1], other[0])
    return one, other


@settings(max_examples=300, deadline=None)
@given(two_spellings())
def test_the_same_person_spelled_differently_has_one_pseudonym(pair):
    (family, first), (family2, first2) = pair
    assert pseudonym(family, first, BIRTH) == pseudonym(family2, first2, BIRTH)


@settings(max_examples=300, deadline=None)
@given(names, names, names, names)
def test_different_names_give_different_pseudonyms(f1, g1, f2, g2):
    if sorted(f1 + g1) == sorted(f2 + g2):
        return  # the same words: the same person as far as the register can tell
    assert pseudonym(" ".join(f1), " ".join(g1), BIRTH) != pseudonym(
        " ".join(f2), " ".join(g2), BIRTH
    )


@settings(max_examples=100, deadline=None)
@given(names, names, st.dates(), st.dates())
def test_another_birth_date_is_another_person(family, first, day1, day2):
    if day1 == day2:
        return
    assert pseudonym(" ".join(family), " ".join(first), day1) != pseudonym(
        " ".join(family), " ".join(first), day2
    )


def test_examples_an_operator_would_type():
    same = [
        ("Nguyễn", "Thị Lan"),
        ("NGUYEN", "thi-lan"),
        ("Thi Lan", "Nguyen"),
        ("nguyen ", " THI  LAN"),
    ]
    assert len({pseudonym(f, g, BIRTH) for f, g in same}) == 1
    assert normalise_name("Zoë", "Œdipe-Ærø") == "aero oedipe zoe"
    # Without the key nobody recomputes it: a plain SHA-256 of the same text differs.
    import hashlib

    text = f"{normalise_name('Nguyen', 'Thi Lan')}|{BIRTH.isoformat()}"
    assert hashlib.sha256(text.encode()).hexdigest() != pseudonym("Nguyen", "Thi Lan", BIRTH)


def test_the_key_comes_from_the_settings(settings):
    before = pseudonym("Haddad", "Leïla", BIRTH)
    settings.CTAI_PSEUDONYM_KEY = "une-autre-cle-de-territoire-0123456789"
    assert pseudonym("Haddad", "Leïla", BIRTH) != before


def test_decomposed_and_composed_accents_are_the_same():
    composed = unicodedata.normalize("NFC", "Éloïse")
    decomposed = unicodedata.normalize("NFD", "Éloïse")
    assert pseudonym("Martin", composed, BIRTH) == pseudonym("Martin", decomposed, BIRTH)
