"""The self-evaluation survey's chart: diverging stacked bars of the 5-point items.

Each item is one bar of its answers' shares: the negative answers (매우 그렇지 않다,
그렇지 않다) to the left of zero, the positive ones (그렇다, 매우 그렇다) to the right,
and 보통 centred on zero (half on each side), so the bars line up on the neutral
answer and the eye compares the balance of each item. Conventions of
:mod:`.charts`: Korean font, no text under 10 pt as shown, fixed layout (save with
``figure_html(..., tight=False)``), palette PNG. Suppressed items are never drawn.
"""

from __future__ import annotations

import textwrap

import matplotlib.figure
import numpy as np
import pandas as pd

from ..metrics.survey_scales import CATEGORIES
from . import charts

__all__ = ["LIKERT_COLOURS", "likert_chart", "likert_rows"]

#: One colour per 5-point category, low to high (diverging: red, grey, blue).
LIKERT_COLOURS = ("#b2182b", "#ef8a62", "#bdbdbd", "#67a9cf", "#2166ac")
_LABELS = [label for _, label in CATEGORIES["likert5"]]
_FONT = 11  # points drawn; the figure is narrower than the report column, so shown at about 12.6 pt


def likert_rows(summary: pd.DataFrame) -> pd.DataFrame:
    """The 5-point items to draw: not suppressed, with their five shares (%).

    Parameters
    ----------
    summary : DataFrame
        :func:`sabo_eval.metrics.survey.item_summary` of one survey.

    Returns
    -------
    DataFrame
        ``item, wording`` and one column per category label, in the survey's order.
    """
    shown = summary[(summary["scale"] == "likert5") & ~summary["suppressed"].astype(bool)]
    columns = {f"share_{label}": label for label in _LABELS}
    return shown[["item", "wording", *columns]].rename(columns=columns).fillna(0.0).reset_index(drop=True)


def _label(item: str, wording: str) -> str:
    return "\n".join(textwrap.wrap(f"{item}. {wording}", 24, max_lines=2, placeholder="…"))


def likert_chart(rows: pd.DataFrame) -> matplotlib.figure.Figure:
    """Diverging stacked bars, one per item, 보통 centred on zero.

    Parameters
    ----------
    rows : DataFrame
        :func:`likert_rows`.

    Returns
    -------
    Figure
        Laid out with :func:`~sabo_eval.reports.charts.fixed_layout` (save with ``tight=False``).
    """
    charts.use_korean_font()
    n = max(len(rows), 1)
    fig, axes = charts.fixed_layout(1, 1, (4.6, 0.4 * n), margins=(3.3, 0.3, 0.9, 0.6), gaps=(0.0, 0.0))
    ax = axes[0, 0]
    shares = rows[_LABELS].to_numpy(dtype=float) if len(rows) else np.zeros((0, 5))
    y = np.arange(len(rows))
    left = -(shares[:, 0] + shares[:, 1] + shares[:, 2] / 2)
    for j, (label, colour) in enumerate(zip(_LABELS, LIKERT_COLOURS, strict=True)):
        ax.barh(y, shares[:, j], left=left, color=colour, height=0.7, label=label, edgecolor="white", linewidth=0.5)
        for yi, width, start in zip(y, shares[:, j], left, strict=True):
            if width >= 9:
                ax.text(start + width / 2, yi, f"{width:.0f}", ha="center", va="center", fontsize=_FONT - 1,
                        color="white" if j in (0, 4) else "#222222")
        left = left + shares[:, j]
    ax.axvline(0, color="#333333", linewidth=1)
    ax.set_yticks(y, [_label(i, w) for i, w in zip(rows["item"], rows["wording"], strict=True)], fontsize=_FONT - 1)
    ax.invert_yaxis()
    ax.set_xlim(-100, 100)
    ax.set_xticks([-100, -50, 0, 50, 100], ["100", "50", "0", "50", "100"], fontsize=_FONT - 1)
    ax.set_xlabel("← 부정 응답 비율(%)   |   긍정 응답 비율(%) →", fontsize=_FONT - 1)
    ax.grid(axis="y", visible=False)
    ax.legend(ncol=5, loc="lower center", bbox_to_anchor=(0.35, 1.0), frameon=False, fontsize=_FONT - 1,
              handlelength=1.0, columnspacing=0.8)
    if not len(rows):
        ax.text(0, 0, "그릴 5점 척도 문항이 없습니다", ha="center", va="center", fontsize=_FONT)
    return fig

