"""Bar charts drawn on the server as SVG (ADR 0003): geometry here, markup in templates.

Each chart comes with a data table in the page (the accessible alternative); the SVG itself
is an image with a title and a one-sentence summary. Coordinates are floats — they are
drawing positions, not money: amounts stay ``Decimal`` and are formatted by
``ctai.core.money``.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from ctai.core.money import euros, french_number

# Dark, distinct colours: each has a contrast of at least 3:1 against white (WCAG 1.4.11).
PALETTE = ["#1f4e79", "#b34700", "#2e7d32", "#6a1b9a", "#00727c", "#ad1457", "#5d4037"]
TEXT_COLOUR = "#212529"
GRID_COLOUR = "#adb5bd"


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    label: str  # "Axe 1, déclaré : 73 000,00 €" (tooltip; the table says it too)


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class LegendItem:
    label: str
    colour: str


@dataclass(frozen=True)
class Chart:
    """What the SVG templates draw. ``horizontal``: categories down the side."""

    title: str
    summary: str
    width: int
    height: int
    left: float
    top: float
    right: float
    bottom: float
    horizontal: bool
    bars: list[Bar]
    ticks: list[Tick]
    categories: list[Tick]
    legend: list[LegendItem]

    @property
    def plot_width(self) -> float:
        return self.right - self.left

    @property
    def plot_height(self) -> float:
        return self.bottom - self.top


def nice_scale(maximum: Decimal, steps: int = 4) -> tuple[float, float]:
    """An axis end and step that are round numbers (1, 2, 2.5 or 5 times a power of ten)."""
    top = float(maximum)
    if top <= 0:
        return 1.0, 1.0
    raw = top / steps
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return math.ceil(top / step) * step, step


def _tick_label(value: float) -> str:
    return f"{french_number(Decimal(round(value)), decimals=0)}\u202f€"


def _ticks(end: float, step: float, place) -> list[Tick]:
    count = round(end / step)
    return [Tick(place(i * step), _tick_label(i * step)) for i in range(count + 1)]


def grouped_bars(
    *,
    title: str,
    summary: str,
    categories: list[str],
    series: list[tuple[str, list[Decimal | None]]],
    width: int = 640,
    height: int = 300,
) -> Chart:
    """Vertical bars, one group per category, one bar per series (absent values: no bar)."""
    left, right, top, bottom = 96.0, width - 12.0, 12.0, height - 36.0
    values = [v for _, data in series for v in data if v is not None]
    end, step = nice_scale(max(values, default=Decimal(0)))
    scale = (bottom - top) / end
    band = (right - left) / max(len(categories), 1)
    bar_width = band * 0.8 / max(len(series), 1)
    bars = []
    for c, category in enumerate(categories):
        for s, (label, data) in enumerate(series):
            value = data[c]
            if value is None:
                continue
            bar_height = float(value) * scale
            bars.append(
                Bar(
                    x=round(left + c * band + band * 0.1 + s * bar_width, 1),
                    y=round(bottom - bar_height, 1),
                    width=round(bar_width - 2, 1),
                    height=round(bar_height, 1),
                    colour=PALETTE[s % len(PALETTE)],
                    label=f"{category}, {label} : {euros(value)}",
                )
            )
    return Chart(
        title=title,
        summary=summary,
        width=width,
        height=height,
        left=left,
        top=top,
        right=right,
        bottom=bottom,
        horizontal=False,
        bars=bars,
        ticks=_ticks(end, step, lambda v: round(bottom - v * scale, 1)),
        categories=[
            Tick(round(left + (c + 0.5) * band, 1), category)
            for c, category in enumerate(categories)
        ],
        legend=[
            LegendItem(label, PALETTE[s % len(PALETTE)]) for s, (label, _) in enumerate(series)
        ],
    )


def stacked_bars(
    *,
    title: str,
    summary: str,
    categories: list[str],
    segments: list[tuple[str, list[Decimal]]],
    width: int = 640,
    row_height: int = 26,
) -> Chart:
    """Horizontal bars, one per category, stacked by segment (zero segments are skipped)."""
    gap = 14
    left, right, top = 72.0, width - 16.0, 8.0
    bottom = top + len(categories) * (row_height + gap)
    height = int(bottom + 28)
    totals = [sum((data[c] for _, data in segments), Decimal(0)) for c in range(len(categories))]
    end, step = nice_scale(max(totals, default=Decimal(0)))
    scale = (right - left) / end
    bars = []
    for c, category in enumerate(categories):
        x = left
        y = top + c * (row_height + gap) + gap / 2
        for s, (label, data) in enumerate(segments):
            if data[c] <= 0:
                continue
            length = float(data[c]) * scale
            bars.append(
                Bar(
                    x=round(x, 1),
                    y=round(y, 1),
                    width=round(length, 1),
                    height=row_height,
                    colour=PALETTE[s % len(PALETTE)],
                    label=f"{category}, {label} : {euros(data[c])}",
                )
            )
            x += length
    return Chart(
        title=title,
        summary=summary,
        width=width,
        height=height,
        left=left,
        top=top,
        right=right,
        bottom=bottom,
        horizontal=True,
        bars=bars,
        ticks=_ticks(end, step, lambda v: round(left + v * scale, 1)),
        categories=[
            Tick(round(top + c * (row_height + gap) + gap / 2 + row_height / 2, 1), category)
            for c, category in enumerate(categories)
        ],
        legend=[
            LegendItem(label, PALETTE[s % len(PALETTE)]) for s, (label, _) in enumerate(segments)
        ],
    )
