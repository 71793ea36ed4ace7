"""`ctai` run from any folder uses the same data folder, and says in French when the
database was never initialised — without creating an empty one."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from ctai.settings.base import default_data_dir

METZ = Path(__file__).resolve().parents[2] / "src/ctai/documents/seeds/ctai-metz-2026-2028.txt"


def ctai(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    environment.update({"DJANGO_SETTINGS_MODULE": "ctai.settings.dev", **env})
    return subprocess.run(
        [sys.executable, "-m", "ctai", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=environment,
        cwd=cwd,
    )


def test_the_default_data_folder_is_absolute_and_not_the_current_one():
    folder = default_data_dir()
    assert folder.is_absolute()
    assert folder != Path.cwd() / "var" or Path.cwd() == folder.parent
    assert settings.DATA_DIR.is_absolute()


def test_a_database_never_initialised_gives_a_french_message(tmp_path):
    data = tmp_path / "donnees"
    elsewhere = tmp_path / "ailleurs"
    elsewhere.mkdir()
    for command in (["import", str(METZ)], ["export", "Metz"], ["check", "Metz"]):
        result = ctai(*command, cwd=elsewhere, CTAI_DATA_DIR=str(data))
        assert result.returncode == 1, result.stderr
        assert "Base de données non initialisée" in result.stderr
        assert "ctai migrate" in result.stderr
        assert "Traceback" not in result.stderr
    assert not (data / "ctai.sqlite3").exists()
    assert list(elsewhere.iterdir()) == []


def test_the_same_database_from_any_folder(tmp_path):
    data = tmp_path / "donnees"
    first, second = tmp_path / "un", tmp_path / "deux"
    first.mkdir()
    second.mkdir()
    assert ctai("migrate", "--noinput", cwd=first, CTAI_DATA_DIR=str(data)).returncode == 0
    imported = ctai("import", str(METZ), cwd=first, CTAI_DATA_DIR=str(data))
    assert imported.returncode == 0, imported.stderr
    exported = ctai("export", "Metz", cwd=second, CTAI_DATA_DIR=str(data))
    assert exported.returncode == 0, exported.stderr
    assert '"territory": "Ville de Metz"' in exported.stdout
    assert list(first.iterdir()) == [] and list(second.iterdir()) == []
