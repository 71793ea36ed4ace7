"""The one error the document reader raises."""

from __future__ import annotations

ACCEPTED = (
    "Formats acceptés : Word (.docx), OpenDocument (.odt), PDF contenant du texte, "
    "ou texte exporté (.txt)."
)


class ReadError(Exception):
    """A document that cannot be read at all (empty, binary, too large, no action sheet).

    ``message`` is French and meant for the person who sent the file; ``line`` is the
    1-based line concerned, or ``None`` when the problem is the whole file.
    """

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self) -> str:
        return self.message
