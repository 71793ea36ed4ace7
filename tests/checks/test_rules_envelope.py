from ctai.checks.enums import Severity
from ctai.checks.rules.envelope import check_envelope

from .builders import make_action, make_budget, make_contract


def envelopes(amount_2026: str) -> list[dict]:
    return [
        {"year": 2026, "amount": amount_2026},
        {"year": 2027, "amount": "150000.00"},
        {"year": 2028, "amount": "150000.00"},
    ]


def test_subsidies_equal_to_envelope_are_fine():
    assert list(check_envelope(make_contract()["contract"])) == []


def test_envelope_exceeded():
    doc = make_contract(state_envelopes=envelopes("15000.00"))
    [finding] = check_envelope(doc["contract"])
    assert (finding.code, finding.severity, finding.action) == (
        "envelope.exceeded",
        Severity.ERREUR,
        None,
    )
    assert finding.figures["p104_requested"] == "16000.00"
    assert finding.figures["difference"] == "1000.00"


def test_carryover_adds_to_the_envelope():
    actions = [
        make_action(1),
        make_action(2, budget=make_budget(p104_carryover=1000, total_cost=11000)),
    ]
    doc = make_contract(actions, state_envelopes=envelopes("15000.00"))
    assert list(check_envelope(doc["contract"])) == []


def test_unallocated_amount_is_an_info():
    doc = make_contract(
        state_envelopes=envelopes("16100.00"), sources={"state_envelopes.2026": 187}
    )
    [finding] = check_envelope(doc["contract"])
    assert (finding.code, finding.severity) == ("envelope.unallocated", Severity.INFO)
    assert finding.figures["difference"] == "-100.00"
    assert finding.lines == (187,)


def test_each_year_against_its_own_envelope():
    actions = [
        make_action(1),
        make_action(1, year=2027, budget=make_budget(p104_subsidy=160000, total_cost=162000)),
    ]
    [finding] = check_envelope(make_contract(actions)["contract"])
    assert finding.year == 2027


def test_year_without_envelope_or_without_subsidies_says_nothing():
    assert list(check_envelope(make_contract(state_envelopes=[])["contract"])) == []
    actions = [make_action(1, budget=make_budget(p104_subsidy=None, local_contribution=10000))]
    assert list(check_envelope(make_contract(actions)["contract"])) == []
