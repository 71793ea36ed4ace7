import datetime

import pytest
from django.contrib.auth import get_user_model

from ctai.core.roles import Role
from ctai.governance.services import Guest, MeetingInput, meeting_save
from tests.factories import OrganisationFactory, grant
from tests.web.conftest import coordinator, import_document, metz  # noqa: F401

PASSWORD = "ctai-demo-coord"


@pytest.fixture
def copil_member(db, metz):  # noqa: F811
    user = get_user_model().objects.create_user(
        "elu", password=PASSWORD, first_name="Paul", last_name="Adjoint"
    )
    grant(user, metz, Role.COPIL, OrganisationFactory(city=True))
    return user


@pytest.fixture
def state_member(db, metz):  # noqa: F811
    user = get_user_model().objects.create_user(
        "ddets", password=PASSWORD, first_name="Sophie", last_name="Etat"
    )
    grant(user, metz, Role.STATE_REVIEWER, OrganisationFactory(name="DDETS de la Moselle"))
    return user


@pytest.fixture
def june_meeting(metz, coordinator, copil_member):  # noqa: F811
    members = tuple(metz.memberships.filter(role__in=[Role.COORDINATOR, Role.COPIL]))
    meeting, _ = meeting_save(
        contract=metz,
        actor=coordinator,
        data=MeetingInput(
            date=datetime.date(2027, 6, 15),
            kind="june",
            place="Hôtel de ville",
            agenda="1. Bilan 2026\n2. Orientations 2027",
            members=members,
            guests=(Guest("Jeanne Dupont", "OFII"),),
        ),
    )
    return meeting
