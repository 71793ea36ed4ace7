"""How serious a finding (constat) is: the one enumeration of the checks.

A plain ``StrEnum``, not a Django ``TextChoices``: the engine and the rules are pure Python
(they also run on a document read from a file, without Django). The model field takes its
choices from ``SEVERITY_CHOICES``; values are the ones stored and exchanged, labels French.
"""

from enum import StrEnum


class Severity(StrEnum):
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
SEVERITY_CHOICES: list[tuple[str, str]] = [(s.value, SEVERITY_LABELS[s]) for s in Severity]
