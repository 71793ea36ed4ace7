"""Content-Security-Policy (django-csp 4) on every HTML page of the access and history pages,
and templates that need no exception to it: no inline script, no style attribute."""

import re
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

import ctai.accounts
import ctai.audit
from ctai.accounts.models import Membership
from ctai.accounts.services import invitation_send
from ctai.core.roles import Role
from tests.accounts.views_support import THROTTLING, URLS, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]

EXPECTED = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}
TEMPLATE_DIRS = [
    Path(ctai.accounts.__file__).parent / "templates",
    Path(ctai.audit.__file__).parent / "templates",
]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(
    r"\son(?:click|load|error|submit|change|input|focus|blur|mouse\w+|key\w+)\s*=", re.IGNORECASE
)


def directives(header: str) -> dict[str, str]:
    pairs = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in pairs}


def assert_protected(response, url: str) -> None:
    assert response["Content-Type"].startswith("text/html"), url
    assert directives(response["Content-Security-Policy"]) == EXPECTED, url
    html = response.content.decode()
    assert "INVALID" not in html, f"{url}: an undefined template variable"
    assert not INLINE_SCRIPT.search(html), url
    assert "style=" not in html, url
    assert not EVENT_HANDLER.search(html), url


def test_every_page_of_the_coordinator_carries_the_policy(client, world_with_invitation):
    world, _ = world_with_invitation
    membership = Membership.objects.get(user=world.operator)
    client.force_login(world.coordinator)
    urls = [
        reverse("accounts:members", args=[world.contract.pk]),
        reverse("accounts:invite", args=[world.contract.pk]),
        reverse("accounts:revoke", args=[world.contract.pk, membership.pk]),
        reverse("audit:contract", args=[world.contract.pk]),
        reverse("audit:sheet", args=[world.contract.pk, 2026, world.sheet_a.number]),
        reverse("accounts:otp_setup"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_protected(response, url)
    refused = client.post(reverse("accounts:invite", args=[world.contract.pk]), {})
    assert_protected(refused, "invite with errors")
    TOTPDevice.objects.filter(user=world.coordinator).update(confirmed=True)
    client.force_login(world.coordinator)
    assert_protected(client.get(reverse("accounts:otp_verify")), "verify")


def test_the_pages_of_anonymous_visitors_and_the_404s_carry_it_too(client, world_with_invitation):
    world, token = world_with_invitation
    accept = reverse("accounts:invitation_accept", args=[token])
    assert_protected(client.get(accept), accept)
    unknown = reverse("accounts:invitation_accept", args=["inconnu"])
    response = client.get(unknown)
    assert response.status_code == 404
    assert_protected(response, unknown)
    client.force_login(world.operator)
    response = client.get(reverse("accounts:members", args=[world.contract.pk]))
    assert response.status_code == 404
    assert "Content-Security-Policy" in response


def test_the_lockout_page_carries_it(client, world_with_invitation):
    world, _ = world_with_invitation
    with override_settings(**THROTTLING):
        for _ in range(10):
            response = client.post(
                reverse("login"),
                {"username": world.coordinator.username, "password": "mauvais"},
                REMOTE_ADDR="203.0.113.7",
            )
    assert response.status_code == 429
    assert_protected(response, "lockout")


def test_the_templates_need_no_exception_to_the_policy():
    templates = [path for folder in TEMPLATE_DIRS for path in folder.rglob("*.html")]
    assert len(templates) >= 10
    for path in templates:
        source = path.read_text()
        assert "<script" not in source, path
        assert "style=" not in source, path
        assert "<style" not in source, path
        assert not EVENT_HANDLER.search(source), path
        assert "javascript:" not in source, path


@pytest.fixture
def world_with_invitation():
    world = build_world()
    sent, _ = invitation_send(
        inviter=world.coordinator,
        contract=world.contract,
        email="benoit@alpha.example",
        organisation=world.operator_a,
        role=Role.OPERATOR,
    )
    return world, sent.new_token()
