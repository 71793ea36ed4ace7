"""The Metz document as a Word, OpenDocument and PDF file reads like its text export.

The files are written here from the text (paragraphs, and tab-separated lines as real table
rows: see ``corpus.writers``); the text read is itself checked value by value against the
printed document in ``test_reader_metz``. Word and OpenDocument must give exactly the same
contract, line numbers included; a PDF has other line numbers (its blank lines are gaps on
the page), so its checked values are compared, and must all be the same.
"""

import time

import pytest

from ctai.documents.reader import read_document
from ctai.documents.reader.formats import extract
from tests.documents.corpus.writers import WRITERS


@pytest.fixture(scope="session")
def metz_files(metz_bytes) -> dict[str, bytes]:
    text = metz_bytes.decode("utf-8")
    return {kind: write(text) for kind, write in WRITERS.items()}


@pytest.fixture(scope="session")
def metz_read(metz_files) -> dict[str, dict]:
    return {kind: read_document(data) for kind, data in metz_files.items()}


def checked_values(contract: dict) -> dict[str, object]:
    """The values a coordinator checks: contract, envelopes, axes, and per sheet its axis,
    operator, themes, every budget amount and every standard indicator's target."""
    values: dict[str, object] = {
        key: contract[key]
        for key in ("title", "territory", "start", "end", "coordinator", "parties")
    }
    values["payment_account"] = contract["payment_account"]
    values["state_envelopes"] = contract["state_envelopes"]
    values["axes"] = contract["axes"]
    for action in contract["actions"]:
        number = action["number"]
        for key in ("year", "axis", "axis_label", "title", "operator", "themes", "calendar"):
            values[f"{number}.{key}"] = action[key]
        for key, value in action["budget"].items():
            if key == "other_lines":
                value = [(line["label"], line["amount"]) for line in value]
            if key != "comment":
                values[f"{number}.budget.{key}"] = value
        for row in action["indicators"]:
            if row["code"] is not None:
                values[f"{number}.ind.{row['code']}"] = (row["target"], row["target_text"])
    return values


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_office_files_read_exactly_like_the_text(metz, metz_read, kind):
    document = metz_read[kind]
    assert document["contract"] == metz["contract"]
    assert document["source"]["kind"] == kind


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_tables_are_read_as_tables(metz_files, kind):
    extracted = extract(metz_files[kind])
    lines = extracted.text.split("\n")
    row = lines.index("Montant de la contribution de la collectivité\t12 00")
    assert extracted.locations[row].startswith("tableau ")
    assert ", ligne " in extracted.locations[row]
    assert extracted.locations[0] == "§ 1"


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_review_items_say_where_in_the_file(metz_read, kind):
    document = metz_read[kind]
    locations = document["source"]["locations"]
    for item in document["contract"]["review"]:
        if item["line"] is not None:
            assert locations[str(item["line"])].startswith(("§ ", "tableau "))


def test_pdf_gives_the_same_checked_values(metz, metz_read):
    expected = checked_values(metz["contract"])
    found = checked_values(metz_read["pdf"]["contract"])
    assert len(expected) > 300
    different = {
        key for key in expected.keys() | found.keys() if expected.get(key) != found.get(key)
    }
    assert not different, sorted(different)
    locations = metz_read["pdf"]["source"]["locations"]
    assert all(place.startswith("page ") for place in locations.values())


def test_pdf_tables_are_read_as_tables(metz_files):
    extracted = extract(metz_files["pdf"])
    lines = extracted.text.split("\n")
    # Sheet 11: the table goes on to the next page between these two rows; each stays a row.
    for row in ("dont BPI hommes\t12", "dont BPI femmes\t5"):
        place = extracted.locations[lines.index(row)]
        assert place.startswith("page ") and ", tableau " in place, place


@pytest.mark.parametrize(("kind", "budget"), [("docx", 1.0), ("odt", 1.0), ("pdf", 5.0)])
def test_read_time_of_files(metz_files, kind, budget):
    """The time the process spends reading (CPU), not the wall clock: the test machine is
    shared by parallel workers, which would make a wall-clock budget fail at random."""
    read_document(metz_files[kind])
    durations = []
    for _ in range(3):
        start = time.process_time()
        read_document(metz_files[kind])
        durations.append(time.process_time() - start)
    assert min(durations) < budget
