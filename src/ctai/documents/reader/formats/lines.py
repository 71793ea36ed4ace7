"""The lines built from a structured document (office file or PDF), with their places."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ctai.documents.reader.errors import ReadError

MAX_LINES = 200_000


@dataclass(slots=True)
class Extracted:
    """Text of a document and, for office and PDF files, where each line comes from.

    ``locations[i]`` is the place of line ``i + 1`` in the original file; ``None`` for a
    text export, whose line numbers are the places.
    """

    kind: str
    text: str | bytes
    locations: list[str] | None = None


# A word wrapped at its hyphen ("Valeurs-\ncibles") or after a slash ("goûter/\nrencontre",
# "et/\nou", an address): the line break was the layout's, there was no space.
_BROKEN_INSIDE_WORD = re.compile(r"(?<=\w-)\n(?=[a-zà-ÿ])|(?<=\w/)\n(?=\w)")


def cell_text(text: str) -> str:
    """A cell on one line: tabs and line breaks inside it become spaces, except a word
    wrapped at its hyphen or after a slash, joined back."""
    text = _BROKEN_INSIDE_WORD.sub("", text.replace("\t", " "))
    return " ".join(text.split("\n")).strip()


class LineBuilder:
    """Collects the lines of a converted document and where each comes from."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.lines: list[str] = []
        self.locations: list[str] = []

    def _add(self, text: str, location: str) -> None:
        if len(self.lines) >= MAX_LINES:
            raise ReadError(
                f"{self.label} refusé : plus de {MAX_LINES} lignes, ce n'est pas un contrat."
            )
        self.lines.append(text)
        self.locations.append(location)

    def paragraph(self, text: str, location: str) -> None:
        """A paragraph; a manual line break inside it starts a new line at the same place."""
        for part in text.replace("\r", "\n").split("\n"):
            self._add(part.rstrip(), location)

    def extend_last(self, text: str) -> None:
        """Continue the last line (a paragraph a PDF wrapped over several lines)."""
        self.lines[-1] = cell_text(self.lines[-1] + "\n" + text) if text else self.lines[-1]

    def continue_row(self, cells: list[str]) -> None:
        """Complete the last row with the rest of its cells (a row split by a page break)."""
        previous = self.lines[-1].split("\t")
        previous += [""] * (len(cells) - len(previous))
        merged = [
            cell_text(f"{before}\n{after}") if after else before
            for before, after in zip(previous, [*cells, *[""] * len(previous)], strict=False)
        ]
        while merged and not merged[-1]:
            merged.pop()
        self.lines[-1] = "\t".join(merged)

    def row(self, cells: list[str], location: str) -> None:
        """A table row: its real cells, trailing empty ones dropped."""
        cells = [cell_text(cell) for cell in cells]
        while cells and not cells[-1]:
            cells.pop()
        self._add("\t".join(cells), location)

    def text(self) -> str:
        return "\n".join(self.lines)
