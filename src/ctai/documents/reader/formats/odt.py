"""OpenDocument texts (.odt): paragraphs, headings, lists and tables of ``content.xml``.

Same rules as Word: a table row is one line with its real cells; a cell spanning several
columns counts once (covered cells are skipped); repeated empty cells are capped.
"""

from __future__ import annotations

from lxml import etree

from ctai.documents.reader.errors import ReadError
from ctai.documents.reader.formats.archive import SafeArchive
from ctai.documents.reader.formats.archive import attribute as _attribute
from ctai.documents.reader.formats.archive import local_name as _local
from ctai.documents.reader.formats.lines import Extracted, LineBuilder

_MAX_REPEAT = 64
_SKIPPED = {"annotation", "annotation-end", "note", "tracked-changes", "soft-page-break"}
_BLOCK_WRAPPERS = {
    "list",
    "list-item",
    "list-header",
    "section",
    "index-body",
    "table-of-content",
    "alphabetical-index",
    "illustration-index",
    "user-index",
    "bibliography",
    "change-start",
    "change-end",
}
_ROW_WRAPPERS = {"table-header-rows", "table-rows", "table-row-group"}


def _repeat(element: etree._Element, name: str) -> int:
    try:
        return max(1, min(int(_attribute(element, name) or 1), _MAX_REPEAT))
    except ValueError:
        return 1


def _inline(element: etree._Element, parts: list[str]) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        name = _local(child)
        if name == "s":
            parts.append(" " * _repeat(child, "c"))
        elif name == "tab":
            parts.append("\t")
        elif name == "line-break":
            parts.append("\n")
        elif name not in _SKIPPED:
            _inline(child, parts)
        if child.tail:
            parts.append(child.tail)


def paragraph_text(element: etree._Element) -> str:
    parts: list[str] = []
    _inline(element, parts)
    return "".join(parts)


def _cell_parts(element: etree._Element, parts: list[str]) -> None:
    for child in element:
        name = _local(child)
        if name in ("p", "h"):
            text = " ".join(paragraph_text(child).split())
            if text:
                parts.append(text)
        elif name == "table":
            for row in _rows(child):
                for cell in _cells(row):
                    _cell_parts(cell, parts)
        elif name in _BLOCK_WRAPPERS:
            _cell_parts(child, parts)


def _rows(table: etree._Element) -> list[etree._Element]:
    rows = []
    for child in table:
        name = _local(child)
        if name == "table-row":
            rows.extend([child] * _repeat(child, "number-rows-repeated"))
        elif name in _ROW_WRAPPERS:
            rows.extend(_rows(child))
    return rows


def _cells(row: etree._Element) -> list[etree._Element]:
    return [
        child
        for child in row
        if _local(child) == "table-cell"
        for _ in range(_repeat(child, "number-columns-repeated"))
    ]


class _Walker:
    def __init__(self, builder: LineBuilder) -> None:
        self.builder = builder
        self.paragraphs = 0
        self.tables = 0

    def block(self, element: etree._Element) -> None:
        for child in element:
            name = _local(child)
            if name in ("p", "h"):
                self.paragraphs += 1
                self.builder.paragraph(paragraph_text(child), f"§ {self.paragraphs}")
            elif name == "table":
                self.table(child)
            elif name in _BLOCK_WRAPPERS:
                self.block(child)

    def table(self, table: etree._Element) -> None:
        self.tables += 1
        number = self.tables
        for position, row in enumerate(_rows(table), start=1):
            cells = []
            for cell in _cells(row):
                parts: list[str] = []
                _cell_parts(cell, parts)
                cells.append(" ".join(parts))
            self.builder.row(cells, f"tableau {number}, ligne {position}")


def read_odt(data: bytes) -> Extracted:
    archive = SafeArchive(data, "Document OpenDocument")
    if "META-INF/manifest.xml" in archive.names:
        manifest = archive.read("META-INF/manifest.xml")
        if b"encryption-data" in manifest:
            raise ReadError(
                "Document OpenDocument protégé par un mot de passe : enregistrez-le sans "
                "mot de passe."
            )
    root = archive.xml("content.xml")
    body = next((child for child in root if _local(child) == "body"), None)
    text = (
        next((child for child in body if _local(child) == "text"), None)
        if body is not None
        else None
    )
    if text is None:
        raise ReadError("Document OpenDocument endommagé : le texte du document est introuvable.")
    builder = LineBuilder("Document OpenDocument")
    _Walker(builder).block(text)
    return Extracted("odt", builder.text(), builder.locations)
