"""Retention: ``ctai purge`` anonymises exactly the participants with no activity for 2 years."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from ctai.audit.models import AuditEvent
from ctai.participants.computed import contract_unique_counts, sheet_figures
from ctai.participants.models import Participant
from tests.participants.builders import YEAR, enrol, world

pytestmark = pytest.mark.django_db


def test_purge_anonymises_exactly_the_expired_and_keeps_the_counts():
    w = world()
    old = enrol(w.sheet_a, w.users["op_a"], day=datetime.date(YEAR, 1, 10))
    recent = enrol(
        w.sheet_a,
        w.users["op_a"],
        day=datetime.date(YEAR, 11, 20),
        family_name="Karimi",
        first_names="Ahmad",
    )
    boundary = enrol(
        w.sheet_b,
        w.users["op_b"],
        day=datetime.date(YEAR, 3, 1),
        family_name="Petrenko",
        first_names="Olena",
    )
    figures, counts = sheet_figures(w.sheet_a), contract_unique_counts(w.contract, YEAR)
    # 731 days after the first one's last activity: she goes, the others (March, November)
    # stay.
    today = datetime.date(YEAR, 1, 10) + datetime.timedelta(days=731)
    out = StringIO()
    call_command("purge", "--date", today.isoformat(), stdout=out)
    assert "Participants anonymisés : 1" in out.getvalue()
    purged = Participant.objects.get(pk=old.participant_id)
    assert (purged.family_name, purged.first_names, purged.birth_date) == ("", "", None)
    assert purged.pseudonym == f"anonyme-{purged.pk}" and purged.anonymised_at
    for kept in (recent, boundary):
        assert Participant.objects.get(pk=kept.participant_id).family_name
    # Same counts for the year (birth year kept for the "under 25").
    assert sheet_figures(w.sheet_a) == figures
    assert contract_unique_counts(w.contract, YEAR) == counts
    # Idempotent: a second run anonymises nobody and writes nothing.
    events = AuditEvent.objects.count()
    again = StringIO()
    call_command("purge", "--date", today.isoformat(), stdout=again)
    assert "Participants anonymisés : 0" in again.getvalue()
    assert AuditEvent.objects.count() == events
    # The trail of the anonymisation names nobody.
    event = AuditEvent.objects.filter(model="participants.Participant").latest("id")
    assert "Haddad" not in str(event.changes) and event.reason.startswith("Anonymisation")


def test_purge_refuses_an_unreadable_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Date illisible"):
        call_command("purge", "--date", "31/12/2029")
