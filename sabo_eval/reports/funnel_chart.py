"""Funnel charts: the shared part (limits, every district's point, axes, legend) and each reader's marks.

:func:`funnel_chart` draws a whole funnel (the comparison page, tests).
:func:`funnel_figure_html` gives a district report its funnel: the shared part is drawn
once per warm kernel and each report only stamps its own point and the outliers'
labels on it (:mod:`sabo_eval.reports.stamped_figures`), the single largest saving of
a report's time.
"""

from __future__ import annotations

import math
import unicodedata

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

from ..stats.funnel import FunnelResult
from .charts import FUNNEL_DPI, palette_png, png_html, use_korean_font
from .stamped_figures import stamped_image

__all__ = ["funnel_chart", "funnel_base", "funnel_marks", "funnel_figure_html", "wrap_cells", "FUNNEL_TEXT"]

#: Text of a funnel, points: saved at FUNNEL_DPI it reads at MIN_CHART_POINTS.
FUNNEL_TEXT = 12
_READER, _OUTLIER = "#d62728", "#e6862e"


def wrap_cells(text: str, width: int) -> str:
    """Break ``text`` into lines of at most ``width`` cells (a Korean or full-width character is two).

    Chart text is wrapped here, once, instead of by matplotlib's ``wrap=True``, which
    measures the rendered width of every word again at each draw.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for word in paragraph.split(" "):
            cells = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in word)
            if line and used + 1 + cells > width:
                lines.append(line)
                line, used = word, cells
            else:
                line, used = (f"{line} {word}" if line else word), used + (1 if line else 0) + cells
        lines.append(line)
    return "\n".join(lines)


def _point_label(ax: Axes, text: str, x: float, y: float, xs: pd.Series, **style) -> Artist:
    """Label a funnel point beside it, on its left when it lies in the right third of the (log) axis, so it stays in the frame."""
    low, high = float(xs.min()), float(xs.max())
    right = high > low > 0 and (math.log(x) - math.log(low)) / (math.log(high) - math.log(low)) > 0.66
    return ax.annotate(text, (x, y), xytext=(-7 if right else 7, 3), textcoords="offset points", ha="right" if right else "left",
                       va="bottom", fontsize=FUNNEL_TEXT, **style)


def _limits(ax: Axes, result: FunnelResult) -> None:
    curve, k = result.curve, result.scale
    for key, style in (("95", "--"), ("998", "-")):
        name = "95%" if key == "95" else "99.8%"
        if result.random_effects:
            ax.plot(curve["n"], k * curve[f"lower_{key}_unadjusted"], color="#c8c8c8", linestyle=style, linewidth=0.9)
            ax.plot(curve["n"], k * curve[f"upper_{key}_unadjusted"], color="#c8c8c8", linestyle=style, linewidth=0.9,
                    label=f"{name} 한계(넓히기 전)")
        ax.plot(curve["n"], k * curve[f"lower_{key}"], color="#777777", linestyle=style, linewidth=1)
        ax.plot(curve["n"], k * curve[f"upper_{key}"], color="#777777", linestyle=style, linewidth=1,
                label=f"{name} 한계" + ("(넓힘)" if result.random_effects else ""))


def _axes_text(ax: Axes, result: FunnelResult, title: str) -> None:
    k = result.scale
    ax.set_xscale("log")
    # plain numbers on the log axis (the default $10^{k}$ labels go through mathtext, slowly)
    ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
    ax.xaxis.set_minor_locator(NullLocator())
    ax.tick_params(labelsize=FUNNEL_TEXT)
    ax.set_xlabel("분모 (명·건, 로그 척도)" if result.kind == "proportion" else "인구 (명, 로그 척도)", fontsize=FUNNEL_TEXT)
    ax.set_ylabel("비율(%)" if result.kind == "proportion" else f"{k:,.0f}명당", fontsize=FUNNEL_TEXT)
    ax.set_title(title, y=1.01, fontsize=FUNNEL_TEXT + 1)  # a fixed position: no layout pass over the tick labels


def funnel_base(result: FunnelResult, *, title: str = "", reader: bool = False, footnote: bool = False) -> tuple[Figure, Axes]:
    """The part of a funnel every reader shares: limits, target, every point, outliers in orange, axes, legend.

    Parameters
    ----------
    result : FunnelResult
    title : str
    reader : bool
        List "이 시군구" in the legend (its point is drawn by :func:`funnel_marks`).
    footnote : bool
        Print I, φ, τ² and the method under the chart.

    Returns
    -------
    (Figure, Axes)
        Laid out with fixed margins (its size never changes when marks are added).
    """
    use_korean_font()
    # saved at FUNNEL_DPI (80), so 12-point text reads at 10 points; the legend sits right of the axes, and the
    # figure is wide rather than tall (two funnels to a printed row stay short)
    fig, ax = plt.subplots(figsize=(9.9, 4.6))
    fig.subplots_adjust(left=0.085, right=0.7, top=0.92, bottom=0.16)
    table, k = result.table, result.scale
    _limits(ax, result)
    unit_text = "%" if result.kind == "proportion" else ""
    ax.axhline(k * result.theta, color="#333333", linewidth=1, label=f"전체 {k * result.theta:.1f}{unit_text}")
    ax.scatter(table["denominator"], k * table["rate"], color="#4f8fc0", s=28, edgecolors="white", linewidths=0.5)
    outside = table[table["outside_998"]]
    ax.scatter(outside["denominator"], k * outside["rate"], color=_OUTLIER, s=36, zorder=4,
               label="99.8% 한계 밖" if len(outside) else "_nolegend_")
    if reader:
        ax.scatter([], [], color=_READER, s=80, label="이 시군구")
    _axes_text(ax, result, title)
    ax.legend(fontsize=FUNNEL_TEXT, loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, handlelength=1.6,
              borderaxespad=0)  # outside the data
    if footnote:
        note = f"I = {result.n_units}, φ = {result.phi:.2f}, τ² = {result.tau2:.2g}\n{wrap_cells(result.method, 110)}"
        fig.text(0.01, 0.01, note, fontsize=FUNNEL_TEXT, color="#555555", va="bottom", linespacing=1.4)
    return fig, ax


def funnel_marks(ax: Axes, result: FunnelResult, highlight: str | None, labels: dict | None) -> list[Artist]:
    """One reader's marks: the outliers' names, and the reader's point in red with its name and rate.

    Returns the artists added (drawn above the shared part).
    """
    table, k, names = result.table, result.scale, labels or {}
    unit_text = "%" if result.kind == "proportion" else ""
    artists = [
        _point_label(ax, names.get(row.unit, row.unit), row.denominator, k * row.rate, table["denominator"], color="#a0521a")
        for row in table[table["outside_998"] & (table["unit"] != highlight)].itertuples(index=False)
    ]
    if highlight is not None and highlight in set(table["unit"]):
        row = table[table["unit"] == highlight].iloc[0]
        artists.append(ax.scatter([row["denominator"]], [k * row["rate"]], color=_READER, s=80, zorder=5))
        artists.append(_point_label(ax, f"{names.get(highlight, highlight)} {k * row['rate']:.1f}{unit_text}", row["denominator"],
                                    k * row["rate"], table["denominator"], color=_READER, fontweight="bold"))
    return artists


def funnel_chart(result: FunnelResult, *, highlight: str | None = None, title: str = "", labels: dict | None = None,
                 footnote: bool = False) -> Figure:
    """Draw a funnel: points, 95 % and 99.8 % limits, the target line, labelled points.

    Parameters
    ----------
    result : FunnelResult
        A proportion funnel (drawn in %) or a Poisson funnel (drawn per ``result.scale``).
    highlight : str, optional
        Unit to highlight (the reader's district code).
    title : str
    labels : dict, optional
        Unit → label; the highlighted unit and the units outside the 99.8 % limits are
        labelled with it.
    footnote : bool
        Print I, φ, τ² and the method under the chart (default False: the 방법 appendix states them, not the chart).

    Returns
    -------
    Figure
        When the limits were widened for overdispersion, the unadjusted limits are drawn
        beside them in a lighter colour.
    """
    fig, ax = funnel_base(result, title=title, reader=highlight is not None and highlight in set(result.table["unit"]),
                          footnote=footnote)
    funnel_marks(ax, result, highlight, labels)
    return fig


def funnel_figure_html(result: FunnelResult, *, highlight: str, title: str, labels: dict, alt: str, caption: str) -> str:
    """A district report's funnel as an embedded palette PNG ``<figure>``: the shared part drawn once per process.

    ``result`` must not change while this process lives (the shared funnels of
    :func:`sabo_eval.metrics.comparison.shared_indicator_funnels` do not); the shared
    part is keyed by its identity and title.
    """
    reader = highlight in set(result.table["unit"])
    image = stamped_image(
        ("funnel", id(result), title, reader),
        lambda: funnel_base(result, title=title, reader=reader),
        lambda ax: funnel_marks(ax, result, highlight, labels),
        dpi=FUNNEL_DPI, owner=result,
    )
    return png_html(palette_png(image), alt, caption)
