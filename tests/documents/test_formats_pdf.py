"""How a PDF's layout becomes the reader's lines: tables that go on to the next page, rows cut
by a page break, words wrapped at a hyphen or after a slash."""

from ctai.documents.reader.formats import extract
from ctai.documents.reader.formats.lines import cell_text
from tests.documents.corpus.writers import to_pdf


def test_a_row_taller_than_a_page_is_one_row():
    words = " ".join(f"mot{number} texte suivant" for number in range(400))
    paragraphs = [f"Paragraphe {number}" for number in range(60)]
    text = "\n".join([*paragraphs, f"Libellé\t{words}", "dont femmes\t5", "Fin"])
    extracted = extract(to_pdf(text))
    lines = extracted.text.split("\n")
    row = next(line for line in lines if line.startswith("Libellé"))
    assert row == f"Libellé\t{words}"
    assert "dont femmes\t5" in lines
    # The row runs over three pages; it is located where it starts.
    assert extracted.locations[lines.index(row)] == "page 1, tableau 1, ligne 1"


def test_a_table_going_on_to_the_next_page_keeps_its_rows():
    paragraphs = [f"Paragraphe {number}" for number in range(62)]
    rows = [f"dont ligne {number}\t{number}" for number in range(12)]
    extracted = extract(to_pdf("\n".join([*paragraphs, *rows, "Fin"])))
    lines = extracted.text.split("\n")
    places = {extracted.locations[lines.index(row)].split(",")[0] for row in rows}
    assert places == {"page 1", "page 2"}


def test_words_wrapped_inside_a_cell_are_joined_back():
    assert cell_text("Valeurs-\ncibles") == "Valeurs-cibles"
    assert cell_text("goûter/\nrencontre") == "goûter/rencontre"
    assert cell_text("Jalon /\nÉtape") == "Jalon / Étape"
    assert cell_text("Nombre de\nparticipants") == "Nombre de participants"
