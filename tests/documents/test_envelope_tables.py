"""The State envelopes table of article 3 (programme 104 and other programmes by year),
copied one cell per line, in generated territories' documents: read when its shape is
certain, otherwise set aside in one review item naming the article and the lines — never
lost without a word, never a value attached to another year."""

from decimal import Decimal

import pytest

from ctai.documents.reader import read_document
from tests.documents.corpus.territories import TERRITORIES, Territory, envelope_cells, text
from tests.documents.corpus.writers import WRITERS

FORMATS = ["txt", "docx", "odt", "pdf"]
COPIED = [t for t in TERRITORIES if t.envelope_layout != "prose"]


def read(source: str, kind: str) -> dict:
    return read_document(source.encode("utf-8") if kind == "txt" else WRITERS[kind](source))


def truth(territory: Territory) -> list[dict]:
    return [{"year": y, "amount": f"{v:.2f}"} for y, v in sorted(territory.envelopes.items())]


def envelope_items(document: dict) -> list[dict]:
    return [
        item
        for item in document["contract"]["review"]
        if str(item["field"]).startswith("state_envelopes")
    ]


def test_the_corpus_has_both_copied_shapes():
    assert {t.envelope_layout for t in TERRITORIES} == {"prose", "down", "across"}
    # A row per year closes with its « Total » row: the sum, which is no year's envelope.
    down = next(t for t in COPIED if t.envelope_layout == "down")
    assert envelope_cells(down)[-4] == "Total"


@pytest.mark.parametrize("kind", FORMATS)
@pytest.mark.parametrize("territory", COPIED, ids=lambda t: f"{t.seed}-{t.envelope_layout}")
def test_a_copied_envelopes_table_reads_the_programme_104_by_year(territory, kind):
    document = read(text(territory), kind)
    contract = document["contract"]
    assert contract["state_envelopes"] == truth(territory)
    # The other programmes' amounts are never taken for the envelope.
    others = {f"{v:.2f}" for v in territory.other_programmes.values()}
    assert not others & {e["amount"] for e in contract["state_envelopes"]}
    assert envelope_items(document) == []
    # Each envelope cites a line of article 3 (shown in the preview with its place).
    sources = contract["sources"]
    assert all(f"state_envelopes.{y}" in sources for y in territory.envelopes)


def _without_cell(territory: Territory, cell: int) -> str:
    cells = envelope_cells(territory)
    source = text(territory)
    block = "\n".join(cells)
    assert source.count(block) == 1
    return source.replace(block, "\n".join(cells[:cell] + cells[cell + 1 :]))


@pytest.mark.parametrize("territory", COPIED, ids=lambda t: f"{t.seed}-{t.envelope_layout}")
def test_any_lost_cell_never_attaches_a_value_to_another_year(territory):
    """Each cell of the table removed in turn: every envelope read is the true one of its
    year, and when one is missing a review item names article 3 and the lines."""
    true = {e["year"]: e["amount"] for e in truth(territory)}
    for cell in range(len(envelope_cells(territory))):
        document = read(_without_cell(territory, cell), "txt")
        read_envelopes = document["contract"]["state_envelopes"]
        for envelope in read_envelopes:
            assert true[envelope["year"]] == envelope["amount"], (cell, envelope)
        if len(read_envelopes) < len(true):
            (item,) = envelope_items(document)
            assert "article 3" in item["reason"] and "lignes " in item["reason"]
            assert "Aucune enveloppe n'en est lue" in item["reason"]
            assert item["line"] is not None


@pytest.mark.parametrize("kind", ["txt", "docx", "odt", "pdf"])
def test_an_ambiguous_table_is_one_review_item_with_its_cells(kind):
    territory = next(t for t in COPIED if t.envelope_layout == "down")
    cells = envelope_cells(territory)
    # The second row lost its year: its amounts would otherwise slide onto another year.
    lost = cells.index(str(sorted(territory.envelopes)[1]))
    document = read(_without_cell(territory, lost), kind)
    assert document["contract"]["state_envelopes"] == []
    (item,) = envelope_items(document)
    assert item["field"] == "state_envelopes"
    assert item["text"].startswith("Année | BOP 104 (CTAI) | Autres programmes | Total")
    first_amount = " ".join(cells[5].split())
    assert first_amount in " ".join(item["text"].split())
    assert "article 3" in item["reason"]


def test_a_table_with_no_programme_104_column_reads_nothing():
    territory = next(t for t in COPIED if t.envelope_layout == "down")
    source = text(territory).replace("\nBOP 104 (CTAI)\n", "\nÉtat\n")
    document = read(source, "txt")
    assert document["contract"]["state_envelopes"] == []
    (item,) = envelope_items(document)
    assert "programme 104" in item["reason"]


def test_a_two_column_table_needs_no_programme_name():
    territory = next(t for t in COPIED if t.envelope_layout == "down")
    years = sorted(territory.envelopes)
    cells = ["Année", "Montant"]
    for year in years:
        cells += [str(year), f"{territory.envelopes[year]:,.0f} €".replace(",", " ")]
    source = text(territory).replace("\n".join(envelope_cells(territory)), "\n".join(cells))
    document = read(source, "txt")
    assert document["contract"]["state_envelopes"] == truth(territory)
    assert Decimal(document["contract"]["state_envelopes"][0]["amount"]) > 0


@pytest.mark.django_db
def test_the_ambiguous_table_is_kept_for_review_by_the_import():
    from ctai.documents.services import document_import

    territory = next(t for t in COPIED if t.envelope_layout == "down")
    lost = envelope_cells(territory).index(str(sorted(territory.envelopes)[1]))
    document = read(_without_cell(territory, lost), "docx")
    report = document_import(document=document, filename="c.docx", content=b"")
    item = report.contract.review_items.get(field="state_envelopes")
    assert "article 3" in item.reason and "Aucune enveloppe n'en est lue" in item.reason
    assert not report.contract.envelopes.exists()
