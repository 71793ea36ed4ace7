"""The State evaluation read back: its figures are the validated reports' figures, in XLSX, ODS
and PDF alike, and no cell can run as a formula."""

import io
import shutil
import subprocess
import zipfile
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from odf.namespaces import TABLENS
from openpyxl import load_workbook
from pypdf import PdfReader

from ctai.reporting import services
from ctai.reporting.enums import PeriodKind, ReportStatus
from ctai.reporting.evaluation import evaluation_filename, render_evaluation
from ctai.reporting.evaluation.data import build_evaluation
from ctai.reporting.evaluation.pdf import evaluation_html
from ctai.reporting.inputs import Narrative
from tests.reporting.builders import (
    COMPLETE_SPENDING,
    COMPLETE_VALUES,
    fill,
    sheet_with_indicators,
)
from tests.reporting.factories import advance
from tests.reporting.readers import number, read_ods, read_pdf, read_xlsx, table_after, trimmed

pytestmark = pytest.mark.django_db

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

INJECTIONS = [
    '=HYPERLINK("http://exemple.invalid","clic")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tx",
    "\rx",
]


@pytest.fixture
def year(world):
    """Sheet 1: final report validated; sheet 2: intermediate validated, final submitted;
    sheet 3: nothing."""
    people = world.people
    final_a = services.start_report(period=world.final, sheet=world.sheet_a, actor=people.op_a)
    fill(
        final_a,
        people.op_a,
        values=COMPLETE_VALUES,
        spending=COMPLETE_SPENDING,
        comments={"ben_total": INJECTIONS[0], "Nombre de structures mobilisées": INJECTIONS[1]},
    )
    final_a.refresh_from_db()
    services.save_draft(
        report=final_a,
        actor=people.op_a,
        version=final_a.version,
        narrative=Narrative(done=INJECTIONS[2], changes=INJECTIONS[3], difficulties="\tx\n@y"),
    )
    advance(final_a, ReportStatus.VALIDATED, operator=people.op_a, coordinator=people.coord)
    middle_b = services.start_report(
        period=world.intermediate, sheet=world.sheet_b, actor=people.op_b
    )
    fill(middle_b, people.op_b, values={"ben_total": 15}, spending={"p104_subsidy": 3000})
    advance(middle_b, ReportStatus.VALIDATED, operator=people.op_b, coordinator=people.coord)
    final_b = services.start_report(period=world.final, sheet=world.sheet_b, actor=people.op_b)
    fill(final_b, people.op_b, values={"ben_total": 30}, spending={"p104_subsidy": 7000})
    services.submit_report(report=final_b, actor=people.op_b)
    sheet_with_indicators(world.contract, 3, world.operator_b, world.axis)
    return world


def summary_rows(tables):
    rows = table_after(tables["Synthèse"], "Fiches actions")
    header = rows[0]
    return [dict(zip(header, row, strict=False)) for row in rows[1:]]


def test_the_summary_shows_the_validated_figures(year):
    rows = summary_rows(
        read_xlsx(render_evaluation(contract=year.contract, year=2026, format="xlsx"))
    )
    first, second, third, total = rows
    assert first["Bilan"].startswith("Bilan final validé le ")
    assert (first["Subvention P104 accordée"], first["P104 dépensé"]) == (8000, 6500)
    assert first["Consommation P104"] == Decimal("0.8125")
    assert first["Reliquat reportable"] == 1500
    assert (first["Coût total prévu"], first["Coût total réalisé"]) == (11000, 10500)
    assert (first["Indicateurs atteints"], first["En bonne voie"], first["En retard"]) == (3, 1, 1)
    # Sheet 2: its validated intermediate report; no carry-over before a validated final one.
    assert second["Bilan"].startswith("Bilan intermédiaire validé le ")
    assert second["P104 dépensé"] == 3000
    assert second["Reliquat reportable"] is None
    assert third["Bilan"] == "Aucun bilan reçu"
    assert third["P104 dépensé"] is None
    assert total["Axe"] == "Total"
    assert (total["P104 dépensé"], total["Reliquat reportable"]) == (9500, 1500)
    assert total["Subvention P104 accordée"] == 24000


def test_each_sheet_lists_every_indicator_with_the_reports_values(year):
    tables = read_xlsx(render_evaluation(contract=year.contract, year=2026, format="xlsx"))
    rows = table_after(tables["Fiche 1"], "Indicateurs")
    header, body = rows[0], rows[1:]
    assert header == [
        "Section",
        "Indicateur",
        "Objectif (tel qu'écrit)",
        "Objectif",
        "Valeur réalisée",
        "Taux d'atteinte",
        "Statut",
        "Commentaire",
    ]
    report = year.final.reports.get(sheet=year.sheet_a)
    expected = {a.indicator.display_label: a for a in report.achievements.all()}
    assert len(body) == year.sheet_a.indicators.count() == len(expected)
    for row in body:
        achievement = expected[row[1]]
        assert row[2] == achievement.indicator.target_text
        assert row[3] == number(achievement.indicator.target)
        assert row[4] == number(achievement.value)
        assert row[7] == (achievement.comment or None)
    by_label = {row[1]: row for row in body}
    assert by_label["Nombre d'heures de formation dispensées"][5:7] == [
        Decimal("0.9333"),
        "En bonne voie",
    ]
    assert by_label["Nombre de structures mobilisées"][5:7] == [Decimal("0.6"), "En retard"]
    assert by_label["Coût horaire unitaire"][5:7] == [None, "Sans objet (coût, durée ou texte)"]


def test_the_threshold_is_a_setting(year, settings):
    settings.CTAI_ON_TRACK_THRESHOLD = 50
    tables = read_xlsx(render_evaluation(contract=year.contract, year=2026, format="xlsx"))
    rows = {row[1]: row for row in table_after(tables["Fiche 1"], "Indicateurs")}
    assert rows["Nombre de structures mobilisées"][6] == "En bonne voie"


def test_amounts_and_rates_carry_french_formats(year):
    content = render_evaluation(contract=year.contract, year=2026, format="xlsx")
    sheet = load_workbook(io.BytesIO(content))["Synthèse"]
    formats = {cell.number_format for row in sheet.iter_rows() for cell in row if cell.value}
    assert '#,##0.00\\ "€"' in formats
    assert "0.0\\ %" in formats


def test_ods_holds_the_same_tables_as_xlsx(year):
    xlsx = read_xlsx(render_evaluation(contract=year.contract, year=2026, format="xlsx"))
    ods = read_ods(render_evaluation(contract=year.contract, year=2026, format="ods"))
    assert (
        list(ods)
        == list(xlsx)
        == [
            "Synthèse",
            "Gouvernance",
            "Évaluation contradictoire",
            "Fiche 1",
            "Fiche 2",
            "Fiche 3",
        ]
    )
    for name in xlsx:
        assert trimmed(ods[name]) == trimmed(xlsx[name]), name


def test_ods_cells_are_typed_currency_and_percentage(year):
    cells = read_ods(render_evaluation(contract=year.contract, year=2026, format="ods"), cells=True)
    kinds = {
        (str(cell.getAttribute("valuetype")), str(cell))
        for row in cells["Synthèse"]
        for cell in row
        if cell.getAttribute("valuetype") in ("currency", "percentage")
    }
    assert ("currency", "6\u202f500,00\u202f€") in kinds
    assert ("percentage", "81,3\u202f%") in kinds


def test_the_pdf_shows_the_same_figures(year):
    text = read_pdf(render_evaluation(contract=year.contract, year=2026, format="pdf"))
    assert "Évaluation 2026" in text
    for expected in (
        "Fiche action n° 1 : Ateliers sociolinguistiques",
        "6 500,00 €",
        "81,3 %",
        "1 500,00 €",
    ):
        assert expected in text
    assert "Bilan intermédiaire validé le" in text
    assert text.count("Fiche action n°") == 3


def test_no_cell_can_run_as_a_formula_in_xlsx(year):
    content = render_evaluation(contract=year.contract, year=2026, format="xlsx")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets"))
    assert b"<f>" not in xml and b"<f " not in xml
    sheet = load_workbook(io.BytesIO(content))["Fiche 1"]
    risky = [
        c
        for row in sheet.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value[:1] in "=+-@\t\r"
    ]
    assert {c.value for c in risky} >= {INJECTIONS[0], INJECTIONS[1], INJECTIONS[2], INJECTIONS[3]}
    for cell in risky:
        assert cell.data_type == "s"
        assert cell.quotePrefix


def test_no_cell_can_run_as_a_formula_in_ods(year):
    content = render_evaluation(contract=year.contract, year=2026, format="ods")
    assert b"table:formula" not in zipfile.ZipFile(io.BytesIO(content)).read("content.xml")
    cells = read_ods(content, cells=True)["Fiche 1"]
    texts = [c for row in cells for c in row if str(c)[:1] in ("=", "+", "-", "@", "\t")]
    assert {str(c) for c in texts} >= {INJECTIONS[0], INJECTIONS[1]}
    for cell in texts:
        assert cell.getAttribute("valuetype") == "string"
        assert cell.getAttrNS(TABLENS, "formula") is None


def test_report_text_is_escaped_in_the_pdf(year):
    report = year.final.reports.get(sheet=year.sheet_b)
    assert report.status == ReportStatus.SUBMITTED
    year.sheet_a.title = '<img src="file:///etc/passwd"> Français'
    year.sheet_a.save()
    html = evaluation_html(build_evaluation(contract=year.contract, year=2026))
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt; Français" in html
    assert "<img" not in html
    render_evaluation(contract=year.contract, year=2026, format="pdf")


def test_unvalidated_reports_give_no_figures(world):
    people = world.people
    report = services.start_report(period=world.final, sheet=world.sheet_a, actor=people.op_a)
    fill(report, people.op_a, values=COMPLETE_VALUES, spending=COMPLETE_SPENDING)
    services.submit_report(report=report, actor=people.op_a)
    evaluation = build_evaluation(contract=world.contract, year=2026)
    first = evaluation.rows[0]
    assert first.report is None
    assert first.report_label == "Bilan final soumis (non validé)"
    assert first.p104_spent is None
    assert all(i.value is None for i in first.indicators)


def test_the_evaluation_reads_a_fixed_number_of_queries(year):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            build_evaluation(contract=year.contract, year=2026).axes  # noqa: B018
        return len(captured)

    before = queries()
    for number_ in (4, 5, 6):
        sheet_with_indicators(year.contract, number_, year.operator_a, year.axis)
    assert queries() == before


def test_a_filename_safe_everywhere(world):
    world.contract.territory = 'Ville de "Metz" / Moselle'
    assert evaluation_filename(world.contract, 2026, "pdf") == (
        "evaluation-ville-de-metz-moselle-2026.pdf"
    )


def test_an_empty_year_still_gives_a_workbook(world):
    tables = read_xlsx(render_evaluation(contract=world.contract, year=2027, format="xlsx"))
    assert list(tables) == ["Synthèse", "Gouvernance", "Évaluation contradictoire"]
    assert PeriodKind.FINAL  # the year has no sheet: only the summary, with zero totals


def test_the_pdf_template_uses_no_undefined_variable(year):
    html = evaluation_html(build_evaluation(contract=year.contract, year=2026))
    assert "!!INVALID" not in html
    assert '<col style="width: ' in html


def test_every_worksheet_prints_landscape_one_page_wide_with_its_headers_repeated(year):
    content = render_evaluation(contract=year.contract, year=2026, format="xlsx")
    workbook = load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows, sheet.title
    summary = workbook["Synthèse"]
    first, _, last = summary.print_title_rows.replace("$", "").partition(":")
    assert first == last
    header = [cell.value for cell in summary[int(first)]]
    assert header[:3] == ["Axe", "N°", "Intitulé"]  # the table of the sheets, the main one
    indicators = workbook["Fiche 1"]
    row = int(indicators.print_title_rows.replace("$", "").partition(":")[0])
    assert indicators.cell(row=row, column=2).value == "Indicateur"


@pytest.mark.slow
@pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice absent : apt-get install libreoffice-calc-nogui (make test l'installe).",
)
@pytest.mark.parametrize("format", ["xlsx", "ods"])
def test_libreoffice_prints_each_worksheet_on_one_landscape_page_width(year, tmp_path, format):
    source = tmp_path / f"evaluation.{format}"
    source.write_bytes(render_evaluation(contract=year.contract, year=2026, format=format))
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pages = PdfReader(tmp_path / "evaluation.pdf").pages
    # Six short worksheets, all columns on one page width: one page each, landscape.
    assert len(pages) == 6
    assert all(page.mediabox.width > page.mediabox.height for page in pages)


def test_ods_sheets_print_landscape_one_page_wide_with_their_headers_repeated(year):
    content = render_evaluation(contract=year.contract, year=2026, format="ods")
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("content.xml").decode() + archive.read("styles.xml").decode()
    assert 'style:print-orientation="landscape"' in xml
    assert 'scale-to-X="1"' in xml
    assert xml.count("<table:table-header-rows>") == 6  # one per sheet: its main table
    assert xml.count('table:style-name="ta_print"') == 6


def test_a_large_pdf_is_laid_out_in_parts_joined_with_tables_continued(year, monkeypatch):
    """Parts of a few rows here (``PART_ROWS``: hundreds in production): the same figures,
    tables continued with « (suite) », pages numbered across the parts."""
    monkeypatch.setattr("ctai.reporting.evaluation.pdf.PART_ROWS", 3)
    content = render_evaluation(contract=year.contract, year=2026, format="pdf")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    text = read_pdf(content)
    assert "(suite)" in text
    assert [f"Page {n}" in page for n, page in enumerate(pages, 1)] == [True] * len(pages)
    for expected in ("Fiche action n° 1 : Ateliers sociolinguistiques", "6 500,00 €", "81,3 %"):
        assert expected in text


def test_parts_keep_every_row_once_and_every_empty_table():
    from ctai.reporting.evaluation.pdf import _parts

    block = {"heading": "Indicateurs", "rows": list(range(7)), "empty": "", "wide": False}
    empty = {"heading": "Vide", "rows": [], "empty": "Aucun", "wide": False}
    pages = [{"title": "Fiche 1", "notes": ["n"], "blocks": [block, empty]}]
    parts = _parts(pages, size=3)
    rows = [r for part in parts for page in part for b in page["blocks"] for r in b["rows"]]
    assert rows == list(range(7)) and len(parts) == 3
    headings = [b["heading"] for part in parts for page in part for b in page["blocks"]]
    assert headings == ["Indicateurs", "Indicateurs (suite)", "Indicateurs (suite)", "Vide"]
    assert parts[1][0]["title"] == "Fiche 1 (suite)" and parts[1][0]["notes"] == []
