"""What an import leaves behind: the imported document's fingerprint and its review list."""

from django.db import models

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
