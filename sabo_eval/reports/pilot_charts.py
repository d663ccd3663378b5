"""Figures of the pilot evaluation report: the event study and per-district small multiples.

Drawing only: :class:`~sabo_eval.reports.pilot.PilotReport` computes the numbers
(with :mod:`sabo_eval.stats.pilot`), passes them here and embeds the figures with
:func:`~sabo_eval.reports.charts.figure_html`. Labels are Korean.
"""

from __future__ import annotations

from collections.abc import Callable

import matplotlib.figure
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .charts import literal_text

__all__ = ["event_study_figure", "small_multiples_figure"]

#: Group of a treated district → its Korean label.
GROUP_LABELS = {"pilot": "시범자치구", "strengthened": "기 동복지강화 자치구", "comparison": "비교 자치구"}


def event_study_figure(
    coef: pd.DataFrame, start: str, rate_unit: str, outcome_label: str
) -> matplotlib.figure.Figure:
    """Leads and lags with their intervals, the 0 line and the start marker.

    Parameters
    ----------
    coef : DataFrame
        ``EventStudyResult.coefficients`` (event_time, period, estimate, ci_low,
        ci_high, kind).
    start : str
        First month of the pilot (``"YYYY-MM"``), written beside the start line.
    rate_unit : str
        Unit of the outcome, for the y axis (``주민 1,000명당 월 건``).
    outcome_label : str
        Outcome, for the title.

    Returns
    -------
    matplotlib.figure.Figure
    """
    literal_text()
    fig, ax = plt.subplots(figsize=(9, 3.8))
    lead = coef["kind"] != "reference"
    ax.axhline(0, color="#555555", linewidth=1)
    ax.axvline(-0.5, color="#d62728", linestyle="--", linewidth=1.2)
    ax.errorbar(
        coef.loc[lead, "event_time"], coef.loc[lead, "estimate"],
        yerr=[coef.loc[lead, "estimate"] - coef.loc[lead, "ci_low"], coef.loc[lead, "ci_high"] - coef.loc[lead, "estimate"]],
        fmt="o", color="#1f77b4", ecolor="#7fa8d1", capsize=2, markersize=4,
    )
    ax.plot([-1], [0], "o", markerfacecolor="white", markeredgecolor="#1f77b4", markersize=5)
    top = ax.get_ylim()[1]
    ax.text(-0.4, top, f" 시범 시작 {start}", color="#d62728", fontsize=9, va="top")
    ticks = coef["event_time"].iloc[:: max(1, len(coef) // 8)]
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"{k}\n{p}" for k, p in zip(ticks, coef.set_index("event_time").loc[ticks, "period"], strict=True)], fontsize=8)
    ax.set_xlabel("시작 기준 개월 (기준: 시작 직전 달 = -1, 빈 점)")
    ax.set_ylabel(f"차이({rate_unit})")
    ax.set_title(f"사건연구: 시범자치구와 비교 자치구의 월별 차이 ({outcome_label})")
    fig.tight_layout()
    return fig


def small_multiples_figure(
    frames: pd.DataFrame,
    base: pd.Series,
    groups: dict[str, str],
    periods: list[str],
    start: str,
    name_of: Callable[[str], str],
    rate_unit: str,
    outcome_label: str,
) -> matplotlib.figure.Figure:
    """One small panel per treated district: its rate and the comparison mean.

    Parameters
    ----------
    frames : DataFrame
        The panel rows (district_code, period, rate) of every treated district.
    base : Series
        Comparison mean rate by period.
    groups : dict
        Treated district code → group (``pilot`` or ``strengthened``), in drawing
        order; must not be empty.
    periods : list of str
        Every period of the panel, sorted.
    start : str
        First month of the pilot.
    name_of : callable
        District code → name.
    rate_unit, outcome_label : str
        Axis label and title text.

    Returns
    -------
    matplotlib.figure.Figure
    """
    literal_text()
    codes = list(groups)
    cols = min(3, len(codes))
    rows = int(np.ceil(len(codes) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(3.4 * cols, 2.5 * rows), sharey=True, squeeze=False)
    x = {p: i for i, p in enumerate(periods)}
    start_x = sum(p < start for p in periods) - 0.5
    ticks = [i for i, p in enumerate(periods) if p.endswith(("-01", "-07"))]
    for ax, code in zip(axes.ravel(), codes, strict=False):
        group = groups[code]
        series = frames[frames["district_code"] == code].set_index("period")["rate"]
        ax.plot([x[p] for p in base.index if p in x], [v for p, v in base.items() if p in x], color="#999999", linestyle="--", linewidth=1, label="비교 평균")
        ax.plot([x[p] for p in series.index], series.to_numpy(), color="#1f77b4" if group == "pilot" else "#2e7d32", linewidth=1.5, label=name_of(code))
        ax.axvline(start_x, color="#d62728", linestyle=":", linewidth=1)
        ax.set_title(f"{name_of(code)} ({GROUP_LABELS[group]})", fontsize=9)
        ax.set_xticks(ticks)
        ax.set_xticklabels([periods[i] for i in ticks], fontsize=7)
        ax.tick_params(axis="y", labelsize=7)
    for ax in axes.ravel()[len(codes):]:
        ax.set_axis_off()
    axes[0, 0].set_ylabel(rate_unit, fontsize=8)
    axes[0, 0].legend(fontsize=7, loc="best")
    fig.suptitle(f"{outcome_label}: 시범 자치구와 비교 자치구 평균 (점선: 시작 {start})", fontsize=10)
    fig.tight_layout()
    return fig
