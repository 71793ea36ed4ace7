"""No lost typing (ADR 0010): autosave as the operator types; the typing of an expired
session is kept for that person, given back on the same page once, to nobody else."""

import time

import pytest

from ctai.accounts.kept import COOKIE
from ctai.accounts.middleware import LAST_SEEN
from ctai.accounts.models import KeptForm
from ctai.accounts.sessions import SessionStore
from ctai.reporting import services
from tests.reporting.views_support import as_user, form_data, report_url
from tests.web.pages import text

pytestmark = pytest.mark.django_db
NARRATIVE = "Quarante-cinq personnes accueillies ; ateliers hebdomadaires à Borny. " * 10
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def draft(world):
    return services.start_report(period=world.final, sheet=world.sheet_a, actor=world.people.op_a)


def expire(client) -> None:
    session = SessionStore(session_key=client.cookies["sessionid"].value)
    session[LAST_SEEN] = int(time.time()) - 3600
    session.save()


def test_autosave_calls_the_draft_service_and_answers_the_status_and_version(world, draft):
    client = as_user(world.people.op_a)
    response = client.post(report_url(world), form_data(draft, done=NARRATIVE), **HTMX)
    html = text(response)
    assert response.status_code == 200
    assert "Brouillon enregistré à" in html
    draft.refresh_from_db()
    assert draft.done == NARRATIVE.strip() or draft.done == NARRATIVE
    assert f'value="{draft.version}"' in response.content.decode()
    assert 'hx-swap-oob="true"' in response.content.decode()


def test_autosave_with_a_stale_version_saves_nothing_and_says_so(world, draft):
    client = as_user(world.people.op_a)
    client.post(report_url(world), form_data(draft, done="premier"), **HTMX)
    response = client.post(report_url(world), form_data(draft, done="second"), **HTMX)
    assert "Brouillon non enregistré" in text(response)
    draft.refresh_from_db()
    assert draft.done == "premier"


def test_the_report_page_autosaves_with_a_polite_live_status(world, draft):
    html = as_user(world.people.op_a).get(report_url(world)).content.decode()
    assert 'hx-trigger="input delay:2s' in html
    assert 'aria-live="polite"' in html and 'id="statut-brouillon"' in html
    assert 'id="rester-connecte"' in html and "session.js" in html


def test_an_expired_post_is_kept_and_given_back_once_after_login(world, draft):
    client = as_user(world.people.op_a)
    expire(client)
    response = client.post(report_url(world), form_data(draft, done=NARRATIVE, password="secret"))
    assert response.status_code == 302 and "/connexion/" in response["Location"]
    kept = KeptForm.objects.get()
    assert kept.user == world.people.op_a and "password" not in kept.data
    assert COOKIE in response.cookies and kept.token_hash != response.cookies[COOKIE].value
    draft.refresh_from_db()
    assert draft.done == ""
    client.force_login(world.people.op_a)
    page = client.get(report_url(world))
    assert NARRATIVE.split(" ;")[0] in text(page)
    assert "ce que vous aviez saisi est rétabli" in text(page)
    assert not KeptForm.objects.exists()
    assert NARRATIVE.split(" ;")[0] not in text(client.get(report_url(world)))


def test_an_expired_autosave_answers_401_and_is_kept(world, draft):
    client = as_user(world.people.op_a)
    expire(client)
    response = client.post(report_url(world), form_data(draft, done=NARRATIVE), **HTMX)
    assert response.status_code == 401
    assert KeptForm.objects.get().data["done"] == [NARRATIVE]


def test_kept_typing_goes_to_nobody_else(world, draft):
    client = as_user(world.people.op_a)
    expire(client)
    client.post(report_url(world), form_data(draft, done=NARRATIVE))
    # Another person logs in on the same browser (same cookie): nothing of the first person.
    client.force_login(world.people.op_b)
    client.force_login(world.people.coord)
    page = client.get(report_url(world))
    assert NARRATIVE.split(" ;")[0] not in text(page)
    assert KeptForm.objects.count() == 1


def test_kept_typing_expires_after_24_hours(world, draft):
    client = as_user(world.people.op_a)
    expire(client)
    client.post(report_url(world), form_data(draft, done=NARRATIVE))
    KeptForm.objects.update(created_at=KeptForm.objects.get().created_at.replace(year=2000))
    client.force_login(world.people.op_a)
    assert NARRATIVE.split(" ;")[0] not in text(client.get(report_url(world)))


def test_keep_alive_restarts_the_idle_clock(world):
    client = as_user(world.people.op_a)
    assert client.post("/compte/session/").status_code == 204
    session = SessionStore(session_key=client.cookies["sessionid"].value)
    assert abs(session[LAST_SEEN] - time.time()) < 5
