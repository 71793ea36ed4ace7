"""The programmation CSV opened by LibreOffice in French: its amounts are numbers that add up.

LibreOffice (Debian package ``libreoffice-calc-nogui``, installed by ``make test``) converts
the downloaded CSV to XLSX with the CSV filter a French user gets: ";" separator, UTF-8,
French locale (1036). openpyxl then reads the cells back: an amount read as text would have
no numeric value, and the P104 column would not sum to Metz 2026's 169 900.
"""

import io
import shutil
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# separator ";" (59), text delimiter '"' (34), UTF-8 (76), from line 1, default column
# formats, French locale (1036): what a French LibreOffice proposes for this file.
CSV_FILTER = "CSV:59,34,76,1,,1036"


@pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice absent : apt-get install libreoffice-calc-nogui (make test l'installe).",
)
def test_libreoffice_in_french_reads_the_amounts_as_numbers(client_in, metz, tmp_path):
    response = client_in.get(
        reverse("contracts:programmation_csv", args=[metz.pk]), {"annee": 2026}
    )
    source = tmp_path / "programmation.csv"
    source.write_bytes(response.content)
    profile = tmp_path / "profile"  # a private profile: runs in parallel never share one
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            f"--infilter={CSV_FILTER}",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    workbook = openpyxl.load_workbook(io.BytesIO((tmp_path / "programmation.xlsx").read_bytes()))
    rows = list(workbook.active.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert len(body) == 12
    p104 = header.index("Subvention P104")
    amounts = [row[p104] for row in body]
    assert all(isinstance(amount, int | float) for amount in amounts), amounts
    assert sum(Decimal(str(amount)) for amount in amounts) == Decimal("169900")
    nine = next(row for row in body if row[2] == 9)
    assert nine[header.index("Coût total")] == 25775
