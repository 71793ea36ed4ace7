"""Import of attendance sheets: mapping, every rejected row and why, all or nothing."""

import datetime

import pytest

from ctai.audit.models import AuditEvent
from ctai.participants.computed import sheet_figures
from ctai.participants.imports import (
    ImportRefused,
    attendance_import,
    attendance_preview,
    guess_mapping,
    headers,
)
from ctai.participants.models import Attendance, Enrolment, Session
from ctai.participants.reading import SheetError
from tests.participants import sheets
from tests.participants.builders import YEAR, enrol, world

pytestmark = pytest.mark.django_db

GOOD = [
    ["HADDAD", "Leila Noor", "12/04/1999", f"03/03/{YEAR}", "3", "oui"],
    ["Haddad", "Leïla-Noor", "1999-04-12", f"10/03/{YEAR}", "3", "non"],
    ["Karimi", "Ahmad", "09/07/2003", f"03/03/{YEAR}", "3", ""],
]
BAD = [
    ["Inconnu", "Jean", "01/01/1980", f"03/03/{YEAR}", "3", "oui"],  # not in the register
    ["Karimi", "Ahmad", "31/02/2003", f"10/03/{YEAR}", "3", "oui"],  # impossible date
    ["Karimi", "Ahmad", "09/07/2003", f"10/03/{YEAR}", "2,5", "oui"],  # 3 h elsewhere
    ["Karimi", "Ahmad", "09/07/2003", f"17/03/{YEAR - 1}", "3", "oui"],  # another year
    ["Karimi", "Ahmad", "09/07/2003", f"24/03/{YEAR}", "3", "peut-être"],
]


def register(w):
    enrol(w.sheet_a, w.users["op_a"])
    enrol(
        w.sheet_a2,
        w.users["op_a"],
        family_name="Karimi",
        first_names="Ahmad",
        birth_date=datetime.date(2003, 7, 9),
    )


@pytest.mark.parametrize("write", [sheets.xlsx, sheets.ods, sheets.csv_bytes])
def test_a_clean_file_in_every_format_is_imported(write):
    w = world()
    register(w)
    name = {"xlsx": "e.xlsx", "ods": "e.ods", "csv_bytes": "e.csv"}[write.__name__]
    data = write(GOOD)
    mapping = guess_mapping(headers(name, data))
    assert mapping == {
        "family_name": 0,
        "first_names": 1,
        "birth_date": 2,
        "date": 3,
        "duration": 4,
        "present": 5,
        "theme": None,
    }
    preview = attendance_import(
        sheet=w.sheet_a, actor=w.users["op_a"], name=name, data=data, mapping=mapping
    )
    assert (preview.accepted, preview.people, preview.sessions) == (3, 2, 2)
    assert Session.objects.filter(sheet=w.sheet_a).count() == 2
    # Ahmad was in the register (another action): enrolled in this one by the import.
    assert Enrolment.objects.filter(sheet=w.sheet_a).count() == 2
    assert Attendance.objects.filter(present=True).count() == 2
    assert sheet_figures(w.sheet_a)["total"] == 2
    event = AuditEvent.objects.get(model="participants.AttendanceImport")
    assert event.changes["lignes"] == [None, 3]


def test_every_rejected_row_is_listed_and_nothing_is_written():
    w = world()
    register(w)
    data = sheets.xlsx(GOOD + BAD)
    mapping = guess_mapping(headers("e.xlsx", data))
    preview = attendance_preview(sheet=w.sheet_a, name="e.xlsx", data=data, mapping=mapping)
    reasons = dict(preview.rejected)
    assert sorted(reasons) == [5, 6, 7, 8, 9]
    assert "absente du registre" in reasons[5]
    assert "date de naissance illisible (31/02/2003)" in reasons[6]
    assert "dure 3 h" in reasons[7] and "2.5 h sur cette ligne" in reasons[7]
    assert f"hors de l'année {YEAR}" in reasons[8]
    assert "présence illisible (peut-être)" in reasons[9]
    events = AuditEvent.objects.count()
    with pytest.raises(ImportRefused):
        attendance_import(
            sheet=w.sheet_a, actor=w.users["op_a"], name="e.xlsx", data=data, mapping=mapping
        )
    assert not Session.objects.exists() and not Attendance.objects.exists()
    assert Enrolment.objects.filter(sheet=w.sheet_a).count() == 1
    assert AuditEvent.objects.count() == events


def test_a_second_import_of_the_same_sessions_updates_presence():
    w = world()
    register(w)
    mapping = guess_mapping(sheets.HEADER)
    attendance_import(
        sheet=w.sheet_a,
        actor=w.users["op_a"],
        name="e.csv",
        data=sheets.csv_bytes(GOOD),
        mapping=mapping,
    )
    corrected = [[*GOOD[1][:5], "oui"]]
    attendance_import(
        sheet=w.sheet_a,
        actor=w.users["op_a"],
        name="e.csv",
        data=sheets.csv_bytes(corrected),
        mapping=mapping,
    )
    assert Attendance.objects.count() == 3
    assert Attendance.objects.filter(present=True).count() == 3


def test_bounds_and_unreadable_files(settings):
    w = world()
    settings.CTAI_ATTENDANCE_MAX_ROWS = 3
    data = sheets.csv_bytes(GOOD * 2)
    with pytest.raises(SheetError, match="plus de 3 lignes"):
        attendance_preview(
            sheet=w.sheet_a, name="e.csv", data=data, mapping=guess_mapping(sheets.HEADER)
        )
    settings.CTAI_ATTENDANCE_MAX_BYTES = 100
    with pytest.raises(SheetError, match="taille autorisée"):
        headers("e.csv", data)
    with pytest.raises(SheetError, match="Format non reconnu"):
        headers("e.pdf", b"%PDF-1.4")
    settings.CTAI_ATTENDANCE_MAX_BYTES = 10_000
    with pytest.raises(SheetError, match="endommagé"):
        headers("e.xlsx", b"PK\x03\x04 pas un classeur")
