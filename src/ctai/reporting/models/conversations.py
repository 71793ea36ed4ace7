"""Conversations (échanges): on a report, and on an action sheet.

One abstract message — author, the role written as, the message answered, the text — and one
concrete table per subject. The rules of who writes are in ``ctai.reporting.conversations``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from ctai.audit.recorder import AuditedQuerySet
from ctai.contracts.models import ActionSheet
from ctai.core.roles import Role
from ctai.reporting.models.reports import OperatorReport

USER = settings.AUTH_USER_MODEL


def not_empty(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=~Q(body=""),
        name=name,
        violation_error_message="Un commentaire ne peut être vide.",
    )


class ConversationMessage(models.Model):
    """A message of a conversation, or a reply to another message of the same one."""

    author = models.ForeignKey(
        USER, verbose_name="auteur", on_delete=models.PROTECT, related_name="+"
    )
    # The role the author wrote as (coordination, porteur, État, COPIL): a person may hold two.
    author_role = models.CharField("au titre de", max_length=20, choices=Role.choices, blank=True)
    reply_to = models.ForeignKey(
        "self",
        verbose_name="en réponse à",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replies",
    )
    body = models.TextField("commentaire")
    created_at = models.DateTimeField("écrit le", auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    # The field naming the conversation's subject (``report``, ``sheet``).
    subject_field = ""

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Commentaire de {self.author} ({self.created_at:%d/%m/%Y})"


class ReportComment(ConversationMessage):
    """A message in a report's conversation (échange sur le bilan): the coordination, the
    State, the operator and — once validated — the COPIL write and answer one another."""

    report = models.ForeignKey(
        OperatorReport, verbose_name="bilan", on_delete=models.CASCADE, related_name="comments"
    )
    subject_field = "report"

    class Meta(ConversationMessage.Meta):
        verbose_name = "commentaire de bilan"
        verbose_name_plural = "commentaires de bilans"
        constraints = [not_empty("comment_not_empty")]


class SheetComment(ConversationMessage):
    """A message in an action sheet's conversation (échange sur la fiche): the coordination,
    the operator's people, the State and the COPIL — whoever may read the sheet."""

    sheet = models.ForeignKey(
        ActionSheet, verbose_name="fiche action", on_delete=models.CASCADE, related_name="comments"
    )
    subject_field = "sheet"

    class Meta(ConversationMessage.Meta):
        verbose_name = "commentaire de fiche"
        verbose_name_plural = "commentaires de fiches"
        constraints = [not_empty("sheet_comment_not_empty")]
