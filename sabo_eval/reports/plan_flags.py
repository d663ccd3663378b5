"""The plan-item table with its '확인 필요' column and the legend that explains each flag once.

Numbers and flags come from :func:`sabo_eval.metrics.item_flags.item_flags`; this module
only lays them out: the rate as shown (``폐지`` instead of a rate for abolished items)
beside flags that agree with it.
"""

from __future__ import annotations

import html

import pandas as pd

from ..metrics.item_flags import FLAG_LEGEND

__all__ = ["item_flag_table", "flag_legend_html", "rate_text"]


def rate_text(rate: float, abolished: bool) -> str:
    """``133.6%``, ``폐지`` for an abolished item, ``-`` without a rate."""
    if abolished:
        return "폐지"
    return "-" if rate is None or pd.isna(rate) else f"{rate:.1f}%"


def item_flag_table(flagged: pd.DataFrame) -> pd.DataFrame:
    """One row per item: code, name, strategy, department, indicators, rate, flags.

    Parameters
    ----------
    flagged : DataFrame
        Output of :func:`sabo_eval.metrics.item_flags.item_flags`.
    """
    return pd.DataFrame(
        {
            "사업번호": flagged["item_code"],
            "세부사업명": flagged["item_name"],
            "추진전략": flagged["strategy"],
            "담당부서": flagged["department"],
            "지표 수": flagged["n_indicators"].map(lambda n: f"{int(n)}개"),
            "달성률": [rate_text(r, a) for r, a in zip(flagged["rate"], flagged["abolished"], strict=True)],
            "확인 필요": flagged["flag_text"].replace("", "-"),
        }
    )


def flag_legend_html(flagged: pd.DataFrame) -> str:
    """A legend naming each flag that appears once, with its count of items ('' when none)."""
    seen: dict[str, int] = {}
    for keys in flagged["flag_keys"]:
        for key in keys:
            seen[key] = seen.get(key, 0) + 1
    if not seen:
        return "<p class='sabo-note'>확인이 필요한 세부사업이 없습니다.</p>"
    rows = "".join(
        f"<li><b>{html.escape(FLAG_LEGEND[key][0])}</b> ({seen[key]}개 사업): {html.escape(FLAG_LEGEND[key][1])}</li>"
        for key in FLAG_LEGEND if key in seen
    )
    return f"<ul class='sabo-note sabo-legend'>{rows}</ul>"
