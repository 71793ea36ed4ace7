"""A programme summary table in the annex (a row per sheet, per axis, the total) is not a
loss: its review item says it agrees with the sheets read, or which line differs."""

from decimal import Decimal

import pytest

from ctai.documents.reader import read_document
from tests.documents.corpus.territories import TERRITORIES, Territory, spell, text
from tests.documents.corpus.writers import WRITERS


def summary_rows(territory: Territory, *, wrong_sheet: int | None = None) -> list[str]:
    money = lambda v: spell(v, territory.spelling)  # noqa: E731
    rows = ["Fiche\tPorteur\tSubvention BOP 104\tCoût total"]
    for sheet in territory.sheets:
        p104 = sheet.p104 + (500 if sheet.number == wrong_sheet else 0)
        rows.append(
            f"Fiche {sheet.number}\tAssociation Horizons\t{money(p104)}\t{money(sheet.total)}"
        )
    for axis in territory.axes:
        in_axis = [s for s in territory.sheets if s.axis == axis]
        rows.append(
            f"Axe {axis}\t\t{money(sum((s.p104 for s in in_axis), Decimal(0)))}"
            f"\t{money(sum((s.total for s in in_axis), Decimal(0)))}"
        )
    p104 = sum((s.p104 for s in territory.sheets), Decimal(0))
    total = sum((s.total for s in territory.sheets), Decimal(0))
    rows.append(f"TOTAL\t\t{money(p104)}\t{money(total)}")
    return rows


def with_summary(territory: Territory, rows: list[str]) -> str:
    annex = f"Programmation {min(territory.envelopes)}\n\n"
    source = text(territory)
    assert source.count(annex) == 1
    return source.replace(annex, annex + "\n".join(rows) + "\n\n")


def read(source: str, kind: str) -> dict:
    return read_document(source.encode("utf-8") if kind == "txt" else WRITERS[kind](source))


def table_items(document: dict) -> list[dict]:
    return [item for item in document["contract"]["review"] if item["field"] == "table"]


@pytest.mark.parametrize("kind", ["txt", "docx", "odt", "pdf"])
@pytest.mark.parametrize("seed", [0, 3])
def test_a_summary_equal_to_the_sheets_says_so(seed, kind):
    territory = TERRITORIES[seed]
    document = read(with_summary(territory, summary_rows(territory)), kind)
    (item,) = table_items(document)
    assert "récapitulatif conforme aux fiches" in item["reason"]
    assert "non rattaché" not in item["reason"] and "perdu" in item["reason"]
    assert item["action"] is None
    # The sheets themselves are read as before.
    assert [a["number"] for a in document["contract"]["actions"]] == [
        s.number for s in territory.sheets
    ]


@pytest.mark.parametrize("kind", ["txt", "docx"])
def test_a_summary_that_differs_names_the_line(kind):
    territory = TERRITORIES[0]
    sheet = territory.sheets[1]
    rows = summary_rows(territory, wrong_sheet=sheet.number)
    document = read(with_summary(territory, rows), kind)
    (item,) = table_items(document)
    reason = item["reason"].replace("\u202f", " ").replace("\u00a0", " ")
    assert "diffère des fiches" in reason
    assert "conforme" not in reason
    row_line = item["line"] + rows.index(
        next(r for r in rows if r.startswith(f"Fiche {sheet.number}\t"))
    )
    assert f"ligne {row_line} (« Fiche {sheet.number} »)" in reason
    wrong = f"{sheet.p104 + 500:,.0f}".replace(",", " ")
    assert f"subvention P104 : {wrong} € dans le tableau" in reason
    # Only that line differs: the axis and total rows (written from the truth) agree.
    assert "« TOTAL »" not in reason and "« Axe" not in reason
    assert reason.count("dans le tableau") == 1


def test_a_table_naming_no_sheet_stays_unplaced():
    territory = TERRITORIES[0]
    rows = ["Poste\tMontant", "Frais de déplacement\t1 200 €", "Interprétariat\t800 €"]
    (item,) = table_items(read(with_summary(territory, rows), "txt"))
    assert item["reason"].startswith("Tableau non rattaché")
