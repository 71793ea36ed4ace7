"""The operator's sheet page: its reports first, with what to do; the findings said to someone
who cannot edit the sheet (issue 12)."""

import datetime
from decimal import Decimal

from django.urls import reverse

from ctai.checks.findings import Finding
from ctai.checks.services import refresh_findings
from ctai.checks.wording import for_operator, what_was_found
from ctai.reporting import services
from ctai.reporting.selectors import next_step
from tests.reporting.builders import COMPLETE_SPENDING, COMPLETE_VALUES, fill
from tests.reporting.views_support import as_user


def page(world, who: str, sheet=None) -> str:
    sheet = sheet or world.sheet_a
    url = reverse("contracts:sheet", args=[sheet.contract_id, sheet.year, sheet.number])
    return as_user(getattr(world.people, who)).get(url).content.decode()


def test_the_operator_reads_its_reports_first_with_what_to_do(world):
    html = page(world, "op_a")
    assert "Vos bilans à remettre" in html
    assert html.index("Vos bilans à remettre") < html.index("Constats des contrôles")
    assert html.index("Vos bilans à remettre") < html.index("Description de l'action")
    # The intermediate report was due on 15 October 2026 (today is later): late, to start.
    assert "En retard (attendu le 15 octobre 2026). À commencer" in html
    assert "À commencer : le bilan est attendu avant le 31 mars 2027." in html


def test_a_returned_report_says_to_correct_it(world):
    report = services.start_report(period=world.final, sheet=world.sheet_a, actor=world.people.op_a)
    fill(report, world.people.op_a, values=COMPLETE_VALUES, spending=COMPLETE_SPENDING)
    services.submit_report(report=report, actor=world.people.op_a)
    assert "Soumis : la coordination l&#x27;examine" in page(world, "op_a")
    services.return_report(report=report, actor=world.people.coord, reason="Chiffres à revoir")
    html = page(world, "op_a")
    assert "Renvoyé pour correction : corrigez-le selon le motif indiqué" in html
    assert "À corriger" in html


def test_the_coordination_keeps_the_sheet_first_and_its_own_wording(world):
    html = page(world, "coord")
    assert "Vos bilans à remettre" not in html
    assert html.index("Bilans de l'action") > html.index("Description de l'action")
    assert "Pas encore commencé par le porteur." in html


def test_findings_tell_the_operator_what_it_can_do_not_to_correct_the_sheet(world):
    budget = world.sheet_a.budget
    budget.local_direct = Decimal("5000.00")  # a « dont » part above its whole (2 000 €)
    budget.save()
    refresh_findings(contract=world.contract)
    operator, coordinator = page(world, "op_a"), page(world, "coord")
    assert "Une part « dont » dépasse son total" in operator
    assert "corrigez la part" in coordinator
    assert (
        "corrigez" not in operator.lower().split("vos bilans")[1].split("échanges sur la fiche")[0]
    )
    section = operator[operator.index('id="constats"') : operator.index('id="description"')]
    assert "Une part « dont » dépasse son total" in section
    assert "corrigez" not in section.lower()
    assert "seule la coordination modifie le budget" in section
    assert "Échanges sur la fiche" in section


def test_the_advice_to_the_editor_is_cut_whatever_its_verb():
    cases = {
        "Montant négatif : Coût total (-5,00 €). Un montant de budget est positif ou nul : "
        "corrigez la valeur.": "Montant négatif : Coût total (-5,00 €). Un montant de budget "
        "est positif ou nul.",
        "Le porteur de l'action n'est pas renseigné : indiquez la structure qui la met en "
        "œuvre.": "Le porteur de l'action n'est pas renseigné.",
        "La fiche n° 3 n'indique pas son année de programmation : indiquez-la pour que sa "
        "subvention soit comparée.": "La fiche n° 3 n'indique pas son année de programmation.",
        "Rien à conseiller ici.": "Rien à conseiller ici.",
    }
    for message, found in cases.items():
        assert what_was_found(message) == found
    worded = for_operator(Finding("budget.unit_cost", "alerte", 3, "Écart : corrigez le coût."))
    assert worded.message.startswith("Écart. Ce que vous pouvez faire")
    assert "objectifs" in worded.message


def test_next_step_for_each_reader(world):
    today = datetime.date(2027, 4, 2)
    late = next_step(world.final, None, operator=True, today=today)
    assert late.late and late.pending
    assert late.todo.startswith("En retard (attendu le 31 mars 2027)")
    assert next_step(world.final, None, operator=False, today=today).todo == (
        "Pas encore commencé par le porteur."
    )
