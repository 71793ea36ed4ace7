"""Amendments (avenants) to a contract, their lines and comments, and the contract's versions.

An amendment is a change set drafted on the signed contract: nothing of the contract changes
before it is recorded as signed, which applies every line in one transaction
(``ctai.amendments.services``). Each line keeps the value it replaces as it was when drafted
(``before``): a value changed meanwhile is a conflict that refuses the signature.
"""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q

from ctai.amendments.enums import AmendmentStatus, ChangeKind
from ctai.audit.recorder import AuditedQuerySet
from ctai.contracts.models import ActionSheet, Contract
from ctai.core.roles import WHOLE_CONTRACT_ROLES, Role
from ctai.indicators.models import ActionIndicator
from ctai.reporting.attachments import validate_attachment

USER = settings.AUTH_USER_MODEL


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _member(user, prefix: str, **conditions) -> Q:
    return Q(
        **{f"{prefix}memberships__user": user, f"{prefix}memberships__revoked_at__isnull": True},
        **{f"{prefix}memberships__{key}": value for key, value in conditions.items()},
    )


def operator_sheets(user):
    """The sheets of the line's (``OuterRef``) contract, year and number carried by an
    organisation ``user`` is an operator member of."""
    return ActionSheet.objects.filter(
        _member(user, "contract__", role=Role.OPERATOR, organisation=F("operator")),
        contract_id=OuterRef("amendment__contract_id"),
        year=OuterRef("year"),
        number=OuterRef("sheet_number"),
    )


class AmendmentChangeQuerySet(AuditedQuerySet):
    def for_user(self, user) -> "AmendmentChangeQuerySet":
        """Every line for the coordination, the State and the COPIL; an operator member only
        the lines about the sheets their organisation carries."""
        if not _active(user):
            return self.none()
        whole = _member(user, "amendment__contract__", role__in=WHOLE_CONTRACT_ROLES)
        return self.filter(
            pk__in=AmendmentChange.objects.filter(whole | Q(Exists(operator_sheets(user)))).values(
                "pk"
            )
        )


class AmendmentQuerySet(AuditedQuerySet):
    def for_user(self, user) -> "AmendmentQuerySet":
        """The amendments of the contracts the user coordinates, reviews or steers; for an
        operator member, those with a line about one of their organisation's sheets."""
        if not _active(user):
            return self.none()
        visible = AmendmentChange.objects.for_user(user).values("amendment_id")
        whole = _member(user, "contract__", role__in=WHOLE_CONTRACT_ROLES)
        return self.filter(pk__in=Amendment.objects.filter(whole | Q(pk__in=visible)).values("pk"))

    def concerning(self, sheet: ActionSheet) -> "AmendmentQuerySet":
        """The amendments with a line about ``sheet`` (its number in its year)."""
        return self.filter(
            pk__in=AmendmentChange.objects.filter(
                amendment__contract_id=sheet.contract_id,
                year=sheet.year,
                sheet_number=sheet.number,
            ).values("amendment_id")
        )


def signed_file_path(amendment: "Amendment", filename: str) -> str:
    """A name the uploader does not choose: contract / random + checked extension."""
    return f"avenants/{amendment.contract_id}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Amendment(models.Model):
    """An amendment (avenant, article 8): numbered n° 1, 2, … per contract."""

    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.CASCADE, related_name="avenants"
    )
    number = models.PositiveSmallIntegerField("numéro")
    title = models.CharField("objet", max_length=500)
    # Free text until the governance decisions can be linked (the COPIL decision of ...).
    origin = models.TextField("origine", blank=True)
    status = models.CharField(
        "statut", max_length=10, choices=AmendmentStatus.choices, default=AmendmentStatus.DRAFT
    )
    created_by = models.ForeignKey(
        USER, verbose_name="préparé par", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("préparé le", auto_now_add=True)
    signed_on = models.DateField("signé le", null=True, blank=True)
    signatories = models.TextField("signataires", blank=True)
    signed_file = models.FileField(
        "avenant signé (PDF)",
        upload_to=signed_file_path,
        max_length=255,
        blank=True,
        validators=[validate_attachment],
    )
    signed_file_name = models.CharField("nom du fichier signé", max_length=255, blank=True)
    applied_at = models.DateTimeField("appliqué le", null=True, blank=True)
    applied_by = models.ForeignKey(
        USER,
        verbose_name="enregistré par",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = AmendmentQuerySet.as_manager()

    class Meta:
        verbose_name = "avenant"
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"],
                name="avenant_unique_number",
                violation_error_message="Un avenant porte déjà ce numéro pour ce contrat.",
            ),
            models.CheckConstraint(
                condition=Q(status=AmendmentStatus.DRAFT)
                | Q(signed_on__isnull=False, applied_at__isnull=False),
                name="avenant_signed_has_date",
                violation_error_message="Un avenant signé porte sa date de signature.",
            ),
        ]

    def __str__(self) -> str:
        return f"Avenant n° {self.number} : {self.title}"

    @property
    def is_draft(self) -> bool:
        return self.status == AmendmentStatus.DRAFT

    @property
    def label(self) -> str:
        return f"Avenant n° {self.number}"


class AmendmentChange(models.Model):
    """One line of an amendment: a value of the contract, as it was when drafted → as it
    becomes. Amounts are written as in ctai/1 ("35000.00", "" when not filled); targets as
    written ("15 en moyenne")."""

    amendment = models.ForeignKey(
        Amendment, verbose_name="avenant", on_delete=models.CASCADE, related_name="changes"
    )
    kind = models.CharField("nature", max_length=20, choices=ChangeKind.choices)
    year = models.PositiveSmallIntegerField("année", null=True, blank=True)
    sheet_number = models.PositiveSmallIntegerField("fiche n°", null=True, blank=True)
    axis_number = models.PositiveSmallIntegerField("axe n°", null=True, blank=True)
    # A budget line (``p104_subsidy``...) for BUDGET lines.
    field = models.CharField("ligne", max_length=40, blank=True)
    indicator = models.ForeignKey(
        ActionIndicator,
        verbose_name="indicateur",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    label = models.CharField("libellé", max_length=500, blank=True)
    before = models.TextField("valeur actuelle", blank=True)
    after = models.TextField("nouvelle valeur", blank=True)
    # A sheet added: its operator's name and P104 subsidy.
    details = models.JSONField("précisions", default=dict, blank=True)
    position = models.PositiveIntegerField("ordre", default=0)

    objects = AmendmentChangeQuerySet.as_manager()

    class Meta:
        verbose_name = "ligne d'avenant"
        verbose_name_plural = "lignes d'avenants"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.label}"


class AmendmentComment(models.Model):
    """A message on a draft amendment: the State comments, the coordination answers."""

    amendment = models.ForeignKey(
        Amendment, verbose_name="avenant", on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        USER, verbose_name="auteur", on_delete=models.PROTECT, related_name="+"
    )
    author_role = models.CharField("au titre de", max_length=20, choices=Role.choices, blank=True)
    body = models.TextField("commentaire")
    created_at = models.DateTimeField("écrit le", auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = "commentaire d'avenant"
        verbose_name_plural = "commentaires d'avenants"
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(body=""),
                name="avenant_comment_not_empty",
                violation_error_message="Un commentaire ne peut être vide.",
            )
        ]

    def __str__(self) -> str:
        return f"Commentaire de {self.author} ({self.created_at:%d/%m/%Y})"


class ContractVersion(models.Model):
    """A version of the contract (tel que signé, après avenant n° 1, ...): its ctai/1
    document as it stood (ctai.exchange.export)."""

    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField("numéro")  # 0: as signed
    amendment = models.OneToOneField(
        Amendment,
        verbose_name="avenant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resulting_version",
    )
    label = models.CharField("version", max_length=200)
    document = models.JSONField("document ctai/1")
    # The contract just before the amendment was applied: the amendment's own effect is the
    # difference from it (the contract may have changed otherwise since the previous version,
    # a next year's programmation prepared for instance).
    document_before = models.JSONField("document ctai/1 avant l'avenant", null=True, blank=True)
    taken_at = models.DateTimeField("enregistrée le", auto_now_add=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = "version du contrat"
        verbose_name_plural = "versions du contrat"
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"],
                name="contract_version_unique_number",
                violation_error_message="Cette version du contrat existe déjà.",
            )
        ]

    def __str__(self) -> str:
        return self.label
