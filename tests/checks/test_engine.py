import copy
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctai.checks.engine import run_checks
from ctai.checks.enums import Severity
from ctai.checks.findings import Finding

from .builders import make_action, make_budget, make_contract
from .metz import metz_contract


def serious(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity in (Severity.ERREUR, Severity.ALERTE)]


def test_consistent_contract_has_no_error_nor_alert():
    assert serious(run_checks(make_contract())) == []


def test_accepts_the_whole_document_or_its_contract_part():
    doc = metz_contract()
    assert run_checks(doc) == run_checks(doc["contract"])


def test_metz_real_mistakes_are_found_and_nothing_else():
    found = [(f.action, f.code, str(f.severity)) for f in run_checks(metz_contract())]
    assert found == [
        (None, "envelope.unallocated", "info"),
        (7, "budget.unit_cost_implied", "info"),
        (8, "budget.funding_gap", "alerte"),
        (9, "axis.mismatch", "erreur"),
        (9, "budget.part_exceeds_whole", "erreur"),
        (9, "budget.resources_total", "erreur"),
        (9, "indicators.no_beneficiaries", "alerte"),
        (10, "budget.unit_cost", "alerte"),
        (10, "indicators.breakdown", "erreur"),
    ]


def test_order_is_contract_then_action_number_then_code():
    actions = [
        make_action(10, budget=make_budget(total_cost=1), operator=None),
        make_action(2, budget=make_budget(total_cost=1)),
    ]
    doc = make_contract(actions, payment_account=None)
    keys = [(f.action is not None, f.action or 0, f.code) for f in run_checks(doc)]
    assert keys == sorted(keys)
    assert keys[0][0] is False


def test_a_failing_rule_becomes_a_finding_not_a_crash():
    def broken(contract):
        raise RuntimeError("boom")

    [finding] = run_checks(make_contract(), rules=[broken])
    assert finding.code == "engine.rule_failed" and finding.figures == {"rule": "broken"}


def test_empty_and_absurd_documents_do_not_crash():
    for doc in ({}, {"format": "ctai/1", "contract": {}}, {"contract": None}, {"actions": "x"}):
        findings = run_checks(doc)
        assert all(f.code != "engine.rule_failed" for f in findings)


JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=True),
    st.text(max_size=6),
    st.sampled_from(["12.00", "-3.00", "0.00", "1e9", "NaN", "Infinity", "1E+30", "12 00", "x"]),
    st.lists(st.none(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.none(), max_size=2),
)


def _paths(node, prefix=()):
    """Every (container, key) of a nested dict/list."""
    if isinstance(node, dict):
        items = node.items()
    elif isinstance(node, list):
        items = enumerate(node)
    else:
        return
    for key, value in items:
        yield node, key
        yield from _paths(value, (*prefix, key))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_missing_or_wrong_values_never_crash(data):
    doc = copy.deepcopy(metz_contract())
    spots = list(_paths(doc))
    for _ in range(data.draw(st.integers(1, 8))):
        container, key = data.draw(st.sampled_from(spots))
        container[key] = data.draw(JUNK)
        spots = list(_paths(doc))
    findings = run_checks(doc)
    assert all(f.code != "engine.rule_failed" for f in findings)
    for finding in findings:
        finding.to_dict()


def test_a_superscript_two_as_a_number_or_a_year_is_no_number():
    """Hypothesis found it: "²" is a digit for str.isdigit() but int() refuses it."""
    doc = copy.deepcopy(metz_contract())
    contract = doc["contract"]
    contract["state_envelopes"][2]["year"] = "²"
    contract["actions"][0]["number"] = "²"
    contract["actions"][1]["year"] = "²²²²"
    findings = run_checks(doc)
    assert all(f.code != "engine.rule_failed" for f in findings)


def test_two_hundred_sheets_are_checked_quickly():
    actions = [make_action(n, axis=1 + n % 4) for n in range(1, 201)]
    doc = make_contract(actions)
    run_checks(doc)  # warm-up
    start = time.perf_counter()
    findings = run_checks(doc)
    elapsed = time.perf_counter() - start
    assert serious(findings) == []
    assert elapsed < 0.5, elapsed  # 12 sheets must stay far below 50 ms; 200 below 0.5 s
