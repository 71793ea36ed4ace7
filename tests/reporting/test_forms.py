"""The report form: French numbers in, service inputs out, service refusals back in."""

from decimal import Decimal

import pytest

from ctai.reporting import services
from ctai.reporting.errors import ReportInvalid
from ctai.reporting.forms import AttachmentForm, NextProgrammationForm, ReportForm, ReturnForm
from tests.reporting.builders import indicator

pytestmark = pytest.mark.django_db
TOTAL = "« Nombre total d'étrangers éligibles bénéficiaires de l'action »"


@pytest.fixture
def report(world):
    return services.start_report(period=world.final, sheet=world.sheet_a, actor=world.people.op_a)


def data(report, **values) -> dict:
    form = ReportForm(report=report)
    base = {name: "" for name in form.fields}
    base["version"] = str(report.version)
    base.update(values)
    return base


def test_french_values_reach_the_report(world, report):
    total = indicator(world.sheet_a, "fr_hours")  # hours: decimals allowed
    extra = world.sheet_a.budget.extra_lines.get()
    form = ReportForm(
        data(
            report,
            done="Ateliers",
            **{
                f"indicator_{total.pk}": "1 234,5",
                f"comment_{total.pk}": "Très suivi",
                "line_p104_subsidy": "6 500,00 €",
                f"extra_{extra.pk}": "900",
            },
        ),
        report=report,
    )
    assert form.is_valid(), form.errors
    saved = services.save_draft(report=report, actor=world.people.op_a, **form.inputs())
    assert saved.done == "Ateliers"
    assert saved.achievements.get().value == Decimal("1234.50")
    assert saved.achievements.get().comment == "Très suivi"
    amounts = {s.budget_line or "extra": s.amount for s in saved.spending_lines.all()}
    assert amounts == {"p104_subsidy": Decimal("6500.00"), "extra": Decimal("900.00")}
    again = ReportForm(report=saved)
    assert again.initial[f"indicator_{total.pk}"] == Decimal("1234.50")
    assert again.initial["version"] == 2
    assert 'class="form-control"' in str(again[f"indicator_{total.pk}"])


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "abc",
            f"{TOTAL} : « abc » n'est pas un nombre ; saisissez par exemple 12 ou 1 234,50.",
        ),
        (
            "-4",
            f"{TOTAL} : la valeur ne peut pas être négative (-4).",
        ),
        (
            "12,5",
            f"{TOTAL} : un nombre entier est attendu, sans décimales (12,5).",
        ),
    ],
)
def test_bad_values_are_refused_in_french(world, report, typed, message):
    total = indicator(world.sheet_a, "ben_total")
    form = ReportForm(data(report, **{f"indicator_{total.pk}": typed}), report=report)
    assert not form.is_valid()
    assert form.errors[f"indicator_{total.pk}"] == [message]


def test_service_refusals_go_back_next_to_their_fields(world, report):
    total = indicator(world.sheet_a, "ben_total")
    form = ReportForm(data(report), report=report)
    assert form.is_valid()
    form.add_report_error(
        ReportInvalid(field_errors={f"indicator_{total.pk}": ["Trop"], "ailleurs": ["Autre"]})
    )
    assert form.errors[f"indicator_{total.pk}"] == ["Trop"]
    assert form.non_field_errors() == ["Autre"]
    form.add_report_error(ReportInvalid("Ce bilan ne peut pas être soumis."))
    assert "Ce bilan ne peut pas être soumis." in form.non_field_errors()


def test_small_forms():
    assert not ReturnForm({"reason": "", "version": "1"}).is_valid()
    assert NextProgrammationForm({"keep_targets": "non"}).is_valid()
    form = NextProgrammationForm({"keep_targets": "non"})
    form.is_valid()
    assert form.cleaned_data["keep_targets"] is False
    assert "10,0 Mo au plus" in AttachmentForm().fields["file"].help_text
