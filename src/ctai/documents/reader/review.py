"""What the reader could not place with confidence, for a person to review."""

from __future__ import annotations

from ctai.documents.reader.lines import Line

COORDINATOR_TO_COMPLETE = (
    "Organisation coordinatrice introuvable dans le document : à compléter (elle est "
    "exigée pour valider une programmation)."
)


def coordinator_item() -> dict[str, object]:
    """The review item of a document that names no coordinating organisation."""
    return {
        "line": None,
        "action": None,
        "field": "coordinator",
        "text": None,
        "reason": COORDINATOR_TO_COMPLETE,
    }


class ReviewList:
    """Collects review items in document order: line, action, field, raw text, reason."""

    def __init__(self) -> None:
        self.items: list[dict[str, object]] = []

    def add(
        self,
        line: Line | None,
        reason: str,
        *,
        action: int | None = None,
        field: str | None = None,
        text: str | None = None,
    ) -> None:
        self.items.append(
            {
                "line": line.no if line is not None else None,
                "action": action,
                "field": field,
                "text": text if text is not None else (line.raw if line is not None else None),
                "reason": reason,
            }
        )

    def sorted(self) -> list[dict[str, object]]:
        # Items without a line (whole-document remarks) come first.
        return sorted(self.items, key=lambda item: item["line"] or 0)
