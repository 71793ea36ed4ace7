from ctai.checks.enums import Severity
from ctai.checks.rules.unit_cost import check_unit_cost

from .builders import make_action, make_budget, make_contract, make_indicator


def run(indicators=None, **budget_fields) -> list:
    fields = {"budget": make_budget(**budget_fields)}
    if indicators is not None:
        fields["indicators"] = indicators
    return list(check_unit_cost(make_contract([make_action(1, **fields)])["contract"]))


def test_unit_cost_matching_total_over_beneficiaries_is_fine():
    assert run(unit_cost=500) == []  # 10 000 / 20


def test_rounding_within_tolerance_is_fine():
    # Metz sheet 7: 2 000 / 48 = 41,666… written 41,66
    indicators = [make_indicator("ben_total", 48)]
    assert (
        run(
            indicators,
            p104_subsidy=1600,
            local_contribution=400,
            total_cost=2000,
            unit_cost="41.66",
        )
        == []
    )


def test_wrong_unit_cost_fires_with_the_expected_value():
    [finding] = run(unit_cost=600)
    assert (finding.code, finding.severity) == ("budget.unit_cost", Severity.ALERTE)
    assert finding.figures["expected_unit_cost"] == "500.00"
    assert finding.figures["beneficiaries"] == "20.00"
    assert "16,67 bénéficiaires" in finding.message


def test_actors_trained_when_no_beneficiary_row():
    indicators = [make_indicator("actors_trained", 40, section="acteurs_integration")]
    assert run(indicators, unit_cost=250) == []
    [finding] = run(indicators, unit_cost=500)
    assert "acteurs formés" in finding.message


def test_no_beneficiaries_gives_the_implied_number_as_info():
    [finding] = run([], unit_cost=250)
    assert (finding.code, finding.severity) == ("budget.unit_cost_implied", Severity.INFO)
    assert finding.figures["implied_beneficiaries"] == "40.00"


def test_beneficiaries_written_in_words_are_not_converted():
    indicators = [make_indicator("ben_total", None, target_text="24 x 2")]
    [finding] = run(indicators, unit_cost=250)
    assert finding.code == "budget.unit_cost_implied"
    assert "« 24 x 2 »" in finding.message


def test_missing_unit_cost_total_or_zero_beneficiaries_say_nothing():
    assert run() == []
    assert run(unit_cost=500, total_cost=None) == []
    assert run([make_indicator("ben_total", 0)], unit_cost=500) == []
