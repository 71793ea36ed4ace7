"""Printing the dashboard and a sheet, and the sheet on a phone, in a real browser."""

import io

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.browser

BADGES = """() => [...document.querySelectorAll('main .badge')]
  .filter(b => b.offsetParent !== null)
  .map(b => { const s = getComputedStyle(b);
    return {text: b.textContent.trim(), color: s.color, background: s.backgroundColor,
            border: s.borderTopColor, borderWidth: s.borderTopWidth}; })"""


@pytest.mark.parametrize("path", ["", "fiches/2026/9/"])
def test_printed_pages_show_the_content_with_legible_badges(logged_in, live_server, metz, path):
    page = logged_in
    page.goto(f"{live_server.url}/contrats/{metz.pk}/{path}")
    page.emulate_media(media="print")
    assert not page.locator("header.ctai-header").is_visible()
    assert not page.locator("footer.ctai-footer").is_visible()
    assert page.locator("main .btn:visible").count() == 0
    badges = page.evaluate(BADGES)
    assert badges, "the page shows findings"
    for badge in badges:
        assert badge["text"], badge  # a word, never a colour alone
        assert badge["color"] == "rgb(0, 0, 0)", badge
        assert badge["background"] in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), badge
        assert badge["border"] == "rgb(0, 0, 0)" and badge["borderWidth"] != "0px", badge
    # Metz's dashboard printed in 10 pages before its print styles; 6 with them.
    assert len(PdfReader(io.BytesIO(page.pdf(format="A4"))).pages) <= 8


WIDER_THAN_VIEWPORT = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter(e => !e.closest('.table-responsive'))
  .slice(0, 8)
  .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)"""


@pytest.mark.parametrize("path", ["", "fiches/2026/9/", "fiches/2026/1/", "programmation/"])
def test_a_390_pixel_phone_shows_the_page_without_horizontal_scrolling(
    logged_in, live_server, metz, path
):
    page = logged_in
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/contrats/{metz.pk}/{path}")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, page.evaluate(WIDER_THAN_VIEWPORT)
