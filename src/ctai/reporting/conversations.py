"""Writing in a conversation (échange), on a report or on an action sheet.

One rule for both: whoever may read the subject writes in its conversation and answers its
messages (the subject's ``for_user`` scope), as the role they hold there; a reply answers a
message of the same conversation; an empty message is refused. ``comment_report`` adds the
report's own rule (a draft has no conversation yet). Each message is audited and notified
(``ctai.notifications`` listens to the rows written here).
"""

from django.db import transaction

from ctai.accounts import permissions
from ctai.contracts.models import ActionSheet
from ctai.core.roles import Role
from ctai.reporting.errors import NotAllowed, ReportError, ReportInvalid
from ctai.reporting.models import SheetComment
from ctai.reporting.models.conversations import ConversationMessage


def author_role(actor, sheet: ActionSheet) -> str:
    """The role the actor writes as about this sheet: the operator's people as the operator,
    then the coordination, the State, the COPIL (a person may hold several)."""
    if permissions.is_operator_member(actor, sheet):
        return Role.OPERATOR
    roles = permissions.roles_on(actor, sheet.contract)
    for role in (Role.COORDINATOR, Role.STATE_REVIEWER, Role.COPIL):
        if role in roles:
            return role
    return ""


def post(
    model: type[ConversationMessage],
    subject,
    *,
    sheet: ActionSheet,
    actor,
    body: str,
    reply_to: ConversationMessage | None,
) -> ConversationMessage:
    """Write a message on ``subject`` (the caller holds its lock and checked who may read it)."""
    field = model.subject_field
    if reply_to is not None and (
        type(reply_to) is not model or getattr(reply_to, f"{field}_id") != subject.pk
    ):
        raise ReportInvalid(
            field_errors={"reply_to": ["Ce message n'est pas dans cette conversation."]}
        )
    text = body.strip()
    if not text:
        raise ReportInvalid(field_errors={"body": ["Écrivez votre message."]})
    return model.objects.create(
        **{field: subject},
        author=actor,
        author_role=author_role(actor, sheet),
        reply_to=reply_to,
        body=text,
    )


@transaction.atomic
def comment_sheet(
    *, sheet: ActionSheet, actor, body: str, reply_to: SheetComment | None = None
) -> SheetComment:
    """A message in the sheet's conversation, or a reply to one of its messages: the
    coordination, the State, the COPIL and the people of the sheet's operator."""
    try:
        locked = (
            ActionSheet.objects.select_for_update(of=("self",))
            .select_related("contract")
            .get(pk=sheet.pk)
        )
    except ActionSheet.DoesNotExist as missing:
        raise ReportError("Cette fiche n'existe plus.") from missing
    if not ActionSheet.objects.for_user(actor).filter(pk=locked.pk).exists():
        raise NotAllowed("Seules les personnes qui lisent cette fiche participent à son échange.")
    return post(SheetComment, locked, sheet=locked, actor=actor, body=body, reply_to=reply_to)
