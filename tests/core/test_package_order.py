"""The package order (docs/adr/0007-package-order.md) is enforced: a wrong-way import fails
``lint-imports``, which ``make lint`` and CI run."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(source: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=source.parent,
        env={"PYTHONPATH": str(source), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )


@pytest.fixture
def source_copy(tmp_path):
    copy = tmp_path / "src"
    shutil.copytree(ROOT / "src" / "ctai", copy / "ctai", ignore=shutil.ignore_patterns("*.pyc"))
    return copy


def test_the_code_base_keeps_the_order(source_copy):
    result = lint_imports(source_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "wrong_import", "said"),
    [
        # The budget reading may not depend on reporting (above it).
        (
            "budget/figures.py",
            "import ctai.reporting.models",
            "ctai.budget is not allowed to import ctai.reporting",
        ),
        # The checks may not reach into the programmation editing services.
        (
            "checks/services.py",
            "import ctai.programmation.services",
            "ctai.checks is not allowed to import ctai.programmation",
        ),
        # A domain service may not import a view.
        (
            "reporting/services.py",
            "import ctai.reporting.views.report",
            "ctai.reporting.services is not allowed to import ctai.reporting.views",
        ),
    ],
)
def test_a_wrong_way_import_fails(source_copy, module, wrong_import, said):
    path = source_copy / "ctai" / module
    path.write_text(path.read_text() + f"\n{wrong_import}  # noqa\n")
    result = lint_imports(source_copy)
    assert result.returncode != 0
    assert said in result.stdout
