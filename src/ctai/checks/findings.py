"""A finding (constat): one inconsistency found by a check, with its figures and source lines."""

from dataclasses import dataclass, field

from ctai.checks.enums import SEVERITY_RANK, Severity


@dataclass(frozen=True)
class Finding:
    """One constat.

    ``code`` is stable (``budget.resources_total``); ``action`` is the action-sheet number or
    ``None`` for a contract-level finding; ``year`` the programme year it is about (that of the
    sheet, or of the envelope), ``None`` when it is about no single year; ``figures`` maps a
    name to a Decimal written with two decimals ("1234.00") or to a short text; ``lines`` are
    1-based lines of the source document (from ``sources`` and ``line`` in the ctai/1 dict),
    empty when unknown.
    """

    code: str
    severity: str
    action: int | None
    message: str
    figures: dict[str, str] = field(default_factory=dict)
    lines: tuple[int, ...] = ()
    year: int | None = None

    def __post_init__(self) -> None:
        if self.severity not in SEVERITY_RANK:
            raise ValueError(f"Unknown severity {self.severity!r}")
        object.__setattr__(self, "severity", Severity(self.severity))

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "severity": str(self.severity),
            "action": self.action,
            "year": self.year,
            "message": self.message,
            "figures": dict(self.figures),
            "lines": list(self.lines),
        }
