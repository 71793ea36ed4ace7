"""The Makefile and the packaging metadata, as a newcomer uses them."""

import shutil
import subprocess
import tomllib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("make") is None, reason="make absent")
@pytest.mark.parametrize(("args", "port"), [((), "8000"), (("PORT=8001",), "8001")])
def test_make_run_serves_the_chosen_port(args, port):
    dry_run = subprocess.run(
        ["make", "-n", "run", *args], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert f"runserver 127.0.0.1:{port}" in dry_run.stdout


def test_the_license_is_an_spdx_expression_setuptools_reads_without_warning():
    # A TOML table (license = {text = ...}) makes setuptools ≥ 77 warn at every install.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "AGPL-3.0-or-later"
    assert "setuptools>=77" in project["build-system"]["requires"]


@pytest.mark.django_db
def test_the_demo_names_the_address_it_is_served_at(settings):
    settings.CTAI_SITE_URL, settings.DEBUG = "http://127.0.0.1:8001", True
    out = StringIO()
    call_command("demo", stdout=out)
    assert "Comptes de démonstration (http://127.0.0.1:8001/)" in out.getvalue()
    assert ":8000" not in out.getvalue()
