"""The ``ctai read / import / export`` commands, as a user runs them."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ctai.contracts.models import ActionSheet, Contract, Organisation
from ctai.documents.models import DocumentImport

METZ = Path(__file__).resolve().parents[2] / "src/ctai/documents/seeds/ctai-metz-2026-2028.txt"


def ctai(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ctai.settings.test"}
    return subprocess.run(
        [sys.executable, "-m", "ctai", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
        cwd=cwd,
    )


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def metz_json() -> dict:
    result = ctai("read", str(METZ))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_read_prints_the_ctai1_document(metz_json):
    contract = metz_json["contract"]
    assert metz_json["format"] == "ctai/1"
    assert [a["number"] for a in contract["actions"]] == list(range(1, 13))
    assert [e["amount"] for e in contract["state_envelopes"]] == [
        "170000.00",
        "150000.00",
        "150000.00",
    ]


def test_read_review_lists_what_to_check_in_french():
    result = ctai("read", str(METZ), "--review")
    assert result.returncode == 0, result.stderr
    assert "point(s) à vérifier" in result.stdout
    assert "ligne " in result.stdout


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "vide"),
        (bytes(range(256)) * 40, "binaire"),
        (b"Un simple texte\nsans aucune fiche.\n", "fiche"),
    ],
)
def test_read_refuses_bad_documents_with_a_french_message(tmp_path, content, expected):
    path = tmp_path / "document.txt"
    path.write_bytes(content)
    result = ctai("read", str(path))
    assert result.returncode != 0
    assert expected in result.stderr.lower()
    assert "Traceback" not in result.stderr


def test_read_refuses_an_oversized_file(tmp_path):
    path = tmp_path / "gros.txt"
    with path.open("wb") as file:
        file.truncate(50 * 1024 * 1024)
    result = ctai("read", str(path))
    assert result.returncode != 0
    assert "trop volumineux" in result.stderr
    assert "Traceback" not in result.stderr


def test_read_a_missing_file():
    result = ctai("read", "/nulle/part.txt")
    assert result.returncode != 0
    assert "Fichier introuvable" in result.stderr


def test_read_a_windows_1252_document(tmp_path, metz_json):
    text = METZ.read_text(encoding="utf-8")
    path = tmp_path / "metz-cp1252.txt"
    path.write_bytes(text.encode("cp1252", errors="replace"))
    result = ctai("read", str(path))
    assert result.returncode == 0, result.stderr
    contract = json.loads(result.stdout)["contract"]
    assert contract["axes"] == metz_json["contract"]["axes"]


@pytest.mark.django_db
def test_import_twice_creates_nothing_new():
    first = run("import", str(METZ))
    assert "créé" in first
    counts = (Contract.objects.count(), ActionSheet.objects.count(), Organisation.objects.count())
    second = run("import", str(METZ))
    assert "déjà à jour" in second
    assert counts == (1, 12, Organisation.objects.count())
    assert DocumentImport.objects.count() == 1


@pytest.mark.django_db
def test_export_import_export_gives_the_same_json(tmp_path):
    run("import", str(METZ))
    contract = Contract.objects.get()
    exported = run("export", str(contract.pk))
    path = tmp_path / "metz.json"
    path.write_text(exported, encoding="utf-8")
    assert "déjà à jour" in run("import", str(path))
    Contract.objects.all().delete()
    assert "créé" in run("import", str(path))
    again = run("export", str(Contract.objects.get().pk))
    assert json.loads(again) == json.loads(exported)


@pytest.mark.django_db
def test_a_cut_document_is_refused_or_read_and_never_half_written(tmp_path):
    lines = METZ.read_text(encoding="utf-8").splitlines()
    cut = next(i for i, line in enumerate(lines) if line.startswith("Fiche action n° 09"))
    path = tmp_path / "coupe.txt"
    path.write_text("\n".join(lines[: cut + 60]), encoding="utf-8")
    try:
        run("import", str(path))
    except CommandError as error:
        assert "Traceback" not in str(error)
        assert not Contract.objects.exists()
    else:
        assert ActionSheet.objects.filter(number=9).exists()
        assert not ActionSheet.objects.filter(number=10).exists()


@pytest.mark.django_db
def test_export_of_an_unknown_contract_says_so():
    with pytest.raises(CommandError, match="introuvable"):
        run("export", "999")
