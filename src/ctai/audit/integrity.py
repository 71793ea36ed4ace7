"""Checking the audit trail's hash chain: the first event that does not follow from the one
before it, if any (``ctai audit verify``)."""

from dataclasses import dataclass

from ctai.audit.models import AuditEvent, chain_hash


@dataclass(frozen=True)
class Break:
    event_id: int
    at: str
    model: str
    problem: str

    def message(self) -> str:
        return (
            f"Journal des modifications altéré : premier événement en défaut n° {self.event_id} "
            f"({self.model}, {self.at}) : {self.problem}"
        )


def first_break() -> tuple[int, Break | None]:
    """(events checked, first break or None), in id order, reading 2 000 rows at a time."""
    previous = ""
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        problem = ""
        if event.previous_hash != previous:
            problem = (
                "son empreinte précédente ne correspond pas à l'événement qui le précède "
                "(un événement a été supprimé ou inséré avant lui)."
            )
        elif event.hash != chain_hash(previous, event):
            problem = (
                "son contenu ne correspond plus à son empreinte (modifié, ou inséré directement "
                "dans la base)."
            )
        if problem:
            return checked, Break(
                event.id, f"{event.at:%d/%m/%Y %H:%M:%S}", event.model or "?", problem
            )
        previous = event.hash
        checked += 1
    return checked, None


def head() -> str:
    """The last event's hash: note it elsewhere to detect, later, the removal of the last
    events (which the chain alone cannot show)."""
    return AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first() or ""
