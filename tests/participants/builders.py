"""A contract of another territory (Grenoble, 2027-2029) with two operators and the State:
what the register's tests share."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from ctai.contracts.models import ActionSheet, Contract, Organisation
from ctai.core.roles import Role
from ctai.indicators.models import IndicatorDefinition
from ctai.participants.enums import CefrLevel, ProtectionStatus, Sex
from ctai.participants.services import Identity, participant_record
from ctai.reporting.services import set_reporting_period, start_report
from tests.factories import (
    ActionIndicatorFactory,
    ActionSheetFactory,
    ContractFactory,
    OrganisationFactory,
    grant,
)

YEAR = 2027


def identity(**changes) -> Identity:
    values = {
        "family_name": "Haddad",
        "first_names": "Leïla Noor",
        "birth_date": datetime.date(1999, 4, 12),
        "sex": Sex.WOMAN,
        "status": ProtectionStatus.BPI,
        "status_year": 2024,
        "arrival_year": 2023,
        "french_level": CefrLevel.A1,
        "third_country_national": True,
        "residence_start": datetime.date(2024, 2, 1),
    }
    values.update(changes)
    return Identity(**values)


@dataclass
class World:
    contract: Contract
    sheet_a: ActionSheet  # French course, operator A
    sheet_a2: ActionSheet  # digital inclusion, operator A
    sheet_b: ActionSheet  # employment, operator B
    users: dict


def world() -> World:
    coordinator = OrganisationFactory(name="CCAS de Grenoble", kind="ccas")
    contract = ContractFactory(
        territory="Ville de Grenoble",
        coordinator=coordinator,
        start=datetime.date(2027, 1, 1),
        end=datetime.date(2029, 12, 31),
    )
    a, b = OrganisationFactory(name="Alpes Accueil"), OrganisationFactory(name="Isère Emploi")
    sheet_a = ActionSheetFactory(contract=contract, year=YEAR, operator=a, title="Cours de FLE")
    sheet_a2 = ActionSheetFactory(
        contract=contract, year=YEAR, operator=a, axis=sheet_a.axis, title="Numérique"
    )
    sheet_b = ActionSheetFactory(
        contract=contract, year=YEAR, operator=b, axis=sheet_a.axis, title="Vers l'emploi"
    )
    make = get_user_model().objects.create_user
    users = {
        name: make(name, password="Accueil-Grenoble-2027")
        for name in ("coord", "op_a", "op_b", "state", "copil")
    }
    grant(users["coord"], contract)
    grant(users["op_a"], contract, Role.OPERATOR, a)
    grant(users["op_b"], contract, Role.OPERATOR, b)
    grant(
        users["state"],
        contract,
        Role.STATE_REVIEWER,
        Organisation.objects.create(name="DDETS de l'Isère", kind="etat"),
    )
    grant(users["copil"], contract, Role.COPIL, OrganisationFactory(name="Ville de Grenoble"))
    return World(contract, sheet_a, sheet_a2, sheet_b, users)


def enrol(sheet, user, day=datetime.date(YEAR, 2, 1), **changes):
    return participant_record(
        sheet=sheet, actor=user, identity=identity(**changes), enrolled_on=day
    )


def filled_world():
    """Two operators' registers, a report of operator A with declared values."""
    w = world()
    enrol(w.sheet_a, w.users["op_a"])
    enrol(
        w.sheet_a,
        w.users["op_a"],
        family_name="Karimi",
        first_names="Ahmad",
        birth_date=datetime.date(2003, 7, 9),
    )
    enrol(
        w.sheet_b,
        w.users["op_b"],
        family_name="Petrenko",
        first_names="Olena",
        birth_date=datetime.date(2004, 1, 3),
    )
    for code in ("ben_total", "ben_women"):
        ActionIndicatorFactory(
            action=w.sheet_a,
            label="",
            section="beneficiaires",
            definition=IndicatorDefinition.objects.get(code=code),
        )
    period = set_reporting_period(
        contract=w.contract,
        year=YEAR,
        kind="final",
        due_date=datetime.date(YEAR + 1, 3, 31),
        actor=w.users["coord"],
    )
    report = start_report(period=period, sheet=w.sheet_a, actor=w.users["op_a"])
    return w, report
