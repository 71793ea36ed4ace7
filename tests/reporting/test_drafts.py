"""Saving a draft: values checked before anything is written, French messages, optimistic lock."""

from decimal import Decimal

import pytest

from ctai.reporting import services
from ctai.reporting.errors import NotAllowed, ReportConflict, ReportInvalid
from ctai.reporting.inputs import AchievementInput, Narrative, SpendingInput
from ctai.reporting.models import IndicatorAchievement, OperatorReport, SpendingLine
from tests.reporting.builders import COMPLETE_SPENDING, COMPLETE_VALUES, fill, indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(world):
    return services.start_report(period=world.final, sheet=world.sheet_a, actor=world.people.op_a)


def stored(report):
    return (
        sorted(IndicatorAchievement.objects.filter(report=report).values_list("value", "comment")),
        sorted(SpendingLine.objects.filter(report=report).values_list("budget_line", "amount")),
        OperatorReport.objects.get(pk=report.pk).version,
    )


def test_a_draft_keeps_values_spending_and_narrative(world, report):
    extra = world.sheet_a.budget.extra_lines.get()
    saved = services.save_draft(
        report=report,
        actor=world.people.op_a,
        version=1,
        narrative=Narrative(
            done="  Douze ateliers.  ", changes="Un groupe de plus.", difficulties="Locaux."
        ),
        achievements=[
            AchievementInput(indicator(world.sheet_a, "ben_total").pk, Decimal("42"), " Bien. "),
            AchievementInput(indicator(world.sheet_a, "ben_men").pk, "1 234"),
            AchievementInput(indicator(world.sheet_a, "fr_hours").pk, 280),
        ],
        spending=[
            SpendingInput(amount=Decimal("6500.00"), budget_line="p104_subsidy"),
            SpendingInput(amount="900", extra_line_id=extra.pk),
        ],
    )
    assert saved.version == 2
    assert saved.updated_by == world.people.op_a
    assert (saved.done, saved.changes, saved.difficulties) == (
        "Douze ateliers.",
        "Un groupe de plus.",
        "Locaux.",
    )
    values = {a.indicator.display_label: (a.value, a.comment) for a in saved.achievements.all()}
    assert values["Nombre total d'étrangers éligibles bénéficiaires de l'action"] == (
        Decimal("42.00"),
        "Bien.",
    )
    assert values["dont hommes"] == (Decimal("1234.00"), "")
    lines = {line.label: line.amount for line in saved.spending_lines.all()}
    assert lines == {
        "Montant de la subvention demandée sur les crédits de l'action 12 du programme 104": (
            Decimal("6500.00")
        ),
        "Autofinancement": Decimal("900.00"),
    }


def test_an_empty_value_removes_the_row_and_a_new_value_replaces_it(world, report):
    fill(report, world.people.op_a, values={"ben_total": 40}, spending={"p104_subsidy": 10})
    fill(report, world.people.op_a, values={"ben_total": None}, spending={"p104_subsidy": None})
    assert not report.achievements.exists()
    assert not report.spending_lines.exists()
    fill(report, world.people.op_a, values={"ben_total": 41})
    fill(report, world.people.op_a, values={"ben_total": 43})
    assert report.achievements.get().value == 43


BAD_VALUES = [
    (Decimal("-3"), "la valeur ne peut pas être négative (-3)"),
    ("-3", "la valeur ne peut pas être négative (-3)"),
    ("abc", "« abc » n'est pas un nombre ; saisissez par exemple 12 ou 1 234,50."),
    (12.5, "« 12.5 » n'est pas un nombre"),
    (True, "n'est pas un nombre"),
    (Decimal("1.234"), "deux décimales au plus"),
    (Decimal("NaN"), "n'est pas un nombre"),
    ("1e13", "n'est pas un nombre"),
]


@pytest.mark.parametrize(("value", "message"), BAD_VALUES, ids=[repr(v) for v, _ in BAD_VALUES])
def test_a_bad_achieved_value_is_refused_in_french_and_nothing_is_written(
    world, report, value, message
):
    fill(report, world.people.op_a, values={"ben_men": 10}, spending={"p104_subsidy": 100})
    before = stored(report)
    total = indicator(world.sheet_a, "ben_total")
    with pytest.raises(ReportInvalid) as refused:
        fill(report, world.people.op_a, values={"ben_total": value, "ben_men": 12})
    errors = refused.value.field_errors[f"indicator_{total.pk}"]
    assert len(errors) == 1
    assert errors[0].startswith(
        "« Nombre total d'étrangers éligibles bénéficiaires de l'action » : "
    )
    assert message in errors[0]
    assert stored(report) == before


def test_a_negative_amount_is_refused(world, report):
    with pytest.raises(ReportInvalid) as refused:
        fill(report, world.people.op_a, spending={"p104_subsidy": Decimal("-1.00")})
    assert refused.value.field_errors == {
        "line_p104_subsidy": [
            "« Montant de la subvention demandée sur les crédits de l'action 12 du programme "
            "104 » : la valeur ne peut pas être négative (-1.00)."
        ]
    }
    assert not report.spending_lines.exists()


def test_lines_and_indicators_of_another_sheet_are_refused(world, report):
    other_indicator = indicator(world.sheet_b, "ben_total")
    other_line = world.sheet_b.budget.extra_lines.get()
    with pytest.raises(ReportInvalid) as refused:
        services.save_draft(
            report=report,
            actor=world.people.op_a,
            version=1,
            achievements=[AchievementInput(other_indicator.pk, 3)],
            spending=[
                SpendingInput(amount=1, extra_line_id=other_line.pk),
                SpendingInput(amount=1, budget_line="unit_cost"),
                SpendingInput(amount=1, budget_line="p104_subsidy", extra_line_id=other_line.pk),
            ],
        )
    assert set(refused.value.field_errors) == {
        f"indicator_{other_indicator.pk}",
        f"extra_{other_line.pk}",
        "line_unit_cost",
        "spending",
    }
    assert stored(report) == ([], [], 1)


def test_a_stale_form_is_refused_and_the_first_save_stays(world, report):
    fill(report, world.people.op_a, values={"ben_total": 40})  # version 1 -> 2
    with pytest.raises(ReportConflict) as refused:
        services.save_draft(
            report=report,
            actor=world.people.op_a,
            version=1,
            achievements=[AchievementInput(indicator(world.sheet_a, "ben_total").pk, 99)],
        )
    assert "a été modifié par Camille" in str(refused.value)
    assert "vos saisies n'ont pas été enregistrées" in str(refused.value)
    assert report.achievements.get().value == 40


@pytest.mark.parametrize("who", ["op_b", "coord", "state", "copil", "stranger"])
def test_only_the_operator_edits_its_draft(world, report, who):
    with pytest.raises(NotAllowed):
        fill(report, getattr(world.people, who), values={"ben_total": 1})
    assert not report.achievements.exists()


def test_submission_is_refused_while_an_erreur_finding_remains(world, report):
    values = dict(COMPLETE_VALUES, ben_men=Decimal("30"), ben_women=Decimal("30"))
    fill(report, world.people.op_a, values=values, spending={"p104_subsidy": Decimal("9000")})
    with pytest.raises(ReportInvalid) as refused:
        services.submit_report(report=report, actor=world.people.op_a)
    messages = [m.replace("\u202f", " ") for m in refused.value.messages]
    assert messages[0] == "Ce bilan ne peut pas être soumis tant que ces erreurs demeurent :"
    assert any(m.startswith("Valeurs réalisées : « dont hommes » (30)") for m in messages)
    assert any("dépassent la subvention accordée (8 000,00 €)" in m for m in messages)
    assert OperatorReport.objects.get(pk=report.pk).status == "brouillon"
    fill(report, world.people.op_a, values=COMPLETE_VALUES, spending=COMPLETE_SPENDING)
    assert services.submit_report(report=report, actor=world.people.op_a).status == "soumis"
