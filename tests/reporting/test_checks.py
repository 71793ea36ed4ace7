"""Checks on a report: pure functions over its figures (no database)."""

from decimal import Decimal

import pytest

from ctai.budget.figures import from_stored
from ctai.reporting.checks import (
    IndicatorFigures,
    ReportFigures,
    achievement_rate,
    on_track_threshold,
    run_report_checks,
)
from ctai.reporting.enums import AchievementStatus as A

D = Decimal


def row(code, value, target=None, *, unit="count", comment="", text=None, label=None, pk=None):
    return IndicatorFigures(
        indicator_id=pk or hash(code or label) % 1000,
        code=code,
        label=label or code,
        section="beneficiaires",
        unit=unit,
        target=None if target is None else D(target),
        target_text=text if text is not None else ("" if target is None else str(target)),
        value=None if value is None else D(value),
        comment=comment,
    )


def figures(*indicators, kind="final", spending=None, subsidy="8000", carryover=None):
    return ReportFigures(
        sheet_number=4,
        year=2026,
        kind=kind,
        indicators=tuple(indicators),
        budget=from_stored(
            {
                "p104_subsidy": None if subsidy is None else D(subsidy),
                "p104_carryover": None if carryover is None else D(carryover),
            }
        ),
        spending={
            k: D(v) for k, v in ({"p104_subsidy": "8000"} if spending is None else spending).items()
        },
    )


def codes(findings):
    return [(f.code, str(f.severity)) for f in findings]


def plain(text: str) -> str:
    return text.replace("\u202f", " ")


def test_a_consistent_report_has_no_finding():
    report = figures(row("ben_total", 40, 40), row("ben_men", 20, 20), row("ben_women", 20, 20))
    assert run_report_checks(report) == []


def test_men_and_women_above_the_total_is_an_erreur_with_the_programmation_wording():
    [finding] = run_report_checks(
        figures(row("ben_total", 40, 40), row("ben_men", 25, 20), row("ben_women", 20, 20))
    )
    assert (finding.code, finding.severity, finding.action) == ("report.breakdown", "erreur", 4)
    assert finding.message == (
        "Valeurs réalisées : « dont hommes » (25) + « dont femmes » (20) = 45 dépasse "
        "« Nombre total d'étrangers éligibles bénéficiaires de l'action » (40) : corrigez la "
        "répartition, ou portez le total à au moins 45."
    )
    assert finding.year == 2026


def test_a_part_alone_above_its_total_and_bpi_plus_bpt():
    findings = run_report_checks(
        figures(
            row("ben_total", 10, 10),
            row("ben_bpi", 12, 5),
            row("ben_bpt", 5, 5),
            row("ben_under25", 3, 3),
        )
    )
    assert codes(findings) == [("report.breakdown", "erreur")]
    findings = run_report_checks(
        figures(row("ben_total", 10, 10), row("ben_bpi", 6, 5), row("ben_bpt", 6, 5))
    )
    assert codes(findings) == [("report.breakdown", "alerte")]
    assert "(une personne ne peut être à la fois BPI et BPT)" in findings[0].message


@pytest.mark.parametrize(
    ("spent", "carryover", "found"),
    [
        ({"p104_subsidy": "8000.00"}, None, []),
        ({"p104_subsidy": "8000.01"}, None, [("report.spending_exceeds_granted", "erreur")]),
        ({"p104_subsidy": "8000", "p104_carryover": "500"}, "500", []),
        (
            {"p104_subsidy": "8000", "p104_carryover": "600"},
            "500",
            [("report.spending_exceeds_granted", "erreur")],
        ),
    ],
)
def test_p104_spending_stays_within_granted_plus_carried_over(spent, carryover, found):
    assert codes(run_report_checks(figures(spending=spent, carryover=carryover))) == found


def test_the_spending_message_gives_every_figure():
    [finding] = run_report_checks(figures(spending={"p104_subsidy": "9000"}, carryover="500"))
    assert plain(finding.message).startswith(
        "Les dépenses réalisées sur les crédits P104 (9 000,00 €) dépassent la subvention "
        "accordée (8 000,00 €) et les reliquats disponibles (500,00 €), soit 8 500,00 € : "
        "écart de 500,00 €."
    )
    assert finding.figures["difference"] == "500.00"


def test_p104_not_reported_on_a_final_report_is_an_alerte():
    report = figures(spending={"total_cost": "100"})
    assert codes(run_report_checks(report)) == [("report.missing_spending", "alerte")]
    intermediate = figures(spending={"total_cost": "100"}, kind="intermediaire")
    assert run_report_checks(intermediate) == []
    assert run_report_checks(figures(spending={}, subsidy=None)) == []


def test_targeted_indicators_without_value_are_reported():
    findings = run_report_checks(
        figures(
            row("ben_total", None, 40),
            row(None, None, None, label="Sans objectif"),
            row("actors_identity", None, unit="text", text="Bénévoles"),
            row("pro_tools", None, unit="text", text="Guides", comment="Deux guides."),
        )
    )
    messages = [f.message for f in findings if f.code == "report.missing_value"]
    assert messages == [
        "« ben_total » a pour objectif « 40 » mais aucune valeur réalisée n'est renseignée : "
        "indiquez-la (0 si rien n'a été réalisé), avec un commentaire si besoin.",
        "« actors_identity » a pour objectif « Bénévoles » mais aucun commentaire n'est "
        "renseigné : décrivez ce qui a été réalisé.",
    ]


def test_behind_target_is_noted_on_final_reports_unless_explained():
    behind = row(None, 30, 50, label="Nombre de structures mobilisées")
    [finding] = run_report_checks(figures(behind))
    assert (finding.code, finding.severity) == ("report.behind_target", "info")
    assert plain(finding.message) == (
        "« Nombre de structures mobilisées » : 30 réalisé(s) pour un objectif de 50, soit "
        "60,00 % (en retard : moins de 75 %). Expliquez l'écart dans le commentaire de "
        "l'indicateur."
    )
    explained = row(None, 30, 50, label="Nombre", comment="Deux partenaires ont fermé.")
    assert run_report_checks(figures(explained)) == []
    assert run_report_checks(figures(behind, kind="intermediaire")) == []


@pytest.mark.parametrize(
    ("value", "target", "rate"),
    [
        (42, 40, "1.05"),
        (2, 3, "0.6667"),
        (0, 5, "0"),
        (5, 0, None),
        (None, 5, None),
        (5, None, None),
    ],
)
def test_achievement_rate(value, target, rate):
    def as_decimal(v):
        return None if v is None else D(v)

    assert achievement_rate(as_decimal(value), as_decimal(target)) == as_decimal(rate)


@pytest.mark.parametrize(
    ("indicator", "status"),
    [
        (row("ben_total", 40, 40), A.REACHED),
        (row("ben_total", 45, 40), A.REACHED),
        (row("ben_total", 30, 40), A.ON_TRACK),  # exactly 75 %
        (row("ben_total", 29, 40), A.BEHIND),
        (row("ben_total", None, 40), A.MISSING),
        (row("ben_total", 12, None), A.NO_TARGET),
        (row(None, 12, None, text="Au regard des montants", label="x"), A.NO_TARGET),
        (row("fr_hourly_cost", 20, 15, unit="euros"), A.NOT_APPLICABLE),
        (row("emp_duration", 9, 9, unit="months"), A.NOT_APPLICABLE),
        (row("fr_share", 40, 50, unit="percent", text="50 %"), A.ON_TRACK),
    ],
)
def test_status_against_the_default_threshold(indicator, status):
    assert indicator.status() == status


def test_the_on_track_threshold_comes_from_the_settings(settings):
    assert on_track_threshold() == D("0.75")
    settings.CTAI_ON_TRACK_THRESHOLD = 60
    assert row("ben_total", 25, 40).status() == A.ON_TRACK
    del settings.CTAI_ON_TRACK_THRESHOLD
    assert on_track_threshold() == D("0.75")  # the default when the setting is absent


def test_findings_come_most_serious_first():
    findings = run_report_checks(
        figures(
            row(None, 1, 50, label="x"),
            row(None, None, 5, label="y"),
            row("ben_total", 40, 40),
            row("ben_men", 50, 20),
        )
    )
    assert [(f.code, str(f.severity)) for f in findings] == [
        ("report.breakdown", "erreur"),
        ("report.missing_value", "alerte"),
        ("report.behind_target", "info"),
    ]
