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
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

__all__ = ["KOREAN_FONT", "use_korean_font", "figure_html", "monthly_attendance_chart"]

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


def figure_html(fig: matplotlib.figure.Figure, alt: str, caption: str = "") -> str:
    """Render a figure as an embedded PNG ``<figure>`` with alt text; closes the figure.

    Parameters
    ----------
    fig : Figure
    alt : str
        Alternative text describing the chart (escaped).
    caption : str
        Visible caption (escaped).
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
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
