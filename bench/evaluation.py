"""Benchmark: the State evaluation workbook of a synthetic contract, 200 sheets × 40 indicators.

Every sheet has a validated final report with an achieved value and a comment for each
indicator and its spending. Prints the time to read the figures and write the XLSX (goal
≤ 3 s) and the peak memory (goal ≤ 200 MB): Python allocations traced by tracemalloc during a
second run, and the process's maximum resident size. ``--all`` times the ODS and PDF too.
Run: ``.venv/bin/python bench/evaluation.py [--all]``.
"""

import datetime
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal

SHEETS, INDICATORS = 200, 40


def build_contract():
    from django.contrib.auth import get_user_model

    from ctai.budget.models import Budget
    from ctai.contracts.models import ActionSheet, AnnualEnvelope, Axis, Contract, Organisation
    from ctai.indicators.models import ActionIndicator
    from ctai.reporting.models import (
        IndicatorAchievement,
        OperatorReport,
        ReportingPeriod,
        SpendingLine,
    )
    from ctai.reporting.workflow import SUBMIT, VALIDATE

    users = get_user_model().objects
    operator_user = users.create_user("porteur")
    coordinator_user = users.create_user("coordination")
    ccas = Organisation.objects.create(name="CCAS de Synthèse", kind="ccas")
    contract = Contract.objects.create(
        title="Contrat territorial d'accueil et d'intégration",
        territory="Synthèse",
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2028, 12, 31),
        coordinator=ccas,
    )
    AnnualEnvelope.objects.create(contract=contract, year=2026, amount=Decimal("5000000"))
    axes = [
        Axis.objects.create(contract=contract, number=n, title=f"Axe de travail {n}")
        for n in range(1, 5)
    ]
    operators = [
        Organisation.objects.create(name=f"Association {n}", kind="association") for n in range(20)
    ]
    sheets = ActionSheet.objects.bulk_create(
        ActionSheet(
            contract=contract,
            year=2026,
            number=n,
            axis=axes[n % 4],
            title=f"Action n° {n} : apprentissage du français et accès aux droits",
            operator=operators[n % 20],
        )
        for n in range(1, SHEETS + 1)
    )
    Budget.objects.bulk_create(
        Budget(
            action=sheet,
            p104_subsidy=Decimal("20000.00"),
            p104_carryover=Decimal("1000.00"),
            local_contribution=Decimal("5000.00"),
            total_cost=Decimal("26000.00"),
        )
        for sheet in sheets
    )
    indicators = ActionIndicator.objects.bulk_create(
        ActionIndicator(
            action=sheet,
            label=f"Indicateur n° {i} de l'action",
            section="autres",
            target=Decimal(10 + i),
            target_text=f"{10 + i} personnes",
            position=i,
        )
        for sheet in sheets
        for i in range(INDICATORS)
    )
    period = ReportingPeriod.objects.create(
        contract=contract, year=2026, kind="final", due_date=datetime.date(2027, 3, 31)
    )
    reports = OperatorReport.objects.bulk_create(
        OperatorReport(
            period=period,
            sheet=sheet,
            created_by=operator_user,
            done="Ateliers tenus chaque semaine. " * 10,
            difficulties="=Mobilité des publics",
        )
        for sheet in sheets
    )
    by_sheet = {report.sheet_id: report for report in reports}
    IndicatorAchievement.objects.bulk_create(
        IndicatorAchievement(
            report=by_sheet[indicator.action_id],
            indicator=indicator,
            value=indicator.target * Decimal("0.9"),
            comment="Objectif presque atteint.",
        )
        for indicator in indicators
    )
    SpendingLine.objects.bulk_create(
        SpendingLine(report=report, budget_line=line, amount=amount)
        for report in reports
        for line, amount in (("p104_subsidy", Decimal("18000")), ("total_cost", Decimal("25000")))
    )
    for report in OperatorReport.objects.all():
        report.apply_transition(SUBMIT, by=operator_user)
        report.apply_transition(VALIDATE, by=coordinator_user)
    return contract


def timed(function):
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def django_in_temporary_database() -> None:
    """Django set up on a fresh SQLite database, migrated (shared by the benchmarks)."""
    workdir = tempfile.mkdtemp(prefix="ctai-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ctai.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> None:
    django_in_temporary_database()
    from ctai.reporting.evaluation import render_evaluation

    contract, setup = timed(build_contract)
    print(
        f"contrat synthétique : {SHEETS} fiches × {INDICATORS} indicateurs, bilans validés "
        f"(préparation {setup:.1f} s)"
    )

    def xlsx() -> bytes:
        return render_evaluation(contract=contract, year=2026, format="xlsx")

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    runs = [timed(xlsx) for _ in range(3)]
    content, best = min(runs, key=lambda run: run[1])
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    xlsx()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    times = ", ".join(f"{t:.2f}" for _, t in runs)
    print(
        f"XLSX : {best:.2f} s (meilleure de 3 : {times} s ; objectif ≤ 3 s), "
        f"{len(content) / 1024 / 1024:.1f} Mo"
    )
    print(
        f"mémoire : pic Python {peak / 1024 / 1024:.0f} Mo (tracemalloc), "
        f"résident max du processus {rss_after / 1024:.0f} Mo "
        f"(+{(rss_after - rss_before) / 1024:.0f} Mo pendant l'export ; objectif ≤ 200 Mo)"
    )
    if "--all" in sys.argv:
        for format in ("ods", "pdf"):
            data, seconds = timed(
                lambda f=format: render_evaluation(contract=contract, year=2026, format=f)
            )
            print(f"{format.upper()} : {seconds:.1f} s, {len(data) / 1024 / 1024:.1f} Mo")


if __name__ == "__main__":
    main()
