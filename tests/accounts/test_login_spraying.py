"""Spraying many login names from one address is limited too (finding 10 of issue 14:
throttling per (name, address) only left it unlimited), and every refused access of a
logged-in person is logged with their id, never with the data."""

import logging

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

from tests.accounts.views_support import PASSWORD, THROTTLING, URLS, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]
SPRAYER, OFFICE = "203.0.113.66", "198.51.100.30"


def attempt(client, username: str, password: str, ip: str):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


@override_settings(**THROTTLING, CTAI_LOGIN_FAILURES_PER_IP=30)
def test_thirty_names_tried_once_each_suspend_that_address_only(client):
    person = get_user_model().objects.create_user("lea@ccas-lille.example", password=PASSWORD)
    statuses = [
        attempt(client, f"agent{n}@ccas-lille.example", "Printemps2026!", SPRAYER).status_code
        for n in range(30)
    ]
    assert statuses == [200] * 30  # under django-axes' limit for each name
    refused = attempt(client, person.username, PASSWORD, SPRAYER)
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "depuis votre adresse réseau, tous identifiants confondus" in page
    assert "30 minutes" in page
    assert "_auth_user_id" not in client.session
    # Another address is not concerned.
    response = attempt(client, person.username, PASSWORD, OFFICE)
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(person.pk)


@override_settings(**THROTTLING, CTAI_LOGIN_FAILURES_PER_IP=30)
def test_one_person_s_mistakes_do_not_suspend_their_colleagues_address(client):
    create = get_user_model().objects.create_user
    lea = create("lea@ccas-lille.example", password=PASSWORD)
    marc = create("marc@ccas-lille.example", password=PASSWORD)
    for _ in range(9):
        attempt(client, lea.username, "mauvais", OFFICE)
    assert attempt(client, marc.username, PASSWORD, OFFICE).status_code == 302


def test_a_refused_access_is_logged_with_the_user_id_not_the_data(client, caplog):
    world = build_world()
    client.force_login(world.operator)
    other_sheet = reverse(
        "contracts:sheet",
        args=[world.contract.pk, world.sheet_b.year, world.sheet_b.number],
    )
    invite = reverse("accounts:invite", args=[world.other_contract.pk])
    with caplog.at_level(logging.WARNING, logger="ctai.security"):
        assert client.get(f"{other_sheet}?q=Association+B%C3%AAta").status_code == 404
        assert client.post(invite, {"email": "x@y.example"}).status_code == 404
    refusals = [r.getMessage() for r in caplog.records if "accès refusé" in r.getMessage()]
    assert (
        refusals[0] == f"accès refusé (404) : utilisateur n° {world.operator.pk}, GET {other_sheet}"
    )
    assert len(refusals) == 2
    logged = caplog.text
    assert "Association" not in logged and "x@y.example" not in logged
    assert world.operator.username not in logged
