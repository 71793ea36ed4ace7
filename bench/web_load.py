"""Benchmark: the contract pages under load, served by gunicorn, beside a minimal page.

Starts the application under gunicorn on 127.0.0.1 (``--port``, else a free one; production
settings; a SQLite file in a temporary folder, or a fresh database created on the PostgreSQL
server of ``--database-url`` and dropped at the end), imports the Metz document and a
synthetic contract of 200 sheets, then has 20 concurrent clients (threads on plain sockets,
logged in through the login form and TOTP, each with its own session cookie) load each page
for a bounded time: for each contract, the minimal logged-in page (the account page) as the
reference, then the dashboard, programmation, a sheet and a report of the contract. Prints
p50 / p95 latency, requests per second and the ratio of each page's p95 to the minimal page's
(goal: p95 ≤ 100 ms and ≤ 3× on 2 cores), then stops the server.

Run: ``.venv/bin/python bench/web_load.py [--seconds 15] [--clients 20] [--workers 2]
[--port 8123] [--database-url postgres://postgres@127.0.0.1:5432/ctai]``.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SEED = ROOT / "src/ctai/documents/seeds/ctai-metz-2026-2028.txt"
USERNAME, PASSWORD = "coordinatrice", "ctai-demo-coord"
# One account per client: production requires a TOTP code for coordinators, and a code is
# accepted once per 30-second step and device.
TOTP_KEY = "3132333435363738393031323334353637383930"
SETUP = f"""
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from ctai.accounts.models import Membership
from ctai.checks.services import refresh_findings
from ctai.contracts.models import Contract
from ctai.reporting.models import ReportingPeriod
for contract in Contract.objects.all():
    refresh_findings(contract=contract)
    ReportingPeriod.objects.create(
        contract=contract, year=2026, kind="final", due_date="2027-03-31"
    )
    sheet = contract.actions.filter(year=2026).order_by("number").first()
    print("CONTRACT", contract.pk, sheet.number, contract.territory)
for index in range(int(__import__("os").environ["BENCH_CLIENTS"])):
    user = get_user_model().objects.create_user(f"{USERNAME}{{index}}", password={PASSWORD!r})
    TOTPDevice.objects.create(user=user, name="bench", confirmed=True, key={TOTP_KEY!r})
    for contract in Contract.objects.all():
        Membership.objects.create(
            user=user, contract=contract, organisation=contract.coordinator, role="coordinator"
        )
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(workdir: str, database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="ctai.settings.prod",
        SECRET_KEY=secrets.token_urlsafe(64),
        CTAI_PSEUDONYM_KEY=secrets.token_urlsafe(48),
        DEBUG="false",
        SECURE_SSL_REDIRECT="false",  # plain HTTP on loopback
        ALLOWED_HOSTS="127.0.0.1",
        CTAI_DATA_DIR=workdir,
        DATABASE_URL=database_url,
        LOG_LEVEL="WARNING",
        CTAI_EMAIL="false",  # no SMTP server for the bench
    )
    return env


def bench_database(server_url: str) -> tuple[str, callable]:
    """A fresh database on the PostgreSQL server of ``server_url``; its URL and its dropper."""
    import psycopg

    name = f"ctai_bench_{os.getpid()}"
    base, _, _ = server_url.rpartition("/")
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")

    def drop() -> None:
        with psycopg.connect(server_url, autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    return f"{base}/{name}", drop


def prepare(workdir: str, env: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Migrate, import Metz and a 200-sheet contract; (contract id, first sheet number) by
    territory."""
    sys.path.insert(0, str(ROOT))
    from tests.web.builders import synthetic_document

    synthetic = Path(workdir) / "synthese-200.json"
    synthetic.write_text(json.dumps(synthetic_document(200, "Synthèse 200 fiches")), "utf-8")
    ctai = str(BIN / "ctai")
    for command in (["migrate", "-v0"], ["import", str(SEED)], ["import", str(synthetic)]):
        subprocess.run([ctai, *command], env=env, check=True, stdout=subprocess.DEVNULL)
    output = subprocess.run(
        [ctai, "shell", "-c", SETUP], env=env, check=True, capture_output=True, text=True
    ).stdout
    contracts = {}
    for line in output.splitlines():
        if line.startswith("CONTRACT "):
            _, pk, number, territory = line.split(" ", 3)
            contracts[territory] = (int(pk), int(number))
    return contracts


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "ctai.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--backlog",
            "256",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=env["CTAI_DATA_DIR"],
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/connexion/")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("Le serveur n'a pas démarré en 30 s.")


def cookies(response) -> dict[str, str]:
    jar = {}
    for header, value in response.getheaders():
        if header.lower() == "set-cookie":
            name, _, rest = value.partition("=")
            jar[name] = rest.split(";", 1)[0]
    return jar


def post_form(connection, path: str, fields: dict, cookie: str):
    """GET the form for its CSRF token, then POST it; the response."""
    connection.request("GET", path, headers={"Cookie": cookie})
    response = connection.getresponse()
    page = response.read().decode()
    jar = cookies(response)
    cookie = "; ".join(filter(None, [cookie, *(f"{k}={v}" for k, v in jar.items())]))
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    connection.request(
        "POST",
        path,
        body=urlencode({**fields, "csrfmiddlewaretoken": csrf}),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )
    response = connection.getresponse()
    response.read()
    return response, cookie


def login(port: int, index: int) -> str:
    """Log in through the forms, as a browser does (password, then TOTP code)."""
    from django_otp.oath import totp

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    credentials = {"username": f"{USERNAME}{index}", "password": PASSWORD}
    response, cookie = post_form(connection, "/connexion/", credentials, "")
    session = cookies(response).get("sessionid")
    if response.status != 302 or not session:
        raise SystemExit(f"Connexion refusée (HTTP {response.status}).")
    csrf = re.search(r"csrftoken=([^;]+)", cookie).group(1)
    cookie = f"csrftoken={csrf}; sessionid={session}"
    code = f"{totp(bytes.fromhex(TOTP_KEY)):06d}"
    response, _ = post_form(
        connection, "/compte/double-authentification/code/", {"token": code}, cookie
    )
    jar = cookies(response)
    session, csrf = jar.get("sessionid", session), jar.get("csrftoken", csrf)
    if response.status != 302:
        raise SystemExit(f"Code TOTP refusé (HTTP {response.status}).")
    # Both cookies, as a browser sends them (without its CSRF cookie, every page would make
    # and set a new one).
    return f"csrftoken={csrf}; sessionid={session}"


def fetch(port: int, request: bytes) -> bool:
    """One request on its own connection (as gunicorn's sync workers answer: one request a
    connection); True when the whole page came back with 200. A plain socket rather than
    ``http.client``: the load runs on the server's two cores, and parsing every response's
    headers in Python took a fifth of a core away from the server."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(262144):
            chunks.append(chunk)
    response = b"".join(chunks)
    head, _, body = response.partition(b"\r\n\r\n")
    length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    return head.startswith(b"HTTP/1.1 200") and (length is None or int(length[1]) == len(body))


def load(port: int, path: str, sessions: list[str], seconds: float) -> tuple[list[float], int]:
    """Each client requests ``path`` in a loop for ``seconds``; latencies (ms) and errors."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(cookie: str) -> None:
        mine, failed = [], 0
        request = (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookie}\r\n"
            "Accept: text/html\r\nConnection: close\r\n\r\n"
        ).encode()
        while time.monotonic() < stop:
            start = time.perf_counter()
            try:
                ok = fetch(port, request)
            except OSError:
                ok = False
            mine.append((time.perf_counter() - start) * 1000)
            failed += not ok
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=client, args=(cookie,)) for cookie in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0]


def measure(port, path, sessions, seconds) -> tuple[float, float, float, int]:
    """p50, p95 (ms), requests per second and errors of ``path`` under load."""
    load(port, path, sessions[:2], 1.0)  # warm-up
    latencies, errors = load(port, path, sessions, seconds)
    p50 = statistics.median(latencies)
    p95 = statistics.quantiles(latencies, n=20)[-1]
    return p50, p95, len(latencies) / seconds, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0, help="durée par page (s)")
    parser.add_argument("--clients", type=int, default=20, help="clients simultanés")
    parser.add_argument("--workers", type=int, default=2, help="processus gunicorn")
    parser.add_argument("--port", type=int, default=None, help="port (défaut : un port libre)")
    parser.add_argument(
        "--database-url",
        default=None,
        help="serveur PostgreSQL (une base neuve y est créée puis supprimée) ; défaut : SQLite",
    )
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="ctai-web-load-")
    drop = None
    if args.database_url and args.database_url.startswith("postgres"):
        database_url, drop = bench_database(args.database_url)
        engine = "PostgreSQL"
    else:
        database_url, engine = f"sqlite:///{workdir}/bench.sqlite3", "SQLite"
    env = {**environment(workdir, database_url), "BENCH_CLIENTS": str(args.clients)}
    print(f"Préparation de la base ({engine}) dans {workdir}…", flush=True)
    server = None
    try:
        contracts = prepare(workdir, env)
        port = args.port or free_port()
        server = start_server(env, port, args.workers)
        sessions = [login(port, index) for index in range(args.clients)]
        print(
            f"gunicorn, {args.workers} processus, {os.cpu_count()} cœurs, {engine} ; "
            f"{args.clients} clients simultanés, {args.seconds:g} s par page ; objectif p95 "
            "≤ 100 ms et ≤ 3× la page minimale"
        )
        print(
            f"{'contrat':<22} {'page':<16} {'p50':>8} {'p95':>8} {'req/s':>7} {'erreurs':>7} "
            f"{'p95 / minimale':>15}"
        )
        for territory, (pk, number) in contracts.items():
            # The reference measured again beside each contract's pages: the machine's load
            # may change between the first page and the last.
            minimal = measure(port, "/compte/", sessions, args.seconds)
            reference = minimal[1]
            print(
                f"{territory[:22]:<22} {'page minimale':<16} {minimal[0]:6.1f}ms "
                f"{reference:6.1f}ms {minimal[2]:7.1f} {minimal[3]:7d} {'1,0×':>15}",
                flush=True,
            )
            for page, path in (
                ("tableau de bord", f"/contrats/{pk}/"),
                ("programmation", f"/contrats/{pk}/programmation/"),
                ("fiche", f"/contrats/{pk}/fiches/2026/{number}/"),
                ("bilan", f"/contrats/{pk}/fiches/2026/{number}/bilans/final/"),
            ):
                p50, p95, rate, errors = measure(port, path, sessions, args.seconds)
                ratio = f"{p95 / reference:.1f}×".replace(".", ",")
                print(
                    f"{territory[:22]:<22} {page:<16} {p50:6.1f}ms {p95:6.1f}ms "
                    f"{rate:7.1f} {errors:7d} {ratio:>15}",
                    flush=True,
                )
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)
        if drop is not None:
            drop()


if __name__ == "__main__":
    main()
