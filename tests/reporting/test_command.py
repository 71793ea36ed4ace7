"""``ctai evaluation CONTRACT YEAR --format xlsx|ods|pdf [--output FILE]``."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.reporting.readers import read_ods, read_pdf, read_xlsx

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("evaluation", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("format", "reader"), [("xlsx", read_xlsx), ("ods", read_ods), ("pdf", read_pdf)]
)
def test_each_format_is_written_where_asked(world, tmp_path, format, reader):
    target = tmp_path / f"copil.{format}"
    output = run(str(world.contract.pk), "2026", "--format", format, "--output", str(target))
    assert output.startswith(f"Évaluation 2026 écrite dans {target} (")
    content = reader(target.read_bytes())
    assert "Fiche action n° 2 : Français et numérique" in (
        content if format == "pdf" else str(content)
    )


def test_the_default_is_xlsx_named_after_the_territory(world, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("Metz", "2026")
    assert list(read_xlsx((tmp_path / "evaluation-ville-de-metz-2026.xlsx").read_bytes())) == [
        "Synthèse",
        "Gouvernance",
        "Évaluation contradictoire",
        "Fiche 1",
        "Fiche 2",
    ]


def test_french_refusals(world, tmp_path):
    with pytest.raises(CommandError, match=r"L'année 2031 est hors de la période du contrat"):
        run(str(world.contract.pk), "2031")
    with pytest.raises(CommandError, match="Contrat « Lyon » introuvable"):
        run("Lyon", "2026")
    with pytest.raises(CommandError, match="écriture impossible"):
        run(str(world.contract.pk), "2026", "--output", str(tmp_path / "absent" / "x.xlsx"))
