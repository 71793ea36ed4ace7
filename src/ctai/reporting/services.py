"""Writes of the reporting cycle: one transaction each, the report row locked first.

Every function is keyword-only and typed, takes the acting user, asks the named predicates of
``ctai.accounts.permissions`` who may act, and raises a ``ReportError`` (French messages) that
leaves the database as it was. ``select_for_update`` on the report row serialises concurrent
calls: a double click on "Soumettre" records one submission and one transition, the second
call finds the report already submitted and is refused.

Decisions (docs/adr/0004-reporting.md): a negative or non-numeric value is refused before
anything is written; spending above the P104 granted is saved (it is what the operator
declares) but is an erreur finding, and a report with an erreur finding cannot be submitted.
"""

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from ctai.accounts import permissions
from ctai.contracts.models import ActionSheet, Contract
from ctai.reporting import conversations
from ctai.reporting.attachments import check_upload
from ctai.reporting.checks import errors
from ctai.reporting.enums import PeriodKind, ReportStatus
from ctai.reporting.errors import (
    IllegalTransition,
    NotAllowed,
    ReadOnlyReport,
    ReportConflict,
    ReportError,
    ReportInvalid,
)
from ctai.reporting.inputs import AchievementInput, Narrative, SpendingInput, validate_inputs
from ctai.reporting.models import (
    IndicatorAchievement,
    OperatorReport,
    ReportAttachment,
    ReportComment,
    ReportingPeriod,
    SpendingLine,
)
from ctai.reporting.selectors import report_findings
from ctai.reporting.workflow import RETURN, SUBMIT, VALIDATE, Transition, refusal

MAX_ATTACHMENTS = 20


def _locked(report: OperatorReport) -> OperatorReport:
    """The report row, locked until the end of the transaction (PostgreSQL; SQLite serialises
    writing transactions as a whole, see ``transaction_mode`` in the settings)."""
    try:
        return (
            OperatorReport.objects.select_for_update(of=("self",))
            .select_related("period__contract", "sheet__contract")
            .get(pk=report.pk)
        )
    except OperatorReport.DoesNotExist as missing:
        raise ReportError("Ce bilan n'existe plus.") from missing


def _require_operator(actor, sheet: ActionSheet, verb: str) -> None:
    if not permissions.is_operator_member(actor, sheet):
        raise NotAllowed(
            f"Seul un membre du porteur de la fiche n° {sheet.number} peut {verb} ce bilan."
        )


def _require_coordinator(actor, contract: Contract, verb: str) -> None:
    if not permissions.is_coordinator(actor, contract):
        raise NotAllowed(f"Seule la coordination du contrat peut {verb} ce bilan.")


def _require_editable(report: OperatorReport) -> None:
    if report.status == ReportStatus.VALIDATED:
        raise ReadOnlyReport("Ce bilan est validé : il ne peut plus être modifié.")
    if report.status == ReportStatus.SUBMITTED:
        raise ReadOnlyReport(
            "Ce bilan est soumis : il attend la décision de la coordination et ne peut plus "
            "être modifié, sauf si elle le renvoie pour correction."
        )


def _require_version(report: OperatorReport, version: int | None) -> None:
    if version is None or version == report.version:
        return
    who = report.updated_by or report.submitted_by
    by = f" par {who.get_full_name() or who.get_username()}" if who else ""
    when = timezone.localtime(report.updated_at).strftime("%d/%m/%Y à %H:%M")
    raise ReportConflict(
        f"Ce bilan a été modifié{by} le {when}, depuis que vous l'avez ouvert : rechargez-le "
        f"pour voir ses valeurs actuelles ; vos saisies n'ont pas été enregistrées."
    )


def _transition(
    report: OperatorReport, transition: Transition, *, actor, version: int | None, reason=""
) -> OperatorReport:
    if report.status not in transition.sources:
        raise IllegalTransition(refusal(transition, report.status))
    _require_version(report, version)
    report.apply_transition(transition, by=actor, reason=reason)
    return report


# -- periods and reports -----------------------------------------------------------------


@transaction.atomic
def set_reporting_period(
    *, contract: Contract, year: int, kind: str, due_date: datetime.date, actor
) -> ReportingPeriod:
    """Create the period, or move its due date (coordinator only)."""
    if not permissions.is_coordinator(actor, contract):
        raise NotAllowed("Seule la coordination du contrat fixe les dates de remise des bilans.")
    if kind not in PeriodKind.values:
        raise ReportInvalid(field_errors={"kind": ["Type de bilan inconnu."]})
    if year not in contract.years:
        raise ReportInvalid(
            field_errors={
                "year": [
                    f"L'année {year} est hors de la période du contrat "
                    f"({contract.start.year}-{contract.end.year})."
                ]
            }
        )
    period, _ = ReportingPeriod.objects.update_or_create(
        contract=contract, year=year, kind=kind, defaults={"due_date": due_date}
    )
    return period


def start_report(*, period: ReportingPeriod, sheet: ActionSheet, actor) -> OperatorReport:
    """Open the draft report of ``sheet`` for ``period`` (a member of the sheet's operator).

    One report per sheet and period: a second one is refused, never duplicated."""
    _require_operator(actor, sheet, "commencer")
    if (sheet.contract_id, sheet.year) != (period.contract_id, period.year):
        raise ReportInvalid(
            f"La fiche n° {sheet.number} ({sheet.year}) n'appartient pas à la programmation "
            f"{period.year} de ce contrat."
        )
    duplicate = ReportError(
        f"Un bilan existe déjà pour la fiche n° {sheet.number} ({period}) : complétez-le "
        f"plutôt que d'en commencer un second."
    )
    if OperatorReport.objects.filter(period=period, sheet=sheet).exists():
        raise duplicate
    try:
        with transaction.atomic():
            return OperatorReport.objects.create(period=period, sheet=sheet, created_by=actor)
    except IntegrityError as error:  # two "start" at once: the unique constraint decides
        raise duplicate from error


@transaction.atomic
def save_draft(
    *,
    report: OperatorReport,
    actor,
    version: int,
    narrative: Narrative | None = None,
    achievements: Sequence[AchievementInput] = (),
    spending: Sequence[SpendingInput] = (),
) -> OperatorReport:
    """Save what the operator typed: narrative, achieved values, actual spending.

    ``version`` is the one the form was opened with: a report saved meanwhile is refused with
    who saved it and when. An empty value (no number, no comment) removes the row."""
    locked = _locked(report)
    _require_operator(actor, locked.sheet, "modifier")
    _require_editable(locked)
    _require_version(locked, version)
    values, amounts = validate_inputs(locked, achievements, spending)
    existing = {a.indicator_id: a for a in locked.achievements.all()}
    for indicator_id, (value, comment) in values.items():
        row = existing.get(indicator_id)
        if value is None and not comment:
            if row is not None:
                row.delete()
        elif row is None:
            IndicatorAchievement.objects.create(
                report=locked, indicator_id=indicator_id, value=value, comment=comment
            )
        elif (row.value, row.comment) != (value, comment):
            row.value, row.comment = value, comment
            row.save(update_fields=["value", "comment"])
    lines = {(s.budget_line, s.extra_line_id): s for s in locked.spending_lines.all()}
    for key, amount in amounts.items():
        line = lines.get(key)
        if amount is None:
            if line is not None:
                line.delete()
        elif line is None:
            SpendingLine.objects.create(
                report=locked, budget_line=key[0], extra_line_id=key[1], amount=amount
            )
        elif line.amount != amount:
            line.amount = amount
            line.save(update_fields=["amount"])
    if narrative is not None:
        locked.done = narrative.done.strip()
        locked.changes = narrative.changes.strip()
        locked.difficulties = narrative.difficulties.strip()
    locked.version += 1
    locked.updated_by = actor
    locked.save()
    return locked


# -- the workflow ------------------------------------------------------------------------


@transaction.atomic
def submit_report(*, report: OperatorReport, actor, version: int | None = None) -> OperatorReport:
    """brouillon or à corriger → soumis (a member of the sheet's operator).

    Refused while the report has an erreur finding (a breakdown above its total, P104 spent
    above what was granted): the messages say what to correct."""
    locked = _locked(report)
    _require_operator(actor, locked.sheet, "soumettre")
    if locked.status not in SUBMIT.sources:
        raise IllegalTransition(refusal(SUBMIT, locked.status))
    _require_version(locked, version)
    blocking = errors(report_findings(_with_contents(locked)))
    if blocking:
        raise ReportInvalid(
            "Ce bilan ne peut pas être soumis tant que ces erreurs demeurent :",
            *(finding.message for finding in blocking),
        )
    return _transition(locked, SUBMIT, actor=actor, version=version)


@transaction.atomic
def return_report(
    *, report: OperatorReport, actor, reason: str, version: int | None = None
) -> OperatorReport:
    """soumis → à corriger, with the reason the operator will read (coordination only)."""
    locked = _locked(report)
    _require_coordinator(actor, locked.period.contract, "renvoyer pour correction")
    return _transition(locked, RETURN, actor=actor, version=version, reason=reason)


def submitters(report: OperatorReport) -> set[int]:
    """Everyone who submitted ``report``, this time or at an earlier submission."""
    found = {t.by_id for t in report.transitions.all() if t.transition == SUBMIT.code}
    return found | {report.submitted_by_id} if report.submitted_by_id else found


def submitted_by(report: OperatorReport, actor) -> bool:
    """Whether ``actor`` submitted ``report``, this time or at an earlier submission."""
    return actor.pk in submitters(report)


def can_validate(*, report: OperatorReport, actor, submitted: set[int] | None = None) -> bool:
    """What ``validate_report`` allows: a coordinator, on a submitted report they did not
    submit. The report page shows the Validate button only then. ``submitted``:
    ``submitters(report)``, when the page already knows it."""
    return (
        report.status in VALIDATE.sources
        and permissions.is_coordinator(actor, report.period.contract)
        and actor.pk not in (submitters(report) if submitted is None else submitted)
    )


@transaction.atomic
def validate_report(*, report: OperatorReport, actor, version: int | None = None) -> OperatorReport:
    """soumis → validé (coordination only). Nobody validates a report they submitted."""
    locked = _locked(report)
    _require_coordinator(actor, locked.period.contract, "valider")
    if locked.status in VALIDATE.sources and submitted_by(locked, actor):
        raise NotAllowed(
            "Vous avez soumis ce bilan : sa validation revient à une autre personne de la "
            "coordination (personne ne valide son propre bilan)."
        )
    return _transition(locked, VALIDATE, actor=actor, version=version)


@transaction.atomic
def comment_report(
    *, report: OperatorReport, actor, body: str, reply_to: ReportComment | None = None
) -> ReportComment:
    """A message in the report's conversation, or a reply to one of its messages.

    Whoever may read the report writes in its conversation (``OperatorReport.objects.for_user``):
    the coordination, the operator's people, the State once submitted, the COPIL once
    validated. A draft has no conversation yet (the State does not see it)."""
    locked = _locked(report)
    if not OperatorReport.objects.for_user(actor).filter(pk=locked.pk).exists():
        raise NotAllowed("Seules les personnes qui lisent ce bilan participent à son échange.")
    if locked.status == ReportStatus.DRAFT:
        raise ReportError("Un brouillon ne se commente pas : attendez que le porteur le soumette.")
    return conversations.post(
        ReportComment, locked, sheet=locked.sheet, actor=actor, body=body, reply_to=reply_to
    )


# -- attachments -------------------------------------------------------------------------


@transaction.atomic
def add_attachment(*, report: OperatorReport, actor, upload: UploadedFile) -> ReportAttachment:
    """Attach a PDF, XLSX, ODS, DOCX, ODT, PNG or JPEG file (content checked, size capped)."""
    locked = _locked(report)
    _require_operator(actor, locked.sheet, "compléter")
    _require_editable(locked)
    if locked.attachments.count() >= MAX_ATTACHMENTS:
        raise ReportInvalid(
            field_errors={
                "file": [
                    f"Un bilan compte au plus {MAX_ATTACHMENTS} pièces jointes : regroupez-en "
                    f"ou retirez celles qui ne servent plus."
                ]
            }
        )
    try:
        kind = check_upload(upload.name or "", upload.size or 0, upload)
    except ValidationError as refused:
        raise ReportInvalid(field_errors={"file": refused.messages}) from refused
    name = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1][-255:]
    return ReportAttachment.objects.create(
        report=locked,
        file=upload,
        name=name,
        content_type=kind.content_type,
        size=upload.size,
        uploaded_by=actor,
    )


@transaction.atomic
def remove_attachment(*, attachment: ReportAttachment, actor) -> None:
    locked = _locked(attachment.report)
    _require_operator(actor, locked.sheet, "modifier")
    _require_editable(locked)
    stored = attachment.file.name
    attachment.delete()
    storage = attachment.file.storage
    transaction.on_commit(lambda: storage.delete(stored))


def _with_contents(report: OperatorReport) -> OperatorReport:
    """The locked report's contents as the checks read them (current values, same transaction)."""
    return OperatorReport.objects.with_contents().get(pk=report.pk)
