"""A double click on "Soumettre": one submission, one transition — sequentially on every
database, and with two threads at once on PostgreSQL (SQLite's in-memory test database cannot
be shared between threads; its writers are serialised by ``transaction_mode=IMMEDIATE``)."""

import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from ctai.reporting import selectors, services
from ctai.reporting.enums import ReportStatus
from ctai.reporting.errors import IllegalTransition, ReportError
from ctai.reporting.models import OperatorReport, ReportTransition
from tests.reporting.builders import COMPLETE_SPENDING, COMPLETE_VALUES, build_world, fill

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="threads need a shared database server"
)


def submissions(report) -> int:
    return ReportTransition.objects.filter(report=report, target=ReportStatus.SUBMITTED).count()


@pytest.mark.django_db
def test_a_double_click_records_one_submission(world):
    report = services.start_report(period=world.final, sheet=world.sheet_a, actor=world.people.op_a)
    fill(report, world.people.op_a, values=COMPLETE_VALUES, spending=COMPLETE_SPENDING)
    version = OperatorReport.objects.get(pk=report.pk).version
    services.submit_report(report=report, actor=world.people.op_a, version=version)
    with pytest.raises(IllegalTransition) as refused:
        services.submit_report(report=report, actor=world.people.op_a, version=version)
    assert str(refused.value) == "Impossible de soumettre ce bilan : il est déjà « Soumis »."
    assert submissions(report) == 1
    assert OperatorReport.objects.get(pk=report.pk).version == version + 1


def at_once(*calls):
    """Run ``calls`` in threads released together; their results or exceptions."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # collected for the assertions
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)  # one user object (and cache) per thread


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_record_one(monkeypatch):
    world = build_world()
    report = services.start_report(period=world.final, sheet=world.sheet_a, actor=world.people.op_a)
    fill(report, world.people.op_a, values=COMPLETE_VALUES, spending=COMPLETE_SPENDING)
    checks = selectors.report_findings

    def slow_checks(report):
        time.sleep(0.3)  # hold the row lock long enough for the other click to arrive
        return checks(report)

    monkeypatch.setattr(services, "report_findings", slow_checks)
    results = at_once(
        lambda: services.submit_report(report=report, actor=fresh(world.people.op_a)),
        lambda: services.submit_report(report=report, actor=fresh(world.people.op_a)),
    )
    assert sum(isinstance(r, OperatorReport) for r in results) == 1
    assert sum(isinstance(r, IllegalTransition) for r in results) == 1
    assert submissions(report) == 1
    assert OperatorReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_starts_create_one_report():
    world = build_world()
    results = at_once(
        *[
            lambda: services.start_report(
                period=world.final, sheet=world.sheet_a, actor=fresh(world.people.op_a)
            )
        ]
        * 2
    )
    assert sum(isinstance(r, OperatorReport) for r in results) == 1
    assert sum(isinstance(r, ReportError) for r in results) == 1
    assert OperatorReport.objects.count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_validation_and_a_return_at_once_leave_one_decision():
    world = build_world()
    report = services.start_report(period=world.final, sheet=world.sheet_a, actor=world.people.op_a)
    fill(report, world.people.op_a, values=COMPLETE_VALUES, spending=COMPLETE_SPENDING)
    services.submit_report(report=report, actor=world.people.op_a)
    results = at_once(
        lambda: services.validate_report(report=report, actor=fresh(world.people.coord)),
        lambda: services.return_report(
            report=report, actor=fresh(world.people.coord2), reason="Heures à préciser."
        ),
    )
    assert sum(isinstance(r, IllegalTransition) for r in results) == 1
    assert ReportTransition.objects.filter(report=report).count() == 2  # submit + one decision
