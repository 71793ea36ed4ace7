"""Reading an attendance sheet (feuille d'émargement) row by row: CSV, XLSX or ODS, streamed
and bounded. Never the whole file in memory as cells: a row at a time."""

import codecs
import csv
import datetime
import io
import zipfile
from collections.abc import Iterator

from django.conf import settings
from lxml import etree

FORMATS = "CSV, XLSX ou ODS"
MAX_UNCOMPRESSED = 60 * 1024 * 1024  # of one member of an XLSX/ODS archive
MAX_RATIO = 100  # uncompressed / compressed: beyond, a zip bomb

Cell = str | int | float | datetime.date | datetime.datetime | None


class SheetError(ValueError):
    """The file cannot be read at all: a French message saying why."""


def max_rows() -> int:
    return settings.CTAI_ATTENDANCE_MAX_ROWS


def max_bytes() -> int:
    return settings.CTAI_ATTENDANCE_MAX_BYTES


def check_size(size: int) -> None:
    if size > max_bytes():
        raise SheetError(
            f"Le fichier dépasse la taille autorisée ({max_bytes() // (1024 * 1024)} Mo)."
        )


def detect(name: str, head: bytes) -> str:
    lowered = name.lower()
    if head.startswith(b"PK"):
        if lowered.endswith(".ods"):
            return "ods"
        if lowered.endswith(".xlsx"):
            return "xlsx"
        raise SheetError(f"Format non reconnu : déposez un fichier {FORMATS}.")
    if lowered.endswith((".csv", ".txt")):
        return "csv"
    raise SheetError(f"Format non reconnu : déposez un fichier {FORMATS}.")


def rows(name: str, data: bytes) -> Iterator[list[Cell]]:
    """The rows of the first worksheet, the header first; at most ``max_rows()`` + 1."""
    check_size(len(data))
    kind = detect(name, data[:4])
    reader = {"csv": _csv_rows, "xlsx": _xlsx_rows, "ods": _ods_rows}[kind](data)
    number = 0
    try:
        for number, row in enumerate(reader):
            if number > max_rows():
                raise SheetError(
                    f"Le fichier compte plus de {max_rows()} lignes : découpez-le en plusieurs "
                    "fichiers."
                )
            yield row
    except SheetError:
        raise
    except (ValueError, TypeError, OverflowError) as error:
        # A malformed attribute or value the readers do not expect (a row or style number that
        # is not a number, a date that is not one…): the file is refused, never a server error.
        raise SheetError(
            f"Le fichier est illisible vers la ligne {number + 2} : une valeur y est mal "
            "formée. Enregistrez-le de nouveau depuis votre tableur."
        ) from error


def _encoding(data: bytes) -> str:
    """UTF-8 (with or without its mark) when the whole file decodes as such, else Windows
    1252 (the spreadsheets saved as CSV by Excel in France); checked in chunks, not copied."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), 1 << 20):
            decoder.decode(view[start : start + (1 << 20)])
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def _csv_rows(data: bytes) -> Iterator[list[Cell]]:
    text = io.TextIOWrapper(io.BytesIO(data), encoding=_encoding(data), newline="")
    first = text.readline()
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    try:
        yield from csv.reader([first], delimiter=delimiter)
        yield from csv.reader(text, delimiter=delimiter)
    except (UnicodeDecodeError, csv.Error) as error:
        raise SheetError(f"Le fichier CSV est illisible : {error}.") from error


def _member(archive: zipfile.ZipFile, name: str):
    try:
        info = archive.getinfo(name)
    except KeyError as error:
        raise SheetError(f"Le classeur est incomplet ({name} manquant).") from error
    if info.file_size > MAX_UNCOMPRESSED or info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise SheetError("Le classeur est anormalement volumineux une fois décompressé.")
    return archive.open(info)


def _archive(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError) as error:
        raise SheetError(f"Le classeur est endommagé : déposez un fichier {FORMATS}.") from error


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# Built-in number formats that show a date or a time (ECMA-376 §18.8.30, and the ids Excel
# uses for the French, Asian and other locales' date formats).
DATE_FORMAT_IDS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)}
MAX_COLUMNS = 200  # an attendance sheet has a dozen columns: beyond, padding


def _parse(member, what: str):
    """A small XML member (workbook, relations, styles) parsed whole, without entities."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.parse(member, parser).getroot()
    except etree.XMLSyntaxError as error:
        raise SheetError(f"Le classeur XLSX est illisible ({what}).") from error


def _first_sheet(archive: zipfile.ZipFile) -> tuple[str, bool]:
    """The path of the first worksheet in the archive, and whether dates count from 1904."""
    book = _parse(_member(archive, "xl/workbook.xml"), "classeur")
    properties = book.find(f"{{{MAIN}}}workbookPr")
    date1904 = properties is not None and properties.get("date1904") in ("1", "true")
    sheet = book.find(f"{{{MAIN}}}sheets/{{{MAIN}}}sheet")
    if sheet is None:
        raise SheetError("Le classeur ne contient aucune feuille.")
    target = "worksheets/sheet1.xml"
    if "xl/_rels/workbook.xml.rels" in archive.namelist():
        relations = _parse(_member(archive, "xl/_rels/workbook.xml.rels"), "relations")
        wanted = sheet.get(f"{{{DOC_RELS}}}id")
        for relation in relations.iter(f"{{{RELS}}}Relationship"):
            if relation.get("Id") == wanted:
                target = relation.get("Target", target)
    path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return path, date1904


def _date_styles(archive: zipfile.ZipFile) -> set[int]:
    """The indexes of the cell styles (``s`` attribute) whose number format is a date."""
    if "xl/styles.xml" not in archive.namelist():
        return set()
    from openpyxl.styles.numbers import is_date_format

    styles = _parse(_member(archive, "xl/styles.xml"), "styles")
    custom = {
        int(f.get("numFmtId")): is_date_format(f.get("formatCode", ""))
        for f in styles.iter(f"{{{MAIN}}}numFmt")
    }
    dated: set[int] = set()
    cell_xfs = styles.find(f"{{{MAIN}}}cellXfs")
    for index, xf in enumerate(cell_xfs if cell_xfs is not None else []):
        number = int(xf.get("numFmtId", "0"))
        if custom.get(number, number in DATE_FORMAT_IDS):
            dated.add(index)
    return dated


def _text_of(element) -> str:
    """The text of a shared or inline string: its runs, without the phonetic hints."""
    return "".join(
        t.text or "" for t in element.iter(f"{{{MAIN}}}t") if t.getparent().tag != f"{{{MAIN}}}rPh"
    )


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings: list[str] = []
    parser = etree.iterparse(
        _member(archive, "xl/sharedStrings.xml"),
        events=("end",),
        tag=f"{{{MAIN}}}si",
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
    )
    try:
        for _, element in parser:
            strings.append(_text_of(element))
            element.clear()
            while element.getprevious() is not None:
                del element.getparent()[0]
    except etree.XMLSyntaxError as error:
        raise SheetError("Le classeur XLSX est illisible (textes partagés).") from error
    return strings


def _serial_date(serial: float, date1904: bool) -> datetime.date | datetime.datetime:
    """A spreadsheet date serial as a date (a datetime when it carries a time of day)."""
    if date1904:
        origin = datetime.datetime(1904, 1, 1)
    elif serial < 60:  # before Excel's fictitious 29 February 1900
        origin = datetime.datetime(1899, 12, 31)
    else:
        origin = datetime.datetime(1899, 12, 30)
    try:
        # To the nearest second: a serial is a binary float (14:30 reads 14:29:59.999999).
        moment = origin + datetime.timedelta(seconds=round(serial * 86_400))
    except (OverflowError, ValueError) as error:
        raise SheetError(f"Une date du classeur est hors limites ({serial}).") from error
    return moment.date() if moment.time() == datetime.time() else moment


def _column(letters: str) -> int:
    """The index (from 0) of a column's letters: "C" → 2."""
    index = 0
    for char in letters:
        index = index * 26 + ord(char.upper()) - 64
    return index - 1


class _XlsxCells:
    """Turns ``<c>`` elements into values; the columns and dates met are remembered (an
    attendance sheet repeats the same few dozen dates)."""

    V, IS = f"{{{MAIN}}}v", f"{{{MAIN}}}is"

    def __init__(self, shared: list[str], dated: set[int], date1904: bool):
        self.shared, self.dated, self.date1904 = shared, dated, date1904
        self.columns: dict[str, int] = {}
        self.dates: dict[str, Cell] = {}

    def column(self, reference: str) -> int:
        letters = reference.rstrip("0123456789")
        index = self.columns.get(letters)
        if index is None:
            index = self.columns[letters] = _column(letters)
        return index

    def value(self, cell) -> Cell:
        kind = cell.get("t", "n")
        value = None
        for child in cell:
            if child.tag == self.V:
                value = child.text
            elif child.tag == self.IS:
                return _text_of(child)
        if value is None:
            return None
        if kind == "n":
            return self.number(value, cell.get("s"))
        if kind == "s":
            try:
                return self.shared[int(value)]
            except (ValueError, IndexError) as error:
                raise SheetError(
                    "Le classeur XLSX est illisible (texte partagé absent)."
                ) from error
        if kind == "b":
            return value in ("1", "true")
        if kind == "d":
            try:
                return datetime.datetime.fromisoformat(value)
            except ValueError:
                return value
        return value  # "str" (a formula's text), "e" (an error such as #N/A)

    def number(self, value: str, style: str | None) -> Cell:
        if style is not None and int(style) in self.dated:
            known = self.dates.get(value)
            if known is None:
                try:
                    serial = float(value)
                except ValueError:
                    return value
                known = self.dates[value] = _serial_date(serial, self.date1904)
            return known
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if number.is_integer() else number


def _xlsx_rows(data: bytes) -> Iterator[list[Cell]]:
    """The first worksheet's XML read as a stream (lxml iterparse): the shared strings and
    the date styles first, then a row at a time, each row's elements freed once read."""
    archive = _archive(data)
    for info in archive.infolist():
        _member(archive, info.filename).close()
        if info.filename.endswith("vbaProject.bin"):
            raise SheetError("Le classeur contient des macros : enregistrez-le sans macros.")
    path, date1904 = _first_sheet(archive)
    shared, dated = _shared_strings(archive), _date_styles(archive)
    parser = etree.iterparse(
        _member(archive, path),
        events=("end",),
        tag=f"{{{MAIN}}}row",
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
    )
    cells, bound, cell_tag = _XlsxCells(shared, dated, date1904), max_rows() + 1, f"{{{MAIN}}}c"
    expected = 1
    try:
        for _, element in parser:
            number = int(element.get("r", expected))
            for _ in range(min(number - expected, bound)):  # the rows left out are empty
                yield []
            expected = number + 1
            row: list[Cell] = []
            for cell in element.iterchildren(cell_tag):
                reference = cell.get("r")
                index = cells.column(reference) if reference else len(row)
                if index >= MAX_COLUMNS:
                    continue
                if index > len(row):
                    row.extend([None] * (index - len(row)))
                row.append(cells.value(cell))
            element.clear()
            while element.getprevious() is not None:  # flat memory: drop the rows read
                del element.getparent()[0]
            while row and row[-1] in (None, ""):
                row.pop()
            yield row
    except etree.XMLSyntaxError as error:
        raise SheetError("Le classeur XLSX est illisible.") from error


TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
MAX_REPEAT = 1000  # a repeated cell or row beyond this is padding, not data


def _ods_cell(cell) -> Cell:
    kind = cell.get(f"{{{OFFICE}}}value-type")
    if kind in ("float", "percentage", "currency"):
        value = float(cell.get(f"{{{OFFICE}}}value"))
        return int(value) if value.is_integer() else value
    if kind == "date":
        raw = cell.get(f"{{{OFFICE}}}date-value")
        return datetime.date.fromisoformat(raw[:10])
    paragraphs = cell.findall(f"{{{TEXT}}}p")
    return "\n".join("".join(p.itertext()) for p in paragraphs) or None


def _ods_rows(data: bytes) -> Iterator[list[Cell]]:
    archive = _archive(data)
    content = _member(archive, "content.xml")
    parser = etree.iterparse(
        content,
        events=("end",),
        tag=(f"{{{TABLE}}}table-row", f"{{{TABLE}}}table"),
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
    )
    try:
        for _, element in parser:
            if element.tag == f"{{{TABLE}}}table":
                return  # the first worksheet only
            row: list[Cell] = []
            for cell in element:
                repeat = min(int(cell.get(f"{{{TABLE}}}number-columns-repeated", "1")), MAX_REPEAT)
                row.extend([_ods_cell(cell)] * repeat)
            while row and row[-1] in (None, ""):
                row.pop()
            repeat = int(element.get(f"{{{TABLE}}}number-rows-repeated", "1"))
            element.clear()
            while element.getprevious() is not None:  # flat memory: drop the rows read
                del element.getparent()[0]
            for _ in range(min(repeat, MAX_REPEAT)):
                yield row
    except etree.XMLSyntaxError as error:
        raise SheetError("Le classeur ODS est illisible.") from error
