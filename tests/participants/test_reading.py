"""The streamed readers of attendance sheets: XLSX through the sheet's XML, ODS, CSV."""

import datetime
import io

import pytest
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from ctai.participants.reading import SheetError, rows
from tests.participants import sheets


def _book(epoch=None) -> bytes:
    """A workbook as Excel saves it: shared strings, date styles, a gap in rows and columns."""
    book = Workbook()
    if epoch is not None:
        book.epoch = epoch
    sheet = book.active
    sheet["A1"], sheet["B1"], sheet["D1"] = "Nom", "Date", "Durée"
    sheet["A2"], sheet["B2"], sheet["D2"] = "Nguyễn", datetime.date(2027, 3, 2), 2.5
    sheet["A3"], sheet["B3"] = "Ølsen", datetime.datetime(2027, 3, 3, 14, 30)
    sheet["D3"] = 3
    sheet["A5"], sheet["C5"] = "après une ligne vide", "=1+1"
    sheet["B5"] = True
    second = book.create_sheet("Autre")
    second["A1"] = "jamais lue"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize("epoch", [None, CALENDAR_MAC_1904])
def test_xlsx_values_dates_styles_and_gaps(epoch):
    read = list(rows("e.xlsx", _book(epoch)))
    assert read[0] == ["Nom", "Date", None, "Durée"]
    assert read[1] == ["Nguyễn", datetime.date(2027, 3, 2), None, 2.5]
    assert read[2] == ["Ølsen", datetime.datetime(2027, 3, 3, 14, 30), None, 3]
    assert read[3] == []  # the empty row keeps the line numbers right
    assert read[4][0] == "après une ligne vide" and read[4][1] is True
    assert len(read) == 5  # the first worksheet only


def test_xlsx_inline_strings_of_a_streamed_writer():
    data = sheets.xlsx([["Haddad", "Leïla", datetime.date(1999, 4, 12)]])
    assert list(rows("e.xlsx", data))[1] == ["Haddad", "Leïla", datetime.date(1999, 4, 12)]


def test_xlsx_row_bound(settings):
    settings.CTAI_ATTENDANCE_MAX_ROWS = 3
    data = sheets.xlsx([["a", "b"]] * 5)
    with pytest.raises(SheetError, match="plus de 3 lignes"):
        list(rows("e.xlsx", data))


def _with_sheet(change) -> bytes:
    """The test workbook with its first sheet's XML passed through ``change``."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(_book()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = change(content)
            target.writestr(info, content)
    return out.getvalue()


def test_xlsx_damaged_sheet_is_a_french_message():
    damaged = _with_sheet(lambda content: content[: len(content) // 2])
    with pytest.raises(SheetError, match="illisible"):
        list(rows("e.xlsx", damaged))


@pytest.mark.parametrize(
    ("original", "malformed"),
    [(b'<row r="2"', b'<row r="deux"'), (b' s="1"', b' s="x"')],
    ids=["row-number", "style-number"],
)
def test_xlsx_malformed_values_are_a_french_message(original, malformed):
    """A row or style number that is not a number: refused in French, not a server error."""

    def change(content: bytes) -> bytes:
        assert original in content
        return content.replace(original, malformed, 1)

    with pytest.raises(SheetError, match="illisible vers la ligne"):
        list(rows("e.xlsx", _with_sheet(change)))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1252"])
@pytest.mark.parametrize("delimiter", [";", ","])
def test_csv_encoding_and_delimiter_sniffed(encoding, delimiter):
    text = delimiter.join(["Nom", "Prénoms", "Durée"]) + "\r\n"
    text += delimiter.join(["Lefèvre", "Élise", "2"]) + "\r\n"
    read = list(rows("e.csv", text.encode(encoding)))
    assert read == [["Nom", "Prénoms", "Durée"], ["Lefèvre", "Élise", "2"]]
