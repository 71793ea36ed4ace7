"""No CDN, no inline script or style: the pages keep working under a strict CSP."""

import re
from pathlib import Path

import pytest

import ctai

PACKAGE = Path(ctai.__file__).parent
TEMPLATES = [
    *PACKAGE.glob("core/templates/**/*.html"),
    *PACKAGE.glob("contracts/templates/**/*.html"),
]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_templates_load_nothing_from_elsewhere_and_inline_nothing(template):
    source = template.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)", source), "script inline"
    assert not re.search(r"\son[a-z]+=", source), "gestionnaire d'événement inline"
    assert not re.search(r"\sstyle=", source), "attribut style"
    assert not re.search(r"<style", source), "bloc style"
    assert not re.search(r'(src|href)="(https?:)?//', source), "ressource externe"
    assert "hx-on" not in source  # htmx inline handlers need eval


def test_vendored_files_are_there():
    vendor = PACKAGE / "core" / "static" / "vendor"
    for name in (
        "bootstrap/bootstrap.min.css",
        "bootstrap/bootstrap.bundle.min.js",
        "htmx/htmx.min.js",
    ):
        assert (vendor / name).stat().st_size > 10_000
