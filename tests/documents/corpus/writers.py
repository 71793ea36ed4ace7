"""Writing a document given as lines into Word, OpenDocument and PDF files.

A line holding tabs is a table row (consecutive rows make one table, each cell a real
cell); any other line is a paragraph. This is how an office suite would hold the text the
reader already reads, so each format must read back to the same values.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from io import BytesIO

import docx
from odf.opendocument import OpenDocumentText
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import P
from weasyprint import HTML

Block = tuple[str, list[str] | list[list[str]]]


def blocks(text: str) -> Iterator[Block]:
    """("p", [line]) for a paragraph, ("table", rows) for consecutive tab-separated lines."""
    rows: list[list[str]] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        if rows:
            yield "table", rows
            rows = []
        yield "p", [line]
    if rows:
        yield "table", rows


def _xml_safe(text: str) -> str:
    return "".join(ch for ch in text if ch in "\t\n" or ord(ch) >= 32)


def to_docx(text: str) -> bytes:
    document = docx.Document()
    body = document.element.body
    # The empty paragraph of a new document is not content.
    for paragraph in list(body.iterchildren(docx.oxml.ns.qn("w:p"))):
        body.remove(paragraph)
    for kind, content in blocks(text):
        if kind == "p":
            document.add_paragraph(_xml_safe(content[0]))
            continue
        width = max(len(row) for row in content)
        table = document.add_table(rows=len(content), cols=width)
        table.style = "Table Grid"
        for row, cells in zip(table.rows, content, strict=True):
            for cell, value in zip(row.cells, cells, strict=False):
                cell.text = _xml_safe(value)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def to_odt(text: str) -> bytes:
    document = OpenDocumentText()
    for kind, content in blocks(text):
        if kind == "p":
            document.text.addElement(P(text=_xml_safe(content[0])))
            continue
        width = max(len(row) for row in content)
        table = Table()
        table.addElement(TableColumn(numbercolumnsrepeated=width))
        for cells in content:
            row = TableRow()
            for position in range(width):
                cell = TableCell()
                value = cells[position] if position < len(cells) else ""
                if value:
                    cell.addElement(P(text=_xml_safe(value)))
                row.addElement(cell)
            table.addElement(row)
        document.text.addElement(table)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


_CSS = """
@page { size: A4; margin: 15mm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9pt; }
p { margin: 0; }
.gap { height: 7pt; }
table { border-collapse: collapse; width: 100%; margin: 3pt 0; }
td { border: 0.5pt solid black; padding: 2pt; vertical-align: top; }
"""


def to_html(text: str) -> str:
    parts = [f"<html><head><meta charset='utf-8'><style>{_CSS}</style></head><body>"]
    for kind, content in blocks(text):
        if kind == "p":
            line = content[0]
            parts.append(
                f"<p>{html.escape(line)}</p>" if line.strip() else "<div class='gap'></div>"
            )
            continue
        width = max(len(row) for row in content)
        parts.append("<table>")
        for cells in content:
            padded = [*cells, *[""] * (width - len(cells))]
            parts.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in padded) + "</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts)


def to_pdf(text: str) -> bytes:
    return HTML(string=to_html(text)).write_pdf()


WRITERS = {"docx": to_docx, "odt": to_odt, "pdf": to_pdf}
