"""Findings on the report page worded for the report's operator (issue 12): while the report
is theirs to change, the checks' advice is theirs to follow; once submitted or validated they
are told what was found and what they can still do — never « indiquez … » on a report they
may no longer edit. The coordination reads the checks' own words."""

import pytest

from ctai.reporting import services
from ctai.reporting.enums import ReportStatus
from tests.reporting.views_support import as_user, form_data, report_url
from tests.web.pages import text

pytestmark = pytest.mark.django_db

MISSING = "aucune valeur réalisée n'est renseignée"


def findings_section(page: str) -> str:
    return page.split("Contrôles du bilan", 1)[1].split("Pièces jointes", 1)[0]


@pytest.fixture
def draft(world):
    return services.start_report(period=world.final, sheet=world.sheet_a, actor=world.people.op_a)


def test_a_draft_keeps_the_advice_the_operator_can_follow(world, draft):
    operator = as_user(world.people.op_a)
    operator.post(report_url(world), form_data(draft, line_p104_subsidy="6 000"))
    shown = findings_section(text(operator.get(report_url(world))))
    assert MISSING in shown and "indiquez-la (0 si rien n'a été réalisé)" in shown
    assert "vous ne pouvez plus le modifier" not in shown


def test_a_submitted_then_validated_report_tells_the_operator_what_they_can_still_do(world, draft):
    operator, coordinator = as_user(world.people.op_a), as_user(world.people.coord)
    operator.post(report_url(world, "submit"), form_data(draft, line_p104_subsidy="6 000"))
    draft.refresh_from_db()
    assert draft.status == ReportStatus.SUBMITTED
    shown = findings_section(text(operator.get(report_url(world))))
    assert MISSING in shown
    assert "indiquez-la" not in shown
    assert "le bilan est remis, vous ne pouvez plus le modifier" in shown
    assert "« Échanges sur le bilan », en bas de cette page" in shown
    # The coordination reads the checks' own words.
    assert "indiquez-la" in findings_section(text(coordinator.get(report_url(world))))

    coordinator.post(report_url(world, "validate"), {"version": draft.version})
    draft.refresh_from_db()
    assert draft.status == ReportStatus.VALIDATED
    shown = findings_section(text(operator.get(report_url(world))))
    assert MISSING in shown and "indiquez-la" not in shown
    assert "le bilan est validé et ne se modifie plus" in shown


LOCKED_CASES = {
    "report.missing_value": (
        "« Heures de cours » a pour objectif « 300 heures » mais aucune valeur réalisée n'est "
        "renseignée : indiquez-la (0 si rien n'a été réalisé), avec un commentaire si besoin.",
        "« Heures de cours » a pour objectif « 300 heures » mais aucune valeur réalisée n'est "
        "renseignée.",
    ),
    "report.behind_target": (
        "« Bénéficiaires » : 20 réalisé(s) pour un objectif de 40, soit 50 % (en retard : "
        "moins de 75 %). Expliquez l'écart dans le commentaire de l'indicateur.",
        "« Bénéficiaires » : 20 réalisé(s) pour un objectif de 40, soit 50 % (en retard : "
        "moins de 75 %).",
    ),
    "report.resources_total": (
        "Montants réalisés : les ressources dépassent le coût total : 12 000 €, pour un coût "
        "total de 11 000 €. Il y a 1 000 € de ressources en trop : réduisez-les d'autant, ou "
        "le coût total devrait être 12 000 €.",
        "Montants réalisés : les ressources dépassent le coût total : 12 000 €, pour un coût "
        "total de 11 000 €. Il y a 1 000 € de ressources en trop.",
    ),
}


@pytest.mark.parametrize("code", sorted(LOCKED_CASES))
def test_each_report_finding_keeps_what_was_found_and_drops_the_advice_once_locked(code):
    from ctai.checks.findings import Finding
    from ctai.checks.wording import for_report_operator

    message, found = LOCKED_CASES[code]
    finding = Finding(code, "alerte", 1, message)
    locked = for_report_operator(finding, status="soumis", editable=False)
    assert locked.message.startswith(found + " Ce que vous pouvez faire : le bilan est remis")
    assert for_report_operator(finding, status="brouillon", editable=True).message == message
    bare = Finding(code, "info", 1, "Écart constaté.")
    editable = for_report_operator(bare, status="a_corriger", editable=True).message
    assert editable == (
        "Écart constaté. Ce que vous pouvez faire : corrigez ou complétez ce bilan "
        "ci-dessous, puis enregistrez."
    )
