"""Benchmark, in process: the dashboard and the programmation of Metz, 200 and 1 000 sheets.

Imports the Metz document and synthetic contracts of 200 and 1 000 sheets (each sheet with an
intermediate report in progress) into a fresh database (SQLite in a temporary folder, or
``--database-url``), then times each page through Django's test client, logged in as the
coordinator: "après écriture" right after a write to the contract (the cached blocks are
rebuilt), "en régime" when nothing changed. Goal: the 1 000-sheet dashboard ≤ 5× the 200-sheet
one. Prints the median of ``--runs`` requests, and the minimal logged-in page (the account
page, with the same navigation) as the reference.

Run: ``.venv/bin/python bench/pages.py [--runs 15] [--database-url postgres://…]
[--workdir DIR]`` (``--workdir``: the SQLite base is kept there and reused by the next run).
"""

import argparse
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "src/ctai/documents/seeds/ctai-metz-2026-2028.txt"
USERNAME = "coordinatrice-bench"


def setup(database_url: str | None, workdir: str | None) -> bool:
    """Django set up on the bench database; False when it was already filled (``--workdir``
    of a previous run)."""
    workdir = workdir or tempfile.mkdtemp(prefix="ctai-bench-pages-")
    os.makedirs(workdir, exist_ok=True)
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "ctai.settings.test"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model

    if get_user_model().objects.filter(username=USERNAME).exists():
        return False
    if database_url:
        call_command("flush", "--noinput", verbosity=0)
        from tests.catalogues import load_catalogues

        load_catalogues()
    synthetic = Path(workdir)
    from tests.web.builders import synthetic_document

    for sheets in (200, 1000):
        path = synthetic / f"synthese-{sheets}.json"
        path.write_text(json.dumps(synthetic_document(sheets, f"Synthèse {sheets}")), "utf-8")
        call_command("import", str(path), verbosity=0)
    call_command("import", str(SEED), verbosity=0)
    return True


def prepare():
    from django.contrib.auth import get_user_model

    from ctai.accounts.models import Membership
    from ctai.checks.services import refresh_findings
    from ctai.contracts.models import Contract
    from ctai.reporting.models import OperatorReport, ReportingPeriod

    contracts = {contract.territory: contract for contract in Contract.objects.order_by("pk")}
    user, _ = get_user_model().objects.get_or_create(username=USERNAME)
    for contract in contracts.values():
        if ReportingPeriod.objects.filter(contract=contract).exists():
            continue  # prepared by a previous run (--workdir)
        refresh_findings(contract=contract)
        Membership.objects.create(
            user=user, contract=contract, organisation=contract.coordinator, role="coordinator"
        )
        period = ReportingPeriod.objects.create(
            contract=contract, year=2026, kind="intermediaire", due_date="2026-07-15"
        )
        OperatorReport.objects.bulk_create(
            OperatorReport(period=period, sheet=sheet, created_by=user)
            for sheet in contract.actions.filter(year=2026)
        )
    return user, contracts


def timed(client, path: str, runs: int, write=None) -> float:
    times = []
    for _ in range(runs):
        if write:
            write()
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--workdir", default=None, help="dossier de la base, gardé et repris")
    args = parser.parse_args()
    setup(args.database_url, args.workdir)
    from django.test import Client

    user, contracts = prepare()
    client = Client()
    client.force_login(user)
    client.get("/")
    gc.collect()
    gc.freeze()  # as the WSGI entry point does after start-up
    print(f"{'contrat':<22} {'page':<16} {'après écriture':>15} {'en régime':>10} {'taille':>9}")
    minimal = timed(client, "/compte/", args.runs)
    print(f"{'—':<22} {'page minimale':<16} {'':>15} {minimal:7.1f} ms")
    figures = {}
    for territory, contract in contracts.items():

        def write(contract=contract):
            # A write to the contract: the axis title saved again (audited, stamp bumped).
            axis = contract.axes.order_by("number").first()
            axis.title = axis.title.rstrip(" .") + (" ." if not axis.title.endswith(".") else "")
            axis.save()

        for page, path in (
            ("tableau de bord", f"/contrats/{contract.pk}/?annee=2026"),
            ("programmation", f"/contrats/{contract.pk}/programmation/?annee=2026"),
        ):
            cold = timed(client, path, max(3, args.runs // 3), write)
            warm = timed(client, path, args.runs)
            size = len(client.get(path).content) / 1024
            figures[(territory, page)] = (cold, warm)
            print(f"{territory[:22]:<22} {page:<16} {cold:12.1f} ms {warm:7.1f} ms {size:6.0f} Ko")
    big = figures.get(("Synthèse 1000", "tableau de bord"))
    small = figures.get(("Synthèse 200", "tableau de bord"))
    if big and small:
        print(
            f"tableau de bord 1 000 fiches / 200 fiches : après écriture "
            f"{big[0] / small[0]:.1f}×, en régime {big[1] / small[1]:.1f}× (objectif ≤ 5×)"
        )


if __name__ == "__main__":
    main()
