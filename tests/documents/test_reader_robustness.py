"""Bad inputs end in a ReadError with a French message, never in another exception."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctai.documents.reader import ReadError, read_document

INTERNAL = "erreur interne"
MUTATIONS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def read_or_error(data, valid_document) -> dict | ReadError:
    """The reader's outcome: a valid document, or a ReadError that is not a reader bug."""
    try:
        doc = read_document(data)
    except ReadError as error:
        assert INTERNAL not in error.message, error.__cause__
        assert str(error) == error.message
        return error
    valid_document(doc)
    return doc


@pytest.mark.parametrize("data", [b"", "", b"   \n\n \t\r\n", "\ufeff", b"\xef\xbb\xbf\n"])
def test_empty_file(data):
    with pytest.raises(ReadError) as raised:
        read_document(data)
    assert str(raised.value) == "Ligne 1 : le fichier est vide."
    assert raised.value.line == 1


def test_binary_file():
    data = b"Fiche action n\xc2\xb0 1\nsecond line\n\x89PNG\x00\x1a\x00"
    with pytest.raises(ReadError) as raised:
        read_document(data)
    assert str(raised.value) == (
        "Le fichier n'est pas un texte lisible (contenu binaire détecté ligne 3). "
        "Formats acceptés : Word (.docx), OpenDocument (.odt), PDF contenant du texte, "
        "ou texte exporté (.txt)."
    )
    assert raised.value.line == 3


def test_control_characters_in_text():
    with pytest.raises(ReadError) as raised:
        read_document("ligne\nautre\x07ligne\n")
    assert raised.value.line == 2


def test_file_too_large():
    data = b"a" * (11 * 1024 * 1024)
    with pytest.raises(ReadError) as raised:
        read_document(data)
    assert str(raised.value) == "Fichier trop volumineux : 11,0 Mo (maximum 10 Mo)."
    assert raised.value.line is None


def test_no_action_sheet(metz_lines):
    contract_only = "\n".join(metz_lines[:264])
    with pytest.raises(ReadError) as raised:
        read_document(contract_only)
    assert str(raised.value) == "Aucune fiche action trouvée dans le document."


def test_not_a_ctai_document():
    with pytest.raises(ReadError, match="Aucune fiche action"):
        read_document("Compte rendu de réunion\nOrdre du jour : budget 2026\n")


def test_wrong_type():
    with pytest.raises(ReadError):
        read_document(12)  # type: ignore[arg-type]


def test_windows_1252_is_decoded(metz, metz_bytes, valid_document):
    # cp1252 cannot hold ☒, □ or ✓: a real export would carry them as typed marks.
    text = metz_bytes.decode("utf-8").replace("☒", "[X]").replace("□", "[ ]")
    text = text.replace("✓", "-")
    doc = read_document(text.encode("cp1252"))
    valid_document(doc)
    assert doc == read_document(text)
    assert doc["contract"]["actions"][10]["budget"]["p104_subsidy"] == "4800.00"
    assert doc["contract"]["territory"] == "Ville de Metz"
    assert [a["themes"] for a in doc["contract"]["actions"]] == [
        a["themes"] for a in metz["contract"]["actions"]
    ]


def test_utf16_with_bom_is_decoded(metz, metz_bytes):
    doc = read_document(metz_bytes.decode("utf-8").encode("utf-16"))
    assert doc == metz


def test_crlf_line_endings_keep_line_numbers(metz, metz_bytes):
    assert read_document(metz_bytes.replace(b"\n", b"\r\n")) == metz


def test_sheet_cut_in_the_middle(metz_lines, valid_document):
    cut = next(
        i for i, line in enumerate(metz_lines) if line.startswith("Coût total de l'action\t10")
    )
    doc = read_document("\n".join(metz_lines[:cut]))
    valid_document(doc)
    last = doc["contract"]["actions"][-1]
    assert last["number"] == 12
    assert (last["budget"]["p104_subsidy"], last["budget"]["total_cost"]) == ("8000.00", None)
    assert last["indicators"] == []
    assert any(
        item["action"] == 12 and item["field"] == "indicators" for item in doc["contract"]["review"]
    )


def test_sheet_cut_right_after_its_title(metz_lines):
    heading = next(i for i, line in enumerate(metz_lines) if line.startswith("Fiche-action n° 12"))
    doc = read_document("\n".join(metz_lines[: heading + 3]))
    assert [a["number"] for a in doc["contract"]["actions"]] == list(range(1, 12))
    assert any(item["line"] == heading + 1 for item in doc["contract"]["review"])


def test_duplicated_sheet_is_kept_and_reported(metz_lines):
    start = next(i for i, line in enumerate(metz_lines) if line.startswith("Fiche-action n° 10"))
    end = next(
        i for i, line in enumerate(metz_lines) if i > start and line.startswith("Fiche-action n°11")
    )
    doc = read_document("\n".join(metz_lines[:end] + metz_lines[start:end] + metz_lines[end:]))
    numbers = [a["number"] for a in doc["contract"]["actions"]]
    assert numbers.count(10) == 2
    assert any(item["field"] == "number" for item in doc["contract"]["review"])


@st.composite
def mutated(draw, lines: list[str]) -> str:
    """The Metz text with lines deleted, duplicated and moved around."""
    result = list(lines)
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        if not result:
            break
        start = draw(st.integers(min_value=0, max_value=len(result) - 1))
        length = draw(st.integers(min_value=1, max_value=400))
        chunk = result[start : start + length]
        operation = draw(st.sampled_from(["delete", "duplicate", "move"]))
        if operation == "delete":
            del result[start : start + length]
        elif operation == "duplicate":
            result[start:start] = chunk
        else:
            del result[start : start + length]
            target = draw(st.integers(min_value=0, max_value=len(result)))
            result[target:target] = chunk
    return "\n".join(result)


@MUTATIONS
@given(data=st.data())
def test_mutated_documents_never_crash(data, metz_lines, valid_document):
    read_or_error(data.draw(mutated(metz_lines)), valid_document)


@MUTATIONS
@given(data=st.data())
def test_shuffled_lines_never_crash(data, metz_lines, valid_document):
    start = data.draw(st.integers(min_value=0, max_value=len(metz_lines) - 300))
    window = metz_lines[start : start + 300]
    shuffled = data.draw(st.permutations(window))
    read_or_error(
        "\n".join(metz_lines[:start] + shuffled + metz_lines[start + 300 :]), valid_document
    )


@MUTATIONS
@given(positions=st.lists(st.integers(min_value=0, max_value=5392), min_size=1, max_size=40))
def test_cells_emptied_or_swapped_never_crash(positions, metz_lines, valid_document):
    lines = list(metz_lines)
    for position in positions:
        cells = lines[position].split("\t")
        lines[position] = "\t".join(reversed(cells)) if len(cells) > 1 else ""
    read_or_error("\n".join(lines), valid_document)


@settings(max_examples=50, deadline=None)
@given(data=st.binary(max_size=2000))
def test_random_bytes(data, valid_document):
    read_or_error(data, valid_document)


@settings(max_examples=50, deadline=None)
@given(
    lines=st.lists(
        st.one_of(
            st.text(max_size=60),
            st.sampled_from(
                [
                    "Fiche action n° 3 : Titre",
                    "Axe 2 : Logement",
                    "Budget prévisionnel",
                    "Montant de la subvention demandée sur les crédits de l'action 12 du "
                    "programme 104\t12 00",
                    "Coût total de l'action\t",
                    "Indicateurs de suivi et d'évaluation",
                    "Objectif Valeurs-cibles",
                    "dont BPI\t<p>dont BPI hommes</p>",
                    "\t0",
                    "☒ Accès au sport",
                    "Commentaires :**☒ Accès aux droits**",
                    "Description de l'action :",
                    "ARTICLE 3 – Montant de la contribution financière de l'État",
                    "Pour l'année 2026 : 170 000 euros",
                ]
            ),
        ),
        max_size=60,
    )
)
def test_random_template_fragments(lines, valid_document):
    read_or_error("\n".join(lines), valid_document)


def test_reader_messages_are_french():
    for data in (b"", b"\x00", "texte sans fiche"):
        with pytest.raises(ReadError) as raised:
            read_document(data)
        assert re.search(r"[a-z]", raised.value.message)
        assert raised.value.message.endswith(".")
