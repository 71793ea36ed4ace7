"""Editing a sheet section by section: French amounts and messages, checks re-run, locking."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db.models.deletion import RestrictedError
from django.test import Client
from django.urls import reverse

from ctai.budget.models import Budget, BudgetExtraLine
from ctai.contracts.forms import BudgetForm
from ctai.contracts.models import ActionSheet
from ctai.indicators.models import ActionIndicator, IndicatorDefinition
from tests.factories import grant
from tests.web.pages import text

# The Metz document imported once for the module, each test in its own savepoint.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_metz_once")]


def sheet_9(contract) -> ActionSheet:
    return ActionSheet.objects.get(contract=contract, year=2026, number=9)


def form_data(form) -> dict:
    """What the browser sends back for an unchanged form."""
    data = {}
    for field in form:
        value = field.value()
        if isinstance(value, list):
            data[field.html_name] = [getattr(v, "pk", v) for v in value]
        elif value is not None:
            data[field.html_name] = field.field.widget.format_value(value) or ""
    return data


def budget_data(sheet, **changes) -> dict:
    data = form_data(BudgetForm(action=sheet))
    data.update(changes)
    return data


def edit_url(contract, section: str) -> str:
    return reverse("contracts:sheet_edit", args=[contract.pk, 2026, 9, section])


def test_budget_form_shows_french_amounts(client_in, metz):
    content = text(client_in.get(edit_url(metz, "budget")))
    assert 'value="16\u202f620,00"' in content
    assert 'value="25\u202f775,00"' in content


def test_correcting_the_total_cost_makes_the_finding_disappear(client_in, metz):
    sheet = sheet_9(metz)
    assert metz.findings.filter(code="budget.resources_total", action_number=9).exists()
    response = client_in.post(
        edit_url(metz, "budget"), budget_data(sheet, total_cost="20 775,00"), follow=True
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith("/fiches/2026/9/#budget")
    content = text(response)
    assert "Budget prévisionnel : enregistré." in content
    assert "Constat disparu : Les ressources ne couvrent pas le coût total" in content
    assert not metz.findings.filter(code="budget.resources_total", action_number=9).exists()
    budget = Budget.objects.get(action=sheet)
    assert budget.total_cost == Decimal("20775.00")
    assert budget.p104_subsidy == Decimal("16620.00")  # untouched lines keep their value
    sheet.refresh_from_db()
    assert sheet.version == 2
    # The value was typed in the application: it no longer claims a source line.
    assert "budget.total_cost" not in sheet.sources
    assert sheet.sources["budget.p104_subsidy"] == 3797


def test_a_new_finding_is_announced(client_in, metz):
    sheet = sheet_8 = ActionSheet.objects.get(contract=metz, number=8)
    url = reverse("contracts:sheet_edit", args=[metz.pk, 2026, sheet_8.number, "budget"])
    response = client_in.post(url, budget_data(sheet, total_cost="99 000"), follow=True)
    assert "Nouveau constat (Erreur) : Les ressources ne couvrent pas" in text(response)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1 234,56", Decimal("1234.56")),
        ("1\u00a0234,5", Decimal("1234.50")),
        ("1\u202f234,56 €", Decimal("1234.56")),
        ("1234.56", Decimal("1234.56")),
        ("0", Decimal("0")),
        ("", None),
    ],
)
def test_french_amounts_are_accepted(client_in, metz, typed, stored):
    sheet = sheet_9(metz)
    client_in.post(edit_url(metz, "budget"), budget_data(sheet, p104_carryover=typed))
    assert Budget.objects.get(action=sheet).p104_carryover == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("douze", "Saisissez un montant en euros, par exemple 1 234,56"),
        ("12,345", "deux décimales au plus"),
        ("1 23,00", "Saisissez un montant en euros"),
        ("-5", "Le montant ne peut pas être négatif."),
        ("99999999999", "Montant trop élevé"),
    ],
)
def test_invalid_amounts_are_refused_in_french(client_in, metz, typed, message):
    sheet = sheet_9(metz)
    response = client_in.post(edit_url(metz, "budget"), budget_data(sheet, total_cost=typed))
    assert response.status_code == 200
    content = text(response)
    assert message in content
    assert "rien n'a été enregistré" in content
    assert 'aria-invalid="true"' in content
    assert f'value="{typed}"' in content  # what was typed is kept
    assert Budget.objects.get(action=sheet).total_cost == Decimal("25775.00")
    sheet.refresh_from_db()
    assert sheet.version == 1


def test_concurrent_edit_is_refused_with_what_changed_and_nothing_lost(client_in, client, metz):
    sheet = sheet_9(metz)
    alice = budget_data(sheet, total_cost="20 775,00")  # both opened the form at version 1
    bob = budget_data(sheet, total_cost="30 000,00", comment="Ma saisie")
    assert client_in.post(edit_url(metz, "budget"), alice).status_code == 302
    response = client_in.post(edit_url(metz, "budget"), bob)
    assert response.status_code == 409
    content = text(response)
    assert "Quelqu'un d'autre a modifié cette fiche" in content
    assert "Coût total de l'action" in content
    assert "25\u202f775,00\u202f€" in content and "20\u202f775,00\u202f€" in content
    assert 'value="30 000,00"' in content and "Ma saisie" in content  # nothing lost
    budget = Budget.objects.get(action=sheet)
    assert budget.total_cost == Decimal("20775.00")  # the first save stands
    assert budget.comment == ""
    # Sending the form again, knowingly, replaces the stored value.
    resend = {
        name: value for name, value in response.context["form"].data.items() if name != "csrf"
    }
    assert client_in.post(edit_url(metz, "budget"), resend).status_code == 302
    assert Budget.objects.get(action=sheet).total_cost == Decimal("30000.00")


def test_concurrent_edits_of_different_sections_both_go_through(client_in, metz):
    sheet = sheet_9(metz)
    budget = budget_data(sheet, total_cost="20 775,00")
    from ctai.contracts.forms import CalendarForm

    calendar = form_data(CalendarForm(action=sheet))
    calendar["calendar"] = "Janvier à décembre 2026"
    assert client_in.post(edit_url(metz, "calendrier"), calendar).status_code == 302
    assert client_in.post(edit_url(metz, "budget"), budget).status_code == 302
    sheet.refresh_from_db()
    assert sheet.calendar == "Janvier à décembre 2026"
    assert sheet.budget.total_cost == Decimal("20775.00")
    assert sheet.version == 3


def test_a_tampered_snapshot_cannot_overwrite_silently(client_in, metz):
    sheet = sheet_9(metz)
    data = budget_data(sheet, total_cost="20 775,00")
    client_in.post(edit_url(metz, "budget"), budget_data(sheet, comment="Autre"))
    data["snapshot"] = "falsifié"
    assert client_in.post(edit_url(metz, "budget"), data).status_code == 409


def test_fixing_the_axis_of_sheet_9(client_in, metz):
    sheet = sheet_9(metz)
    from ctai.contracts.forms import IdentificationForm

    data = form_data(IdentificationForm(action=sheet))
    data["axis"] = metz.axes.get(number=3).pk
    response = client_in.post(edit_url(metz, "identification"), data, follow=True)
    assert "Constat disparu : La fiche action n° 9 indique l'axe 2" in text(response)
    sheet.refresh_from_db()
    assert sheet.axis.number == 3


def test_an_axis_of_another_contract_is_refused(client_in, metz, synthetic):
    other = synthetic(2, "Ailleurs")
    sheet = sheet_9(metz)
    from ctai.contracts.forms import IdentificationForm

    data = form_data(IdentificationForm(action=sheet))
    data["axis"] = other.axes.first().pk
    response = client_in.post(edit_url(metz, "identification"), data)
    assert "Sélectionnez un choix valide" in text(response)


def test_themes_operator_and_partners_sections(client_in, metz):
    sheet = sheet_9(metz)
    from ctai.contracts.forms import OperatorForm, PartnersForm, ThemesForm

    data = form_data(ThemesForm(action=sheet))
    data["themes"] = list(
        sheet.contract.actions.model.themes.rel.model.objects.filter(
            code__in=["logement", "droits"]
        ).values_list("pk", flat=True)
    )
    assert client_in.post(edit_url(metz, "thematiques"), data).status_code == 302
    assert sorted(t.code for t in sheet.themes.all()) == ["droits", "logement"]

    data = form_data(OperatorForm(action=sheet))
    data.update(operator="", new_operator_name="Association Logis", selection_mode="aap")
    assert client_in.post(edit_url(metz, "porteur"), data).status_code == 302
    sheet.refresh_from_db()
    assert (sheet.operator.name, sheet.selection_mode) == ("Association Logis", "aap")

    data = form_data(PartnersForm(action=sheet))
    data["refugies_info_url"] = "pas une adresse"
    response = client_in.post(edit_url(metz, "partenaires"), data)
    assert "Saisissez une URL valide." in text(response)


def test_indicator_targets_are_kept_as_written_with_the_number_read(client_in, metz):
    sheet = sheet_9(metz)
    indicator = sheet.indicators.get()
    from ctai.contracts.forms import IndicatorTargetsForm

    data = form_data(IndicatorTargetsForm(action=sheet))
    data[f"target_{indicator.pk}"] = "15 en moyenne"
    assert client_in.post(edit_url(metz, "indicateurs"), data).status_code == 302
    indicator.refresh_from_db()
    assert (indicator.target_text, indicator.target) == ("15 en moyenne", Decimal("15.00"))


def test_adding_a_catalogue_and_a_custom_indicator(client_in, metz):
    url = reverse("contracts:indicator_add", args=[metz.pk, 2026, 9])
    housing = IndicatorDefinition.objects.filter(section="logement").first()
    response = client_in.post(
        url, {"definition": housing.pk, "section": "autres", "target_text": "8"}
    )
    assert response.status_code == 302
    response = client_in.post(
        url,
        {"label": "Nombre de visites", "section": "autres", "target_text": "Au regard des besoins"},
    )
    assert response.status_code == 302
    added = list(ActionIndicator.objects.filter(action=sheet_9(metz)).order_by("position"))[-2:]
    assert (added[0].definition, added[0].section, added[0].target) == (
        housing,
        "logement",
        Decimal("8.00"),
    )
    assert (added[1].label, added[1].target, added[1].target_text) == (
        "Nombre de visites",
        None,
        "Au regard des besoins",
    )
    response = client_in.post(url, {"section": "autres", "target_text": "3"})
    assert "Choisissez un indicateur du catalogue ou saisissez un libellé." in text(response)


def test_deleting_an_indicator(client_in, metz):
    indicator = sheet_9(metz).indicators.get()
    url = reverse("contracts:indicator_delete", args=[metz.pk, 2026, 9, indicator.pk])
    assert client_in.get(url).status_code == 405
    assert client_in.post(url).status_code == 302
    assert not ActionIndicator.objects.filter(pk=indicator.pk).exists()


def test_adding_and_removing_a_budget_extra_line(client_in, metz):
    url = reverse("contracts:extra_line_add", args=[metz.pk, 2026, 9])
    response = client_in.post(url, {"label": "Autofinancement", "amount": "5 000"}, follow=True)
    assert "Ligne de budget ajoutée." in text(response)
    line = BudgetExtraLine.objects.get(budget__action=sheet_9(metz), label="Autofinancement")
    assert line.amount == Decimal("5000")
    response = client_in.post(url, {"label": "", "amount": "abc"})
    content = text(response)
    assert "Ce champ est obligatoire." in content and "Saisissez un montant en euros" in content
    delete = reverse("contracts:extra_line_delete", args=[metz.pk, 2026, 9, line.pk])
    assert client_in.post(delete).status_code == 302
    assert not BudgetExtraLine.objects.filter(pk=line.pk).exists()


def test_a_line_of_another_sheet_cannot_be_deleted_through_this_one(client_in, metz):
    line = BudgetExtraLine.objects.filter(budget__action__number=8).first()
    delete = reverse("contracts:extra_line_delete", args=[metz.pk, 2026, 9, line.pk])
    assert client_in.post(delete).status_code == 404
    assert BudgetExtraLine.objects.filter(pk=line.pk).exists()


def test_refreshing_the_checks_from_the_dashboard(client_in, metz):
    metz.findings.all().delete()
    response = client_in.post(reverse("contracts:refresh_checks", args=[metz.pk]), follow=True)
    assert "Les contrôles de cohérence ont été relancés" in text(response)
    assert metz.findings.filter(code="budget.resources_total").exists()


def test_a_line_holding_reported_values_is_kept_with_a_french_message(client_in, metz, monkeypatch):
    """Values reported in a bilan RESTRICT the deletion of their indicator or budget line."""

    def restricted(self, *args, **kwargs):
        raise RestrictedError("bilan", set())

    monkeypatch.setattr(ActionIndicator, "delete", restricted)
    indicator = sheet_9(metz).indicators.first()
    url = reverse("contracts:indicator_delete", args=[metz.pk, 2026, 9, indicator.pk])
    response = client_in.post(url, follow=True)
    assert "ne peut pas être supprimé : un bilan contient déjà" in text(response)
    assert ActionIndicator.objects.filter(pk=indicator.pk).exists()
    assert sheet_9(metz).version == 1  # nothing written


def test_the_cached_sheet_page_carries_each_persons_own_csrf_token(coordinator, metz):
    """The sheet's programme part is rendered once for every coordinator (page cache); the
    delete buttons in it must still post with the token of the person who reads the page."""
    second = get_user_model().objects.create_user("adjointe", password="x")
    grant(second, metz)
    sheet = sheet_9(metz)
    lines = [
        BudgetExtraLine.objects.create(budget=sheet.budget, label=f"Ligne {n}", amount=n)
        for n in (1, 2)
    ]
    page = reverse("contracts:sheet", args=[metz.pk, 2026, 9])
    for user, line in zip((coordinator, second), lines, strict=True):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(user)
        html = browser.get(page).content.decode()
        delete = reverse("contracts:extra_line_delete", args=[metz.pk, 2026, 9, line.pk])
        form = html[html.index(f'action="{delete}"') :]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
        assert browser.post(delete, {"csrfmiddlewaretoken": token}).status_code == 302
        assert not BudgetExtraLine.objects.filter(pk=line.pk).exists()
