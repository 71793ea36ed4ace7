"""Tables copied one cell per line, in generated territories' documents: the rows are read
back when the shape is certain; a cell lost in the copy makes the table ambiguous, and then
a review item lists its cells and no value lands on another row."""

from decimal import Decimal

import pytest

from ctai.documents.reader import read_document
from tests.documents.corpus.territories import TERRITORIES, Sheet, Territory, spell, text
from tests.documents.corpus.writers import WRITERS


def amount(value: Decimal) -> str:
    return f"{value:.2f}"


def copied(layout: str) -> list[tuple[Territory, Sheet]]:
    return [
        (territory, sheet)
        for territory in TERRITORIES
        for sheet in territory.sheets
        if sheet.one_cell_per_line and sheet.budget_layout == layout
    ]


def without_line(territory: Territory, sheet: Sheet, wanted: str) -> str:
    """The territory's document with the first line ``wanted`` of ``sheet`` removed (a cell
    lost in the copy)."""
    lines = text(territory).split("\n")
    heading = sheet.heading.format(n=sheet.number, t=sheet.title)
    start = max(i for i, line in enumerate(lines) if line == heading)
    position = lines.index(wanted, start)
    return "\n".join(lines[:position] + lines[position + 1 :])


def read(source: str, kind: str) -> dict:
    content = source.encode("utf-8") if kind == "txt" else WRITERS[kind](source)
    return read_document(content)


def action(document: dict, number: int) -> dict:
    return next(a for a in document["contract"]["actions"] if a["number"] == number)


def review(document: dict, number: int) -> list[dict]:
    return [i for i in document["contract"]["review"] if i["action"] == number]


@pytest.mark.parametrize(("territory", "sheet"), copied("horizontal"))
def test_a_one_row_table_reads_each_value_under_its_header(territory, sheet):
    # Without the regrouping, the first amount went to "Coût total" (the label just above).
    budget = action(read(text(territory), "txt"), sheet.number)["budget"]
    assert budget["p104_subsidy"] == amount(sheet.p104)
    assert budget["local_contribution"] == amount(sheet.local)
    assert budget["total_cost"] == amount(sheet.total)
    assert budget["other_funders"] == (amount(sheet.others) if sheet.others else None)


@pytest.mark.parametrize("kind", ["txt", "docx", "pdf"])
@pytest.mark.parametrize(("territory", "sheet"), copied("horizontal")[:3])
def test_a_lost_value_in_a_one_row_table_attaches_nothing(territory, sheet, kind):
    lost = spell(sheet.p104, territory.spelling)
    document = read(without_line(territory, sheet, lost), kind)
    budget = action(document, sheet.number)["budget"]
    assert [budget[f] for f in ("p104_subsidy", "local_contribution", "total_cost")] == [None] * 3
    assert budget["other_funders"] is None
    assert budget["other_lines"] == []
    items = [i for i in review(document, sheet.number) if "ambiguë" in i["reason"]]
    assert len(items) == 1
    item = items[0]
    assert item["field"] == "budget"
    # The person sees every cell set aside, the headers and the remaining amounts.
    assert "Coût total de l'action" in item["text"]
    assert " ".join(spell(sheet.total, territory.spelling).split()) in item["text"]
    assert "côte à côte" in item["reason"]
    assert isinstance(item["line"], int)
    # The other sheets are untouched.
    others = [s for s in territory.sheets if s is not sheet]
    for other in others:
        assert action(document, other.number)["budget"]["p104_subsidy"] == amount(other.p104)


@pytest.mark.parametrize(("territory", "sheet"), copied("cofunders"))
def test_a_co_funders_plan_reads_its_rows_with_their_share(territory, sheet):
    budget = action(read(text(territory), "txt"), sheet.number)["budget"]
    assert budget["p104_subsidy"] == amount(sheet.p104)
    assert budget["local_contribution"] == amount(sheet.local)
    assert budget["total_cost"] == amount(sheet.total)
    assert [(line["label"], line["amount"]) for line in budget["other_lines"]] == [
        (label, amount(value)) for label, value in sheet.cofunders
    ]


@pytest.mark.parametrize("kind", ["txt", "odt"])
@pytest.mark.parametrize(("territory", "sheet"), copied("cofunders"))
def test_a_row_missing_its_amount_is_set_aside_not_shifted(territory, sheet, kind):
    # The P104 row lost its amount: "État BOP 104" is followed by its share only.
    lost = spell(sheet.p104, territory.spelling)
    document = read(without_line(territory, sheet, lost), kind)
    budget = action(document, sheet.number)["budget"]
    # The co-funders' rows above are read; nothing from the broken row or after it.
    assert [(line["label"], line["amount"]) for line in budget["other_lines"]] == [
        (label, amount(value)) for label, value in sheet.cofunders
    ]
    assert budget["p104_subsidy"] is None
    assert budget["local_contribution"] is None
    assert budget["total_cost"] is None
    items = [i for i in review(document, sheet.number) if "cellule par ligne" in i["reason"]]
    assert len(items) == 1
    assert items[0]["text"].startswith("État BOP 104 | ")
    assert "TOTAL" in items[0]["text"]


def test_an_indicator_table_copied_one_cell_per_line_reads_its_targets():
    territory, sheet = next(
        (t, s)
        for t in TERRITORIES[1:]
        for s in t.sheets
        if not s.one_cell_per_line and s.budget_layout != "two_columns"
    )
    rows = (
        f"Nombre total d'étrangers éligibles bénéficiaires de l'action\t{sheet.beneficiaries}",
        f"dont femmes\t{sheet.women}",
    )
    source = text(territory)
    # The two-row indicator table written across: both labels, then both targets.
    labels = "\n".join(row.split("\t")[0] for row in rows)
    targets = "\n".join(row.split("\t")[1] for row in rows)
    first = source.index(rows[0])
    source = source[:first] + source[first:].replace("\n".join(rows), f"{labels}\n{targets}", 1)
    document = read(source, "txt")
    found = {row["code"]: row["target"] for row in action(document, sheet.number)["indicators"]}
    assert found == {
        "ben_total": amount(Decimal(sheet.beneficiaries)),
        "ben_women": amount(Decimal(sheet.women)),
    }


def _budget_block(territory: Territory, sheet: Sheet) -> tuple[list[str], int, int]:
    """The document's lines and the bounds of ``sheet``'s copied budget table."""
    lines = text(territory).split("\n")
    heading = sheet.heading.format(n=sheet.number, t=sheet.title)
    start = max(i for i, line in enumerate(lines) if line == heading)
    first = next(i for i in range(start, len(lines)) if lines[i] in BUDGET_HEADINGS) + 1
    end = lines.index("", first)
    return lines, first, end


BUDGET_HEADINGS = ("Budget prévisionnel", "Plan de financement")
TRUTH_FIELDS = ("p104_subsidy", "local_contribution", "total_cost")


@pytest.mark.parametrize(("territory", "sheet"), copied("horizontal")[:2] + copied("cofunders")[:2])
def test_any_lost_cell_never_moves_a_value_to_another_row(territory, sheet):
    """Each cell of the copied table removed in turn: every value read is the true one or
    none, and a value not read is always named in a review item."""
    lines, first, end = _budget_block(territory, sheet)
    truth = dict(zip(TRUTH_FIELDS, (sheet.p104, sheet.local, sheet.total), strict=True))
    cofunders = {(label, amount(value)) for label, value in sheet.cofunders}
    for lost in range(first, end):
        document = read_document("\n".join(lines[:lost] + lines[lost + 1 :]).encode())
        budget = action(document, sheet.number)["budget"]
        for field, value in truth.items():
            assert budget[field] in (None, amount(value)), (lines[lost], field)
        assert budget["other_funders"] in (None, amount(sheet.others) if sheet.others else None)
        assert {(line["label"], line["amount"]) for line in budget["other_lines"]} <= cofunders
        if any(budget[field] is None for field in truth):
            assert review(document, sheet.number), lines[lost]
