from decimal import Decimal

import pytest

from ctai.checks.enums import Severity
from ctai.checks.findings import Finding
from ctai.core.money import count, euros, figure, parse_amount, percent

NNBSP = "\u202f"


def test_severity_values_and_labels():
    assert [str(s) for s in Severity] == ["erreur", "alerte", "info"]
    assert [s.label for s in Severity] == ["Erreur", "Alerte", "Information"]


def test_finding_accepts_plain_strings_and_refuses_unknown_severity():
    assert Finding("c", "alerte", None, "m").severity == Severity.ALERTE
    with pytest.raises(ValueError):
        Finding("c", "warning", None, "m")


def test_parse_amount():
    assert parse_amount("35000.00") == Decimal("35000.00")
    assert parse_amount("35 000,50") == Decimal("35000.50")
    assert parse_amount(12) == Decimal(12)
    for bad in (None, "", "abc", 1.5, True, "NaN", "Infinity", [], {}, "1E+30", 10**13):
        assert parse_amount(bad) is None, bad


def test_french_formatting():
    assert euros(Decimal("15000")) == f"15{NNBSP}000,00{NNBSP}€"
    assert euros(Decimal("-1234567.005")) == f"-1{NNBSP}234{NNBSP}567,01{NNBSP}€"
    assert euros(Decimal("0")) == f"0,00{NNBSP}€"
    assert figure(Decimal("1234.5")) == "1234.50"
    assert count(Decimal("12.00")) == "12" and count(Decimal("12.5")) == "12,50"
    assert percent(Decimal(1), Decimal(3)) == f"33,33{NNBSP}%"
    assert percent(Decimal(1), Decimal(0)) == "—"
