import io

import pypdfium2
import pytest
from docx import Document

from ctai.governance.pack import pack_filename, render_pack
from ctai.governance.services import DecisionInput, decision_save


def pdf_text(content: bytes) -> str:
    document = pypdfium2.PdfDocument(content)
    text = "\n".join(page.get_textpage().get_text_range() for page in document)
    return text.replace("\u202f", " ").replace("\r", "")


@pytest.mark.django_db
def test_metz_pack_pdf_and_docx(june_meeting, coordinator):
    decision_save(
        meeting=june_meeting,
        actor=coordinator,
        data=DecisionInput(
            text="Renforcer les cours du soir",
            kind="increase",
            year=2026,
            sheet_numbers=(4, 9),
            owner="CCAS",
            follow_up="todo",
        ),
    )
    pdf = render_pack(june_meeting, "pdf")
    text = pdf_text(pdf)
    assert "Synthèse de l'année 2026" in text
    assert "Enveloppe de l'État (P104)" in text
    assert "170 000,00" in text
    assert "Fiche n° 4 (2026)" in text
    docx = Document(io.BytesIO(render_pack(june_meeting, "docx")))
    body = "\n".join(p.text for p in docx.paragraphs)
    assert "Synthèse de l'année 2026" in body
    assert "Renforcer les cours du soir" in "\n".join(
        cell.text for table in docx.tables for row in table.rows for cell in row.cells
    )
    assert pack_filename(june_meeting, "pdf") == "copil-ville-de-metz-2027-06-15.pdf"
