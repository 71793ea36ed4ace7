"""The evaluation files and the COPIL pack count people from the register when it has any:
distinct people across the contract, small cells "< 5", the source said in words; never a
name."""

import datetime
import io

import pytest
from docx import Document

from ctai.governance.enums import MeetingKind
from ctai.governance.models import Meeting
from ctai.governance.pack import render_pack
from ctai.governance.pack.layout import build_pack
from ctai.reporting.evaluation import render_evaluation
from ctai.reporting.evaluation.beneficiaries import FROM_REGISTER, FROM_REPORTS
from ctai.reporting.evaluation.data import build_evaluation
from tests.participants.builders import YEAR, world
from tests.participants.test_computed import people
from tests.reporting.readers import read_ods, read_pdf, read_xlsx, table_after

pytestmark = pytest.mark.django_db
NAMES = ("Haddad", "Petrenko", "Karimi", "Tesfaye", "Diallo", "Leïla", "Olena")
HEADING = "Bénéficiaires du contrat (indicateurs du catalogue)"


def _lines(table) -> dict[str, dict]:
    rows = table_after(table, HEADING)
    return {row[0]: dict(zip(rows[0], row, strict=False)) for row in rows[1:]}


def test_without_register_the_reports_are_the_source():
    w = world()
    lines = build_evaluation(contract=w.contract, year=YEAR).beneficiaries
    assert all(line.source == FROM_REPORTS and line.distinct is None for line in lines)


def test_evaluation_counts_distinct_people_and_hides_small_cells():
    w = world()
    people(w)  # 5 people, Olena enrolled by operator A and (other spelling) operator B
    lines = {
        line.code: line for line in build_evaluation(contract=w.contract, year=YEAR).beneficiaries
    }
    assert lines["ben_total"].distinct == 5  # 6 enrolments, 5 people
    assert lines["ben_total"].shown_text == "5"
    assert lines["ben_women"].distinct == 3 and lines["ben_women"].shown_text == "< 5"
    assert lines["primo_arrivants"].shown_text == "< 5"  # Samuel, the one EPA
    assert lines["ben_total"].source == FROM_REGISTER
    for format, read in (("xlsx", read_xlsx), ("ods", read_ods)):
        content = render_evaluation(contract=w.contract, year=YEAR, format=format)
        table = _lines(read(content)["Synthèse"])
        total = table["Bénéficiaires éligibles (total)"]
        assert total["Réalisé retenu"] == 5
        assert total["Source du réalisé retenu"] == FROM_REGISTER
        assert table["dont femmes"]["Réalisé retenu"] == "< 5"
        assert table["dont femmes"]["Réalisé (bilans validés)"] in (None, "")
        text = str(read(content))
        assert not any(name in text for name in NAMES)
    pdf = " ".join(
        read_pdf(render_evaluation(contract=w.contract, year=YEAR, format="pdf")).split()
    )
    assert FROM_REGISTER in pdf and "< 5" in pdf
    assert not any(name in pdf for name in NAMES)


def test_copil_pack_counts_distinct_people_without_names():
    w = world()
    people(w)
    meeting = Meeting.objects.create(
        contract=w.contract, date=datetime.date(YEAR, 12, 10), kind=MeetingKind.DECEMBER
    )
    pack = build_pack(meeting)
    table = next(t for p in pack.pages for t in p.tables if t.heading.startswith("Bénéficiaires"))
    rows = {row[0]: row for row in table.rows}
    assert rows["Bénéficiaires éligibles (total)"][2:] == ["5", FROM_REGISTER]
    assert rows["dont femmes"][2] == "< 5"
    document = Document(io.BytesIO(render_pack(meeting, "docx")))
    text = "\n".join(
        cell.text for t in document.tables for row in t.rows for cell in row.cells
    ) + "\n".join(p.text for p in document.paragraphs)
    assert FROM_REGISTER in text and "< 5" in text
    assert not any(name in text for name in NAMES)
