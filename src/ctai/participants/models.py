"""The register of participants (registre des participants) of an operator, on one contract.

Identity (names, birth date) is seen by the members of the operator who recorded it only; the
coordination and the State count people through the contract-wide pseudonym
(``ctai.participants.pseudonym``), never through names.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from ctai.audit.recorder import AuditedQuerySet
from ctai.contracts.models import ActionSheet, Contract, Organisation
from ctai.core.roles import Role
from ctai.participants.eligibility import eligibility_errors
from ctai.participants.enums import CefrLevel, ExitKind, ProtectionStatus, ResultKind, Sex
from ctai.participants.pseudonym import short


def _operator_scope(user, prefix: str = "") -> Q:
    """Rows of an organisation where ``user`` is an active operator member, on that contract."""
    return Q(
        **{
            f"{prefix}operator__membership__user": user,
            f"{prefix}operator__membership__revoked_at__isnull": True,
            f"{prefix}operator__membership__role": Role.OPERATOR,
            f"{prefix}operator__membership__contract": models.F(f"{prefix}contract"),
        }
    )


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


class ParticipantQuerySet(AuditedQuerySet):
    def for_user(self, user) -> "ParticipantQuerySet":
        """The participants recorded by the user's operator on its contract: nobody else
        (coordination, State, COPIL, other operators) sees a participant row."""
        if not _active(user):
            return self.none()
        return self.filter(pk__in=Participant.objects.filter(_operator_scope(user)).values("pk"))

    def identified(self) -> "ParticipantQuerySet":
        return self.filter(anonymised_at__isnull=True)


class Participant(models.Model):
    """A person an operator accompanies: the minimum the indicators need (no nationality)."""

    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.CASCADE, related_name="participants"
    )
    operator = models.ForeignKey(
        Organisation, verbose_name="porteur", on_delete=models.PROTECT, related_name="+"
    )
    pseudonym = models.CharField("pseudonyme", max_length=64, db_index=True)
    family_name = models.CharField("nom de famille", max_length=150, blank=True)
    first_names = models.CharField("prénoms", max_length=150, blank=True)
    birth_date = models.DateField("date de naissance", null=True, blank=True)
    # Kept after anonymisation: the "under 25" counts of past years stay the same.
    birth_year = models.PositiveSmallIntegerField("année de naissance")
    sex = models.CharField("sexe", max_length=1, choices=Sex.choices)
    status = models.CharField("statut", max_length=3, choices=ProtectionStatus.choices)
    status_year = models.PositiveSmallIntegerField("année d'obtention du statut")
    arrival_year = models.PositiveSmallIntegerField("année d'arrivée en France")
    french_level = models.PositiveSmallIntegerField(
        "niveau de français à l'entrée", choices=CefrLevel.choices, null=True, blank=True
    )
    third_country_national = models.BooleanField("ressortissant d'un pays tiers", default=True)
    residence_start = models.DateField("début du séjour régulier", null=True, blank=True)
    created_at = models.DateTimeField("enregistré le", auto_now_add=True)
    last_activity = models.DateField("dernière activité", db_index=True)
    anonymised_at = models.DateTimeField("anonymisé le", null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = "participant"
        ordering = ["family_name", "first_names", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "operator", "pseudonym"],
                name="participant_unique_per_operator",
                violation_error_message="Cette personne est déjà inscrite au registre du porteur.",
            )
        ]

    def __str__(self) -> str:
        # The audit trail and the logs show this: the pseudonym, never the name.
        return f"Participant {short(self.pseudonym)}"

    @property
    def short_pseudonym(self) -> str:
        return short(self.pseudonym)

    def clean(self) -> None:
        errors = eligibility_errors(
            status=self.status,
            status_year=self.status_year,
            third_country_national=self.third_country_national,
            residence_start=self.residence_start,
            birth_date=self.birth_date,
            arrival_year=self.arrival_year,
            on=datetime.date.today(),
        )
        if errors:
            raise ValidationError(errors)


class Enrolment(models.Model):
    """A participant's enrolment (inscription) in an action sheet."""

    participant = models.ForeignKey(
        Participant, verbose_name="participant", on_delete=models.CASCADE, related_name="enrolments"
    )
    sheet = models.ForeignKey(
        ActionSheet, verbose_name="fiche action", on_delete=models.CASCADE, related_name="+"
    )
    enrolled_on = models.DateField("inscrit le")
    # Hours planned in the person's own pathway: the ≥ 80 % attendance is measured on them
    # (every session of the sheet when empty).
    planned_hours = models.DecimalField(
        "heures prévues du parcours",
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = "inscription"
        ordering = ["sheet", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "sheet"],
                name="enrolment_unique",
                violation_error_message="Cette personne est déjà inscrite à cette action.",
            )
        ]

    def __str__(self) -> str:
        return f"Inscription de {self.participant} à la fiche {self.sheet_id}"


class Session(models.Model):
    """A session (séance) of an action: date, duration, theme."""

    sheet = models.ForeignKey(
        ActionSheet, verbose_name="fiche action", on_delete=models.CASCADE, related_name="+"
    )
    date = models.DateField("date")
    duration = models.DecimalField(
        "durée (heures)",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    theme = models.CharField("thème", max_length=200, blank=True)

    class Meta:
        verbose_name = "séance"
        ordering = ["date", "theme", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "date", "theme"],
                name="session_unique",
                violation_error_message="Une séance de ce thème existe déjà ce jour-là.",
            ),
            models.CheckConstraint(
                condition=Q(duration__gte=0) & Q(duration__lte=24),
                name="session_duration_range",
                violation_error_message="La durée d'une séance est comprise entre 0 et 24 h.",
            ),
        ]

    def __str__(self) -> str:
        return f"Séance du {self.date:%d/%m/%Y} {self.theme}".strip()


class Attendance(models.Model):
    """A participant's presence (présence) at a session."""

    session = models.ForeignKey(
        Session, verbose_name="séance", on_delete=models.CASCADE, related_name="attendances"
    )
    enrolment = models.ForeignKey(
        Enrolment, verbose_name="inscription", on_delete=models.CASCADE, related_name="attendances"
    )
    present = models.BooleanField("présent", default=True)

    class Meta:
        verbose_name = "présence"
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "session"], name="attendance_unique")
        ]

    def __str__(self) -> str:
        return f"Présence {self.enrolment_id} / {self.session_id}"


class Result(models.Model):
    """A positioning or certification result: a CEFR level, a TEF IRN score."""

    enrolment = models.ForeignKey(
        Enrolment, verbose_name="inscription", on_delete=models.CASCADE, related_name="results"
    )
    kind = models.CharField("type", max_length=20, choices=ResultKind.choices)
    date = models.DateField("date")
    level = models.PositiveSmallIntegerField(
        "niveau CECRL", choices=CefrLevel.choices, null=True, blank=True
    )
    tef_score = models.PositiveSmallIntegerField(
        "score TEF IRN", null=True, blank=True, validators=[MaxValueValidator(699)]
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = "résultat"
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__isnull=False) | Q(tef_score__isnull=False),
                name="result_level_or_score",
                violation_error_message="Indiquez un niveau CECRL ou un score TEF IRN.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} de {self.enrolment.participant}"


class Exit(models.Model):
    """The end of a participant's pathway in an action (sortie)."""

    enrolment = models.OneToOneField(
        Enrolment, verbose_name="inscription", on_delete=models.CASCADE, related_name="exit"
    )
    kind = models.CharField("type de sortie", max_length=20, choices=ExitKind.choices)
    date = models.DateField("date de sortie")

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = "sortie"

    def __str__(self) -> str:
        return f"Sortie de {self.enrolment.participant}"


class IdentityView(models.Model):
    """Who saw whose identity, when (CNIL: every read of personal data is logged)."""

    at = models.DateTimeField("date", auto_now_add=True, db_index=True)
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="lecteur", on_delete=models.SET_NULL, null=True
    )
    viewer_username = models.CharField("lecteur (identifiant)", max_length=150)
    participant = models.ForeignKey(
        Participant, verbose_name="participant", on_delete=models.SET_NULL, null=True
    )
    pseudonym = models.CharField("pseudonyme", max_length=12)
    contract_id = models.IntegerField("contrat", db_index=True)
    what = models.CharField("consultation", max_length=20)

    class Meta:
        verbose_name = "consultation d'identité"
        verbose_name_plural = "consultations d'identité"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.viewer_username} : {self.pseudonym}"


class AttendanceUpload(models.Model):
    """An attendance sheet waiting for its column mapping and confirmation: its uploader's
    only, deleted once imported (and by ``ctai purge`` after a day)."""

    sheet = models.ForeignKey(
        ActionSheet, verbose_name="fiche action", on_delete=models.CASCADE, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="déposé par", on_delete=models.CASCADE
    )
    filename = models.CharField("nom du fichier", max_length=255)
    data = models.BinaryField("contenu")
    created_at = models.DateTimeField("déposé le", auto_now_add=True)

    class Meta:
        verbose_name = "feuille de présence déposée"
        verbose_name_plural = "feuilles de présence déposées"

    def __str__(self) -> str:
        return self.filename
