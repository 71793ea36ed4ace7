"""Benchmark: the State evaluation PDF of a 200-sheet contract, asked in the browser, prepared
by the task queue's worker.

Builds the synthetic contract of ``bench/evaluation.py`` (200 sheets × 40 indicators, every
final report validated) in a fresh SQLite database (or ``--database-url``: a fresh database on
that PostgreSQL server, dropped at the end), logs a coordinator in, then:

1. asks for the evaluation (``?format=pdf``) as the browser does: the request answers with the
   page of the file being prepared;
2. runs ``ctai db_worker --batch`` in a child process, as production runs the worker, while
   the page is reloaded every 3 seconds as the browser does (``<meta http-equiv=refresh>``);
3. downloads the file once the page shows the link.

Prints the time of every request (goal: none over 1 s), the worker's time and its maximum
resident memory (``resource.getrusage(RUSAGE_CHILDREN)``, goal: under 500 MB), and the PDF's
size. Run: ``.venv/bin/python bench/evaluation_file.py [--format pdf] [--database-url …]``.
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
REFRESH = 3.0


def database(server_url: str | None, workdir: str):
    """The bench database's URL and its dropper: SQLite in ``workdir``, or a fresh database on
    the PostgreSQL server of ``server_url`` (the same as ``web_load.py``)."""
    if not server_url:
        return f"sqlite:///{workdir}/bench.sqlite3", lambda: None
    from web_load import bench_database

    return bench_database(server_url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", default="pdf", choices=["pdf", "xlsx", "ods"])
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="ctai-bench-file-")
    url, drop = database(args.database_url, workdir)
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="ctai.settings.dev",  # files on disk, shared with the worker
        DEBUG="false",
        CTAI_DATA_DIR=workdir,
    )
    sys.path.insert(0, str(ROOT / "bench"))
    sys.path.insert(0, str(ROOT))
    try:
        run(args.format, workdir)
    finally:
        from django.db import connections

        connections.close_all()
        drop()


def run(format: str, workdir: str) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connections
    from django.test import Client
    from django.test.utils import setup_test_environment

    from ctai.accounts.models import Membership
    from ctai.files.models import FileStatus, GeneratedFile

    setup_test_environment()
    from evaluation import INDICATORS, SHEETS, build_contract

    start = time.perf_counter()
    contract = build_contract()
    coordinator = contract.coordinator
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="coordination")
    Membership.objects.create(
        user=user, contract=contract, organisation=coordinator, role="coordinator"
    )
    print(
        f"contrat synthétique : {SHEETS} fiches × {INDICATORS} indicateurs, bilans finaux "
        f"validés ({time.perf_counter() - start:.0f} s de préparation) ; "
        f"{connections['default'].vendor}, fichiers dans {settings.MEDIA_ROOT}"
    )
    client = Client()
    client.force_login(user)
    requests: list[tuple[str, float, int]] = []

    def get(path: str, **params):
        begin = time.perf_counter()
        response = client.get(path, params)
        if hasattr(response, "streaming_content"):
            response.content_bytes = b"".join(response.streaming_content)
        requests.append((path, time.perf_counter() - begin, response.status_code))
        return response

    asked = get(f"/contrats/{contract.pk}/evaluation/", annee=2026, format=format)
    assert asked.status_code == 302, asked.status_code
    detail = asked["Location"]
    file = GeneratedFile.objects.get()
    connections.close_all()  # the worker gets the database to itself (SQLite)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    begin = time.perf_counter()
    worker = subprocess.Popen(
        [str(BIN / "ctai"), "db_worker", "--batch", "--no-startup-delay", "--interval", "0"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    polls = 0
    while worker.poll() is None:
        time.sleep(REFRESH)
        get(detail)  # the page refreshes itself while the worker writes
        polls += 1
    seconds = time.perf_counter() - begin
    stderr = worker.stderr.read()
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    file.refresh_from_db()
    if file.status != FileStatus.READY:
        raise SystemExit(f"Fichier non prêt ({file.status}) : {file.error}\n{stderr[-2000:]}")
    page = get(detail).content.decode()
    assert "Le fichier est prêt" in page
    download = get(f"{detail}telecharger/")
    content = download.content_bytes
    assert download.status_code == 200 and content[:4] in (b"%PDF", b"PK\x03\x04")
    slowest = max(requests, key=lambda r: r[1])
    print(
        f"{format.upper()} : travail du worker {seconds:.1f} s, mémoire résidente max "
        f"{peak:.0f} Mo (objectif < 500 Mo), fichier {len(content) / 1024 / 1024:.1f} Mo"
    )
    print(
        f"requêtes du navigateur : {len(requests)} (dont {polls} rechargements de la page "
        f"d'attente) ; la plus lente {slowest[1] * 1000:.0f} ms ({slowest[0]}) ; "
        "objectif ≤ 1 s"
    )


if __name__ == "__main__":
    main()
