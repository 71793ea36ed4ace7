"""Sessions typed by hand, with who was there: the import's rules, all or nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ctai.audit.models import AuditEvent
from ctai.participants.computed import sheet_figures
from ctai.participants.models import Attendance, IdentityView, Session
from ctai.participants.services import session_record
from tests.participants.builders import YEAR, enrol, world

pytestmark = pytest.mark.django_db


def two_people(w):
    op = w.users["op_a"]
    leila = enrol(w.sheet_a, op)
    ahmad = enrol(
        w.sheet_a,
        op,
        family_name="Karimi",
        first_names="Ahmad",
        birth_date=datetime.date(2003, 7, 9),
    )
    return leila, ahmad


def test_a_session_by_hand_records_present_and_absent():
    w = world()
    leila, ahmad = two_people(w)
    session = session_record(
        sheet=w.sheet_a,
        actor=w.users["op_a"],
        date=datetime.date(YEAR, 3, 2),
        duration=Decimal("2.5"),
        theme="Oral",
        present={leila.participant_id},
    )
    marks = dict(Attendance.objects.filter(session=session).values_list("enrolment", "present"))
    assert marks == {leila.pk: True, ahmad.pk: False}
    # The same session again (same day, theme, duration): the presences are corrected.
    session_record(
        sheet=w.sheet_a,
        actor=w.users["op_a"],
        date=datetime.date(YEAR, 3, 2),
        duration=Decimal("2.50"),
        theme=" Oral ",
        present={leila.participant_id, ahmad.participant_id},
    )
    assert Session.objects.filter(sheet=w.sheet_a).count() == 1
    assert Attendance.objects.filter(session=session, present=True).count() == 2
    assert sheet_figures(w.sheet_a)["assiduous"] == 2  # 2.5 h of 2.5 h offered
    leila.participant.refresh_from_db()
    assert leila.participant.last_activity == datetime.date(YEAR, 3, 2)
    event = AuditEvent.objects.filter(model="participants.AttendanceImport").last()
    assert "Haddad" not in str(event.changes) + event.object_repr


@pytest.mark.parametrize(
    ("day", "hours", "theme", "words"),
    [
        (datetime.date(YEAR + 1, 1, 5), "2", "", "hors de l'année"),
        (datetime.date(YEAR, 3, 2), "25", "", "hors de 0 à 24"),
        (datetime.date(YEAR, 3, 2), "0", "", "hors de 0 à 24"),
        (datetime.date(YEAR, 3, 9), "3", "Oral", "dure 2.00 h"),
    ],
)
def test_a_session_by_hand_follows_the_import_rules(day, hours, theme, words):
    w = world()
    leila, _ = two_people(w)
    Session.objects.create(
        sheet=w.sheet_a, date=datetime.date(YEAR, 3, 9), duration=2, theme="Oral"
    )
    with pytest.raises(ValidationError, match=words):
        session_record(
            sheet=w.sheet_a,
            actor=w.users["op_a"],
            date=day,
            duration=Decimal(hours),
            theme=theme,
            present={leila.participant_id},
        )
    assert Session.objects.filter(sheet=w.sheet_a).count() == 1
    assert not Attendance.objects.exists()


def test_a_person_of_another_operator_cannot_be_ticked():
    w = world()
    leila, _ = two_people(w)
    other = enrol(w.sheet_b, w.users["op_b"], family_name="Petrenko", first_names="Olena")
    with pytest.raises(ValidationError, match="pas inscrite"):
        session_record(
            sheet=w.sheet_a,
            actor=w.users["op_a"],
            date=datetime.date(YEAR, 3, 2),
            duration=Decimal(2),
            theme="",
            present={leila.participant_id, other.participant_id},
        )
    assert not Session.objects.exists()


def test_the_session_page(client):
    w = world()
    _, ahmad = two_people(w)
    client.force_login(w.users["op_a"])
    url = reverse("participants:session_add", args=[w.contract.pk, YEAR, w.sheet_a.number])
    page = client.get(url).content.decode()
    assert "KARIMI Ahmad" in page and 'type="checkbox"' in page
    assert IdentityView.objects.filter(what="séance").count() == 2
    refused = client.post(url, {"date": f"{YEAR + 1}-01-05", "duration": "2,5", "theme": ""})
    assert "hors de l&#x27;année" in refused.content.decode()
    assert not Session.objects.exists()
    done = client.post(
        url,
        {
            "date": f"{YEAR}-03-02",
            "duration": "2,5",
            "theme": "Oral",
            "present": [ahmad.participant_id],
        },
    )
    assert done.status_code == 302
    session = Session.objects.get()
    assert session.duration == Decimal("2.5")
    assert list(Attendance.objects.filter(present=True).values_list("enrolment", flat=True)) == [
        ahmad.pk
    ]
    # The coordination sees the sheet, not the register's pages.
    client.force_login(w.users["coord"])
    assert client.get(url).status_code == 403
