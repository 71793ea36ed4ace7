"""Benchmark: reading and importing the Metz document, and checking it.

Prints the in-process read time (goal ≤ 100 ms), the import time into a fresh SQLite
database, the whole ``ctai read`` process time, and the checks time (goal ≤ 50 ms).
Run: ``.venv/bin/python bench/read_import.py``.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEED = Path(__file__).resolve().parents[1] / "src/ctai/documents/seeds/ctai-metz-2026-2028.txt"


def timed(function, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(name: str, times: list[float]) -> None:
    print(
        f"{name:<44} médiane {statistics.median(times):8.1f} ms   "
        f"min {min(times):8.1f} ms   max {max(times):8.1f} ms   ({len(times)} mesures)"
    )


def main() -> None:
    workdir = tempfile.mkdtemp(prefix="ctai-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctai.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    from ctai.checks.engine import run_checks
    from ctai.checks.services import check_contract
    from ctai.contracts.models import Contract
    from ctai.documents.reader import read_document
    from ctai.documents.services import document_import
    from ctai.exchange.export import export_contract

    content = SEED.read_bytes()
    report("lecture en mémoire (read_document)", timed(lambda: read_document(content), 30))
    document = read_document(content)
    report("contrôles sur le document lu (run_checks)", timed(lambda: run_checks(document), 50))

    call_command("migrate", verbosity=0)

    def fresh_import() -> None:
        Contract.objects.all().delete()
        document_import(document=document, filename=SEED.name, content=content)

    report("import dans une base SQLite vide", timed(fresh_import, 10))
    report(
        "réimport du même document (rien d'écrit)",
        timed(lambda: document_import(document=document, filename="x", content=content), 10),
    )
    contract_id = Contract.objects.get().pk
    report("export ctai/1 depuis la base", timed(lambda: export_contract(contract_id), 20))
    report(
        "contrôles d'un contrat enregistré (export + règles)",
        timed(lambda: check_contract(contract_id), 20),
    )
    command = [sys.executable, "-m", "ctai", "read", str(SEED)]
    report(
        "processus complet `ctai read`",
        timed(lambda: subprocess.run(command, check=True, capture_output=True), 5),
    )


if __name__ == "__main__":
    main()
