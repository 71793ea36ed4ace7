from ctai.checks.enums import Severity
from ctai.checks.rules.indicators import (
    check_breakdown,
    check_missing_targets,
    check_no_beneficiaries,
)

from .builders import make_action, make_contract, make_indicator


def run(rule, **fields) -> list:
    return list(rule(make_contract([make_action(1, **fields)])["contract"]))


def rows(**targets) -> list[dict]:
    return [
        make_indicator(code, value, line=100 + i) for i, (code, value) in enumerate(targets.items())
    ]


def test_consistent_breakdown_is_fine():
    assert run(check_breakdown) == []
    assert (
        run(
            check_breakdown,
            indicators=rows(ben_total=12, ben_men=10, ben_women=2, ben_under25=12, ben_bpi=10),
        )
        == []
    )


def test_men_plus_women_above_total():
    [finding] = run(check_breakdown, indicators=rows(ben_total=12, ben_men=10, ben_women=5))
    assert (finding.code, finding.severity) == ("indicators.breakdown", Severity.ERREUR)
    assert finding.figures["sum"] == "15.00"
    assert finding.lines == (100, 101, 102)


def test_each_part_above_its_parent():
    for code in ("ben_under25", "ben_bpi", "ben_bpt", "ben_non_epa"):
        [finding] = run(check_breakdown, indicators=rows(ben_total=10, **{code: 11}))
        assert finding.severity == Severity.ERREUR, code
    [finding] = run(check_breakdown, indicators=rows(ben_bpi=5, ben_bpi_under25=6))
    assert "dont BPI moins de 25 ans" in finding.message


def test_single_part_above_is_reported_once_not_again_as_a_sum():
    found = run(check_breakdown, indicators=rows(ben_total=10, ben_men=11, ben_women=1))
    assert len(found) == 1


def test_bpi_plus_bpt_above_total_is_an_alert():
    [finding] = run(check_breakdown, indicators=rows(ben_total=10, ben_bpi=6, ben_bpt=5))
    assert finding.severity == Severity.ALERTE
    assert "à la fois BPI et BPT" in finding.message


def test_bpi_men_plus_women_above_bpi():
    [finding] = run(check_breakdown, indicators=rows(ben_bpi=5, ben_bpi_men=3, ben_bpi_women=3))
    assert finding.severity == Severity.ERREUR


def test_percentages_and_missing_targets_are_not_compared():
    indicators = [
        make_indicator("ben_total", 12),
        make_indicator("ben_women", 50, target_text="50 %"),
    ]
    assert run(check_breakdown, indicators=indicators) == []
    assert run(check_breakdown, indicators=rows(ben_total=None, ben_men=10)) == []


def test_ticked_theme_with_a_target_is_fine():
    assert run(check_missing_targets) == []
    # an operator's own row in the section counts, a text target counts
    own = make_indicator(
        None, None, label="Nombre de ménages logés", section="logement", target_text="une dizaine"
    )
    assert run(check_missing_targets, themes=["logement"], indicators=[own]) == []


def test_ticked_theme_without_target():
    indicators = [
        make_indicator("ben_total", 10),
        make_indicator("hous_households", None, section="logement"),
    ]
    [finding] = run(check_missing_targets, themes=["logement"], indicators=indicators)
    assert (finding.code, finding.severity) == ("indicators.missing_targets", Severity.ALERTE)
    assert "« Accès au logement »" in finding.message


def test_professional_french_uses_the_french_section_and_promotion_is_not_checked():
    assert run(check_missing_targets, themes=["francais_pro", "promotion"]) == []
    [finding] = run(check_missing_targets, themes=["francais_pro"], indicators=[])
    assert finding.figures["theme"] == "francais_pro"


def test_beneficiary_target_present():
    assert run(check_no_beneficiaries) == []
    actors = [make_indicator("actors_trained", 30, section="acteurs_integration")]
    assert run(check_no_beneficiaries, indicators=actors) == []
    words = [make_indicator("ben_total", None, target_text="24 x 2")]
    assert run(check_no_beneficiaries, indicators=words) == []


def test_no_beneficiaries():
    [finding] = run(check_no_beneficiaries, indicators=[make_indicator("ben_total", None)])
    assert (finding.code, finding.severity) == ("indicators.no_beneficiaries", Severity.ALERTE)


def test_coordination_only_sheet_needs_no_beneficiaries():
    assert run(check_no_beneficiaries, themes=["coordination"], indicators=[]) == []
    assert len(run(check_no_beneficiaries, themes=["coordination", "francais"], indicators=[])) == 1


def test_broken_indicator_lists_say_nothing():
    for broken in (None, "x", [None, 3, {"code": 5, "target": []}]):
        assert run(check_breakdown, indicators=broken) == []
        assert run(check_missing_targets, indicators=broken, themes=None) == []
