from ctai.checks.enums import Severity
from ctai.checks.rules.actions import (
    check_numbers,
    check_operator,
    check_operator_listed,
    check_year,
)

from .builders import make_action, make_contract


def run(rule, actions) -> list:
    return list(rule(make_contract(actions)["contract"]))


def test_distinct_numbers_and_same_number_in_another_year_are_fine():
    assert run(check_numbers, [make_action(1), make_action(2), make_action(1, year=2027)]) == []


def test_duplicate_number_in_a_year():
    [finding] = run(check_numbers, [make_action(1), make_action(1, title="Autre")])
    assert (finding.code, finding.severity, finding.action) == (
        "action.duplicate_number",
        Severity.ERREUR,
        1,
    )
    assert "« Action 1 » et « Autre »" in finding.message


def test_missing_number_is_an_info():
    [finding] = run(check_numbers, [make_action(None)])
    assert (finding.code, finding.severity) == ("action.missing_number", Severity.INFO)


def test_year_inside_period_is_fine():
    assert run(check_year, [make_action(1), make_action(2, year=2028)]) == []


def test_year_outside_period():
    [finding] = run(check_year, [make_action(1, year=2029, sources={"year": 12})])
    assert (finding.code, finding.severity, finding.lines) == (
        "action.year_outside_period",
        Severity.ERREUR,
        (12,),
    )


def test_missing_year_is_an_info():
    [finding] = run(check_year, [make_action(1, year=None)])
    assert finding.code == "action.missing_year"


def test_operator_present_is_fine():
    assert run(check_operator, [make_action(1)]) == []


def test_missing_operator():
    [finding] = run(check_operator, [make_action(1, operator="  ")])
    assert (finding.code, finding.severity) == ("action.missing_operator", Severity.ALERTE)


def test_operator_chosen_by_call_for_projects_is_an_info():
    [finding] = run(check_operator, [make_action(1, operator=None, selection_mode="aap")])
    assert finding.severity == Severity.INFO and "appel à projets" in finding.message


def _listed(actions, operators: dict) -> list:
    document = make_contract(actions)["contract"]
    document["axes"] = [{"number": 1, "actions": [1, 2], "operators": operators}]
    document["sources"] = {"axes.1.operators.1": 40}
    return list(check_operator_listed(document))


def test_an_operator_other_than_article_1s_is_an_alerte():
    [finding] = _listed(
        [
            make_action(1, operator="GIP FTLV"),
            make_action(2, operator="Centre de formation CASSIS"),
        ],
        {"1": "Ville de Metz", "2": "CASSIS"},
    )
    assert (finding.code, finding.severity, finding.action) == (
        "action.operator_mismatch",
        Severity.ALERTE,
        1,
    )
    assert "« GIP FTLV »" in finding.message and "« Ville de Metz »" in finding.message
    assert 40 in finding.lines


def test_the_same_operator_written_differently_is_fine():
    assert not _listed(
        [make_action(1, operator="GIP FTLV"), make_action(2, operator="ville de Metz")],
        {"1": "GIP-FTLV/ Maison du FLE", "2": "Ville de Metz et CCAS"},
    )
    # No listed operator, or none written: nothing to compare.
    assert not _listed([make_action(1, operator=None)], {"1": "Ville de Metz"})
    assert not _listed([make_action(1, operator="AFA")], {})
