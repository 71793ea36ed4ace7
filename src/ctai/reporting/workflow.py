"""The report's state machine: every transition lists the states it starts from.

    brouillon ──soumettre──▶ soumis ──valider──▶ validé
                               │  ▲
              renvoyer (motif) ▼  │ soumettre
                             à corriger

``OperatorReport.apply_transition`` is the only code that changes ``status``; the services in
``ctai.reporting.services`` check who may do what, lock the row, then call it.
"""

from typing import NamedTuple

from ctai.reporting.enums import ReportStatus

S = ReportStatus


class Transition(NamedTuple):
    code: str  # stored in the transition log
    sources: frozenset[str]
    target: str
    verb: str  # French infinitive, for messages: "Impossible de soumettre…"
    needs_reason: bool = False


SUBMIT = Transition("submit", frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED, "soumettre")
RETURN = Transition(
    "return", frozenset({S.SUBMITTED}), S.RETURNED, "renvoyer pour correction", needs_reason=True
)
VALIDATE = Transition("validate", frozenset({S.SUBMITTED}), S.VALIDATED, "valider")

TRANSITIONS: dict[str, Transition] = {t.code: t for t in (SUBMIT, RETURN, VALIDATE)}
TRANSITION_CHOICES = [
    ("submit", "Soumission"),
    ("return", "Renvoi pour correction"),
    ("validate", "Validation"),
]

# The operator edits its report in these states only; a validated report is read-only.
EDITABLE: frozenset[str] = frozenset({S.DRAFT, S.RETURNED})


def label(status: str) -> str:
    return f"« {S(status).label} »"


def refusal(transition: Transition, status: str) -> str:
    """Why ``transition`` cannot start from ``status``, in French."""
    if status == transition.target:
        return f"Impossible de {transition.verb} ce bilan : il est déjà {label(status)}."
    sources = " ou ".join(label(s) for s in sorted(transition.sources))
    return (
        f"Impossible de {transition.verb} ce bilan : il est {label(status)}, "
        f"et cette action n'est possible que depuis l'état {sources}."
    )
