"""Charts with Korean text: font registration and the report's figures.

matplotlib has no Hangul glyphs by default; :func:`use_korean_font` registers the
NanumGothic font shipped by ``koreanize-matplotlib`` and passes it to seaborn (whose
``set_theme`` would otherwise reset the family). NanumGothic lacks U+2212, so the
Unicode minus is turned off.

Text is text: names, subcommittees, items and indicators come from submissions, and
matplotlib would read ``$…$`` in them as mathtext (``$\\undefinedmacro{x}$`` raises,
``$x^2$`` is drawn as a formula). :func:`literal_text` turns mathtext parsing and TeX
off for every text matplotlib draws; it runs when this module is imported and again
in :func:`use_korean_font`, which every chart calls, so no label is ever parsed.
"""

from __future__ import annotations

import base64
import html
import io
import logging

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.text  # noqa: E402
import matplotlib.ticker  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

__all__ = [
    "KOREAN_FONT",
    "use_korean_font",
    "figure_html",
    "fixed_layout",
    "gapped_months",
    "monthly_attendance_chart",
    "attendance_heatmap",
    "subcommittee_bar_chart",
    "achievement_chart",
    "budget_chart",
    "money_scale",
    "literal_text",
    "DPI",
    "FUNNEL_DPI",
    "REPORT_COLUMN_PX",
    "MIN_CHART_POINTS",
    "displayed_points",
    "small_texts",
    "png_bytes",
    "palette_png",
    "png_html",
    "PNG_COLOURS",
]

logger = logging.getLogger(__name__)
KOREAN_FONT = "NanumGothic"
_SECTOR_LABELS = {"total_rate": "합", "private_rate": "민", "public_rate": "관"}


def literal_text() -> None:
    """Draw every string as typed: no mathtext (``$…$``) and no TeX for any text.

    Sets ``text.parse_math`` and ``text.usetex`` to False in matplotlib's rcParams;
    every ``Text`` (titles, tick labels, legends, annotations) created afterwards
    keeps its string literal. No chart of the project uses mathtext: log axes carry
    plain-number formatters.
    """
    matplotlib.rcParams["text.parse_math"] = False
    matplotlib.rcParams["text.usetex"] = False
    matplotlib.rcParams["axes.formatter.use_mathtext"] = False


literal_text()


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
    literal_text()
    return KOREAN_FONT


#: Resolution of the reports' PNGs; funnels, of which a page holds many, are drawn smaller.
DPI, FUNNEL_DPI = 110, 80

#: Width of a report's content column in a 1280 px window, CSS px (an image wider is scaled down to it).
REPORT_COLUMN_PX = 1090

#: No chart text is smaller than this at the size it is shown, points.
MIN_CHART_POINTS = 10.0


def displayed_points(font_points: float, figure_inches: float, dpi: float, column_px: float = REPORT_COLUMN_PX) -> float:
    """The size in points at which text of ``font_points`` reads on the page.

    A figure ``figure_inches`` wide saved at ``dpi`` is ``figure_inches * dpi`` pixels,
    shown one image pixel per CSS pixel (96 to the inch) unless wider than the column,
    which scales it down.
    """
    natural = figure_inches * dpi
    return font_points * dpi / 96 * min(1.0, column_px / natural)


def small_texts(fig: matplotlib.figure.Figure, dpi: float, *, tight: bool = True) -> list[tuple[str, float]]:
    """Visible texts of ``fig`` that read under :data:`MIN_CHART_POINTS` when saved at ``dpi`` and shown in a report.

    ``tight`` as in :func:`figure_html` (the saved width is then the drawn content's).
    """
    fig.canvas.draw()
    width = fig.get_tightbbox().width if tight else fig.get_size_inches()[0]
    texts = [t for t in fig.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text().strip()]
    shown = [(t.get_text(), displayed_points(t.get_fontsize(), width, dpi)) for t in texts]
    return [(text, round(points, 1)) for text, points in shown if points < MIN_CHART_POINTS - 0.05]


#: Colours of an embedded PNG: charts draw with a few colours and their anti-aliased edges.
PNG_COLOURS = 64


def png_bytes(fig: matplotlib.figure.Figure, *, dpi: int = DPI, tight: bool = True) -> bytes:
    """The figure as a palette PNG of :data:`PNG_COLOURS` colours; closes the figure.

    The drawn canvas (or, for a tight bounding box, a quickly compressed PNG of it) is
    reduced to a palette (fast octree, no dithering) and compressed: a quarter of the
    bytes of matplotlib's RGBA PNG for about the same time, so a report with many charts
    stays under 1.5 MB.
    """
    from PIL import Image

    if tight:
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", pil_kwargs={"compress_level": 1})
        image = Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    else:  # the canvas as drawn: no PNG written and read back
        fig.set_dpi(dpi)
        fig.canvas.draw()
        image = Image.frombuffer("RGBA", fig.canvas.get_width_height(), fig.canvas.buffer_rgba(), "raw", "RGBA", 0, 1).convert("RGB")
    plt.close(fig)
    return palette_png(image)


def palette_png(image) -> bytes:
    """A PIL image as a palette PNG of :data:`PNG_COLOURS` colours (fast octree, no dithering)."""
    from PIL import Image

    out = io.BytesIO()
    image.convert("RGB").quantize(colors=PNG_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(out, "PNG")
    return out.getvalue()


def figure_html(fig: matplotlib.figure.Figure, alt: str, caption: str = "", *, dpi: int = DPI, tight: bool = True) -> str:
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
    tight : bool
        Crop or grow the canvas to the drawn content (an extra layout pass); charts
        that lay themselves out (:func:`fixed_layout`) pass False.
    """
    return png_html(png_bytes(fig, dpi=dpi, tight=tight), alt, caption)


def png_html(png: bytes, alt: str, caption: str = "") -> str:
    """An embedded PNG as a ``<figure>`` with alt text and caption (both escaped)."""
    data = base64.b64encode(png).decode("ascii")
    cap = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return (
        f'<figure class="sabo-figure"><img alt="{html.escape(alt, quote=True)}" '
        f'src="data:image/png;base64,{data}" style="max-width:100%">{cap}</figure>'
    )


def fixed_layout(
    rows: int, cols: int, panel: tuple[float, float], *, margins: tuple[float, float, float, float],
    gaps: tuple[float, float], height_ratios: list[float] | None = None, **subplot_kw,
) -> tuple[matplotlib.figure.Figure, object]:
    """A grid of panels whose margins and gaps are given in inches.

    Text is laid out once, when the figure is drawn: no ``tight_layout`` and no tight
    bounding box, which would lay out every tick label several times.

    Parameters
    ----------
    rows, cols : int
        Grid shape.
    panel : (float, float)
        Width and (mean) height of a panel, inches.
    margins : (left, right, top, bottom)
        Inches around the grid (room for tick labels, titles and the legend).
    gaps : (horizontal, vertical)
        Inches between panels.
    height_ratios : list of float, optional
        Relative row heights (their mean is ``panel[1]``).
    **subplot_kw
        Passed to :func:`matplotlib.pyplot.subplots` (``sharex``, ``sharey``).

    Returns
    -------
    (Figure, ndarray of Axes)
    """
    left, right, top, bottom = margins
    width = left + right + cols * panel[0] + (cols - 1) * gaps[0]
    height = top + bottom + rows * panel[1] + (rows - 1) * gaps[1]
    gridspec_kw = {"height_ratios": height_ratios} if height_ratios else {}
    fig, axes = plt.subplots(rows, cols, figsize=(width, height), squeeze=False, gridspec_kw=gridspec_kw, **subplot_kw)
    fig.subplots_adjust(
        left=left / width, right=1 - right / width, top=1 - top / height, bottom=bottom / height,
        wspace=gaps[0] / panel[0], hspace=gaps[1] / panel[1],
    )
    return fig, axes


def _no_data_figure(message: str) -> matplotlib.figure.Figure:
    fig, ax = plt.subplots(figsize=(6, 2))
    ax.text(0.5, 0.5, message, ha="center", va="center")
    ax.set_axis_off()
    return fig


_SECTOR_STYLES = {  # column → (label, colour, marker, line style)
    "total_rate": ("합", "#333333", "o", "-"),
    "private_rate": ("민", "#1f77b4", "X", "--"),
    "public_rate": ("관", "#d62728", "s", ":"),
}


def gapped_months(table: pd.DataFrame, column: str, months: list[int]) -> tuple[list[int], list[float]]:
    """One panel's line: every month of ``months``, NaN where the group held no meeting.

    A NaN breaks the drawn line, so no line runs across months without a meeting.
    """
    values = table.assign(month=table["month"].astype(int)).groupby("month")[column].first()
    full = range(min(months), max(months) + 1) if months else range(0)
    return list(full), [float(values[m]) if m in values.index and pd.notna(values[m]) else float("nan") for m in full]


def monthly_attendance_chart(tables: dict[str, pd.DataFrame], *, col_wrap: int = 3) -> matplotlib.figure.Figure:
    """Small multiples of the monthly 합/민/관 attendance rates, one panel per group.

    Laid out by :func:`fixed_layout`: save it with ``figure_html(..., tight=False)``.

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
    panels = [(label, table[table["month"].notna()]) for label, table in tables.items()]
    panels = [(label, table) for label, table in panels if not table.empty]
    if not panels:
        return _no_data_figure("회의 참석 자료가 없습니다")
    n = len(panels)
    cols = min(col_wrap, n)
    rows = -(-n // cols)
    # at most 3 panels a row, so that the figure is shown near its own size and the text reads at 10 pt
    fig, axes = fixed_layout(rows, cols, (2.7, 1.7), margins=(0.75, 0.15, 0.8, 0.55), gaps=(0.15, 0.55))
    months = sorted({int(m) for _label, table in panels for m in table["month"]})
    x_range = (min(months) - 0.6, max(months) + 0.6)
    for index, ax in enumerate(axes.flat):
        if index >= n:
            ax.set_axis_off()
            continue
        label, table = panels[index]
        # grid drawn as two line collections: tick objects (and their grid lines) are
        # the slow part of a many-panel chart, so only the outer panels get ticks
        ax.hlines(range(0, 101, 25), *x_range, color="#e5e5e5", linewidth=0.8, zorder=0)
        ax.vlines(months, -5, 105, color="#eeeeee", linewidth=0.6, zorder=0)
        for column, (name, colour, marker, style) in _SECTOR_STYLES.items():
            x, y = gapped_months(table, column, months)
            ax.plot(x, y, color=colour, marker=marker, linestyle=style, markersize=4, linewidth=1.2, label=name)
        ax.set_title(label, fontsize=11, y=1.0, pad=4)
        ax.set_xlim(*x_range)
        ax.set_ylim(-5, 105)
        ax.grid(False)
        if index + cols >= n:  # nothing below: this panel shows the month labels
            ax.set_xticks(months, [str(m) for m in months], fontsize=10)
            ax.set_xlabel("월", fontsize=10)
        else:
            ax.set_xticks([])
        if index % cols == 0:
            ax.set_yticks([0, 50, 100], ["0", "50", "100"], fontsize=10)
            ax.set_ylabel("참석률(%)", fontsize=10)
        else:
            ax.set_yticks([])
    handles, labels = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper right", ncol=3, frameon=False, fontsize=10)
    width, height = fig.get_size_inches()
    fig.suptitle("분과별 월별 회의 참석률 (합·민·관)", x=0.75 / width, y=1 - 0.12 / height, ha="left", va="top", fontsize=12)
    return fig


_MARK_VALUES = {"absent": 0.0, "excused": 0.0, "proxy": 1.0, "attended": 2.0}
_MARK_COLOURS = ["#e9b3ad", "#f3d38b", "#4f8fc0"]  # 불참, 대리참석, 참석; not eligible stays blank
_ROW_INCHES = 0.11  # one member row of the heat map


def attendance_heatmap(records: pd.DataFrame, name_of: dict[str, str], *, cols: int = 3) -> matplotlib.figure.Figure:
    """Member × meeting heat map, one panel per subcommittee or body.

    Laid out by :func:`fixed_layout`: save it with ``figure_html(..., tight=False)``.

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
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    use_korean_font()
    data = records[["body", "subcommittee", "member_id", "meeting_id", "held_on", "status"]].copy()
    data["group"] = data["subcommittee"].where(data["body"] == "subcommittee", data["body"].map(
        {"representative": "대표협의체", "working": "실무협의체", "dong": "동협의체"}))
    groups = sorted(data["group"].dropna().unique(), key=lambda g: (g.endswith("협의체"), g))
    if not groups:
        return _no_data_figure("회의 참석 자료가 없습니다")
    data["value"] = data["status"].map(_MARK_VALUES).fillna(0.0)  # no mark: absent
    by_group = {group: part for group, part in data.groupby("group", sort=False)}
    cols = min(cols, len(groups))
    rows = -(-len(groups) // cols)
    heights = [
        max(by_group[g]["member_id"].nunique() for g in groups[r * cols:(r + 1) * cols]) * _ROW_INCHES + 0.2 for r in range(rows)
    ]
    longest = max((len(str(v)) for v in name_of.values()), default=3)
    label_inches = 0.12 + 0.075 * max(longest, 3)  # 6-point Hangul is about 0.075 inch wide
    fig, axes = fixed_layout(
        rows, cols, (3.3, sum(heights) / rows), margins=(label_inches, 0.1, 0.7, 0.45),
        gaps=(label_inches + 0.1, 0.75), height_ratios=heights,
    )
    cmap = ListedColormap(_MARK_COLOURS)
    for ax, group in zip(axes.flat, groups, strict=False):
        _heatmap_panel(ax, by_group[group], group, name_of, cmap)
    for ax in list(axes.flat)[len(groups):]:
        ax.set_axis_off()
    fig.legend(
        handles=[Patch(color=_MARK_COLOURS[2], label="참석"), Patch(color=_MARK_COLOURS[1], label="대리참석"),
                 Patch(color=_MARK_COLOURS[0], label="불참"), Patch(facecolor="white", edgecolor="#999", label="재임 전·후")],
        loc="upper right", ncol=4, fontsize=8, frameon=False,
    )
    width, height = fig.get_size_inches()
    fig.suptitle("위원별·회의별 참석 현황", x=label_inches / width, y=1 - 0.1 / height, ha="left", va="top", fontsize=11)
    return fig


def _heatmap_panel(ax, part: pd.DataFrame, group: str, name_of: dict[str, str], cmap) -> None:
    """One subcommittee's member × meeting grid, with row and column labels as plain text."""
    order = part.drop_duplicates("meeting_id").sort_values("held_on")
    grid = part.pivot_table(index="member_id", columns="meeting_id", values="value", aggfunc="first")
    grid = grid.reindex(columns=order["meeting_id"])
    ax.imshow(grid.to_numpy(dtype=float), cmap=cmap, vmin=0, vmax=2, aspect="auto", interpolation="nearest")
    ax.set_title(group, fontsize=9, y=1.0, pad=3)
    # row and column labels as plain text beside the axes (tick objects cost ~5 artists each)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    rows_axis, columns_axis = ax.get_yaxis_transform(), ax.get_xaxis_transform()
    for y, member in enumerate(grid.index):
        ax.text(-0.01, y, name_of.get(member, member), transform=rows_axis, ha="right", va="center", fontsize=6)
    for x, held in enumerate(order["held_on"]):
        ax.text(x, -0.01, f"{held.month}/{held.day}", transform=columns_axis, ha="center", va="top", fontsize=6, rotation=90)


def _category_bars(ax, categories: pd.Series, groups: list[tuple[pd.Series, object, str | None]]) -> None:
    """Horizontal bars, one row per category (the first at the top), the groups side by side in each row.

    What seaborn's categorical ``barplot`` drew for these charts, without its statistics
    pass (a third of a bar chart's time). ``groups`` holds (values, colour or colours,
    legend label or None).
    """
    rows = np.arange(len(categories))
    height = 0.8 / len(groups)
    for i, (values, colour, label) in enumerate(groups):
        ax.barh(rows - 0.4 + height * (i + 0.5), np.asarray(values, dtype=float), height=height, color=colour,
                label=label if label is not None else "_nolegend_")
    ax.set_yticks(rows, [str(c) for c in categories])
    ax.set_ylim(len(categories) - 0.5, -0.5)
    ax.yaxis.grid(False)


def subcommittee_bar_chart(comparison: pd.DataFrame, council_mean: float) -> matplotlib.figure.Figure:
    """Bar chart of subcommittees' pooled attendance with Wilson intervals and the council mean.

    Parameters
    ----------
    comparison : DataFrame
        Output of :func:`sabo_eval.metrics.attendance_inference.subcommittee_comparison`.
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
    _category_bars(ax, data["subcommittee"], [(data["pooled_rate"], "#4f8fc0", None)])
    ax.errorbar(
        data["pooled_rate"], range(len(data)),
        xerr=[data["pooled_rate"] - data["ci_low"], data["ci_high"] - data["pooled_rate"]],
        fmt="none", ecolor="#333333", capsize=3, linewidth=1,
    )
    if council_mean == council_mean:
        ax.axvline(council_mean, color="#d62728", linestyle="--", linewidth=1.2)
        ax.text(council_mean, -0.7, f" 분과 평균 {council_mean:.1f}%", color="#d62728", fontsize=9, va="bottom")
    ax.set_xlim(0, 100)
    ax.set_xlabel("참석률(%) — 막대: 합산 참석률, 선분: 95% 신뢰구간")
    ax.set_ylabel("")
    return fig  # figure_html's tight bounding box makes room for the labels


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
    _category_bars(ax, data["label"], [(data["achievement"], list(data["framework"].map(palette)), None)])
    for framework, colour in palette.items():
        ax.bar(0, 0, width=0, color=colour, label=str(framework))  # legend entries (no area)
    ax.axvline(100, color="#d62728", linestyle="--", linewidth=1.2)
    ax.text(100, -0.7, " 목표 100%", color="#d62728", fontsize=9, va="bottom")
    for i, value in enumerate(data["achievement"]):
        ax.text(value, i, f" {value:.1f}%", va="center", fontsize=9)
    ax.set_xlim(0, max(160.0, float(data["achievement"].max()) * 1.15))
    ax.set_xlabel("목표 달성률(%)")
    ax.set_ylabel("")
    ax.legend(title="", fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)  # outside the bars
    return fig  # figure_html's tight bounding box makes room for the labels


#: Won in one unit of each budget unit a submission may use.
_WON = {"원": 1, "천원": 1_000, "만원": 10_000, "백만원": 1_000_000, "억원": 100_000_000}


def money_scale(largest: float, unit: str) -> tuple[float, str]:
    """The unit readers think in for amounts up to ``largest`` (given in ``unit``).

    Returns
    -------
    (divisor, unit)
        Divide amounts in ``unit`` by ``divisor`` to show them in the returned unit:
        억원 from 1억원 up, 백만원 from 1백만원 up, otherwise ``unit`` itself (also for a
        unit that is not a won unit, which is left as it is).
    """
    if unit not in _WON or largest != largest:
        return 1.0, unit
    won = abs(float(largest)) * _WON[unit]
    for target in ("억원", "백만원"):
        if won >= _WON[target] and _WON[target] >= _WON[unit]:
            return _WON[target] / _WON[unit], target
    return 1.0, unit


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
    groups = [(by_strategy["planned"], "#b0c4de", "계획"), (by_strategy["revised"], "#4f8fc0", "변경(최종)"),
              (by_strategy["executed"], "#2e7d32", "집행")]
    _category_bars(ax, by_strategy["strategy"], groups)
    divisor, shown = money_scale(by_strategy[["planned", "revised", "executed"]].max().max(), unit)
    ax.set_xlabel(f"예산({shown})")
    ax.set_ylabel("")
    ax.ticklabel_format(axis="x", style="plain")
    ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _pos: f"{v / divisor:,.0f}"))
    ax.legend(title="", fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)  # outside the bars
    return fig  # figure_html's tight bounding box makes room for the labels
