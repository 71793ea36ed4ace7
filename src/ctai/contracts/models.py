"""The contract (CTAI) and its structure: parties, envelopes, amendments, axes, action sheets."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from ctai.audit.recorder import AuditedQuerySet
from ctai.contracts.enums import ContractStatus, OperatorKind, OrganisationKind, SelectionMode
from ctai.contracts.validators import validate_bic, validate_iban, validate_siret
from ctai.core import names
from ctai.core.fields import amount_field, non_negative_constraint
from ctai.core.roles import WHOLE_CONTRACT_ROLES, Role


class OrganisationQuerySet(models.QuerySet):
    def of_contract(self, contract) -> "OrganisationQuerySet":
        """The organisations a contract knows: its coordinator, the operators of its sheets,
        its parties, and those holding a membership or an invitation on it. A list offered in
        a contract's forms never shows another contract's organisations."""
        return self.filter(
            models.Q(pk=contract.coordinator_id)
            | models.Q(actions__contract=contract)
            | models.Q(contractparty__contract=contract)
            | models.Q(membership__contract=contract)
            | models.Q(invitation__contract=contract)
        ).distinct()


class Organisation(models.Model):
    """An organisation: local authority, CCAS, State service, operator (porteur)."""

    name = models.CharField("nom", max_length=255, unique=True)
    kind = models.CharField(
        "type", max_length=20, choices=OrganisationKind.choices, default=OrganisationKind.AUTRE
    )
    siret = models.CharField("SIRET", max_length=14, blank=True, validators=[validate_siret])

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "organisation"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name as pages show it ("Ville de Metz"); ``name`` keeps it as written."""
        return names.display_name(self.name)

    def clean_fields(self, exclude=None) -> None:
        # Normalise before the field validators and max_length run: "732 829 320 00074".
        self.siret = "".join(self.siret.split())
        super().clean_fields(exclude=exclude)


class Theme(models.Model):
    """One of the 16 official themes (thématiques) of the template."""

    code = models.SlugField("code", max_length=40, unique=True)
    label = models.CharField("libellé", max_length=255)
    position = models.PositiveSmallIntegerField("ordre")

    class Meta:
        verbose_name = "thématique"
        ordering = ["position"]

    def __str__(self) -> str:
        return self.label


class Partner(models.Model):
    """One of the partners of the official list (partenaires mobilisés)."""

    code = models.SlugField("code", max_length=40, unique=True)
    label = models.CharField("libellé", max_length=255)
    position = models.PositiveSmallIntegerField("ordre")

    class Meta:
        verbose_name = "partenaire"
        ordering = ["position"]

    def __str__(self) -> str:
        return self.label


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _membership(prefix: str, user, **conditions) -> Q:
    """An active membership of ``user`` reached through the relation ``prefix``."""
    return Q(
        **{f"{prefix}memberships__user": user, f"{prefix}memberships__revoked_at__isnull": True},
        **{f"{prefix}memberships__{key}": value for key, value in conditions.items()},
    )


class ContractQuerySet(AuditedQuerySet):
    def for_user(self, user) -> "ContractQuerySet":
        """The contracts where ``user`` holds an active membership (any role); anything else
        answers 404 in the views. Platform admins use the Django admin, not this scope."""
        if not _active(user):
            return self.none()
        return self.filter(pk__in=Contract.objects.filter(_membership("", user)).values("pk"))


class Contract(models.Model):
    """A Contrat territorial d'accueil et d'intégration (CTAI)."""

    title = models.CharField("intitulé", max_length=500)
    territory = models.CharField("territoire", max_length=255)
    start = models.DateField("début")
    end = models.DateField("fin")
    # Empty when the imported document does not name it: a review item asks for it, and a
    # programmation cannot be validated until it is set.
    coordinator = models.ForeignKey(
        Organisation,
        verbose_name="organisation coordinatrice",
        on_delete=models.PROTECT,
        related_name="coordinated_contracts",
        null=True,
        blank=True,
    )
    status = models.CharField(
        "statut", max_length=10, choices=ContractStatus.choices, default=ContractStatus.DRAFT
    )
    payment_holder = models.CharField("titulaire du compte", max_length=255, blank=True)
    # Validated in forms and the admin; an imported document keeps what it says and the
    # checks report an invalid account (ADR 0002).
    iban = models.CharField("IBAN", max_length=34, blank=True, validators=[validate_iban])
    bic = models.CharField("BIC", max_length=11, blank=True, validators=[validate_bic])
    governance = models.TextField("gouvernance", blank=True)
    sources = models.JSONField("lignes sources", default=dict, blank=True)
    version = models.PositiveIntegerField("version", default=1)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = "contrat"
        ordering = ["-start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")),
                name="contract_start_before_end",
                violation_error_message="La date de début doit précéder la date de fin.",
                violation_error_code="end_before_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.start.year}-{self.end.year})"

    @property
    def years(self) -> range:
        """The programme years (années de programmation) of the contract's period."""
        return range(self.start.year, self.end.year + 1)

    def current_year(self, today: datetime.date | None = None) -> int:
        """The programme year the pages open on: this year while the contract runs (its first
        year before it starts, its last after it ends) — or, while this year has no sheet yet,
        the latest earlier year that has some (in January the last programmation is still the
        one being carried out)."""
        this_year = (today or timezone.localdate()).year
        clamped = min(max(this_year, self.years[0]), self.years[-1])
        latest = (
            self.actions.filter(year__lte=clamped)
            .order_by("-year")
            .values_list("year", flat=True)
            .first()
        )
        return clamped if latest is None else latest

    def clean_fields(self, exclude=None) -> None:
        # Normalise before the field validators and max_length run: "FR76 3000 6000 ...".
        self.iban = "".join(self.iban.split()).upper()
        self.bic = "".join(self.bic.split()).upper()
        super().clean_fields(exclude=exclude)


class ContractParty(models.Model):
    """A signatory of the contract, with its role and representative."""

    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.CASCADE, related_name="parties"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name="organisation", on_delete=models.PROTECT
    )
    role = models.CharField("rôle", max_length=255, blank=True)
    representative = models.CharField("représentant", max_length=255, blank=True)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = "partie au contrat"
        verbose_name_plural = "parties au contrat"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "organisation"],
                name="party_unique_per_contract",
                violation_error_message="Cette organisation est déjà partie au contrat.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.role}" if self.role else str(self.organisation)


class AnnualEnvelope(models.Model):
    """The State's provisional, capped contribution for one year (article 3)."""

    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.CASCADE, related_name="envelopes"
    )
    year = models.PositiveSmallIntegerField("année")
    amount = amount_field("montant", null=False)
    # Once the year's programmation is validated, changing a budget line or a target of one of
    # its sheets requires a reason (ctai.programmation.guards).
    programmation_validated_at = models.DateTimeField(
        "programmation validée le", null=True, blank=True
    )
    programmation_validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="programmation validée par",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = "enveloppe annuelle de l'État"
        verbose_name_plural = "enveloppes annuelles de l'État"
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "year"],
                name="envelope_unique_year",
                violation_error_message="Une enveloppe existe déjà pour cette année du contrat.",
                violation_error_code="duplicate_year",
            ),
            non_negative_constraint("amount", "Montant de l'enveloppe", "envelope"),
        ]

    def __str__(self) -> str:
        return f"{self.year} : {self.amount} €"

    def clean(self) -> None:
        contract = self.contract if self.contract_id else None
        if contract and self.year is not None and self.year not in contract.years:
            raise ValidationError(
                {
                    "year": f"L'année {self.year} est hors de la période du contrat "
                    f"({contract.start.year}-{contract.end.year})."
                },
                code="year_outside_period",
            )


class Axis(models.Model):
    """An axis (axe) of article 1, with its declared amount and the sheets listed under it."""

    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.CASCADE, related_name="axes"
    )
    number = models.PositiveSmallIntegerField("numéro")
    title = models.CharField("intitulé", max_length=500)
    declared_amount = amount_field("montant déclaré")
    # Sheet numbers as article 1 lists them; compared by the checks with each sheet's own axis.
    listed_actions = models.JSONField("fiches listées", default=list, blank=True)
    # The operator article 1 names after each listed sheet ("- Ville de Metz"), by sheet number
    # (a string, as in JSON); compared by the checks with the operator written on the sheet.
    listed_operators = models.JSONField("porteurs listés", default=dict, blank=True)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        verbose_name = "axe"
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "number"],
                name="axis_unique_number",
                violation_error_message="Un axe porte déjà ce numéro dans ce contrat.",
                violation_error_code="duplicate_number",
            ),
            non_negative_constraint("declared_amount", "Montant déclaré de l'axe", "axis"),
        ]

    def __str__(self) -> str:
        return f"Axe {self.number} : {self.title}"


class ActionSheetQuerySet(AuditedQuerySet):
    def for_contract(self, contract: Contract) -> "ActionSheetQuerySet":
        return self.filter(contract=contract)

    def for_user(self, user) -> "ActionSheetQuerySet":
        """Every sheet of a contract the user coordinates, reviews (State) or steers (COPIL);
        an operator member only the sheets their organisation carries."""
        if not _active(user):
            return self.none()
        whole = _membership("contract__", user, role__in=WHOLE_CONTRACT_ROLES)
        own = _membership("contract__", user, role=Role.OPERATOR, organisation=F("operator"))
        return self.filter(pk__in=ActionSheet.objects.filter(whole | own).values("pk"))


class ActionSheet(models.Model):
    """An action sheet (fiche action) of one programme year."""

    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.CASCADE, related_name="actions"
    )
    year = models.PositiveSmallIntegerField("année de programmation")
    number = models.PositiveSmallIntegerField("numéro")
    axis = models.ForeignKey(
        Axis,
        verbose_name="axe (tel qu'écrit sur la fiche)",
        # RESTRICT: an axis with sheets cannot be deleted, but a whole contract can.
        on_delete=models.RESTRICT,
        related_name="actions",
        null=True,
        blank=True,
    )
    axis_label = models.CharField("axe, libellé écrit sur la fiche", max_length=500, blank=True)
    title = models.CharField("intitulé", max_length=500)
    operator = models.ForeignKey(
        Organisation,
        verbose_name="porteur",
        on_delete=models.PROTECT,
        related_name="actions",
        null=True,
        blank=True,
    )
    operator_kind = models.CharField(
        "portage", max_length=20, choices=OperatorKind.choices, blank=True
    )
    operator_kind_detail = models.CharField("portage, précision", max_length=255, blank=True)
    selection_mode = models.CharField(
        "modalité de sélection", max_length=20, choices=SelectionMode.choices, blank=True
    )
    selection_detail = models.TextField("modalité de sélection, précision", blank=True)
    description = models.TextField("description", blank=True)
    calendar = models.TextField("calendrier prévisionnel", blank=True)
    territory = models.TextField("territoire de déploiement", blank=True)
    themes = models.ManyToManyField(Theme, verbose_name="thématiques", blank=True)
    partners = models.ManyToManyField(Partner, verbose_name="partenaires mobilisés", blank=True)
    partners_other = models.TextField("autres partenaires", blank=True)
    refugies_info_url = models.URLField("adresse Réfugiés.info", blank=True)
    sources = models.JSONField("lignes sources", default=dict, blank=True)
    version = models.PositiveIntegerField("version", default=1)

    objects = ActionSheetQuerySet.as_manager()

    class Meta:
        verbose_name = "fiche action"
        verbose_name_plural = "fiches actions"
        ordering = ["year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "year", "number"],
                name="action_unique_number_per_year",
                violation_error_message=(
                    "Une fiche action porte déjà ce numéro pour cette année du contrat."
                ),
                violation_error_code="duplicate_number",
            )
        ]

    def __str__(self) -> str:
        return f"Fiche action n° {self.number} ({self.year}) : {self.title}"

    def clean(self) -> None:
        errors = {}
        contract = self.contract if self.contract_id else None
        if contract and self.year is not None and self.year not in contract.years:
            errors["year"] = (
                f"L'année {self.year} est hors de la période du contrat "
                f"({contract.start.year}-{contract.end.year})."
            )
        if contract and self.axis_id and self.axis.contract_id != contract.pk:
            errors["axis"] = "Cet axe appartient à un autre contrat."
        if errors:
            raise ValidationError(errors)
