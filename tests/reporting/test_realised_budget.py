"""Realised resources against realised costs (issue 12): the plan's budget rule, run on the
actual amounts of a report, through the report's checks and the one budget reading."""

from decimal import Decimal

from django.urls import reverse

from ctai.reporting import services
from ctai.reporting.inputs import SpendingInput
from ctai.reporting.selectors import report_findings
from tests.reporting.views_support import as_user


def spend(report, actor, lines: dict, extra: dict | None = None):
    report.refresh_from_db()
    return services.save_draft(
        report=report,
        actor=actor,
        version=report.version,
        spending=[SpendingInput(amount=Decimal(v), budget_line=k) for k, v in lines.items()]
        + [SpendingInput(amount=Decimal(v), extra_line_id=k) for k, v in (extra or {}).items()],
    )


def realised(report):
    return [f for f in report_findings(report) if f.code == "report.resources_total"]


def test_spending_above_the_realised_resources_is_a_finding(world):
    world.contract.territory = "Communauté urbaine de Dunkerque"
    world.contract.save()
    report = services.start_report(period=world.final, sheet=world.sheet_b, actor=world.people.op_b)
    # The operator's figures from the issue: 23 655 € spent, 18 655 € of resources.
    saved = spend(
        report,
        world.people.op_b,
        {
            "p104_subsidy": "7000.00",
            "local_contribution": "11655.00",
            "total_cost": "23655.00",
        },
    )
    [finding] = realised(saved)
    assert finding.severity == "alerte"
    assert finding.message.startswith("Montants réalisés : les ressources ne couvrent pas")
    assert "Il manque 5\u202f000,00\u202f€ de ressources" in finding.message
    assert finding.figures["difference"] == "5000.00"
    url = reverse("reporting:report", args=[world.contract.pk, 2026, 2, "final"])
    page = as_user(world.people.coord).get(url).content.decode()
    assert "Montants réalisés : les ressources ne couvrent pas" in page
    assert "Aucun constat" not in page


def test_balanced_actual_amounts_with_an_added_line_have_no_finding(world):
    report = services.start_report(period=world.final, sheet=world.sheet_a, actor=world.people.op_a)
    extra = world.sheet_a.budget.extra_lines.get()  # « Autofinancement »
    saved = spend(
        report,
        world.people.op_a,
        {"p104_subsidy": "7000.00", "local_contribution": "2000.00", "total_cost": "10000.00"},
        {extra.pk: "1000.00"},
    )
    assert realised(saved) == []
    # Resources above the cost are said too.
    again = spend(saved, world.people.op_a, {"total_cost": "9000.00"})
    [finding] = realised(again)
    assert "Les ressources dépassent le coût total" in finding.message or (
        "ressources dépassent le coût total" in finding.message
    )


def test_no_total_cost_given_nothing_to_compare(world):
    report = services.start_report(period=world.final, sheet=world.sheet_a, actor=world.people.op_a)
    saved = spend(report, world.people.op_a, {"p104_subsidy": "6500.00"})
    assert realised(saved) == []


def test_an_alert_does_not_stop_the_submission(world):
    report = services.start_report(period=world.final, sheet=world.sheet_a, actor=world.people.op_a)
    saved = spend(report, world.people.op_a, {"p104_subsidy": "7000.00", "total_cost": "12000.00"})
    assert realised(saved)
    submitted = services.submit_report(report=saved, actor=world.people.op_a)
    assert submitted.status == "soumis"
