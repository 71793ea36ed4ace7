"""Word documents (.docx): paragraphs and tables read from ``word/document.xml``.

The XML is walked directly (hardened parser, see ``archive``) so that cells stay cells:
a table row is one line, its cells separated by tabs; merged cells count once; content
controls (checkboxes, fields) and tracked insertions are read, deleted text and the
fallback copies of ``mc:AlternateContent`` are not.
"""

from __future__ import annotations

from lxml import etree

from ctai.documents.reader.errors import ReadError
from ctai.documents.reader.formats.archive import SafeArchive
from ctai.documents.reader.formats.archive import attribute as _attribute
from ctai.documents.reader.formats.archive import local_name as _local
from ctai.documents.reader.formats.lines import Extracted, LineBuilder

_MACRO_TYPES = (b"macroEnabled", b"vbaProject")
# Elements whose text is never shown: deleted revisions, field codes, duplicated fallbacks.
_SKIPPED = {"delText", "instrText", "Fallback", "del", "moveFrom", "rPr", "pPr", "sdtPr"}
_TICKED = "\u2612"
_UNTICKED = "\u2610"


def _checkbox(element: etree._Element) -> str:
    """A legacy form checkbox (``w:checkBox``): ``checked`` wins over ``default``."""
    states = {_local(child): _attribute(child, "val") for child in element}
    if "checked" in states:
        ticked = states["checked"] not in ("0", "false", "off")
    else:
        ticked = states.get("default") in ("1", "true", "on")
    return _TICKED if ticked else _UNTICKED


def _inline_text(element: etree._Element, parts: list[str]) -> None:
    for child in element:
        name = _local(child)
        if name in _SKIPPED:
            continue
        if name == "t":
            parts.append(child.text or "")
        elif name == "tab":
            parts.append("\t")
        elif name in ("br", "cr"):
            if _attribute(child, "type") != "page":
                parts.append("\n")
        elif name == "noBreakHyphen":
            parts.append("-")
        elif name == "checkBox":
            parts.append(_checkbox(child))
        elif name == "p":
            # A paragraph inside a text box anchored in this paragraph.
            parts.append(" ")
            _inline_text(child, parts)
        else:
            _inline_text(child, parts)


def paragraph_text(element: etree._Element) -> str:
    parts: list[str] = []
    _inline_text(element, parts)
    return "".join(parts)


_WRAPPERS = ("sdt", "sdtContent", "customXml", "ins", "moveTo", "smartTag")


def _children(element: etree._Element, wanted: str) -> list[etree._Element]:
    """Direct children named ``wanted``, looking through content controls and revisions."""
    found = []
    for child in element:
        name = _local(child)
        if name == wanted:
            found.append(child)
        elif name in _WRAPPERS:
            found.extend(_children(child, wanted))
    return found


def _cell_parts(element: etree._Element, parts: list[str]) -> None:
    for child in element:
        name = _local(child)
        if name == "p":
            text = " ".join(paragraph_text(child).split())
            if text:
                parts.append(text)
        elif name == "tbl":
            for row in _children(child, "tr"):
                for cell in _children(row, "tc"):
                    _cell_parts(cell, parts)
        elif name in _WRAPPERS:
            _cell_parts(child, parts)


def _cell_content(cell: etree._Element) -> str:
    """Text of a cell: its paragraphs (and any nested table) joined by spaces."""
    parts: list[str] = []
    _cell_parts(cell, parts)
    return " ".join(parts)


class _Walker:
    def __init__(self, builder: LineBuilder) -> None:
        self.builder = builder
        self.paragraphs = 0
        self.tables = 0

    def block(self, element: etree._Element) -> None:
        for child in element:
            name = _local(child)
            if name == "p":
                self.paragraphs += 1
                self.builder.paragraph(paragraph_text(child), f"§ {self.paragraphs}")
            elif name == "tbl":
                self.table(child)
            elif name in _WRAPPERS:
                self.block(child)

    def table(self, table: etree._Element) -> None:
        self.tables += 1
        number = self.tables
        for position, row in enumerate(_children(table, "tr"), start=1):
            cells = [_cell_content(cell) for cell in _children(row, "tc")]
            self.builder.row(cells, f"tableau {number}, ligne {position}")


def read_docx(data: bytes) -> Extracted:
    archive = SafeArchive(data, "Document Word")
    if "[Content_Types].xml" in archive.names:
        types = archive.read("[Content_Types].xml")
        if any(marker in types for marker in _MACRO_TYPES):
            raise ReadError(
                "Document Word refusé : il contient des macros. Enregistrez-le sans macros "
                "(« Document Word (*.docx) »)."
            )
    root = archive.xml("word/document.xml")
    body = next((child for child in root if _local(child) == "body"), None)
    if body is None:
        raise ReadError("Document Word endommagé : le corps du document est introuvable.")
    builder = LineBuilder("Document Word")
    _Walker(builder).block(body)
    return Extracted("docx", builder.text(), builder.locations)
