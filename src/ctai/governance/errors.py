"""Refusals of the governance domain: French messages for the person, nothing changed."""

from django.core.exceptions import PermissionDenied


class GovernanceError(Exception):
    """A refused operation on a meeting or a decision; ``field_errors`` go next to fields."""

    def __init__(self, *messages: str, field_errors: dict[str, list[str]] | None = None):
        self.field_errors = dict(field_errors or {})
        self.messages = list(messages) or [m for ms in self.field_errors.values() for m in ms]
        super().__init__(" ".join(self.messages))


class NotAllowed(GovernanceError, PermissionDenied):
    """Only the coordination of the contract edits meetings and decisions."""
