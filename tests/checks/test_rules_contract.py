import pytest

from ctai.checks.enums import Severity
from ctai.checks.rules.contract import (
    check_envelopes,
    check_negative_amount,
    check_payment_account,
    check_period,
)

from .builders import make_contract


def run(rule, **fields) -> list:
    return list(rule(make_contract(**fields)["contract"]))


@pytest.mark.parametrize(
    "iban",
    [
        "FR27 3000 1005 29C5 7000 0000 016",
        "FR273000100529C570000000016",
        "fr27 3000 1005 29c5 7000 0000 016",
        " FR27  3000 1005 29C5 7000 0000 016 ",
    ],
)
@pytest.mark.parametrize("bic", ["BDFEFRPPCCT", "BDFE FR PP CCT", "bdfefrppcct"])
def test_valid_account_is_never_flagged(iban, bic):
    account = {"holder": "CCAS", "iban": iban, "bic": bic}
    assert run(check_payment_account, payment_account=account) == []


def test_invalid_iban_checksum():
    account = {"holder": "CCAS", "iban": "FR28 3000 1005 29C5 7000 0000 016", "bic": "BDFEFRPPCCT"}
    [finding] = run(
        check_payment_account, payment_account=account, sources={"payment_account.iban": 204}
    )
    assert (finding.code, finding.severity) == ("contract.payment_account", Severity.ERREUR)
    assert "clé de contrôle" in finding.message and finding.lines == (204,)


def test_invalid_bic():
    account = {"holder": "CCAS", "iban": "FR273000100529C570000000016", "bic": "BDFEFRPPC"}
    [finding] = run(check_payment_account, payment_account=account)
    assert "BIC" in finding.message and finding.severity == Severity.ERREUR


def test_missing_account_is_an_info():
    for account in (None, {}, {"holder": None, "iban": None, "bic": None}, "n/a"):
        [finding] = run(check_payment_account, payment_account=account)
        assert finding.severity == Severity.INFO
        assert "IBAN, BIC, titulaire" in finding.message


def test_envelopes_for_each_year_of_the_period_are_fine():
    assert run(check_envelopes) == []


def test_missing_year_of_the_period():
    [finding] = run(check_envelopes, state_envelopes=[{"year": 2026, "amount": "170000.00"}])
    assert (finding.severity, finding.figures["missing_years"]) == (Severity.ALERTE, "2027, 2028")


def test_envelope_outside_period_and_duplicates():
    envelopes = [
        {"year": 2026, "amount": "170000.00"},
        {"year": 2027, "amount": "150000.00"},
        {"year": 2027, "amount": "140000.00"},
        {"year": 2028, "amount": "150000.00"},
        {"year": 2028, "amount": "150000.00"},
        {"year": 2029, "amount": "150000.00"},
    ]
    found = run(check_envelopes, state_envelopes=envelopes)
    assert [(f.severity, f.figures.get("year")) for f in found] == [
        (Severity.ERREUR, "2029"),
        (Severity.ERREUR, "2027"),
        (Severity.ALERTE, "2028"),
    ]


def test_envelope_checks_without_period_or_with_partial_entries():
    assert run(check_envelopes, start=None, end=None) == []
    [finding] = run(check_envelopes, start=None, state_envelopes=[{"year": 2026, "amount": None}])
    assert finding.severity == Severity.INFO


def test_period_end_before_start():
    assert run(check_period) == []
    [finding] = run(check_period, start="2028-12-31", end="2026-01-01")
    assert finding.severity == Severity.ERREUR
    assert run(check_period, start=None) == []


def test_negative_envelope_or_axis():
    assert run(check_negative_amount) == []
    found = run(
        check_negative_amount,
        state_envelopes=[{"year": 2026, "amount": "-1.00"}],
        axes=[{"number": 1, "title": "A", "declared_amount": "-5.00", "actions": []}],
    )
    assert [f.code for f in found] == ["contract.negative_amount"] * 2
