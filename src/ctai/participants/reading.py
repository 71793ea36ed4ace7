"""Reading an attendance sheet (feuille d'émargement) row by row: CSV, XLSX or ODS, streamed
and bounded. Never the whole file in memory as cells: a row at a time."""

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
    for number, row in enumerate(reader):
        if number > max_rows():
            raise SheetError(
                f"Le fichier compte plus de {max_rows()} lignes : découpez-le en plusieurs "
                "fichiers."
            )
        yield row


def _csv_rows(data: bytes) -> Iterator[list[Cell]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="")
            first = text.readline()
            break
        except UnicodeDecodeError:
            continue
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    yield from csv.reader([first], delimiter=delimiter)
    try:
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


def _xlsx_rows(data: bytes) -> Iterator[list[Cell]]:
    from openpyxl import load_workbook

    archive = _archive(data)
    for info in archive.infolist():
        _member(archive, info.filename).close()
        if info.filename.endswith("vbaProject.bin"):
            raise SheetError("Le classeur contient des macros : enregistrez-le sans macros.")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise SheetError(f"Le classeur XLSX est illisible : {error}.") from error
    try:
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            yield list(row)
    finally:
        workbook.close()


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
