"""A file prepared in the task queue (a large evaluation, programmation export or committee
pack): who asked
for it, what for, where it stands, where it is stored and until when."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from ctai.contracts.models import Contract


class FileKind(models.TextChoices):
    EVALUATION = "evaluation", "Évaluation pour l'État"
    PROGRAMMATION = "programmation", "Programmation"
    COPIL_PACK = "copil", "Dossier du comité de pilotage"


class FileStatus(models.TextChoices):
    PENDING = "en_attente", "En attente"
    RUNNING = "en_cours", "En préparation"
    READY = "pret", "Prêt"
    FAILED = "echec", "Échec"


class GeneratedFile(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="demandé par",
        on_delete=models.CASCADE,
        related_name="generated_files",
    )
    contract = models.ForeignKey(
        Contract, verbose_name="contrat", on_delete=models.CASCADE, related_name="generated_files"
    )
    kind = models.CharField("fichier", max_length=20, choices=FileKind.choices)
    params = models.JSONField("paramètres", default=dict)
    # The contract's data version when asked (ctai.audit.stamps): a ready file of the same
    # version and parameters is given again instead of being prepared twice.
    version = models.PositiveBigIntegerField("version des données", default=0)
    status = models.CharField(
        "état", max_length=20, choices=FileStatus.choices, default=FileStatus.PENDING
    )
    path = models.CharField("fichier stocké", max_length=300, blank=True)
    filename = models.CharField("nom du fichier", max_length=200)
    content_type = models.CharField("type", max_length=100)
    error = models.TextField("erreur", blank=True)
    created = models.DateTimeField("demandé le", default=timezone.now)
    expires = models.DateTimeField("supprimé après le", db_index=True)

    class Meta:
        verbose_name = "fichier préparé"
        verbose_name_plural = "fichiers préparés"
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display().lower()})"

    @property
    def waiting(self) -> bool:
        return self.status in (FileStatus.PENDING, FileStatus.RUNNING)
