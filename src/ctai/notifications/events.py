"""The events of the domain, told to the people concerned.

Each function builds the notification of one event (title, link, recipients, the event's key)
and calls ``notify``. The domain packages do not know about notifications (they sit below in
the package order, docs/adr/0009-notifications.md): ``signals`` calls these functions when
their rows are written, and the web views call ``remind_late`` (« relancer »).
"""

import datetime

from django.contrib.auth import get_user_model
from django.urls import reverse

from ctai.amendments.models import Amendment
from ctai.audit.context import current_actor
from ctai.contracts.models import ActionSheet, AnnualEnvelope
from ctai.core.roles import Role
from ctai.governance.models import Meeting
from ctai.notifications.enums import NotificationKind as K
from ctai.notifications.recipients import (
    holding,
    operator_members,
    operators_of_year,
    report_readers,
    sheet_readers,
)
from ctai.notifications.services import notify
from ctai.reporting.enums import ReportStatus
from ctai.reporting.models import (
    ContradictoryEvaluation,
    OperatorReport,
    ReportComment,
    ReportingPeriod,
    ReportTransition,
    SheetComment,
)


def report_url(sheet: ActionSheet, period: ReportingPeriod) -> str:
    return reverse(
        "reporting:report", args=[sheet.contract_id, sheet.year, sheet.number, period.kind]
    )


def sheet_url(sheet: ActionSheet) -> str:
    return reverse("contracts:sheet", args=[sheet.contract_id, sheet.year, sheet.number])


def year_url(name: str, contract_id: int, year: int) -> str:
    return f"{reverse(name, args=[contract_id])}?annee={year}"


def _sheet_label(sheet: ActionSheet) -> str:
    return f"fiche n° {sheet.number} ({sheet.year})"


def _date(day: datetime.date | str) -> str:
    # A period saved from code may still hold the ISO text it was given.
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return day.strftime("%d/%m/%Y")


def period_opened(period: ReportingPeriod) -> None:
    """A new period: each operator hears of each of its sheets' reports to write."""
    sheets = ActionSheet.objects.filter(
        contract=period.contract_id, year=period.year, operator__isnull=False
    )
    for sheet in sheets:
        notify(
            kind=K.PERIOD_OPENED,
            recipients=operator_members(sheet),
            event_key=f"period:{period.pk}:sheet:{sheet.pk}",
            title=f"{period} à remettre pour la {_sheet_label(sheet)} avant le "
            f"{_date(period.due_date)}",
            body=f"La coordination a ouvert la période « {period} » : le bilan de la "
            f"{_sheet_label(sheet)} est attendu au plus tard le {_date(period.due_date)}.",
            url=report_url(sheet, period),
            contract=period.contract_id,
        )


def reminder(period: ReportingPeriod, sheet: ActionSheet, *, kind: str, bucket: str, text: str):
    """A reminder about one report (before the due date, or late); ``bucket`` makes it once."""
    return notify(
        kind=kind,
        recipients=operator_members(sheet),
        event_key=f"reminder:{period.pk}:sheet:{sheet.pk}:{bucket}",
        title=f"{period}, {_sheet_label(sheet)} : {text}",
        body=f"Le bilan « {period} » de la {_sheet_label(sheet)} est attendu pour le "
        f"{_date(period.due_date)} : {text}.",
        url=report_url(sheet, period),
        contract=period.contract_id,
    )


def remind_late(*, period: ReportingPeriod, sheet: ActionSheet, actor, today: datetime.date):
    """« Relancer » : the coordination reminds an operator, at most once a day per report."""
    return notify(
        kind=K.LATE,
        recipients=operator_members(sheet),
        event_key=f"reminder:{period.pk}:sheet:{sheet.pk}:manual:{today.isoformat()}",
        title=f"Relance de la coordination : {period}, {_sheet_label(sheet)}",
        body=f"La coordination vous rappelle que le bilan « {period} » de la "
        f"{_sheet_label(sheet)} était attendu pour le {_date(period.due_date)}.",
        url=report_url(sheet, period),
        contract=period.contract_id,
        actor=actor,
    )


def report_moved(step: ReportTransition) -> None:
    """Submitted: to the coordination. Returned, with its reason, and validated: to the
    operator (validated: the State too). The last report of a period validated: the evaluation
    is ready for the State and the COPIL."""
    report = (
        OperatorReport.objects.select_related("period", "sheet").filter(pk=step.report_id).first()
    )
    if report is None:
        return
    sheet, period = report.sheet, report.period
    url = report_url(sheet, period)
    label = f"{period}, {_sheet_label(sheet)}"
    key = f"transition:{step.pk}"
    if step.transition == "submit":
        notify(
            kind=K.REPORT_SUBMITTED,
            recipients=holding(period.contract_id, Role.COORDINATOR),
            event_key=key,
            title=f"Bilan soumis à examiner : {label}",
            body=f"Le porteur a soumis le bilan « {period} » de la {_sheet_label(sheet)}.",
            url=url,
            contract=period.contract_id,
            actor=step.by,
        )
    elif step.transition == "return":
        notify(
            kind=K.REPORT_RETURNED,
            recipients=operator_members(sheet),
            event_key=key,
            title=f"Bilan à corriger : {label}",
            body=f"La coordination a renvoyé le bilan pour correction. Motif : {step.reason}",
            url=url,
            contract=period.contract_id,
            actor=step.by,
        )
    elif step.transition == "validate":
        recipients = [
            *operator_members(sheet),
            *holding(period.contract_id, Role.STATE_REVIEWER),
        ]
        notify(
            kind=K.REPORT_VALIDATED,
            recipients=recipients,
            event_key=key,
            title=f"Bilan validé : {label}",
            body=f"La coordination a validé le bilan « {period} » de la {_sheet_label(sheet)}.",
            url=url,
            contract=period.contract_id,
            actor=step.by,
        )
        evaluation_if_complete(period)


def evaluation_if_complete(period: ReportingPeriod) -> None:
    """Every sheet of the period's year has a validated report: the evaluation is ready."""
    sheets = ActionSheet.objects.filter(contract=period.contract_id, year=period.year)
    validated = OperatorReport.objects.filter(period=period, status=ReportStatus.VALIDATED)
    if not sheets.exists() or sheets.exclude(pk__in=validated.values("sheet")).exists():
        return
    notify(
        kind=K.EVALUATION_AVAILABLE,
        recipients=holding(period.contract_id, Role.STATE_REVIEWER, Role.COPIL),
        event_key=f"evaluation:{period.pk}",
        title=f"Évaluation {period.year} disponible ({period})",
        body=f"Tous les bilans « {period} » sont validés : l'évaluation {period.year} peut "
        f"être lue et téléchargée.",
        url=year_url("reporting:evaluation", period.contract_id, period.year),
        contract=period.contract_id,
    )


def contradictory_signed(evaluation: ContradictoryEvaluation) -> None:
    """A signature of the contradictory evaluation: the other side hears of it; once both have
    signed, the State, the coordination and the COPIL hear that it is closed. The signature's
    date is in the key: a signature given again after a reopening is told again."""
    url = year_url("reporting:contradictory", evaluation.contract_id, evaluation.year)
    sides = (
        ("state", "l'État", Role.COORDINATOR, "répondre à ses avis et signer à votre tour"),
        ("coordination", "la coordination", Role.STATE_REVIEWER, "signer à votre tour"),
    )
    for side, who, other, todo in sides:
        signed_at = getattr(evaluation, f"{side}_signed_at")
        if signed_at is None or evaluation.is_closed:
            continue
        notify(
            kind=K.EVALUATION_AVAILABLE,
            recipients=holding(evaluation.contract_id, other),
            event_key=f"contradictory:{evaluation.pk}:{side}:{signed_at.isoformat()}",
            title=f"Évaluation contradictoire {evaluation.year} signée par {who}",
            body=f"{getattr(evaluation, f'{side}_signatory')} a signé l'évaluation "
            f"contradictoire {evaluation.year} pour {who} : vous pouvez {todo}.",
            url=url,
            contract=evaluation.contract_id,
            actor=getattr(evaluation, f"{side}_signed_by"),
        )
    if evaluation.is_closed:
        notify(
            kind=K.EVALUATION_AVAILABLE,
            recipients=holding(
                evaluation.contract_id, Role.COORDINATOR, Role.STATE_REVIEWER, Role.COPIL
            ),
            event_key=f"contradictory:{evaluation.pk}:closed:{evaluation.closed_at.isoformat()}",
            title=f"Évaluation contradictoire {evaluation.year} close",
            body=f"L'État et la coordination ont signé l'évaluation contradictoire "
            f"{evaluation.year} : elle est close.",
            url=url,
            contract=evaluation.contract_id,
        )


def message_posted(comment: ReportComment | SheetComment) -> None:
    """A message (or a reply) in a conversation, on a report or on a sheet: to the others
    concerned (``recipients.report_readers``, ``recipients.sheet_readers``)."""
    author = comment.author
    name = author.get_full_name() or author.get_username()
    verb = "a répondu" if comment.reply_to_id else "a écrit"
    if isinstance(comment, SheetComment):
        sheet = ActionSheet.objects.filter(pk=comment.sheet_id).first()
        if sheet is None:
            return
        where, readers = f"sur la {_sheet_label(sheet)}", sheet_readers(sheet)
        url, key, contract = sheet_url(sheet), f"sheet-comment:{comment.pk}", sheet.contract_id
        body = "Lisez le message et répondez dans les échanges de la fiche."
    else:
        report = (
            OperatorReport.objects.select_related("period", "sheet")
            .filter(pk=comment.report_id)
            .first()
        )
        if report is None:
            return
        sheet, period = report.sheet, report.period
        where, readers = f"sur le bilan {period}, {_sheet_label(sheet)}", report_readers(report)
        url, key, contract = report_url(sheet, period), f"comment:{comment.pk}", period.contract_id
        body = "Lisez le message et répondez dans la conversation du bilan."
    notify(
        kind=K.MESSAGE_POSTED,
        recipients=readers,
        event_key=key,
        title=f"{name} {verb} {where}",
        body=body,
        url=f"{url}#message-{comment.pk}",
        contract=contract,
        actor=author,
    )


def programmation_validated(envelope: AnnualEnvelope) -> None:
    recipients = [
        *operators_of_year(envelope.contract, envelope.year),
        *holding(envelope.contract_id, Role.STATE_REVIEWER, Role.COPIL, Role.COORDINATOR),
    ]
    notify(
        kind=K.PROGRAMMATION_VALIDATED,
        recipients=recipients,
        event_key=f"programmation:{envelope.contract_id}:{envelope.year}",
        title=f"Programmation {envelope.year} validée",
        body=f"La coordination a validé la programmation {envelope.year} du contrat.",
        url=year_url("contracts:programmation", envelope.contract_id, envelope.year),
        contract=envelope.contract_id,
        actor=envelope.programmation_validated_by,
    )


def invited(invitation) -> None:
    """An invitation to a person who already has an account: listed in the application (the
    invitation's own e-mail carries the link to accept it)."""
    users = get_user_model().objects.filter(email__iexact=invitation.email, is_active=True)
    notify(
        kind=K.INVITATION,
        recipients=users,
        event_key=f"invitation:{invitation.pk}",
        title=f"Invitation au contrat « {invitation.contract} » "
        f"({invitation.get_role_display().lower()})",
        body="Ouvrez le lien reçu par courriel pour accepter l'invitation.",
        url=reverse("home"),
        contract=invitation.contract_id,
        email=False,
    )


def _meeting_readers(meeting: Meeting):
    return holding(meeting.contract_id, Role.COORDINATOR, Role.STATE_REVIEWER, Role.COPIL)


def _acting_user():
    actor = current_actor()
    return get_user_model().objects.filter(pk=actor.user_id).first() if actor.user_id else None


def meeting_planned(meeting: Meeting) -> None:
    """A steering committee planned: the coordination, the State and the COPIL hear of it."""
    notify(
        kind=K.MEETING_PLANNED,
        recipients=_meeting_readers(meeting),
        event_key=f"meeting:{meeting.pk}:planned",
        title=f"Comité de pilotage planifié le {_date(meeting.date)}",
        body=f"{meeting.get_kind_display()}. L'ordre du jour et le dossier du comité sont sur "
        f"la page du comité.",
        url=reverse("governance:meeting", args=[meeting.contract_id, meeting.pk]),
        contract=meeting.contract_id,
        actor=_acting_user(),
    )


def minutes_available(meeting: Meeting) -> None:
    """The minutes of a committee approved: they can be read."""
    notify(
        kind=K.MINUTES_AVAILABLE,
        recipients=_meeting_readers(meeting),
        event_key=f"meeting:{meeting.pk}:minutes",
        title=f"Compte rendu du comité de pilotage du {_date(meeting.date)} approuvé",
        body="Le compte rendu et les décisions du comité peuvent être lus.",
        url=f"{reverse('governance:meeting', args=[meeting.contract_id, meeting.pk])}#compte-rendu",
        contract=meeting.contract_id,
        actor=_acting_user(),
    )


def amendment_drafted(amendment: Amendment) -> None:
    """A draft amendment prepared by the coordination: the State's members of the contract
    are asked for their observations (they comment the draft; only the coordination edits
    it). Before signature nothing of the contract changes."""
    notify(
        kind=K.AMENDMENT_DRAFTED,
        recipients=holding(amendment.contract_id, Role.STATE_REVIEWER),
        event_key=f"amendment:{amendment.pk}:drafted",
        title=f"Projet d'avenant n° {amendment.number} : vos observations sont attendues",
        body=f"La coordination prépare l'avenant n° {amendment.number} « {amendment.title} ». "
        "Lisez ses lignes et écrivez vos observations sur la page de l'avenant ; rien du "
        "contrat ne change avant sa signature.",
        url=reverse("amendments:detail", args=[amendment.contract_id, amendment.pk]),
        contract=amendment.contract_id,
        actor=_acting_user(),
    )
