"""The evaluation as a PDF for the COPIL (WeasyPrint, from a Django template).

The same pages and tables as the workbook (``layout``), with French figures as text. The
template is autoescaped and WeasyPrint is given a URL fetcher that refuses everything: a
report's text can never make the renderer read a local file or call the network.

A large evaluation (200 sheets × 40 indicators: 8 000 table rows) is laid out in parts of at
most ``PART_ROWS`` rows, each written to PDF then let go, and the parts are joined (pdfium):
WeasyPrint's memory grows with the boxes it lays out at once (1.6 GB for the whole 200-sheet
document, the size of one part this way). A table cut between two parts continues under its
heading followed by « (suite) »; pages are numbered across the parts (« Page 12 » — the total
is only printed on a document laid out in one part).
"""

import gc
import io

from django.template.loader import render_to_string
from weasyprint import HTML

from ctai.reporting.evaluation.data import Evaluation
from ctai.reporting.evaluation.layout import TEXT, Page, display, evaluation_pages

WIDE_COLUMNS = 10  # tables with more columns are set in a smaller type to fit the page
PART_ROWS = 600  # table rows laid out at once


def refuse_fetch(url: str, *args, **kwargs):
    raise ValueError(f"Ressource externe refusée dans l'évaluation : {url[:80]}")


def _page_context(page: Page) -> dict:
    blocks = []
    for block in page.blocks:
        first_total = len(block.rows) - block.totals
        rows = [
            {
                "total": index >= first_total,
                "cells": [
                    {"text": display(value, column.kind), "number": column.kind != TEXT}
                    for value, column in zip(values, block.columns, strict=True)
                ],
            }
            for index, values in enumerate(block.rows)
        ]
        total_width = sum(c.width for c in block.columns) or 1
        blocks.append(
            {
                "heading": block.heading,
                "empty": block.empty,
                "wide": len(block.columns) > WIDE_COLUMNS,
                "columns": [
                    {
                        "title": c.title,
                        "number": c.kind != TEXT,
                        "width": f"{100 * c.width / total_width:.1f}",
                    }
                    for c in block.columns
                ],
                "rows": rows,
            }
        )
    return {"title": page.title, "notes": page.notes, "blocks": blocks}


def _parts(pages: list[dict], size: int | None = None) -> list[list[dict]]:
    """The page contexts cut into parts of at most ``size`` table rows (an empty table counts
    for one); a table cut between two parts continues with « (suite) » after its heading."""
    size = size or PART_ROWS
    parts: list[list[dict]] = []
    current: list[dict] = []
    used = 0
    for page in pages:
        piece = {**page, "blocks": []}
        for block in page["blocks"]:
            rows, start = block["rows"], 0
            while True:
                if used >= size:
                    if piece["blocks"]:
                        current.append(piece)
                    parts.append(current)
                    current, used = [], 0
                    title = f"{page['title']} (suite)"
                    piece = {**page, "title": title, "notes": [], "blocks": []}
                taken = rows[start : start + size - used]
                heading = block["heading"]
                if start and heading:
                    heading = f"{heading} (suite)"
                piece["blocks"].append({**block, "rows": taken, "heading": heading})
                used += max(len(taken), 1)
                start += len(taken)
                if start >= len(rows):
                    break
        current.append(piece)
    if current:
        parts.append(current)
    return parts


def _title(evaluation: Evaluation) -> str:
    return f"Évaluation {evaluation.year} — {evaluation.contract.territory}"


def _html(title: str, pages: list[dict], first_page: int | None = None) -> str:
    """The document, or one part of it starting at page ``first_page`` (numbered without
    the total, which is unknown while the parts are laid out one after the other)."""
    return render_to_string(
        "reporting/evaluation.html",
        {"document_title": title, "pages": pages, "first_page": first_page},
    )


def evaluation_html(evaluation: Evaluation) -> str:
    pages = [_page_context(page) for page in evaluation_pages(evaluation)]
    return _html(_title(evaluation), pages)


def _pdf(html: str) -> bytes:
    return HTML(string=html, url_fetcher=refuse_fetch, base_url=None).write_pdf()


def evaluation_pdf(evaluation: Evaluation) -> bytes:
    pages = [_page_context(page) for page in evaluation_pages(evaluation)]
    parts = _parts(pages)
    title = _title(evaluation)
    if len(parts) <= 1:
        return _pdf(_html(title, pages))
    import pypdfium2

    joined = pypdfium2.PdfDocument.new()
    for part in parts:
        written = pypdfium2.PdfDocument(_pdf(_html(title, part, len(joined) + 1)))
        joined.import_pages(written)
        written.close()
        gc.collect()  # the part's boxes go before the next part is laid out
    output = io.BytesIO()
    joined.save(output)
    joined.close()
    return output.getvalue()
