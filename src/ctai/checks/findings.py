"""A finding (constat): one inconsistency found by a check, with its figures and source lines."""

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """How serious a finding is. Values are the ones stored and exchanged; labels are French."""

    ERREUR = "erreur"  # the document contradicts itself: must be corrected
    ALERTE = "alerte"  # probably wrong or incomplete: to be checked by a person
    INFO = "info"  # worth knowing (figures missing, amounts left unallocated...)

    @property
    def label(self) -> str:
        return SEVERITY_LABELS[self]

    @property
    def rank(self) -> int:
        return SEVERITY_RANK[self]


SEVERITY_LABELS: dict[str, str] = {
    Severity.ERREUR: "Erreur",
    Severity.ALERTE: "Alerte",
    Severity.INFO: "Information",
}
SEVERITY_PLURALS: dict[str, tuple[str, str]] = {
    Severity.ERREUR: ("erreur", "erreurs"),
    Severity.ALERTE: ("alerte", "alertes"),
    Severity.INFO: ("information", "informations"),
}
SEVERITY_RANK: dict[str, int] = {Severity.ERREUR: 0, Severity.ALERTE: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class Finding:
    """One constat.

    ``code`` is stable (``budget.resources_total``); ``action`` is the action-sheet number or
    ``None`` for a contract-level finding; ``figures`` maps a name to a Decimal written with two
    decimals ("1234.00") or to a short text; ``lines`` are 1-based lines of the source document
    (from ``sources`` and ``line`` in the ctai/1 dict), empty when unknown.
    """

    code: str
    severity: str
    action: int | None
    message: str
    figures: dict[str, str] = field(default_factory=dict)
    lines: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        if self.severity not in SEVERITY_RANK:
            raise ValueError(f"Unknown severity {self.severity!r}")
        object.__setattr__(self, "severity", Severity(self.severity))

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "action": self.action,
            "message": self.message,
            "figures": dict(self.figures),
            "lines": list(self.lines),
        }
