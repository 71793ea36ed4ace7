"""The evaluation as a PDF for the COPIL (WeasyPrint, from a Django template).

The same pages and tables as the workbook (``layout``), with French figures as text. The
template is autoescaped and WeasyPrint is given a URL fetcher that refuses everything: a
report's text can never make the renderer read a local file or call the network.
"""

from django.template.loader import render_to_string
from weasyprint import HTML

from ctai.reporting.evaluation.data import Evaluation
from ctai.reporting.evaluation.layout import TEXT, Page, display, evaluation_pages

WIDE_COLUMNS = 10  # tables with more columns are set in a smaller type to fit the page


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


def evaluation_html(evaluation: Evaluation) -> str:
    pages = [_page_context(page) for page in evaluation_pages(evaluation)]
    return render_to_string(
        "reporting/evaluation.html",
        {
            "document_title": f"Évaluation {evaluation.year} — {evaluation.contract.territory}",
            "pages": pages,
        },
    )


def evaluation_pdf(evaluation: Evaluation) -> bytes:
    html = HTML(string=evaluation_html(evaluation), url_fetcher=refuse_fetch, base_url=None)
    return html.write_pdf()
