from decimal import Decimal

from ctai.checks.enums import Severity
from ctai.checks.rules.budget import (
    check_funding_gap,
    check_negative_amount,
    check_part_exceeds_whole,
    check_parts_vs_declared,
    check_resources_total,
    check_unreadable_amount,
)
from ctai.core.money import euros

from .builders import make_action, make_budget, make_contract


def contract_with(**budget_fields) -> dict:
    action = make_action(1, budget=make_budget(**budget_fields))
    return make_contract([action])["contract"]


def run(rule, **budget_fields) -> list:
    return list(rule(contract_with(**budget_fields)))


# budget.resources_total -------------------------------------------------------------


def test_resources_equal_total_cost_is_silent():
    assert run(check_resources_total) == []


def test_missing_resources_gives_the_gap_and_both_fixes():
    [finding] = run(
        check_resources_total, p104_subsidy=35000, local_contribution=20000, total_cost=70000
    )
    assert finding.code == "budget.resources_total"
    assert finding.severity == Severity.ERREUR
    assert finding.action == 1
    assert finding.figures["difference"] == "15000.00"
    assert finding.figures["resources"] == "55000.00"
    assert f"il manque {euros(Decimal(15000))} de ressources".lower() in finding.message.lower()
    assert f"le coût total devrait être {euros(Decimal(55000))}" in finding.message
    assert (
        "subvention P104" in finding.message
        and "contribution de la collectivité" in finding.message
    )


def test_resources_above_total_cost():
    [finding] = run(check_resources_total, p104_subsidy=9000, total_cost=10000)
    assert finding.figures["difference"] == "-1000.00"
    assert "en trop" in finding.message


def test_local_parts_are_used_when_the_contribution_is_missing():
    assert (
        run(check_resources_total, local_contribution=None, local_direct=1500, local_in_kind=500)
        == []
    )
    [finding] = run(
        check_resources_total, local_contribution=None, local_direct=1000, local_in_kind=500
    )
    assert "ses parts « dont » sont additionnées" in finding.message


def test_other_funders_parts_and_lines_when_not_declared():
    assert (
        run(
            check_resources_total,
            total_cost=25000,
            p147=10000,
            other_lines=[("Autofinancement", 5000)],
        )
        == []
    )


def test_lines_are_detail_of_declared_other_funders():
    # 8 000 + 2 000 + 5 000 = 15 000 ; the line details the 5 000 and is not added again
    assert (
        run(
            check_resources_total,
            total_cost=15000,
            other_funders=5000,
            other_lines=[("Fondation X", 5000)],
        )
        == []
    )


def test_lines_stand_alone_when_parts_already_complete_other_funders():
    # Metz sheet 8: 12 000 + 3 000 + 3 600 (= privés 3 600) + 5 000 + 6 400 = 30 000
    found = run(
        check_resources_total,
        p104_subsidy=12000,
        local_contribution=3000,
        other_funders=3600,
        private=3600,
        total_cost=30000,
        other_lines=[(None, 5000), ("Recherche de financement en cours", 6400)],
    )
    assert found == []


def test_gap_equal_to_an_uncounted_part_is_pointed_at():
    # Metz sheet 9: the 5 000 in kind sits on top of a 4 155 local contribution
    [finding] = run(
        check_resources_total,
        p104_subsidy=16620,
        local_contribution=4155,
        local_in_kind=5000,
        total_cost=25775,
    )
    assert finding.figures["difference"] == "5000.00"
    assert "contributions en nature" in finding.message.split("L'écart correspond")[1]


def test_missing_total_is_an_info_not_an_error():
    [finding] = run(check_resources_total, total_cost=None)
    assert (finding.code, finding.severity) == ("budget.missing_total", Severity.INFO)


def test_no_resources_for_a_total_is_an_info():
    [finding] = run(check_resources_total, p104_subsidy=None, local_contribution=None)
    assert (finding.code, finding.severity) == ("budget.missing_resources", Severity.INFO)


def test_empty_budget_says_nothing():
    assert (
        run(check_resources_total, p104_subsidy=None, local_contribution=None, total_cost=None)
        == []
    )


def test_line_without_amount_stops_the_sum_instead_of_guessing():
    assert run(check_resources_total, total_cost=20000, other_lines=[("Région", None)]) == []
    [finding] = run(check_unreadable_amount, other_lines=[("Région", None)])
    assert "« Région » (aucun montant)" in finding.message


def test_unreadable_amount_is_reported_and_not_used():
    assert run(check_resources_total, local_contribution="deux mille") == []
    [finding] = run(check_unreadable_amount, local_contribution="deux mille")
    assert finding.severity == Severity.INFO and "« deux mille »" in finding.message


def test_lines_come_from_sources():
    action = make_action(
        1,
        budget=make_budget(total_cost=11000),
        sources={"budget.p104_subsidy": 422, "budget.total_cost": 434},
    )
    [finding] = check_resources_total(make_contract([action])["contract"])
    assert finding.lines == (422, 434)


# budget.part_exceeds_whole ------------------------------------------------------------


def test_part_above_local_contribution():
    [finding] = run(check_part_exceeds_whole, local_contribution=4155, local_in_kind=5000)
    assert finding.severity == Severity.ERREUR
    assert finding.figures == {"local_contribution": "4155.00", "parts": "5000.00"}
    assert finding.year == 2026


def test_parts_sum_above_whole_is_reported_once():
    [finding] = run(
        check_part_exceeds_whole, local_contribution=2000, local_direct=1500, local_in_kind=1000
    )
    assert "dépassent la contribution de la collectivité" in finding.message
    assert finding.figures["parts"] == "2500.00"


def test_parts_within_whole_are_fine():
    assert (
        run(
            check_part_exceeds_whole,
            local_contribution=2000,
            local_direct=1500,
            local_in_kind=500,
            other_funders=8000,
            p147=3000,
            private=5000,
        )
        == []
    )


def test_other_funders_part_above_whole():
    [finding] = run(check_part_exceeds_whole, other_funders=1000, fami=3000)
    assert "les contributions des autres financeurs" in finding.message


# budget.parts_vs_declared --------------------------------------------------------------


def test_detail_below_declared_other_funders():
    [finding] = run(check_parts_vs_declared, other_funders=8000, private=3000)
    assert finding.severity == Severity.ALERTE
    assert finding.figures["difference"] == "5000.00"


def test_detail_with_lines_above_declared():
    [finding] = run(
        check_parts_vs_declared, other_funders=3000, other_lines=[("A", 2000), ("B", 2000)]
    )
    assert finding.figures["detail"] == "4000.00"


def test_detail_equal_to_declared_or_absent_is_fine():
    assert run(check_parts_vs_declared, other_funders=8000, private=8000) == []
    assert run(check_parts_vs_declared, other_funders=8000) == []
    assert run(check_parts_vs_declared, p147=8000) == []


def test_parts_above_declared_are_left_to_part_exceeds_whole():
    assert run(check_parts_vs_declared, other_funders=1000, fami=3000) == []


# budget.funding_gap --------------------------------------------------------------------


def test_unsecured_line_is_named_with_its_amount():
    [finding] = run(
        check_funding_gap,
        p104_subsidy=12000,
        local_contribution=3000,
        other_funders=3600,
        private=3600,
        total_cost=30000,
        other_lines=[(None, 5000), ("Recherche de financement en cours", 6400, 3368)],
    )
    assert finding.severity == Severity.ALERTE
    assert finding.figures["unsecured"] == "6400.00"
    assert finding.figures["secured"] == "23600.00"
    assert finding.lines == (3368,)
    assert "« Recherche de financement en cours »" in finding.message


def test_unsecured_labels_are_matched_without_accents_or_case():
    for label in (
        "Subvention Région SOLLICITÉE",
        "Mécénat à trouver",
        "CAF (en attente)",
        "Fonds demandé au Département",
    ):
        found = run(check_funding_gap, total_cost=11000, other_lines=[(label, 1000)])
        assert len(found) == 1, label


def test_secured_lines_are_not_flagged():
    assert run(check_funding_gap, total_cost=11000, other_lines=[("Autofinancement", 1000)]) == []
    assert (
        run(check_funding_gap, total_cost=11000, other_lines=[("Concours de la CAF", 1000)]) == []
    )


def test_shortfall_alone_is_the_resources_error_not_a_funding_gap():
    assert run(check_funding_gap, total_cost=50000) == []


# budget.negative_amount ----------------------------------------------------------------


def test_negative_amount():
    [finding] = run(check_negative_amount, local_contribution=-2000, total_cost=6000)
    assert finding.severity == Severity.ERREUR
    assert finding.figures["local_contribution"] == "-2000.00"


def test_zero_and_positive_amounts_are_fine():
    assert run(check_negative_amount, p104_carryover=0) == []
