"""Writing in a conversation (échange), on a report or on an action sheet.

One rule for both: whoever may read the subject writes in its conversation and answers its
messages (the subject's ``for_user`` scope), as the role they hold there; a reply answers a
message of the same conversation; an empty message is refused. ``comment_report`` adds the
report's own rule (a draft has no conversation yet). Each message is audited and notified
(``ctai.notifications`` listens to the rows written here).
"""

from django.contrib.auth import get_user_model
from django.db import connections, router, transaction

from ctai.accounts import permissions
from ctai.contracts.models import ActionSheet
from ctai.core import rows
from ctai.core.roles import Role
from ctai.reporting.errors import NotAllowed, ReportError, ReportInvalid
from ctai.reporting.models import SheetComment
from ctai.reporting.models.conversations import ConversationMessage


def shown(model: type[ConversationMessage], subject_id: int) -> tuple:
    """Everything a conversation shows, in its order, one tuple a message (id, message
    answered, role, date, text, the author's first name, last name and login): read with a
    plain query on every request of a page that caches the conversation's HTML under it."""
    connection = connections[router.db_for_read(model)]
    quote = connection.ops.quote_name
    user = get_user_model()
    sql = (
        f"SELECT c.id, c.reply_to_id, c.author_role, c.created_at, c.body, u.first_name, "
        f"u.last_name, u.{quote(user.USERNAME_FIELD)} "
        f"FROM {quote(model._meta.db_table)} c JOIN {quote(user._meta.db_table)} u "
        f"ON u.id = c.author_id WHERE c.{quote(model.subject_field + '_id')} = %s "
        "ORDER BY c.created_at, c.id"
    )
    with rows.cursor(connection) as cursor:
        cursor.execute(sql, [subject_id])
        return tuple(tuple(row) for row in cursor.fetchall())


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
