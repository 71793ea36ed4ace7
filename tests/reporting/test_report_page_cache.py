"""The report page serves its findings, figures, narrative and decision block from the cache
until the contract's data change: what the operator saves shows at once on the coordinator's
page, and a person never gets a block rendered for someone who sees more, or may do more."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from ctai.core.roles import Role
from ctai.reporting import services
from ctai.reporting.enums import ReportStatus
from ctai.reporting.models import OperatorReport
from ctai.reporting.views.scope import report_visible
from tests.factories import grant
from tests.reporting.builders import indicator
from tests.reporting.factories import UserFactory
from tests.reporting.views_support import as_user, form_data, report_url
from tests.web.pages import text

pytestmark = pytest.mark.django_db

NOT_YET = "Ce bilan n'est pas encore consultable avec votre rôle"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def draft(world):
    return services.start_report(period=world.final, sheet=world.sheet_a, actor=world.people.op_a)


def tokenless(html: str) -> str:
    """The page without its CSRF tokens (masked anew on every response)."""
    return re.sub(r'(value|content)="[A-Za-z0-9]{64}"', r'\1="…"', html)


def field(world, code: str) -> str:
    return f"indicator_{indicator(world.sheet_a, code).pk}"


def page(world, user) -> str:
    response = as_user(user).get(report_url(world))
    assert response.status_code == 200
    return text(response)


def save(world, draft, **values):
    """The operator saves the draft through the page, as in the browser."""
    draft.refresh_from_db()
    response = as_user(world.people.op_a).post(report_url(world), form_data(draft, **values))
    assert response.status_code == 302
    draft.refresh_from_db()


def test_what_the_operator_saves_shows_at_once_on_the_coordinators_page(world, draft):
    coordinator = as_user(world.people.coord)
    save(world, draft, **{field(world, "ben_total"): "41"}, done="Ateliers du mardi")
    before = text(coordinator.get(report_url(world)))
    assert "Ateliers du mardi" in before and 'ctai-amount">41<' in before
    again = text(coordinator.get(report_url(world)))
    assert tokenless(again) == tokenless(before)  # the same, from the cache
    save(world, draft, **{field(world, "ben_total"): "38"}, done="Ateliers du jeudi")
    after = text(coordinator.get(report_url(world)))
    assert "Ateliers du jeudi" in after and "Ateliers du mardi" not in after
    # The figures moved with the narrative: 38 achieved, no longer 41.
    assert 'ctai-amount">38<' in after and 'ctai-amount">41<' not in after


def test_a_version_only_save_gives_the_operator_the_new_version(world, draft):
    """Saving without any change moves only the version (no audited change, no new stamp):
    the operator's form must still carry the new one, or their next save is refused."""
    operator = as_user(world.people.op_a)
    save(world, draft, done="Même texte")
    opened = operator.get(report_url(world)).content.decode()  # into the cache
    assert f'name="version" value="{draft.version}"' in opened
    save(world, draft, done="Même texte")
    response = operator.get(report_url(world))
    assert f'name="version" value="{draft.version}"' in response.content.decode()
    save(world, draft, done="Même texte, relu")  # not refused as a concurrent edit
    assert draft.done == "Même texte, relu"


def test_a_draft_never_reaches_the_state_or_the_copil_through_the_cache(world, draft):
    people = world.people
    save(world, draft, done="Brouillon confidentiel")
    # The coordinator and the operator warm the cache first.
    assert "Brouillon confidentiel" in page(world, people.coord)
    operator_page = page(world, people.op_a)
    assert 'id="formulaire-bilan"' in operator_page and "Brouillon confidentiel" in operator_page
    for reader in (people.state, people.copil):
        shown = page(world, reader)
        assert NOT_YET in shown and "Brouillon confidentiel" not in shown
    # The coordinator reads it, never edits it.
    assert 'id="formulaire-bilan"' not in page(world, people.coord)
    # The other operator does not see the sheet at all.
    assert as_user(people.op_b).get(report_url(world)).status_code == 404

    draft.refresh_from_db()
    data = form_data(draft, done="Brouillon confidentiel")
    submitted = as_user(people.op_a).post(report_url(world, "submit"), data)
    assert submitted.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ReportStatus.SUBMITTED
    coordinator_page = page(world, people.coord)
    assert "Décision de la coordination" in coordinator_page
    state_page = page(world, people.state)
    assert "Brouillon confidentiel" in state_page
    assert "Décision de la coordination" not in state_page  # the coordinator's block
    assert NOT_YET in page(world, people.copil)
    operator_page = page(world, people.op_a)
    assert 'id="formulaire-bilan"' not in operator_page
    assert "Décision de la coordination" not in operator_page


def test_the_validate_button_is_not_shared_with_the_person_who_submitted(world, draft):
    """Two people with the same roles: the one who submitted may not validate, the other may;
    whoever reads the page first, each sees their own decision block."""
    people = world.people
    for person in (people.coord, people.coord2):
        grant(person, world.contract, Role.OPERATOR, world.operator_a)
    draft.refresh_from_db()
    as_user(people.coord).post(report_url(world, "submit"), form_data(draft))
    draft.refresh_from_db()
    assert draft.status == ReportStatus.SUBMITTED
    other = page(world, people.coord2)
    assert "Valider</button>" in other and "Vous avez soumis ce bilan" not in other
    own = page(world, people.coord)
    assert "Vous avez soumis ce bilan" in own and "Valider</button>" not in own


def test_each_coordinator_posts_the_cached_decision_form_with_their_own_token(world, draft):
    draft.refresh_from_db()
    as_user(world.people.op_a).post(report_url(world, "submit"), form_data(draft))
    draft.refresh_from_db()
    for person in (world.people.coord, world.people.coord2):
        client = Client(enforce_csrf_checks=True)
        client.force_login(person)
        html = client.get(report_url(world)).content.decode()
        decision = html[html.index('id="decision"') :]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', decision).group(1)
        response = client.post(
            report_url(world, "return"),
            {"csrfmiddlewaretoken": token, "version": draft.version, "reason": ""},
        )
        # The token is accepted (no 403): the form comes back asking for a reason.
        assert response.status_code == 200 and "Ce champ est obligatoire" in text(response)


def test_a_new_message_and_a_renamed_person_show_at_once(world, draft):
    people = world.people
    draft.refresh_from_db()
    as_user(people.op_a).post(report_url(world, "submit"), form_data(draft))
    coordinator = as_user(people.coord)
    assert "Aucun message." in text(coordinator.get(report_url(world)))
    state = as_user(people.state)
    assert (
        state.post(report_url(world, "comment"), {"body": "Merci, très clair."}).status_code == 302
    )
    shown = text(coordinator.get(report_url(world)))
    assert "Merci, très clair." in shown and "Aucun message." not in shown
    old_name = people.state.get_full_name() or people.state.get_username()
    assert old_name in shown
    # A person renames themselves on their account page: no write to the contract.
    people.state.first_name, people.state.last_name = "Diane", "Durand"
    people.state.save(update_fields=["first_name", "last_name"])
    people.op_a.first_name, people.op_a.last_name = "Paul", "Porteur"
    people.op_a.save(update_fields=["first_name", "last_name"])
    shown = text(coordinator.get(report_url(world)))
    assert "Diane Durand" in shown and old_name not in shown  # in the conversation
    assert "Paul Porteur" in shown  # in the journal: who submitted


def test_the_page_shows_a_report_to_exactly_those_the_queryset_lets_read_it(world, draft):
    """``report_visible`` (from the memberships the request holds) says what
    ``OperatorReport.objects.for_user`` says, for every person and every stage."""
    people = world.people
    readers = [people.coord, people.coord2, people.op_a, people.state, people.copil]

    def check():
        draft.refresh_from_db()
        for person in readers:
            expected = OperatorReport.objects.for_user(person).filter(pk=draft.pk).exists()
            assert report_visible(person, world.sheet_a, draft) is expected, (person, draft)

    check()
    services.submit_report(report=draft, actor=people.op_a, version=draft.version)
    check()
    services.return_report(report=draft, actor=people.coord, reason="Incomplet")
    check()
    draft.refresh_from_db()
    services.submit_report(report=draft, actor=people.op_a, version=draft.version)
    draft.refresh_from_db()
    services.validate_report(report=draft, actor=people.coord)
    check()
    assert draft.status == ReportStatus.VALIDATED


def test_two_members_of_the_operator_save_through_the_cached_form_with_their_own_token(
    world, draft
):
    """The operator's form, as opened, comes from the cache: each member posts it with their
    own CSRF token, and the second one, opened before the first saved, is refused as a
    concurrent edit instead of overwriting it."""
    colleague = UserFactory(username="porteur_a2")
    grant(colleague, world.contract, Role.OPERATOR, world.operator_a)
    pages = {}
    for person in (world.people.op_a, colleague):
        client = Client(enforce_csrf_checks=True)
        client.force_login(person)
        html = client.get(report_url(world)).content.decode()
        form = html[html.index('id="formulaire-bilan"') :]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        version = re.search(r'name="version" value="(\d+)"', form).group(1)
        pages[person] = (client, token, version)
    client, token, version = pages[world.people.op_a]
    data = {"csrfmiddlewaretoken": token, "version": version, "done": "Première saisie"}
    assert client.post(report_url(world), data).status_code == 302
    client, token, version = pages[colleague]
    data = {"csrfmiddlewaretoken": token, "version": version, "done": "Saisie concurrente"}
    response = client.post(report_url(world), data)
    assert response.status_code == 200  # the token passed; the stale version is refused
    draft.refresh_from_db()
    assert draft.done == "Première saisie"
    # Opened again, the form carries the saved text and the new version.
    html = client.get(report_url(world)).content.decode()
    assert "Première saisie" in html
    assert f'name="version" value="{draft.version}"' in html
