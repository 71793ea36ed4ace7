"""French number reader: amounts, percentages, durations, targets, formatting."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ctai.core.numbers import (
    format_amount,
    format_french_number,
    parse_french_amount,
    parse_french_duration,
    parse_french_percentage,
    read_french_number,
    read_target,
    scan_number,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("35 000", "35000"),
        ("35 000 €", "35000"),
        ("35\u00a0000\u00a0€", "35000"),
        ("35\u202f000 €", "35000"),
        ("35\u2009000,00", "35000.00"),
        ("1 500,00", "1500.00"),
        ("1.500,00 €", "1500.00"),
        ("1.500.000", "1500000"),
        ("41,66 €", "41.66"),
        ("2500", "2500"),
        ("0", "0"),
        ("9 000 euros", "9000"),
        ("-1 200", "-1200"),
        ("− 1 200 €", "-1200"),
        ("0.20", "0.20"),
        ("12,5", "12.5"),
        ("3 k€", "3000"),
    ],
)
def test_amounts(text, expected):
    assert parse_french_amount(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    ["", "   ", None, "abc", "Montant total de l'action 1600", "12,3,4", "80 %", "9 mois", "1er"],
)
def test_not_an_amount(text):
    assert parse_french_amount(text) is None


def test_amounts_are_decimals_never_floats():
    assert isinstance(parse_french_amount("41,66"), Decimal)


@pytest.mark.parametrize(("text", "value"), [("12 00", "1200"), ("64 00 €", "6400")])
def test_irregular_grouping_is_read_and_doubtful(text, value):
    number = read_french_number(text)
    assert number.value == Decimal(value)
    assert "irrégulier" in number.doubt
    assert parse_french_amount(text) == Decimal(value)


def test_dot_alone_before_three_digits_is_read_as_thousands_with_a_doubt():
    number = read_french_number("1.500")
    assert number.value == Decimal("1500")
    assert number.doubt is not None


def test_regular_writings_have_no_doubt():
    for text in ("35 000", "1.500,00 €", "41,66 €", "2 864"):
        assert read_french_number(text).doubt is None


def test_percentages_and_durations():
    assert parse_french_percentage("80 %") == Decimal("80")
    assert parse_french_percentage("12,5%") == Decimal("12.5")
    assert parse_french_percentage("80") is None
    assert parse_french_duration("9 mois") == (Decimal("9"), "mois")
    assert parse_french_duration("228 h") == (Decimal("228"), "h")
    assert parse_french_duration("3") is None


def test_scan_number_inside_a_sentence():
    number = scan_number("Montant total de l'action 1600")
    assert number.value == Decimal("1600")


@pytest.mark.parametrize(
    ("text", "value", "doubtful"),
    [
        ("15 en moyenne", "15", False),
        ("80%", "80", False),
        ("3 mois", "3", False),
        ("228 h", "228", False),
        ("5 francophones", "5", False),
        ("environ 20", "20", False),
        ("0", "0", False),
        ("24 x 2", None, True),
        ("6/12 infra A1 10/12 infra A2", None, True),
        ("65 h Soit 60h de formation collectives et 5h", "65", True),
        ("Au regard des montants", None, False),
        ("Ressource humaine 1 ETP annuel", None, False),
        ("", None, False),
        (None, None, False),
    ],
)
def test_targets(text, value, doubtful):
    reading = read_target(text)
    assert reading.value == (Decimal(value) if value is not None else None)
    assert (reading.doubt is not None) is doubtful


def test_format_amount():
    assert format_amount(Decimal("35000")) == "35000.00"
    assert format_amount(Decimal("41.666")) == "41.67"
    assert format_amount(Decimal("0.005")) == "0.01"
    assert format_amount(Decimal("-0.001")) == "0.00"
    assert format_amount(None) is None


def test_format_french_number():
    assert format_french_number(Decimal("35000")) == "35\u202f000,00"
    assert format_french_number(Decimal("-1234.5"), group=" ", unit="€") == "-1 234,50\u00a0€"


amounts = st.decimals(
    min_value=Decimal("-99999999.99"),
    max_value=Decimal("99999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)
GROUPS = [" ", "\u00a0", "\u202f", "\u2009", "."]
UNITS = ["", " €", "\u00a0€", "€", " euros"]


@settings(max_examples=200, deadline=None)
@given(amounts, st.sampled_from(GROUPS), st.sampled_from(UNITS), st.booleans())
def test_french_writings_read_back(value, group, unit, unicode_minus):
    text = format_french_number(value, group=group) + unit
    if unicode_minus:
        text = text.replace("-", "\u2212")
    number = read_french_number(text)
    assert number is not None, text
    assert number.value == value
    assert number.doubt is None
    assert parse_french_amount(text) == value


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.sampled_from(GROUPS[:4]))
def test_whole_amounts_without_decimals(value, group):
    text = format_french_number(Decimal(value), decimals=0, group=group)
    assert parse_french_amount(text) == Decimal(value)
    assert parse_french_amount(str(value)) == Decimal(value)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_never_crashes_on_any_text(text):
    parse_french_amount(text)
    read_target(text)
    scan_number(text)
