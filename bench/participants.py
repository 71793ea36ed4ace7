"""Benchmark: the register of participants on PostgreSQL (issue 16).

100 000 participants of 20 operators (one in five also in a second operator's register, same
pseudonym), 150 000 enrolments in 100 sheets, 5 million attendance rows (generate_series).
Times, each against a hand-written SQL query on the same data (goal ≤ 2× it):
- the import of a 20 000-row XLSX attendance sheet (goal ≤ 10 s, flat memory: peak Python
  memory of a 5 000-row and a 20 000-row file);
- the computed indicators of one sheet (goal ≤ 200 ms);
- the contract-wide unique counts (goal ≤ 1 s).
Run: ``.venv/bin/python bench/participants.py`` (PostgreSQL at PG_URL, by default
postgres://postgres@127.0.0.1:5432/ctai; a database of its own, dropped at the end).
"""

import cProfile
import datetime
import io
import os
import sys
import time
import tracemalloc

# BENCH_SCALE=0.1 runs on a tenth of the people and attendance (the sheets stay 100).
SCALE = float(os.environ.get("BENCH_SCALE", "1"))
PARTICIPANTS, OPERATORS, SHEETS, SESSIONS = round(100_000 * SCALE), 20, 100, 50
ATTENDANCE_TARGET = round(5_000_000 * SCALE)
PROFILE = os.environ.get("BENCH_PROFILE")  # a file: cProfile of the 20 000-row import
KEEP = os.environ.get("BENCH_KEEP")  # keep the database (its name is printed)
REUSE = os.environ.get("BENCH_REUSE")  # the name of a kept database: no data generation
YEAR = 2026


def timed(function, runs: int = 3):
    best, result = None, None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return result, best


def admin_sql(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(statement)


def build(connection):
    """The contract, its sheets and sessions by the ORM; the people and attendance by COPY
    and generate_series."""
    from django.contrib.auth import get_user_model

    from ctai.accounts.models import Membership
    from ctai.contracts.models import ActionSheet, Axis, Contract, Organisation
    from ctai.core.roles import Role
    from ctai.participants.pseudonym import pseudonym

    ccas = Organisation.objects.create(name="CCAS de Synthèse", kind="ccas")
    contract = Contract.objects.create(
        title="Contrat territorial d'accueil et d'intégration",
        territory="Synthèse",
        start=datetime.date(YEAR, 1, 1),
        end=datetime.date(YEAR + 2, 12, 31),
        coordinator=ccas,
    )
    axis = Axis.objects.create(contract=contract, number=1, title="Axe 1")
    operators = [
        Organisation.objects.create(name=f"Association {n}", kind="association")
        for n in range(OPERATORS)
    ]
    sheets = ActionSheet.objects.bulk_create(
        ActionSheet(
            contract=contract,
            year=YEAR,
            number=n + 1,
            axis=axis,
            title=f"Action {n + 1}",
            operator=operators[n % OPERATORS],
        )
        for n in range(SHEETS + 1)  # the last one receives the imported file
    )
    user = get_user_model().objects.create_user("porteur-0")
    Membership.objects.create(
        user=user, contract=contract, role=Role.OPERATOR, organisation=operators[0]
    )
    with connection.cursor() as cursor:
        copy = io.StringIO()
        for i in range(PARTICIPANTS):
            person = i if i % 5 else i // 5  # one in five: the same person as another
            birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=person % 18_000)
            family, first = f"Nom{person}", f"Prénom{person}"
            operator = operators[i % OPERATORS]
            copy.write(
                "\t".join(
                    [
                        str(contract.pk),
                        str(operator.pk),
                        pseudonym(family, first, birth),
                        family,
                        first,
                        birth.isoformat(),
                        str(birth.year),
                        "F" if person % 2 else "M",
                        ("bpi", "bpt", "epa")[person % 3],
                        "2024",
                        "2023",
                        str(person % 4),
                        "t",
                        "2024-01-01",
                        "2026-01-01 00:00:00+00",
                        "2026-06-30",
                    ]
                )
                + "\n"
            )
        copy.seek(0)
        columns = (
            "contract_id, operator_id, pseudonym, family_name, first_names, birth_date, "
            "birth_year, sex, status, status_year, arrival_year, french_level, "
            "third_country_national, residence_start, created_at, last_activity"
        )
        with cursor.cursor.copy(f"COPY participants_participant ({columns}) FROM STDIN") as out:
            while chunk := copy.read(1 << 20):
                out.write(chunk)
        sheet_ids = [s.pk for s in sheets[:SHEETS]]
        # Each participant in one sheet of its operator, one in two in a second one.
        cursor.execute(
            """
            INSERT INTO participants_enrolment (participant_id, sheet_id, enrolled_on)
            SELECT p.id, s.id, DATE '2026-01-05'
            FROM participants_participant p
            JOIN LATERAL (
              SELECT id FROM contracts_actionsheet
              WHERE operator_id = p.operator_id AND id = ANY(%s)
              ORDER BY (id + p.id) %% 5 LIMIT (1 + p.id %% 2)
            ) s ON TRUE
            """,
            [sheet_ids],
        )
        cursor.execute(
            """
            INSERT INTO participants_session (sheet_id, date, duration, theme)
            SELECT s, DATE '2026-01-05' + k, 3, '' FROM unnest(%s::int[]) s,
              generate_series(0, %s - 1) k
            """,
            [sheet_ids, SESSIONS],
        )
        cursor.execute("SELECT COUNT(*) FROM participants_enrolment")
        enrolments = cursor.fetchone()[0]
        per_person = max(1, min(SESSIONS, round(ATTENDANCE_TARGET / enrolments)))
        # Bulk loading as a restore does: foreign-key triggers off for this load only (the
        # rows are built from the tables they point to), the unique index built afterwards.
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("ALTER TABLE participants_attendance DROP CONSTRAINT attendance_unique")
        cursor.execute(
            """
            INSERT INTO participants_attendance (enrolment_id, session_id, present)
            SELECT e.id, s.id, ((e.id + s.id) %% 7) <> 0
            FROM participants_enrolment e
            JOIN participants_session s
              ON s.sheet_id = e.sheet_id AND s.date < DATE '2026-01-05' + %s
            """,
            [per_person],
        )
        cursor.execute(
            "ALTER TABLE participants_attendance ADD CONSTRAINT attendance_unique "
            "UNIQUE (enrolment_id, session_id)"
        )
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("VACUUM ANALYZE")  # as autovacuum leaves a table in production
        cursor.execute("SELECT COUNT(*) FROM participants_attendance")
        attendance = cursor.fetchone()[0]
    return contract, sheets, user, enrolments, attendance


def existing(connection):
    """The data of a kept database (BENCH_REUSE)."""
    from django.contrib.auth import get_user_model

    from ctai.contracts.models import ActionSheet, Contract

    contract = Contract.objects.get()
    sheets = list(ActionSheet.objects.filter(contract=contract).order_by("number"))
    user = get_user_model().objects.get(username="porteur-0")
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM participants_enrolment")
        enrolments = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM participants_attendance")
        attendance = cursor.fetchone()[0]
    return contract, sheets, user, enrolments, attendance


def attendance_file(sheet, rows: int) -> bytes:
    """``rows`` lines of operator 0's people (every 20th participant) at 40 sessions."""
    from openpyxl import Workbook

    from ctai.participants.models import Participant

    sessions = 40
    people = list(
        Participant.objects.filter(operator=sheet.operator_id)
        .order_by("pk")
        .values_list("family_name", "first_names", "birth_date")[: rows // sessions]
    )
    book = Workbook(write_only=True)
    out = book.create_sheet("Émargement")
    out.append(["Nom", "Prénoms", "Date de naissance", "Date séance", "Durée", "Présent"])
    for k in range(sessions):
        day = datetime.date(YEAR, 3, 2) + datetime.timedelta(days=k)
        for family, first, birth in people:
            out.append([family, first, birth, day, 2.5, "oui" if k % 4 else "non"])
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


SHEET_SQL = """
WITH attended AS (
  SELECT a.enrolment_id, SUM(s.duration) AS hours
  FROM participants_attendance a JOIN participants_session s ON s.id = a.session_id
  WHERE s.sheet_id = %(sheet)s AND a.present GROUP BY a.enrolment_id
), offered AS (SELECT SUM(duration) AS hours FROM participants_session WHERE sheet_id = %(sheet)s)
SELECT COUNT(*),
  COUNT(*) FILTER (WHERE p.sex = 'M'), COUNT(*) FILTER (WHERE p.sex = 'F'),
  COUNT(*) FILTER (WHERE p.birth_year > %(young)s),
  COUNT(*) FILTER (WHERE p.status = 'bpi'), COUNT(*) FILTER (WHERE p.status = 'bpt'),
  COUNT(*) FILTER (WHERE COALESCE(e.planned_hours, o.hours) > 0
    AND COALESCE(a.hours, 0) * 5 >= COALESCE(e.planned_hours, o.hours) * 4),
  COUNT(*) FILTER (WHERE x.kind IN ('job', 'training', 'housing'))
FROM participants_enrolment e
JOIN participants_participant p ON p.id = e.participant_id
LEFT JOIN attended a ON a.enrolment_id = e.id
LEFT JOIN participants_exit x ON x.enrolment_id = e.id
CROSS JOIN offered o
WHERE e.sheet_id = %(sheet)s
"""

UNIQUE_SQL = """
SELECT COUNT(*), SUM(f), SUM(m), SUM(young), SUM(bpi), SUM(bpt), SUM(epa), SUM(n)
FROM (
  SELECT p.pseudonym,
    MAX(CASE WHEN p.sex = 'F' THEN 1 ELSE 0 END) AS f,
    MAX(CASE WHEN p.sex = 'M' THEN 1 ELSE 0 END) AS m,
    MAX(CASE WHEN p.birth_year > %(young)s THEN 1 ELSE 0 END) AS young,
    MAX(CASE WHEN p.status = 'bpi' THEN 1 ELSE 0 END) AS bpi,
    MAX(CASE WHEN p.status = 'bpt' THEN 1 ELSE 0 END) AS bpt,
    MAX(CASE WHEN p.status = 'epa' THEN 1 ELSE 0 END) AS epa,
    COUNT(*) AS n
  FROM participants_enrolment e
  JOIN participants_participant p ON p.id = e.participant_id
  JOIN contracts_actionsheet s ON s.id = e.sheet_id
  WHERE s.contract_id = %(contract)s AND s.year = %(year)s
  GROUP BY p.pseudonym
) people
"""


def main() -> None:
    base = os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/ctai")
    name = REUSE or f"ctai_bench_participants_{os.getpid()}"
    url = base.rsplit("/", 1)[0] + "/" + name
    if not REUSE:
        admin_sql(url, f"CREATE DATABASE {name}")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctai.settings.dev")
    try:
        run()
    finally:
        from django.db import connections

        connections.close_all()
        if KEEP or REUSE:
            print(f"base conservée : {name}")
        else:
            admin_sql(url, f"DROP DATABASE IF EXISTS {name}")


def run() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from ctai.participants.computed import contract_unique_counts, sheet_figures
    from ctai.participants.imports import attendance_import, guess_mapping, headers

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    if REUSE:
        contract, sheets, user, enrolments, attendance = existing(connection)
    else:
        contract, sheets, user, enrolments, attendance = build(connection)
    print(
        f"données : {PARTICIPANTS} participants, {enrolments} inscriptions, "
        f"{attendance} présences, {SHEETS} fiches ({time.perf_counter() - start:.0f} s)"
    )

    def hand(sql: str, **params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()

    sheet = sheets[0]
    figures, orm = timed(lambda: sheet_figures(sheet))
    row, sql = timed(lambda: hand(SHEET_SQL, sheet=sheet.pk, young=YEAR - 25))
    assert (figures["total"], figures["men"], figures["women"], figures["assiduous"]) == (
        row[0],
        row[1],
        row[2],
        row[6],
    ), (figures, row)
    print(
        f"indicateurs d'une fiche ({figures['total']} inscrits) : {orm * 1000:.0f} ms "
        f"(SQL écrit à la main {sql * 1000:.0f} ms, ×{orm / sql:.1f} ; objectif ≤ 200 ms)"
    )
    counts, orm = timed(lambda: contract_unique_counts(contract, YEAR))
    row, sql = timed(lambda: hand(UNIQUE_SQL, contract=contract.pk, year=YEAR, young=YEAR - 25))
    assert (counts["total"], counts["women"], counts["enrolments"]) == (row[0], row[1], row[7])
    print(
        f"comptes uniques du contrat ({counts['total']} personnes distinctes, "
        f"{counts['enrolments']} inscriptions) : {orm * 1000:.0f} ms "
        f"(SQL écrit à la main {sql * 1000:.0f} ms, ×{orm / sql:.1f} ; objectif ≤ 1 s)"
    )

    target = sheets[-1]
    files = {rows: attendance_file(target, rows) for rows in (5_000, 20_000)}

    def load(data: bytes):
        mapping = guess_mapping(headers("presences.xlsx", data))
        return attendance_import(
            sheet=target, actor=user, name="presences.xlsx", data=data, mapping=mapping
        )

    # Time without tracemalloc (it slows Python several times), then the memory peaks; a
    # second import of the same file rewrites the same rows (upsert).
    for rows, data in files.items():
        profiler = cProfile.Profile() if PROFILE and rows == 20_000 else None
        start = time.perf_counter()
        if profiler:
            profiler.enable()
        preview = load(data)
        if profiler:
            profiler.disable()
            profiler.dump_stats(PROFILE)
        elapsed = time.perf_counter() - start
        tracemalloc.start()
        load(data)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"import XLSX de {preview.accepted} lignes ({len(data) / 1024:.0f} Ko, "
            f"{preview.people} personnes, {preview.sessions} séances) : {elapsed:.1f} s, "
            f"pic mémoire Python {peak / 1024 / 1024:.0f} Mo (objectif ≤ 10 s)"
        )
    # The same 20 000 rows by hand: an upsert of the attendance only (no reading, no check).
    with connection.cursor() as cursor:
        start = time.perf_counter()
        cursor.execute(
            """
            INSERT INTO participants_attendance (enrolment_id, session_id, present)
            SELECT e.id, s.id, TRUE FROM participants_enrolment e
            JOIN participants_session s ON s.sheet_id = e.sheet_id
            WHERE e.sheet_id = %s
            ON CONFLICT (enrolment_id, session_id) DO UPDATE SET present = EXCLUDED.present
            """,
            [target.pk],
        )
        print(
            f"même écriture en SQL à la main ({cursor.rowcount} lignes, sans lecture ni "
            f"contrôle) : {time.perf_counter() - start:.2f} s"
        )


if __name__ == "__main__":
    sys.exit(main())
