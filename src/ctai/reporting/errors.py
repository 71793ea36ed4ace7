"""Refusals of the reporting domain: French messages for the person, nothing changed.

Views catch ``ReportError`` and show ``messages`` (and ``field_errors`` next to the fields);
``NotAllowed`` is also Django's ``PermissionDenied``, so one that escapes answers 403.
"""

from django.core.exceptions import PermissionDenied


class ReportError(Exception):
    """A refused operation on a report or a reporting period."""

    def __init__(self, *messages: str, field_errors: dict[str, list[str]] | None = None):
        self.field_errors = dict(field_errors or {})
        self.messages = list(messages) or [m for ms in self.field_errors.values() for m in ms]
        super().__init__(" ".join(self.messages))


class NotAllowed(ReportError, PermissionDenied):
    """The person's role does not allow this operation on this report."""


class IllegalTransition(ReportError):
    """The report is not in a state this transition starts from."""


class ReportConflict(ReportError):
    """Someone else saved the report since it was opened (optimistic locking)."""


class ReportInvalid(ReportError):
    """A value cannot be accepted (negative, not a number, wrong line, file refused...)."""


class ReadOnlyReport(ReportError):
    """The report cannot be modified in its state (submitted, validated)."""
