"""The contradictory evaluation's writes: the State's opinions, the coordination's answers, the
sign-offs and the reopening (docs/adr/0016-contradictory-evaluation.md).

Every function is one transaction that first locks the evaluation row; it asks the named
predicates of ``ctai.accounts.permissions`` who may act and raises a ``ReportError`` (French
messages) that leaves the database as it was. Rules:

- the State reviewer writes the opinions (an appraisal per sheet and on the governance, with a
  comment); the coordination writes the answers; nobody else writes;
- a change of content after one side signed removes that signature (it signed something else);
- the State signs once every sheet of the year and the governance have an appraisal; the
  coordination signs once every opinion has its answer; both signatures close the evaluation;
- a closed evaluation is read-only; the coordination reopens it with a reason (audit trail).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ctai.accounts import permissions
from ctai.audit.context import because
from ctai.contracts.models import ActionSheet, Contract
from ctai.reporting.enums import Appraisal, EvaluationSide
from ctai.reporting.errors import NotAllowed, ReadOnlyReport, ReportError, ReportInvalid
from ctai.reporting.models import ContradictoryEvaluation, SheetOpinion

GOVERNANCE = None  # the "sheet" of the governance opinion in the inputs
MAX_TEXT = 10_000


@dataclass(frozen=True)
class OpinionInput:
    """The State's opinion on a sheet (``sheet_id``) or on the governance (``GOVERNANCE``)."""

    sheet_id: int | None
    appraisal: str
    comment: str = ""


@dataclass(frozen=True)
class AnswerInput:
    """The coordination's answer to the opinion on a sheet or on the governance."""

    sheet_id: int | None
    answer: str


def _field(sheet_id: int | None, name: str) -> str:
    return f"{name}_{sheet_id}" if sheet_id is not None else f"governance_{name}"


def evaluation_of(contract: Contract, year: int) -> ContradictoryEvaluation:
    """The year's evaluation, or an unsaved empty one (nothing recorded yet)."""
    found = ContradictoryEvaluation.objects.filter(contract=contract, year=year).first()
    return found or ContradictoryEvaluation(contract=contract, year=year)


def year_sheets(contract: Contract, year: int) -> list[ActionSheet]:
    return list(ActionSheet.objects.filter(contract=contract, year=year).order_by("number"))


def opinions_by_sheet(evaluation: ContradictoryEvaluation) -> dict[int, SheetOpinion]:
    if evaluation.pk is None:
        return {}
    return {opinion.sheet_id: opinion for opinion in evaluation.opinions.all()}


def status_label(evaluation: ContradictoryEvaluation) -> str:
    """Where the evaluation stands, in French, for the page and the files."""
    if evaluation.is_closed:
        return f"Close le {timezone.localtime(evaluation.closed_at):%d/%m/%Y}"
    if evaluation.state_signed_at:
        return "Signée par l'État, en attente de la signature de la coordination"
    if evaluation.coordination_signed_at:
        return "Signée par la coordination, en attente de la signature de l'État"
    if evaluation.pk is None:
        return "Non commencée"
    return "En cours"


def _locked(contract: Contract, year: int) -> ContradictoryEvaluation:
    if year not in contract.years:
        raise ReportInvalid(
            f"L'année {year} est hors de la période du contrat "
            f"({contract.start.year}-{contract.end.year})."
        )
    evaluation, _ = ContradictoryEvaluation.objects.get_or_create(contract=contract, year=year)
    return ContradictoryEvaluation.objects.select_for_update().get(pk=evaluation.pk)


def _require_open(evaluation: ContradictoryEvaluation) -> None:
    if evaluation.is_closed:
        raise ReadOnlyReport(
            f"L'évaluation contradictoire {evaluation.year} est close (signée par "
            f"{evaluation.state_signatory} pour l'État et {evaluation.coordination_signatory} "
            f"pour la coordination) : elle ne se modifie plus, sauf si la coordination la "
            f"rouvre en indiquant un motif."
        )


def _text(value: str, field: str, errors: dict[str, list[str]]) -> str:
    text = (value or "").strip()
    if len(text) > MAX_TEXT:
        errors.setdefault(field, []).append(
            f"Ce texte compte {len(text)} caractères : {MAX_TEXT} au plus."
        )
    return text


def _unsign(evaluation: ContradictoryEvaluation) -> None:
    """What was signed has changed: the signature no longer holds."""
    for side in ("state", "coordination"):
        setattr(evaluation, f"{side}_signatory", "")
        setattr(evaluation, f"{side}_signed_by", None)
        setattr(evaluation, f"{side}_signed_at", None)


def _check_sheets(contract: Contract, year: int, sheet_ids, errors) -> dict[int, ActionSheet]:
    sheets = {sheet.pk: sheet for sheet in year_sheets(contract, year)}
    for sheet_id in sheet_ids:
        if sheet_id is not None and sheet_id not in sheets:
            errors.setdefault("__all__", []).append(
                f"La fiche {sheet_id} n'appartient pas à la programmation {year} de ce contrat."
            )
    return sheets


@transaction.atomic
def save_state_opinions(
    *, contract: Contract, year: int, actor, opinions: Sequence[OpinionInput]
) -> ContradictoryEvaluation:
    """Record the State's opinions (State reviewers only). An empty appraisal and comment leave
    the sheet without an opinion; a comment needs an appraisal."""
    if not permissions.is_state_reviewer(actor, contract):
        raise NotAllowed("Seuls les services de l'État donnent leur avis dans cette évaluation.")
    evaluation = _locked(contract, year)
    _require_open(evaluation)
    errors: dict[str, list[str]] = {}
    sheets = _check_sheets(contract, year, [o.sheet_id for o in opinions], errors)
    cleaned = []
    for opinion in opinions:
        field = _field(opinion.sheet_id, "appraisal")
        appraisal = (opinion.appraisal or "").strip()
        comment = _text(opinion.comment, _field(opinion.sheet_id, "comment"), errors)
        if appraisal and appraisal not in Appraisal.values:
            errors.setdefault(field, []).append("Appréciation inconnue : choisissez dans la liste.")
        elif comment and not appraisal:
            where = (
                f"la fiche n° {sheets[opinion.sheet_id].number}"
                if opinion.sheet_id in sheets
                else "la gouvernance"
            )
            errors.setdefault(field, []).append(
                f"Choisissez une appréciation pour {where} : un avis sans appréciation ne peut "
                f"pas être enregistré."
            )
        cleaned.append((opinion.sheet_id, appraisal, comment))
    if errors:
        raise ReportInvalid(field_errors=errors)
    existing = opinions_by_sheet(evaluation)
    changed = False
    for sheet_id, appraisal, comment in cleaned:
        if sheet_id is GOVERNANCE:
            if (evaluation.governance_appraisal, evaluation.governance_comment) != (
                appraisal,
                comment,
            ):
                evaluation.governance_appraisal, evaluation.governance_comment = appraisal, comment
                changed = True
            continue
        row = existing.get(sheet_id)
        if row is None:
            if appraisal:
                SheetOpinion.objects.create(
                    evaluation=evaluation,
                    sheet=sheets[sheet_id],
                    appraisal=appraisal,
                    comment=comment,
                )
                changed = True
        elif (row.appraisal, row.comment) != (appraisal, comment):
            row.appraisal, row.comment = appraisal, comment
            row.save(update_fields=["appraisal", "comment"])
            changed = True
    if changed:
        _unsign(evaluation)
        evaluation.save()
    return evaluation


@transaction.atomic
def save_answers(
    *, contract: Contract, year: int, actor, answers: Sequence[AnswerInput]
) -> ContradictoryEvaluation:
    """Record the coordination's answers to the State's opinions (coordination only)."""
    if not permissions.is_coordinator(actor, contract):
        raise NotAllowed("Seule la coordination du contrat répond aux avis de l'État.")
    evaluation = _locked(contract, year)
    _require_open(evaluation)
    errors: dict[str, list[str]] = {}
    sheets = _check_sheets(contract, year, [a.sheet_id for a in answers], errors)
    existing = opinions_by_sheet(evaluation)
    cleaned = []
    for item in answers:
        field = _field(item.sheet_id, "answer")
        text = _text(item.answer, field, errors)
        has_opinion = (
            bool(evaluation.governance_appraisal)
            if item.sheet_id is GOVERNANCE
            else item.sheet_id in existing
        )
        if text and not has_opinion:
            where = (
                f"la fiche n° {sheets[item.sheet_id].number}"
                if item.sheet_id in sheets
                else "la gouvernance"
            )
            errors.setdefault(field, []).append(
                f"L'État n'a pas encore donné son avis sur {where} : il n'y a rien à répondre."
            )
        cleaned.append((item.sheet_id, text))
    if errors:
        raise ReportInvalid(field_errors=errors)
    changed = False
    for sheet_id, text in cleaned:
        if sheet_id is GOVERNANCE:
            if evaluation.governance_answer != text:
                evaluation.governance_answer = text
                changed = True
            continue
        row = existing.get(sheet_id)
        if row is not None and row.answer != text:
            row.answer = text
            row.save(update_fields=["answer"])
            changed = True
    if changed:
        _unsign(evaluation)
        evaluation.save()
    return evaluation


def missing_for_sign_off(evaluation: ContradictoryEvaluation, side: str) -> list[str]:
    """What the side must still write before it signs (empty: it may sign)."""
    sheets = year_sheets(evaluation.contract, evaluation.year)
    opinions = opinions_by_sheet(evaluation)
    if side == EvaluationSide.STATE:
        missing = [f"fiche n° {s.number}" for s in sheets if s.pk not in opinions]
        if not evaluation.governance_appraisal:
            missing.append("la gouvernance")
        return missing
    missing = [
        f"fiche n° {s.number}" for s in sheets if s.pk in opinions and not opinions[s.pk].answer
    ]
    if evaluation.governance_appraisal and not evaluation.governance_answer:
        missing.append("la gouvernance")
    return missing


@transaction.atomic
def sign_off(*, contract: Contract, year: int, actor, side: str) -> ContradictoryEvaluation:
    """One side signs the evaluation off (name and date); the second signature closes it."""
    if side == EvaluationSide.STATE:
        allowed = permissions.is_state_reviewer(actor, contract)
        who = "les services de l'État"
    elif side == EvaluationSide.COORDINATION:
        allowed = permissions.is_coordinator(actor, contract)
        who = "la coordination du contrat"
    else:
        raise ReportInvalid(field_errors={"side": ["Signataire inconnu."]})
    if not allowed:
        raise NotAllowed(f"Cette signature revient à {who}.")
    evaluation = _locked(contract, year)
    _require_open(evaluation)
    if getattr(evaluation, f"{side_field(side)}_signed_at"):
        raise ReportError(f"L'évaluation {year} est déjà signée pour {who}.")
    missing = missing_for_sign_off(evaluation, side)
    if missing:
        what = "d'avis de l'État" if side == EvaluationSide.STATE else "de réponse"
        raise ReportInvalid(
            f"L'évaluation ne peut pas encore être signée : il manque {what} pour "
            f"{', '.join(missing)}."
        )
    prefix = side_field(side)
    setattr(evaluation, f"{prefix}_signatory", actor.get_full_name() or actor.get_username())
    setattr(evaluation, f"{prefix}_signed_by", actor)
    setattr(evaluation, f"{prefix}_signed_at", timezone.now())
    evaluation.save()
    return evaluation


def side_field(side: str) -> str:
    return "state" if side == EvaluationSide.STATE else "coordination"


@transaction.atomic
def reopen(*, contract: Contract, year: int, actor, reason: str) -> ContradictoryEvaluation:
    """Reopen a closed evaluation (coordination only, with a reason kept in the audit trail):
    both signatures are removed and must be given again."""
    if not permissions.is_coordinator(actor, contract):
        raise NotAllowed("Seule la coordination du contrat rouvre une évaluation close.")
    evaluation = _locked(contract, year)
    if not evaluation.is_closed:
        raise ReportError(f"L'évaluation {year} n'est pas close : il n'y a rien à rouvrir.")
    errors: dict[str, list[str]] = {}
    text = _text(reason, "reason", errors)
    if not text:
        errors.setdefault("reason", []).append(
            "Indiquez le motif de la réouverture : il est conservé dans l'historique."
        )
    if errors:
        raise ReportInvalid(field_errors=errors)
    with because(text):
        _unsign(evaluation)
        evaluation.reopen_reason = text
        evaluation.save()
    return evaluation
