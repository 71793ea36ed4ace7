"""Audit events: who changed what contract data, when, from what to what, and why.

Rows are append-only: the ORM refuses updates and deletes, database triggers refuse UPDATE
(SQLite, PostgreSQL) and DELETE (PostgreSQL) from any client (migration 0002), the runtime
PostgreSQL role holds only INSERT and SELECT on the table (``ctai db_roles``), and each event
carries a SHA-256 hash chained to the previous one, so that a row changed, removed or inserted
behind the application's back shows in ``ctai audit verify`` (docs/adr/0011-audit-integrity.md).
"""

import datetime
import hashlib
import json
from collections.abc import Iterable

from django.db import connections, models, router, transaction
from django.utils import timezone

# Any constant: one lock number for the whole trail (pg_advisory_xact_lock).
CHAIN_LOCK = 0x43544149  # "CTAI"

CHAINED_FIELDS = (
    "at",
    "actor_id",
    "actor_username",
    "action",
    "model",
    "object_id",
    "object_repr",
    "contract_id",
    "action_sheet_id",
    "changes",
    "reason",
)


class AuditAction(models.TextChoices):
    CREATE = "create", "Création"
    UPDATE = "update", "Modification"
    DELETE = "delete", "Suppression"
    BULK_UPDATE = "bulk_update", "Modification groupée"


def canonical(event: "AuditEvent") -> str:
    """The event's content as one JSON text, the same before storing and after reading back
    (sorted keys, UTC timestamp to the microsecond)."""
    content = {}
    for name in CHAINED_FIELDS:
        value = getattr(event, name)
        if isinstance(value, datetime.datetime):
            value = value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        content[name] = value
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def chain_hash(previous_hash: str, event: "AuditEvent") -> str:
    return hashlib.sha256(f"{previous_hash}\n{canonical(event)}".encode()).hexdigest()


def _bump(contract_ids: set[int | None], using: str) -> None:
    from ctai.audit.stamps import bump  # stamps reads this module's models

    bump(contract_ids, using)


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Le journal des modifications ne se réécrit pas.")

    def delete(self):
        raise PermissionError("Le journal des modifications ne s'efface pas.")

    def for_contract(self, contract_id: int) -> "AuditEventQuerySet":
        return self.filter(contract_id=contract_id)

    def for_sheet(self, sheet_id: int) -> "AuditEventQuerySet":
        return self.filter(action_sheet_id=sheet_id)

    def _link(self, events: Iterable["AuditEvent"]) -> None:
        """Hash the new events after the last stored one. Must run in the transaction that
        inserts them: on PostgreSQL a transaction-level advisory lock makes concurrent writers
        take their turn until commit, so two events never share a predecessor; SQLite's
        immediate transactions already serialise writers."""
        connection = connections[self.db]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
        previous = (
            AuditEvent._base_manager.using(self.db)
            .order_by("-id")
            .values_list("hash", flat=True)
            .first()
        ) or ""
        for event in events:
            event.at = event.at or timezone.now()
            event.previous_hash = previous
            event.hash = previous = chain_hash(previous, event)

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        with transaction.atomic(using=self.db, savepoint=False):
            self._link(objs)
            created = super().bulk_create(objs, *args, **kwargs)
            _bump({event.contract_id for event in objs}, self.db)
            return created


class AuditEvent(models.Model):
    # Set before the hash is computed (auto_now_add would be overwritten by pre_save).
    at = models.DateTimeField("date", default=timezone.now, editable=False, db_index=True)
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
    previous_hash = models.CharField(
        "empreinte précédente", max_length=64, blank=True, db_default=""
    )
    hash = models.CharField("empreinte", max_length=64, blank=True, db_default="")

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
        using = kwargs.get("using") or router.db_for_write(type(self))
        with transaction.atomic(using=using, savepoint=False):
            AuditEvent.objects.using(using)._link([self])
            super().save(*args, **kwargs)
            _bump({self.contract_id}, using)

    def delete(self, *args, **kwargs):
        raise PermissionError("Le journal des modifications ne s'efface pas.")


class ContractStamp(models.Model):
    """A number that changes in the transaction of every write to a contract's data: the key
    of the pages' cached blocks (``ctai.audit.stamps``, docs/adr/0012-page-cache.md)."""

    # A plain value, as in the trail: no join, no cascade.
    contract_id = models.IntegerField("contrat", primary_key=True)
    version = models.PositiveBigIntegerField("version", default=0)

    class Meta:
        verbose_name = "version des données d'un contrat"
        verbose_name_plural = "versions des données des contrats"

    def __str__(self) -> str:
        return f"contrat n° {self.contract_id} : version {self.version}"
