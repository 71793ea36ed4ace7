"""What an import leaves behind: the imported document's fingerprint and its review list."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from ctai.contracts.models import Contract


class DocumentImport(models.Model):
    """One import of a CTAI document into a contract."""

    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.CASCADE, related_name="imports"
    )
    filename = models.CharField("fichier", max_length=500)
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    imported_at = models.DateTimeField("importé le", auto_now_add=True)
    changes = models.JSONField("changements appliqués", default=list, blank=True)

    class Meta:
        verbose_name = "import de document"
        verbose_name_plural = "imports de documents"
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.imported_at:%d/%m/%Y %H:%M})"


class ReviewItem(models.Model):
    """A value the reader could not place with confidence: for a person to review."""

    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.CASCADE, related_name="review_items"
    )
    action_number = models.PositiveSmallIntegerField("fiche action", null=True, blank=True)
    field = models.CharField("champ", max_length=100, blank=True)
    line = models.PositiveIntegerField("ligne", null=True, blank=True)
    text = models.TextField("texte lu", blank=True)
    reason = models.TextField("motif")
    position = models.PositiveIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "point à vérifier"
        verbose_name_plural = "points à vérifier"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        where = f"ligne {self.line}" if self.line else "sans ligne"
        return f"{where} : {self.reason}"


PENDING_LIFETIME = datetime.timedelta(hours=24)


class PendingImportQuerySet(models.QuerySet):
    def live(self) -> "PendingImportQuerySet":
        return self.filter(created_at__gte=timezone.now() - PENDING_LIFETIME)

    def expired(self) -> "PendingImportQuerySet":
        return self.filter(created_at__lt=timezone.now() - PENDING_LIFETIME)

    def for_user(self, user) -> "PendingImportQuerySet":
        """A pending import is seen by the person who uploaded it, and nobody else."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        return self.live().filter(user=user)


class PendingImport(models.Model):
    """A document read in the browser and waiting for its confirmation (import en attente).

    Nothing of the contract is written before the confirmation: the read ctai/1 document is
    kept here, server-side, between the preview's requests (docs/adr/0008). Expires after
    ``PENDING_LIFETIME``; expired rows are purged whenever a new one is created.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="personne",
        on_delete=models.CASCADE,
        related_name="pending_imports",
    )
    # The contract a new version is for; empty for a new contract.
    contract = models.ForeignKey(
        Contract,
        verbose_name="contrat",
        on_delete=models.CASCADE,
        related_name="pending_imports",
        null=True,
        blank=True,
    )
    filename = models.CharField("fichier", max_length=500)
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    document = models.JSONField("document lu (ctai/1)")
    corrections = models.JSONField("corrections saisies", default=dict, blank=True)
    created_at = models.DateTimeField("lu le", auto_now_add=True)

    objects = PendingImportQuerySet.as_manager()

    class Meta:
        verbose_name = "import en attente"
        verbose_name_plural = "imports en attente"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%d/%m/%Y %H:%M})"


class ImportFingerprint(models.Model):
    """The last document imported into a contract and what the contract then exported, as two
    digests: the same document imported again onto an unchanged contract is answered "nothing
    changed" without applying it (``ctai.documents.services.document_import``)."""

    contract = models.OneToOneField(
        Contract, verbose_name="contrat", on_delete=models.CASCADE, related_name="fingerprint"
    )
    document = models.CharField("empreinte du document importé", max_length=64)
    result = models.CharField("empreinte du contrat après l'import", max_length=64)

    class Meta:
        verbose_name = "empreinte du dernier import"
        verbose_name_plural = "empreintes des derniers imports"

    def __str__(self) -> str:
        return f"{self.contract_id} : {self.document[:12]}"
