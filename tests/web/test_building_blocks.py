"""Pure building blocks of the pages: French amounts and charts."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ctai.contracts.charts import grouped_bars, nice_scale, stacked_bars
from ctai.core.forms import format_french_amount, parse_french_amount


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 234,56", "1234.56"),
        ("1234,5", "1234.5"),
        ("1234.56", "1234.56"),
        ("12 345 678", "12345678"),
        ("1\u202f234,56\u202f€", "1234.56"),
        (" 0 ", "0"),
    ],
)
def test_french_amounts(text, value):
    assert parse_french_amount(text) == Decimal(value)


@pytest.mark.parametrize("text", ["1 23", "1,234,56", "12,345", "abc", "1.234,56", "1e5", "--1"])
def test_amounts_that_are_refused(text):
    with pytest.raises(ValidationError):
        parse_french_amount(text)


def test_amounts_are_shown_the_french_way():
    assert format_french_amount(Decimal("1234.5")) == "1\u202f234,50"
    assert format_french_amount(None) == ""


def test_nice_scale():
    assert nice_scale(Decimal("170000")) == (200000, 50000)
    assert nice_scale(Decimal("0")) == (1.0, 1.0)
    assert nice_scale(Decimal("73000")) == (80000, 20000)


def test_charts_geometry_stays_in_the_plot():
    chart = grouped_bars(
        title="t",
        summary="s",
        categories=["2026", "2027"],
        series=[("a", [Decimal(170000), Decimal(150000)]), ("b", [Decimal(169900), None])],
    )
    assert len(chart.bars) == 3  # no bar for a missing value
    for bar in chart.bars:
        assert chart.left <= bar.x and bar.x + bar.width <= chart.right
        assert chart.top <= bar.y and bar.y + bar.height <= chart.bottom + 0.1
    assert chart.bars[0].label == "2026, a : 170\u202f000,00\u202f€"
    stacked = stacked_bars(
        title="t",
        summary="s",
        categories=["Axe 1"],
        segments=[("a", [Decimal(10)]), ("b", [Decimal(0)]), ("c", [Decimal(30)])],
    )
    assert [bar.label for bar in stacked.bars] == [
        "Axe 1, a : 10,00\u202f€",
        "Axe 1, c : 30,00\u202f€",
    ]
    assert stacked.bars[1].x == pytest.approx(stacked.bars[0].x + stacked.bars[0].width, abs=0.2)
