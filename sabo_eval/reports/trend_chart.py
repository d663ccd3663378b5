"""Years side by side as one compact figure: a small panel per figure of the trend.

One matplotlib figure (laid out once by :func:`sabo_eval.reports.charts.fixed_layout`,
no tight bounding box) holds every panel, so the trend costs one figure per report.
Each panel draws one figure over the years of :func:`sabo_eval.metrics.trends.trend_frame`
with year ticks and the value of the last year written beside its point; rates share
a 0–100 % scale (wider when a value passes 100 %), counts start at zero.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pandas as pd

from . import charts

__all__ = ["trend_chart", "TREND_PANEL", "TREND_COLUMNS"]

#: Width and height of one panel, inches.
TREND_PANEL = (2.4, 1.45)

#: Panels per row: the figure is about as wide as the report column, so its text shows at its own size.
TREND_COLUMNS = 4

#: Text sizes of the figure, points (at the figure's own size).
_TEXT = {"title": 10.5, "tick": 10, "value": 10}

#: Panels drawn in the colour of the attendance sectors (민 blue, 관 red, as in the monthly chart).
_COLOURS = {"private_rate": "#1f77b4", "public_rate": "#d62728"}


def _value_text(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value:.1f}%"
    if unit in ("명", "회", "개", "건"):
        return f"{value:,.0f}{unit}"
    return f"{value:,.1f}"


def trend_chart(trend: pd.DataFrame) -> plt.Figure | None:
    """One small panel per figure of ``trend`` that has a value in at least two years.

    Every panel is drawn on one axes spanning the figure, in inches (axes and their tick
    objects are the slow part of a many-panel figure): a line over the years that breaks
    at a year without a value, a base line with the year labels, and the values of the
    first and the last year written beside their points.

    Parameters
    ----------
    trend : DataFrame
        Output of :func:`sabo_eval.metrics.trends.trend_frame` (``key, label, unit, year, value``).

    Returns
    -------
    Figure or None
        None when no figure has two years with a value (nothing to draw: the trend
        table says it). Save it with ``figure_html(..., tight=False)``.
    """
    if trend.empty:
        return None
    panels = [
        (part["label"].iloc[0], part["unit"].iloc[0], key, part)
        for key, part in trend.groupby("key", sort=False)
        if part["value"].notna().sum() >= 2
    ]
    if not panels:
        return None
    charts.use_korean_font()
    years = sorted(int(y) for y in trend["year"].unique())
    cols = min(TREND_COLUMNS, len(panels))
    rows = math.ceil(len(panels) / cols)
    width = cols * TREND_PANEL[0] + (cols - 1) * _GAP[0] + 0.3
    height = rows * TREND_PANEL[1] + (rows - 1) * _GAP[1] + 0.1
    fig = plt.figure(figsize=(width, height))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_axis_off()
    for index, (label, unit, key, part) in enumerate(panels):
        row, col = divmod(index, cols)
        x0 = 0.15 + col * (TREND_PANEL[0] + _GAP[0])
        y0 = height - 0.05 - (row + 1) * TREND_PANEL[1] - row * _GAP[1]
        _panel(ax, (x0, y0), label, unit, part, years, _COLOURS.get(key, "#333333"))
    return fig


#: Inches between panels (across, down).
_GAP = (0.3, 0.15)

#: Inches inside a panel: title band on top, year labels below, room right of the last point.
_INSET = {"title": 0.3, "years": 0.25, "left": 0.15, "right": 0.55, "value": 0.2}


def _panel(ax, origin: tuple[float, float], label: str, unit: str, part: pd.DataFrame, years: list[int], colour: str) -> None:
    """One figure over the years inside the box at ``origin`` (inches): line, base line, years, first and last value."""
    x0, y0 = origin
    w, h = TREND_PANEL
    by_year = dict(zip(part["year"].astype(int), part["value"].astype(float), strict=True))
    span = range(years[0], years[-1] + 1)
    values = [by_year.get(year, float("nan")) for year in span]
    shown = [v for v in values if v == v]
    top = max(100.0, max(shown) * 1.05) if unit == "%" else (max(shown) * 1.1 if max(shown) > 0 else 1.0)
    bottom = y0 + _INSET["years"]
    plot_h = h - _INSET["title"] - _INSET["years"] - _INSET["value"]
    left, plot_w = x0 + _INSET["left"], w - _INSET["left"] - _INSET["right"]

    def at(year: int) -> float:
        return left + (plot_w * (year - years[0]) / (years[-1] - years[0]) if years[-1] > years[0] else plot_w / 2)

    def up(value: float) -> float:
        return bottom + plot_h * max(value, 0.0) / top

    ax.plot([left - 0.05, left + plot_w + 0.05], [bottom, bottom], color="#bbbbbb", linewidth=0.8)
    ax.plot([at(y) for y in span], [up(v) if v == v else float("nan") for v in values], color=colour, marker="o",
            markersize=4, linewidth=1.5)
    for year in years:
        ax.text(at(year), bottom - 0.04, f"{year}" if len(years) <= 3 else f"{year % 100:02d}년", ha="center", va="top",
                fontsize=_TEXT["tick"], color="#444444")
    with_value = [year for year, value in zip(span, values, strict=True) if value == value]
    first, last = with_value[0], with_value[-1]
    ax.text(at(last) + 0.07, up(by_year[last]) + 0.04, _value_text(by_year[last], unit), fontsize=_TEXT["value"],
            color=colour, ha="left", va="bottom")
    ax.text(at(first), up(by_year[first]) + 0.07, _value_text(by_year[first], unit), fontsize=_TEXT["value"],
            color="#666666", ha="left" if first != last else "right", va="bottom")
    unit_text = "" if unit in ("%", "명", "회", "개", "건") else f" ({unit})"
    ax.text(x0, y0 + h - 0.05, label + unit_text, fontsize=_TEXT["title"], ha="left", va="top")
