"""Charts with Korean text: font registration and the report's figures.

matplotlib has no Hangul glyphs by default; :func:`use_korean_font` registers the
NanumGothic font shipped by ``koreanize-matplotlib`` and passes it to seaborn (whose
``set_theme`` would otherwise reset the family). NanumGothic lacks U+2212, so the
Unicode minus is turned off.
"""

from __future__ import annotations

import base64
import html
import io
import logging

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.ticker  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

__all__ = [
    "KOREAN_FONT",
    "use_korean_font",
    "figure_html",
    "monthly_attendance_chart",
    "attendance_heatmap",
    "subcommittee_bar_chart",
    "achievement_chart",
    "budget_chart",
]

logger = logging.getLogger(__name__)
KOREAN_FONT = "NanumGothic"
_SECTOR_LABELS = {"total_rate": "합", "private_rate": "민", "public_rate": "관"}


def use_korean_font() -> str:
    """Register NanumGothic for matplotlib and seaborn; return the family name.

    Returns
    -------
    str
        The font family now in use.
    """
    import koreanize_matplotlib  # noqa: F401  (registers NanumGothic on import)

    sns.set_theme(style="whitegrid", font=KOREAN_FONT, rc={"axes.unicode_minus": False})
    matplotlib.rcParams["font.family"] = KOREAN_FONT
    matplotlib.rcParams["axes.unicode_minus"] = False
    return KOREAN_FONT


def figure_html(fig: matplotlib.figure.Figure, alt: str, caption: str = "", *, dpi: int = 110) -> str:
    """Render a figure as an embedded PNG ``<figure>`` with alt text; closes the figure.

    Parameters
    ----------
    fig : Figure
    alt : str
        Alternative text describing the chart (escaped).
    caption : str
        Visible caption (escaped).
    dpi : int
        Resolution of the embedded PNG.
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    cap = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return (
        f'<figure class="sabo-figure"><img alt="{html.escape(alt, quote=True)}" '
        f'src="data:image/png;base64,{data}" style="max-width:100%">{cap}</figure>'
    )


def monthly_attendance_chart(tables: dict[str, pd.DataFrame], *, col_wrap: int = 4) -> matplotlib.figure.Figure:
    """Small multiples of the monthly 합/민/관 attendance rates, one panel per group.

    Parameters
    ----------
    tables : dict
        Group label → output of :func:`sabo_eval.metrics.attendance.monthly_table`.
    col_wrap : int
        Panels per row.

    Returns
    -------
    Figure
    """
    use_korean_font()
    frames = []
    for label, table in tables.items():
        months = table[table["month"].notna()]
        if months.empty:
            continue
        long = months.melt(id_vars=["month"], value_vars=list(_SECTOR_LABELS), var_name="구분", value_name="참석률")
        long["구분"] = long["구분"].map(_SECTOR_LABELS)
        long["분과"] = label
        frames.append(long)
    if not frames:
        fig, ax = plt.subplots(figsize=(6, 2))
        ax.text(0.5, 0.5, "회의 참석 자료가 없습니다", ha="center", va="center")
        ax.set_axis_off()
        return fig
    data = pd.concat(frames, ignore_index=True)
    data["월"] = data["month"].astype(int)
    n = data["분과"].nunique()
    grid = sns.relplot(
        data=data, x="월", y="참석률", hue="구분", style="구분", kind="line", markers=True,
        col="분과", col_wrap=min(col_wrap, n), height=2.4, aspect=1.3,
        palette={"합": "#333333", "민": "#1f77b4", "관": "#d62728"}, facet_kws={"sharey": True},
    )
    grid.set(ylim=(-5, 105), xticks=sorted(data["월"].unique()))
    grid.set_titles("{col_name}")
    grid.set_axis_labels("월", "참석률(%)")
    grid.figure.suptitle("분과별 월별 회의 참석률 (합·민·관)", y=1.02)
    return grid.figure


_MARK_VALUES = {"absent": 0.0, "excused": 0.0, "proxy": 1.0, "attended": 2.0}
_MARK_COLOURS = ["#e9b3ad", "#f3d38b", "#4f8fc0"]  # 불참, 대리참석, 참석; not eligible stays blank


def attendance_heatmap(records: pd.DataFrame, name_of: dict[str, str], *, cols: int = 3) -> matplotlib.figure.Figure:
    """Member × meeting heat map, one panel per subcommittee or body.

    Parameters
    ----------
    records : DataFrame
        Output of :func:`sabo_eval.metrics.attendance.attendance_records`.
    name_of : dict
        ``member_id`` → label shown on the row (already masked by the caller).
    cols : int
        Panels per row.

    Returns
    -------
    Figure
        Blue: attended; yellow: proxy; red: absent; blank: not a member at that date.
    """
    import numpy as np
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    use_korean_font()
    data = records.copy()
    data["group"] = data["subcommittee"].where(data["body"] == "subcommittee", data["body"].map(
        {"representative": "대표협의체", "working": "실무협의체", "dong": "동협의체"}))
    groups = sorted(data["group"].dropna().unique(), key=lambda g: (g.endswith("협의체"), g))
    if not groups:
        fig, ax = plt.subplots(figsize=(6, 2))
        ax.text(0.5, 0.5, "회의 참석 자료가 없습니다", ha="center", va="center")
        ax.set_axis_off()
        return fig
    cols = min(cols, len(groups))
    rows = -(-len(groups) // cols)
    heights = [max(data[data["group"] == g]["member_id"].nunique() for g in groups[r * cols:(r + 1) * cols]) for r in range(rows)]
    fig, axes = plt.subplots(
        rows, cols, figsize=(4.2 * cols, sum(0.17 * h + 1.1 for h in heights)),
        gridspec_kw={"height_ratios": [0.17 * h + 1.1 for h in heights]}, squeeze=False,
    )
    cmap = ListedColormap(_MARK_COLOURS)
    for ax, group in zip(axes.flat, groups, strict=False):
        part = data[data["group"] == group].copy()
        part["value"] = part["status"].map(_MARK_VALUES).fillna(0.0)  # no mark: absent
        order = part.drop_duplicates("meeting_id").sort_values("held_on")
        grid = part.pivot_table(index="member_id", columns="meeting_id", values="value", aggfunc="first")
        grid = grid.reindex(columns=order["meeting_id"])
        ax.imshow(grid.to_numpy(dtype=float), cmap=cmap, vmin=0, vmax=2, aspect="auto", interpolation="nearest")
        ax.set_title(group, fontsize=10)
        ax.set_yticks(np.arange(len(grid.index)), [name_of.get(m, m) for m in grid.index], fontsize=6)
        ax.set_xticks(np.arange(len(order)), [f"{d.month}/{d.day}" for d in order["held_on"]], fontsize=6, rotation=90)
        ax.grid(False)
    for ax in list(axes.flat)[len(groups):]:
        ax.set_axis_off()
    fig.legend(
        handles=[Patch(color=_MARK_COLOURS[2], label="참석"), Patch(color=_MARK_COLOURS[1], label="대리참석"),
                 Patch(color=_MARK_COLOURS[0], label="불참"), Patch(facecolor="white", edgecolor="#999", label="재임 전·후")],
        loc="upper right", ncol=4, fontsize=8, frameon=False,
    )
    fig.suptitle("위원별·회의별 참석 현황", y=1.0)
    fig.tight_layout(rect=(0, 0, 1, 0.98))
    return fig


def subcommittee_bar_chart(comparison: pd.DataFrame, council_mean: float) -> matplotlib.figure.Figure:
    """Bar chart of subcommittees' pooled attendance with Wilson intervals and the council mean.

    Parameters
    ----------
    comparison : DataFrame
        Output of :func:`sabo_eval.metrics.attendance.subcommittee_comparison`.
    council_mean : float
        Mean of the subcommittees' 평균 rates (drawn as a line).
    """
    use_korean_font()
    data = comparison.dropna(subset=["pooled_rate"]).sort_values("pooled_rate", ascending=False)
    fig, ax = plt.subplots(figsize=(8, 0.35 * max(len(data), 3) + 1.2))
    if data.empty:
        ax.text(0.5, 0.5, "분과 회의 자료가 없습니다", ha="center", va="center")
        ax.set_axis_off()
        return fig
    sns.barplot(data=data, y="subcommittee", x="pooled_rate", color="#4f8fc0", ax=ax, orient="h")
    ax.errorbar(
        data["pooled_rate"], range(len(data)),
        xerr=[data["pooled_rate"] - data["ci_low"], data["ci_high"] - data["pooled_rate"]],
        fmt="none", ecolor="#333333", capsize=3, linewidth=1,
    )
    if council_mean == council_mean:
        ax.axvline(council_mean, color="#d62728", linestyle="--", linewidth=1.2)
        ax.text(council_mean, -0.7, f" 분과 평균 {council_mean:.1f}%", color="#d62728", fontsize=9, va="bottom")
    ax.set_xlim(0, 100)
    ax.set_xlabel("참석률(%) — 막대: 합산 참석률, 선분: 95% 신뢰구간(Wilson)")
    ax.set_ylabel("")
    fig.tight_layout()
    return fig


def achievement_chart(strategies: pd.DataFrame) -> matplotlib.figure.Figure:
    """Horizontal bars of achievement by strategy, with the 100 % line.

    Parameters
    ----------
    strategies : DataFrame
        Output of :func:`sabo_eval.metrics.achievement.strategy_achievement`.
    """
    use_korean_font()
    data = strategies.dropna(subset=["achievement"]).copy()
    fig, ax = plt.subplots(figsize=(8, 0.38 * max(len(data), 3) + 1.2))
    if data.empty:
        ax.text(0.5, 0.5, "달성률을 계산할 성과지표가 없습니다", ha="center", va="center")
        ax.set_axis_off()
        return fig
    data["label"] = data["strategy"].astype(str)
    palette = dict(zip(data["framework"].unique(), sns.color_palette("Set2", data["framework"].nunique()), strict=True))
    sns.barplot(data=data, y="label", x="achievement", hue="framework", palette=palette, dodge=False, ax=ax, orient="h")
    ax.axvline(100, color="#d62728", linestyle="--", linewidth=1.2)
    ax.text(100, -0.7, " 목표 100%", color="#d62728", fontsize=9, va="bottom")
    for i, value in enumerate(data["achievement"]):
        ax.text(value, i, f" {value:.1f}%", va="center", fontsize=8)
    ax.set_xlim(0, max(160.0, float(data["achievement"].max()) * 1.15))
    ax.set_xlabel("목표 달성률(%)")
    ax.set_ylabel("")
    ax.legend(title="", fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig


def budget_chart(by_strategy: pd.DataFrame, unit: str = "천원") -> matplotlib.figure.Figure:
    """Grouped bars of planned, revised (base) and executed budget by strategy.

    Parameters
    ----------
    by_strategy : DataFrame
        Output of :func:`sabo_eval.metrics.budget.execution_by` at strategy level.
    unit : str
        Budget unit of the submission (shown on the axis).
    """
    use_korean_font()
    fig, ax = plt.subplots(figsize=(8, 0.5 * max(len(by_strategy), 3) + 1.2))
    if by_strategy.empty:
        ax.text(0.5, 0.5, "예산 자료가 없습니다", ha="center", va="center")
        ax.set_axis_off()
        return fig
    long = by_strategy.melt(
        id_vars=["strategy"], value_vars=["planned", "revised", "executed"], var_name="구분", value_name="금액"
    )
    long["구분"] = long["구분"].map({"planned": "계획", "revised": "변경(최종)", "executed": "집행"})
    sns.barplot(data=long, y="strategy", x="금액", hue="구분", ax=ax, orient="h", palette=["#b0c4de", "#4f8fc0", "#2e7d32"])
    ax.set_xlabel(f"예산({unit})")
    ax.set_ylabel("")
    ax.ticklabel_format(axis="x", style="plain")
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
    ax.legend(title="", fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig
