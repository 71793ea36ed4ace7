"""Sheet editing saves as the coordinator types (ADR 0010), and the typing of an expired
session is given back on the sheet's edit page."""

import time

import pytest
from django.urls import reverse

from ctai.accounts.middleware import LAST_SEEN
from ctai.accounts.models import KeptForm
from ctai.accounts.sessions import SessionStore
from ctai.contracts.forms import SECTION_FORMS
from ctai.contracts.models import ActionSheet
from tests.reporting.views_support import as_user
from tests.web.pages import text

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
DESCRIPTION = "Ateliers de français langue d'intégration, deux fois par semaine à Villejean. " * 8


def edit_url(sheet, section="description") -> str:
    return reverse(
        "contracts:sheet_edit", args=[sheet.contract_id, sheet.year, sheet.number, section]
    )


def posted(sheet, section="description", **values) -> dict:
    """What the section form posts: its hidden version and snapshot, and the values."""
    form = SECTION_FORMS[section](action=ActionSheet.objects.get(pk=sheet.pk))
    return {
        "version": form.initial["version"],
        "snapshot": form.initial["snapshot"],
        **values,
    }


def test_autosave_saves_the_section_and_answers_the_new_version_and_snapshot(world):
    world.contract.territory = "Ville de Rennes"
    world.contract.save()
    sheet, coord = world.sheet_b, as_user(world.people.coord)
    page = coord.get(edit_url(sheet)).content.decode()
    assert 'hx-trigger="input delay:2s' in page and 'id="statut-brouillon"' in page
    first = posted(sheet, description=DESCRIPTION)
    response = coord.post(edit_url(sheet), first, **HTMX)
    assert response.status_code == 200
    assert "Fiche enregistrée à" in text(response)
    sheet.refresh_from_db()
    assert sheet.description.strip() == DESCRIPTION.strip()
    html = response.content.decode()
    assert f'name="version" value="{sheet.version}" id="id_version" hx-swap-oob="true"' in html
    assert 'id="id_snapshot" hx-swap-oob="true"' in html
    # The next autosave, with what the answer gave back, saves again (no false conflict).
    again = posted(sheet, description="Plus court.")
    assert "Fiche enregistrée à" in text(coord.post(edit_url(sheet), again, **HTMX))
    sheet.refresh_from_db()
    assert sheet.description == "Plus court."


def test_autosave_from_a_stale_form_saves_nothing_and_says_so(world):
    sheet, coord = world.sheet_b, as_user(world.people.coord)
    stale = posted(sheet, description="Ma version")
    coord.post(edit_url(sheet), posted(sheet, description="Celle d'une collègue"), **HTMX)
    response = coord.post(edit_url(sheet), stale, **HTMX)
    assert "quelqu'un d'autre a modifié cette fiche" in text(response)
    sheet.refresh_from_db()
    assert sheet.description == "Celle d'une collègue"


def test_the_operator_cannot_autosave_a_sheet(world):
    response = as_user(world.people.op_b).post(
        edit_url(world.sheet_b), posted(world.sheet_b, description="Non"), **HTMX
    )
    assert response.status_code == 403


def test_typing_of_an_expired_session_comes_back_on_the_edit_page(world):
    sheet, client = world.sheet_b, as_user(world.people.coord)
    session = SessionStore(session_key=client.cookies["sessionid"].value)
    session[LAST_SEEN] = int(time.time()) - 3600
    session.save()
    response = client.post(edit_url(sheet), posted(sheet, description=DESCRIPTION))
    assert response.status_code == 302 and "/connexion/" in response["Location"]
    assert KeptForm.objects.get().user == world.people.coord
    client.force_login(world.people.coord)
    page = text(client.get(edit_url(sheet)))
    assert "ce que vous aviez saisi est rétabli" in page
    assert DESCRIPTION.split(",")[0] in page
    assert not KeptForm.objects.exists()
