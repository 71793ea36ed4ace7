"""Audit events: who changed what contract data, when, from what to what, and why.

Rows are append-only: the ORM refuses updates and deletes, and database triggers refuse
UPDATE (SQLite, PostgreSQL) and DELETE (PostgreSQL) from any client (migration 0002).
"""

from django.db import models


class AuditAction(models.TextChoices):
    CREATE = "create", "Création"
    UPDATE = "update", "Modification"
    DELETE = "delete", "Suppression"
    BULK_UPDATE = "bulk_update", "Modification groupée"


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Le journal des modifications ne se réécrit pas.")

    def delete(self):
        raise PermissionError("Le journal des modifications ne s'efface pas.")

    def for_contract(self, contract_id: int) -> "AuditEventQuerySet":
        return self.filter(contract_id=contract_id)

    def for_sheet(self, sheet_id: int) -> "AuditEventQuerySet":
        return self.filter(action_sheet_id=sheet_id)


class AuditEvent(models.Model):
    at = models.DateTimeField("date", auto_now_add=True, db_index=True)
    # Plain values, not foreign keys: the trail outlives what it describes and is never
    # updated by a cascade.
    actor_id = models.IntegerField("identifiant de l'auteur", null=True, blank=True)
    actor_username = models.CharField("auteur", max_length=150)
    action = models.CharField("opération", max_length=20, choices=AuditAction.choices)
    model = models.CharField("objet", max_length=100)
    object_id = models.CharField("identifiant de l'objet", max_length=64)
    object_repr = models.CharField("description de l'objet", max_length=300)
    contract_id = models.IntegerField("contrat", null=True, blank=True, db_index=True)
    action_sheet_id = models.IntegerField("fiche action", null=True, blank=True, db_index=True)
    changes = models.JSONField("avant → après", default=dict)
    reason = models.TextField("motif", blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "événement du journal"
        verbose_name_plural = "journal des modifications"
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_username} : {self.get_action_display()}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("Le journal des modifications ne se réécrit pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Le journal des modifications ne s'efface pas.")
