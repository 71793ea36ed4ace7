"""Attendance sheets as operators keep them, written in memory: XLSX, ODS, CSV."""

import csv
import io

from openpyxl import Workbook

HEADER = ["Nom", "Prénom(s)", "Date de naissance", "Date séance", "Durée (h)", "Présent"]


def xlsx(rows: list[list], header=HEADER) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Émargement")
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list], header=HEADER) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def ods(rows: list[list], header=HEADER) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name="Émargement")
    for values in [header, *rows]:
        row = TableRow()
        for value in values:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=str(value)))
            row.addElement(cell)
        table.addElement(row)
    doc.spreadsheet.addElement(table)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()
