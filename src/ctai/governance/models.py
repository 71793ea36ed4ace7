"""Steering committees (comités de pilotage, COPIL), their participants and decisions."""

import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q

from ctai.accounts.models import Membership
from ctai.audit.recorder import AuditedQuerySet
from ctai.contracts.models import ActionSheet, Contract
from ctai.core.roles import WHOLE_CONTRACT_ROLES
from ctai.governance.enums import (
    AMENDING_KINDS,
    HELD_STATUSES,
    OPEN_FOLLOW_UPS,
    DecisionKind,
    FollowUp,
    MeetingKind,
    MeetingStatus,
)
from ctai.reporting.attachments import validate_attachment

USER = settings.AUTH_USER_MODEL


def _readers(prefix: str, user) -> Q:
    """An active whole-contract membership (coordination, State, COPIL) of ``user``."""
    return Q(
        **{
            f"{prefix}memberships__user": user,
            f"{prefix}memberships__revoked_at__isnull": True,
            f"{prefix}memberships__role__in": WHOLE_CONTRACT_ROLES,
        }
    )


class MeetingQuerySet(AuditedQuerySet):
    def for_user(self, user) -> "MeetingQuerySet":
        """Meetings of the contracts the user coordinates, reviews or steers; operators see
        none (a pack shows every operator's figures)."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        return self.filter(pk__in=Meeting.objects.filter(_readers("contract__", user)).values("pk"))

    def upcoming(self, today: datetime.date) -> "MeetingQuerySet":
        return self.filter(date__gte=today).order_by("date", "pk")

    def past(self, today: datetime.date) -> "MeetingQuerySet":
        return self.filter(date__lt=today).order_by("-date", "-pk")


def minutes_path(meeting: "Meeting", filename: str) -> str:
    """A name the uploader does not choose: contract / random + checked extension."""
    return f"copil/{meeting.contract_id}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Meeting(models.Model):
    """A meeting of the steering committee (comité de pilotage, COPIL), article 6."""

    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.CASCADE, related_name="meetings"
    )
    date = models.DateField("date")
    kind = models.CharField("type", max_length=20, choices=MeetingKind.choices)
    place = models.CharField("lieu", max_length=255, blank=True)
    agenda = models.TextField("ordre du jour", blank=True)
    status = models.CharField(
        "statut", max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    minutes = models.TextField("compte rendu", blank=True)
    minutes_file = models.FileField(
        "compte rendu (fichier)",
        upload_to=minutes_path,
        max_length=255,
        blank=True,
        validators=[validate_attachment],
    )
    minutes_file_name = models.CharField("nom du fichier", max_length=255, blank=True)
    minutes_file_type = models.CharField("type du fichier", max_length=100, blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = "comité de pilotage"
        verbose_name_plural = "comités de pilotage"
        ordering = ["date", "pk"]
        indexes = [models.Index(fields=["contract", "date"], name="meeting_contract_date")]

    def __str__(self) -> str:
        return f"COPIL du {self.date:%d/%m/%Y} ({self.get_kind_display()})"

    @property
    def is_held(self) -> bool:
        return self.status in HELD_STATUSES

    @property
    def years(self) -> list[int]:
        """The programme years the meeting looks at: in June the year before (N-1), else its
        own year; kept within the contract's period."""
        contract_years = list(self.contract.years)
        wanted = self.date.year - 1 if self.kind == MeetingKind.JUNE else self.date.year
        return [min(max(wanted, contract_years[0]), contract_years[-1])]

    @property
    def title(self) -> str:
        return f"Comité de pilotage du {self.date:%d/%m/%Y}"


class Participant(models.Model):
    """A person invited to a meeting: a member of the contract, or a guest by name."""

    meeting = models.ForeignKey(
        Meeting, verbose_name="comité", on_delete=models.CASCADE, related_name="participants"
    )
    membership = models.ForeignKey(
        Membership,
        verbose_name="membre du contrat",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField("nom", max_length=255)
    organisation = models.CharField("organisation", max_length=255, blank=True)
    attended = models.BooleanField("présent", default=False)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = "participant"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"],
                condition=Q(membership__isnull=False),
                name="participant_member_once",
                violation_error_message="Ce membre est déjà invité à ce comité.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name

    @property
    def is_guest(self) -> bool:
        return self.membership_id is None


class DecisionQuerySet(AuditedQuerySet):
    def for_user(self, user) -> "DecisionQuerySet":
        return self.filter(meeting__in=Meeting.objects.for_user(user))

    def open(self) -> "DecisionQuerySet":
        return self.filter(follow_up__in=OPEN_FOLLOW_UPS)


class Decision(models.Model):
    """A decision taken by a meeting, tied to the sheets it changes."""

    meeting = models.ForeignKey(
        Meeting, verbose_name="comité", on_delete=models.CASCADE, related_name="decisions"
    )
    text = models.TextField("décision")
    kind = models.CharField("nature", max_length=20, choices=DecisionKind.choices)
    sheets = models.ManyToManyField(
        ActionSheet, verbose_name="fiches concernées", blank=True, related_name="decisions"
    )
    owner = models.CharField("responsable", max_length=255, blank=True)
    due_date = models.DateField("échéance", null=True, blank=True)
    follow_up = models.CharField(
        "suivi", max_length=20, choices=FollowUp.choices, default=FollowUp.TODO
    )
    follow_up_notes = models.TextField("notes de suivi", blank=True)
    # The amendment that carries the decision out, when it changes money or targets.
    amendment = models.ForeignKey(
        "amendments.Amendment",
        verbose_name="avenant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = "décision"
        ordering = ["meeting__date", "pk"]

    def __str__(self) -> str:
        return f"Décision du {self.meeting.date:%d/%m/%Y} : {self.text[:60]}"

    def sheet_numbers(self) -> str:
        """ "4, 9": the numbers of the sheets concerned (prefetch ``sheets`` first)."""
        numbers = sorted({sheet.number for sheet in self.sheets.all()})
        return ", ".join(str(n) for n in numbers)

    @property
    def is_open(self) -> bool:
        return self.follow_up in OPEN_FOLLOW_UPS

    @property
    def needs_amendment(self) -> bool:
        """It changes money or targets and no amendment carries it out yet."""
        return self.kind in AMENDING_KINDS and self.amendment_id is None
