"""Recording participants: eligibility (art. 2), one pseudonym across operators, visibility,
nothing of the identity in the audit trail."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError

from ctai.audit.models import AuditEvent
from ctai.participants.computed import contract_unique_counts
from ctai.participants.enums import ProtectionStatus
from ctai.participants.models import Participant
from tests.participants.builders import YEAR, enrol, world

pytestmark = pytest.mark.django_db


def test_two_operators_different_spellings_one_pseudonym_one_person_counted():
    w = world()
    enrol(w.sheet_a, w.users["op_a"])
    enrol(w.sheet_a2, w.users["op_a"])
    enrol(w.sheet_b, w.users["op_b"], family_name="NOOR Leila", first_names="haddad")
    rows = Participant.objects.filter(contract=w.contract)
    assert rows.count() == 2  # one row per operator's register
    assert len({p.pseudonym for p in rows}) == 1
    counts = contract_unique_counts(w.contract, YEAR)
    assert counts["total"] == 1
    assert counts["enrolments"] == 3  # the sum over sheets would count her three times


def test_an_operator_sees_only_its_own_register():
    w = world()
    enrol(w.sheet_a, w.users["op_a"])
    enrol(w.sheet_b, w.users["op_b"], family_name="Petrenko", first_names="Olena")
    mine = Participant.objects.for_user(w.users["op_a"])
    assert [p.family_name for p in mine] == ["Haddad"]
    for role in ("coord", "state", "copil"):
        assert not Participant.objects.for_user(w.users[role]).exists()


def test_an_ineligible_person_is_refused_with_a_french_message():
    w = world()
    with pytest.raises(ValidationError) as refused:
        enrol(
            w.sheet_a,
            w.users["op_a"],
            status=ProtectionStatus.EPA,
            residence_start=datetime.date(2018, 9, 1),
        )
    assert "non éligible (article 2 du contrat)" in str(refused.value)
    assert "01/09/2018" in str(refused.value)
    with pytest.raises(ValidationError, match="pays hors de l'Union européenne"):
        enrol(w.sheet_a, w.users["op_a"], status=ProtectionStatus.EPA, third_country_national=False)
    with pytest.raises(ValidationError, match="protection temporaire n'existe que depuis"):
        enrol(w.sheet_a, w.users["op_a"], status=ProtectionStatus.BPT, status_year=2020)
    assert not Participant.objects.exists()


def test_enrolling_twice_in_the_same_sheet_is_refused():
    w = world()
    enrol(w.sheet_a, w.users["op_a"])
    with pytest.raises(ValidationError, match="déjà inscrite à cette action"):
        enrol(w.sheet_a, w.users["op_a"], family_name="HADDAD")


def test_the_audit_trail_holds_the_pseudonym_never_the_identity():
    w = world()
    enrolment = enrol(w.sheet_a, w.users["op_a"])
    events = AuditEvent.objects.filter(model__startswith="participants.")
    assert events.count() == 2  # the participant, the enrolment
    text = json.dumps([[e.object_repr, e.changes] for e in events], ensure_ascii=False)
    for secret in ("Haddad", "Leïla", "1999-04-12", "2024-02-01", enrolment.participant.pseudonym):
        assert secret not in text
    assert enrolment.participant.short_pseudonym in text
