"""No page links to a page its reader cannot open: for each role, follow every link from the
landing page (and the contract and sheet pages reached from it); none answers 403 or 404."""

import re
from html import unescape

import pytest
from django.urls import reverse

from ctai.reporting.services import set_reporting_period, start_report
from tests.accounts.views_support import URLS, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]
HREF = re.compile(r'href="(/[^"#]*)')
SKIP = ("/admin/", "/static/", "/deconnexion/")
LIMIT = 120


def crawl(client, start: list[str]) -> dict[str, int]:
    seen: dict[str, int] = {}
    queue = list(start)
    while queue and len(seen) < LIMIT:
        url = queue.pop(0)
        if url in seen or url.startswith(SKIP):
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.get("Content-Type", "").startswith("text/html"):
            queue += [unescape(href) for href in HREF.findall(response.content.decode())]
    return seen


@pytest.mark.parametrize("role", ["coordinator", "operator", "state", "copil"])
def test_every_link_a_role_is_shown_opens(client, role):
    world = build_world()
    period = set_reporting_period(
        contract=world.contract,
        year=world.sheet_a.year,
        kind="final",
        due_date=f"{world.sheet_a.year + 1}-03-31",
        actor=world.coordinator,
    )
    start_report(period=period, sheet=world.sheet_a, actor=world.operator)
    client.force_login(getattr(world, role))
    sheet = reverse(
        "contracts:sheet", args=[world.contract.pk, world.sheet_a.year, world.sheet_a.number]
    )
    statuses = crawl(client, [reverse("contracts:list"), sheet])
    broken = {url: status for url, status in statuses.items() if status in (403, 404)}
    assert broken == {}
    assert len(statuses) > 3
