"""The State's contradictory evaluation (article 7): opinions, answers, both sign-offs, read-only
once closed, reopened with a reason; every write in the audit trail."""

import pytest
from django.urls import reverse

from ctai.audit.models import AuditEvent
from ctai.reporting import opinions as service
from ctai.reporting.enums import Appraisal, EvaluationSide
from ctai.reporting.errors import NotAllowed, ReadOnlyReport, ReportError, ReportInvalid
from ctai.reporting.models import ContradictoryEvaluation, SheetOpinion
from ctai.reporting.opinions import GOVERNANCE, AnswerInput, OpinionInput

pytestmark = pytest.mark.django_db

A, P, N = Appraisal.ACHIEVED, Appraisal.PARTLY, Appraisal.NOT_ACHIEVED


def give_opinions(world, **extra):
    return service.save_state_opinions(
        contract=world.contract,
        year=2026,
        actor=world.people.state,
        opinions=[
            OpinionInput(world.sheet_a.pk, A, "Objectifs dépassés."),
            OpinionInput(world.sheet_b.pk, P, "Heures en deçà du prévu."),
            OpinionInput(GOVERNANCE, P, "Un seul comité de pilotage réuni."),
        ],
        **extra,
    )


def answer_all(world):
    return service.save_answers(
        contract=world.contract,
        year=2026,
        actor=world.people.coord,
        answers=[
            AnswerInput(world.sheet_a.pk, "Merci."),
            AnswerInput(world.sheet_b.pk, "Le formateur a été absent deux mois."),
            AnswerInput(GOVERNANCE, "Le comité de décembre est fixé au 12."),
        ],
    )


def sign(world, who, side):
    return service.sign_off(contract=world.contract, year=2026, actor=who, side=side)


def test_the_state_gives_opinions_the_coordination_answers_both_sign_and_it_closes(world):
    people = world.people
    give_opinions(world)
    answer_all(world)
    evaluation = sign(world, people.state, EvaluationSide.STATE)
    assert not evaluation.is_closed
    assert service.status_label(evaluation).startswith("Signée par l'État")
    evaluation = sign(world, people.coord, EvaluationSide.COORDINATION)
    assert evaluation.is_closed
    assert evaluation.state_signatory == people.state.get_full_name()
    assert evaluation.coordination_signatory == people.coord.get_full_name()
    assert service.status_label(evaluation).startswith("Close le ")
    opinion = SheetOpinion.objects.get(sheet=world.sheet_b)
    assert (opinion.appraisal, opinion.answer) == (P, "Le formateur a été absent deux mois.")
    models = set(
        AuditEvent.objects.filter(contract_id=world.contract.pk).values_list("model", flat=True)
    )
    assert {"reporting.ContradictoryEvaluation", "reporting.SheetOpinion"} <= models


def test_only_the_state_gives_opinions_and_only_the_coordination_answers(world):
    people = world.people
    for who in (people.coord, people.copil, people.op_a):
        with pytest.raises(NotAllowed):
            service.save_state_opinions(
                contract=world.contract,
                year=2026,
                actor=who,
                opinions=[OpinionInput(world.sheet_a.pk, A, "")],
            )
    give_opinions(world)
    for who in (people.state, people.copil, people.op_a):
        with pytest.raises(NotAllowed):
            service.save_answers(
                contract=world.contract,
                year=2026,
                actor=who,
                answers=[AnswerInput(world.sheet_a.pk, "Non.")],
            )
    with pytest.raises(NotAllowed):
        sign(world, people.coord, EvaluationSide.STATE)
    with pytest.raises(NotAllowed):
        sign(world, people.state, EvaluationSide.COORDINATION)


def test_nobody_signs_before_every_sheet_and_the_governance_have_their_opinion_and_answer(world):
    people = world.people
    service.save_state_opinions(
        contract=world.contract,
        year=2026,
        actor=people.state,
        opinions=[OpinionInput(world.sheet_a.pk, A, "")],
    )
    with pytest.raises(ReportInvalid) as refused:
        sign(world, people.state, EvaluationSide.STATE)
    assert "fiche n° 2, la gouvernance" in refused.value.messages[0]
    give_opinions(world)
    with pytest.raises(ReportInvalid) as refused:
        sign(world, people.coord, EvaluationSide.COORDINATION)
    assert "il manque de réponse pour fiche n° 1, fiche n° 2, la gouvernance" in str(refused.value)
    assert ContradictoryEvaluation.objects.get().coordination_signed_at is None


def test_bad_input_is_refused_in_french_and_nothing_is_written(world):
    people = world.people
    with pytest.raises(ReportInvalid) as refused:
        service.save_state_opinions(
            contract=world.contract,
            year=2026,
            actor=people.state,
            opinions=[
                OpinionInput(world.sheet_a.pk, A, "Bien."),
                OpinionInput(world.sheet_b.pk, "", "Un avis sans appréciation."),
            ],
        )
    assert refused.value.field_errors[f"appraisal_{world.sheet_b.pk}"] == [
        "Choisissez une appréciation pour la fiche n° 2 : un avis sans appréciation ne peut "
        "pas être enregistré."
    ]
    assert not SheetOpinion.objects.exists()
    with pytest.raises(ReportInvalid) as refused:
        service.save_answers(
            contract=world.contract,
            year=2026,
            actor=people.coord,
            answers=[AnswerInput(world.sheet_a.pk, "Réponse à rien.")],
        )
    assert "pas encore donné son avis sur la fiche n° 1" in str(refused.value)
    with pytest.raises(ReportInvalid, match="hors de la période"):
        service.save_state_opinions(
            contract=world.contract, year=2031, actor=people.state, opinions=[]
        )


def test_a_change_after_a_signature_removes_it(world):
    people = world.people
    give_opinions(world)
    answer_all(world)
    sign(world, people.state, EvaluationSide.STATE)
    evaluation = service.save_answers(
        contract=world.contract,
        year=2026,
        actor=people.coord,
        answers=[AnswerInput(world.sheet_a.pk, "Merci, nous poursuivons.")],
    )
    assert evaluation.state_signed_at is None
    assert service.status_label(evaluation) == "En cours"


def test_a_closed_evaluation_is_read_only_and_reopens_only_with_a_reason(world):
    people = world.people
    give_opinions(world)
    answer_all(world)
    sign(world, people.coord, EvaluationSide.COORDINATION)
    sign(world, people.state, EvaluationSide.STATE)
    with pytest.raises(ReadOnlyReport, match="est close"):
        give_opinions(world)
    with pytest.raises(ReadOnlyReport):
        answer_all(world)
    with pytest.raises(ReadOnlyReport):
        sign(world, people.state, EvaluationSide.STATE)
    with pytest.raises(NotAllowed):
        service.reopen(contract=world.contract, year=2026, actor=people.state, reason="Erreur.")
    with pytest.raises(ReportInvalid) as refused:
        service.reopen(contract=world.contract, year=2026, actor=people.coord, reason="  ")
    assert refused.value.field_errors["reason"]
    assert ContradictoryEvaluation.objects.get().is_closed
    evaluation = service.reopen(
        contract=world.contract,
        year=2026,
        actor=people.coord,
        reason="La DDETS corrige l'avis sur la fiche 2.",
    )
    assert not evaluation.is_closed and evaluation.state_signed_at is None
    event = AuditEvent.objects.filter(model="reporting.ContradictoryEvaluation").latest("pk")
    assert event.reason == "La DDETS corrige l'avis sur la fiche 2."
    with pytest.raises(ReportError, match="n'est pas close"):
        service.reopen(contract=world.contract, year=2026, actor=people.coord, reason="Encore.")
    give_opinions(world)  # open again


# -- the page ------------------------------------------------------------------------------


def page_url(world, name="reporting:contradictory"):
    return f"{reverse(name, args=[world.contract.pk])}?annee=2026"


def test_the_page_in_french_the_state_records_the_coordination_answers(client, world):
    people = world.people
    client.force_login(people.state)
    page = client.get(page_url(world)).content.decode()
    assert "Évaluation contradictoire 2026" in page
    assert "Bénéficiaires du contrat en 2026" in page
    assert "Enregistrer les avis de l'État" in page
    response = client.post(
        page_url(world, "reporting:contradictory_opinions"),
        {f"appraisal_{world.sheet_a.pk}": "", f"comment_{world.sheet_a.pk}": "Sans appréciation"},
    )
    assert response.status_code == 200
    assert "Choisissez une appréciation pour la fiche n° 1" in response.content.decode()
    assert not SheetOpinion.objects.exists()
    response = client.post(
        page_url(world, "reporting:contradictory_opinions"),
        {
            f"appraisal_{world.sheet_a.pk}": A,
            f"comment_{world.sheet_a.pk}": "Objectifs atteints.",
            f"appraisal_{world.sheet_b.pk}": N,
            "governance_appraisal": A,
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(model="reporting.SheetOpinion").latest("pk")
    assert event.actor_username == people.state.username
    client.force_login(people.coord)
    page = client.get(page_url(world)).content.decode()
    assert "Objectifs atteints." in page and "Enregistrer les réponses" in page
    response = client.post(
        page_url(world, "reporting:contradictory_answers"),
        {
            f"answer_{world.sheet_a.pk}": "Merci.",
            f"answer_{world.sheet_b.pk}": "Action reprise en 2027.",
            "governance_answer": "Noté.",
        },
    )
    assert response.status_code == 302
    client.post(page_url(world, "reporting:contradictory_sign"), {"side": "coordination"})
    client.force_login(people.state)
    client.post(page_url(world, "reporting:contradictory_sign"), {"side": "etat"})
    page = client.get(page_url(world)).content.decode()
    assert "Close le " in page
    assert "Enregistrer les avis" not in page  # read-only once closed
    client.force_login(people.copil)
    page = client.get(page_url(world)).content.decode()
    assert "Action reprise en 2027." in page and "Enregistrer" not in page


def test_each_signature_is_told_to_the_other_side_and_the_closing_to_everyone(world):
    from ctai.notifications.models import Notification

    people = world.people
    give_opinions(world)
    answer_all(world)
    sign(world, people.state, EvaluationSide.STATE)
    told = Notification.objects.filter(title="Évaluation contradictoire 2026 signée par l'État")
    assert set(told.values_list("recipient__username", flat=True)) == {
        people.coord.username,
        people.coord2.username,
    }
    sign(world, people.coord, EvaluationSide.COORDINATION)
    closed = Notification.objects.filter(title="Évaluation contradictoire 2026 close")
    assert {people.state.pk, people.coord2.pk, people.copil.pk} <= set(
        closed.values_list("recipient", flat=True)
    )
    assert not closed.filter(recipient=people.op_a).exists()
