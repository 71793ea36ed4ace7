"""How achievement statuses are shown: a colour AND a text label (never the colour alone)."""

from ctai.reporting.enums import AchievementStatus

A = AchievementStatus
# Bootstrap's text-bg-* classes keep the text readable on its colour (contrast ≥ 4.5:1).
STATUS_CLASSES = {
    A.REACHED: "text-bg-success",
    A.ON_TRACK: "text-bg-warning",
    A.BEHIND: "text-bg-danger",
    A.MISSING: "text-bg-light border",
    A.NO_TARGET: "text-bg-secondary",
    A.NOT_APPLICABLE: "text-bg-secondary",
}
# The dashboard's four words for a sheet (plus "pas de bilan" before any report).
SHEET_LABELS = {
    A.REACHED: "Atteint",
    A.ON_TRACK: "En bonne voie",
    A.BEHIND: "En retard",
    A.NOT_APPLICABLE: "Sans objet",
    A.MISSING: "Non renseigné",
}
NO_REPORT = ("Pas de bilan", "text-bg-light border")


def status_badge(status: str) -> tuple[str, str]:
    """(French label, CSS class) of an indicator's status."""
    return A(status).label, STATUS_CLASSES.get(status, "text-bg-secondary")
