"""Benchmark: the committee pack (dossier du COPIL) of Metz, PDF and DOCX.

The real Metz document imported as ``make run`` does; each 2026 sheet gets a validated final
report (an achieved value for every indicator, P104 and total spending, a narrative); the June
2027 COPIL (evaluation of 2026) has two decisions of an earlier December meeting to follow.
Prints the time of each format (best of 3; goal ≤ 5 s) and the peak memory (goal ≤ 300 MB):
Python allocations traced by tracemalloc, and the process's maximum resident size.
Run: ``.venv/bin/python bench/copil_pack.py``.
"""

import datetime
import io
import resource
import tracemalloc
from decimal import Decimal
from pathlib import Path

# Run as a script (``bench/`` first on the path): the other benchmark's helpers.
from evaluation import django_in_temporary_database, timed


def build_meeting():
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    import ctai.documents
    from ctai.checks.services import refresh_findings
    from ctai.contracts.models import Contract
    from ctai.governance.models import Decision, Meeting
    from ctai.reporting.models import (
        IndicatorAchievement,
        OperatorReport,
        ReportingPeriod,
        SpendingLine,
    )
    from ctai.reporting.workflow import SUBMIT, VALIDATE

    seed = Path(ctai.documents.__file__).parent / "seeds" / "ctai-metz-2026-2028.txt"
    call_command("import", str(seed), stdout=io.StringIO())
    contract = Contract.objects.get(territory="Ville de Metz")
    user = get_user_model().objects.create_user("porteur")
    coordinator = get_user_model().objects.create_user("coordination")
    period = ReportingPeriod.objects.create(
        contract=contract, year=2026, kind="final", due_date=datetime.date(2027, 3, 31)
    )
    for sheet in contract.actions.filter(year=2026).prefetch_related("indicators"):
        report = OperatorReport.objects.create(
            period=period,
            sheet=sheet,
            created_by=user,
            done="Ateliers tenus chaque semaine, avec les partenaires. " * 6,
            difficulties="Mobilité des publics en soirée.",
        )
        IndicatorAchievement.objects.bulk_create(
            IndicatorAchievement(report=report, indicator=indicator, value=Decimal(12))
            for indicator in sheet.indicators.all()
        )
        SpendingLine.objects.bulk_create(
            SpendingLine(report=report, budget_line=line, amount=Decimal(amount))
            for line, amount in (("p104_subsidy", "9000"), ("total_cost", "14000"))
        )
        report.apply_transition(SUBMIT, by=user)
        report.apply_transition(VALIDATE, by=coordinator)
    december = Meeting.objects.create(
        contract=contract, date=datetime.date(2026, 12, 8), kind="december", status="held"
    )
    for number, kind in ((4, "increase"), (9, "reduce")):
        decision = Decision.objects.create(
            meeting=december, text=f"Décision sur la fiche {number}", kind=kind, owner="CCAS"
        )
        decision.sheets.set(contract.actions.filter(year=2026, number=number))
    refresh_findings(contract=contract)
    return Meeting.objects.create(
        contract=contract, date=datetime.date(2027, 6, 15), kind="june", agenda="Bilan 2026"
    )


def main() -> None:
    django_in_temporary_database()
    from ctai.governance.pack import render_pack

    meeting, setup = timed(build_meeting)
    print(f"Metz, COPIL de juin 2027, 12 fiches avec bilans validés (préparation {setup:.1f} s)")
    for format in ("pdf", "docx"):
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        runs = [timed(lambda f=format: render_pack(meeting, f)) for _ in range(3)]
        content, best = min(runs, key=lambda run: run[1])
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        tracemalloc.start()
        render_pack(meeting, format)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        times = ", ".join(f"{t:.2f}" for _, t in runs)
        print(
            f"{format.upper()} : {best:.2f} s (meilleure de 3 : {times} s, la première charge "
            f"les bibliothèques ; objectif ≤ 5 s), {len(content) / 1024:.0f} Ko ; pic Python "
            f"{peak / 1024 / 1024:.0f} Mo, résident max du processus {rss_after / 1024:.0f} Mo "
            f"(+{(rss_after - rss_before) / 1024:.0f} Mo ; objectif ≤ 300 Mo)"
        )


if __name__ == "__main__":
    main()
