"""The contradictory evaluation of Metz 2026 in a real browser: the State records its opinion on
the twelve sheets and on the governance, the coordination answers each, both sign off, and the
evaluation is closed and read-only; the page is checked with axe at each step."""

import pytest
from django.contrib.auth import get_user_model

from ctai.contracts.models import ActionSheet, Organisation
from ctai.reporting.models import ContradictoryEvaluation, SheetOpinion
from tests.browser.conftest import PASSWORD, check_accessibility
from tests.browser.test_reporting_journey import log_in
from tests.factories import grant

pytestmark = pytest.mark.browser

APPRAISALS = ["Atteint", "Partiellement atteint", "Non atteint"]


@pytest.fixture
def state_page(browser, live_server, metz):
    user = get_user_model().objects.create_user(
        "ddets", password=PASSWORD, first_name="Nadia", last_name="Benali"
    )
    ddets = Organisation.objects.create(name="DDETS de la Moselle", kind="etat")
    grant(user, metz, "state_reviewer", ddets)
    page = log_in(browser, live_server, "ddets")
    yield page
    page.context.close()


def test_the_state_gives_its_opinions_the_coordination_answers_and_both_sign(
    logged_in, state_page, live_server, metz
):
    url = f"{live_server.url}/contrats/{metz.pk}/evaluation/contradictoire/?annee=2026"
    numbers = list(
        ActionSheet.objects.filter(contract=metz, year=2026).values_list("number", flat=True)
    )
    assert len(numbers) == 12

    # The State: one appraisal per sheet, a comment on two, the governance.
    state = state_page
    state.goto(f"{live_server.url}/contrats/{metz.pk}/?annee=2026")
    state.get_by_role("link", name="Évaluation contradictoire 2026").click()
    state.wait_for_url(url)
    check_accessibility(state, "evaluation-contradictoire-etat")
    for number in numbers:
        state.get_by_label(f"Appréciation de l'État — fiche n° {number}", exact=True).select_option(
            label=APPRAISALS[number % 3]
        )
    state.get_by_label("Avis de l'État — fiche n° 4", exact=True).fill(
        "Objectifs d'heures atteints, public féminin à renforcer."
    )
    state.get_by_label("Avis de l'État — fiche n° 9", exact=True).fill("Peu de logements pérennes.")
    state.get_by_label("Appréciation de l'État — gouvernance et mise en œuvre").select_option(
        label="Partiellement atteint"
    )
    state.get_by_label("Avis de l'État — gouvernance et mise en œuvre").fill(
        "Le comité de décembre ne s'est pas réuni."
    )
    state.get_by_role("button", name="Enregistrer les avis de l'État").click()
    state.get_by_text("Les avis de l'État sont enregistrés.").wait_for()
    assert SheetOpinion.objects.filter(evaluation__contract=metz).count() == 12
    state.get_by_role("button", name="Signer pour l'État").click()
    state.get_by_text("Évaluation 2026 signée.").wait_for()
    assert "Signée par l'État" in state.locator("#etat-evaluation").inner_text()

    # The coordination answers each opinion: what the State signed has changed, so its
    # signature goes and it signs again afterwards.
    coord = logged_in
    coord.goto(url)
    assert "Objectifs d'heures atteints" in coord.content()
    check_accessibility(coord, "evaluation-contradictoire-coordination")
    for number in numbers:
        coord.get_by_label(f"Réponse de la coordination — fiche n° {number}", exact=True).fill(
            f"Réponse de la coordination sur la fiche {number}."
        )
    coord.get_by_label("Réponse de la coordination — gouvernance et mise en œuvre").fill(
        "Le comité de décembre est fixé au 12 décembre."
    )
    coord.get_by_role("button", name="Enregistrer les réponses").click()
    coord.get_by_text("Les réponses de la coordination sont enregistrées.").wait_for()
    assert ContradictoryEvaluation.objects.get(contract=metz).state_signed_at is None
    coord.get_by_role("button", name="Signer pour la coordination").click()
    coord.get_by_text("Évaluation 2026 signée.").wait_for()

    state.goto(url)
    state.get_by_role("button", name="Signer pour l'État").click()
    state.get_by_text("Les deux parties ont signé").wait_for()
    evaluation = ContradictoryEvaluation.objects.get(contract=metz, year=2026)
    assert evaluation.is_closed
    assert evaluation.state_signatory == "Nadia Benali"
    assert evaluation.coordination_signatory
    assert state.get_by_role("button", name="Enregistrer les avis de l'État").count() == 0
    assert "Close le " in state.locator("#etat-evaluation").inner_text()
    check_accessibility(state, "evaluation-contradictoire-close")

    coord.goto(url)
    assert coord.get_by_role("button", name="Enregistrer les réponses").count() == 0
    assert coord.get_by_role("button", name="Rouvrir l'évaluation").count() == 1
