"""What a plan item's '확인 필요' says, judged so that it agrees with the numbers shown.

Indicator-level facts are worded per indicator with their count ("지표 2개 중 1개 실적
없음"), so an item that shows a rate can still say that one of its indicators had no
actual. Thresholds are applied to the item's rate as shown (rounded to one decimal):
"달성률 150% 초과" never sits beside 133.6 %. A target change is flagged only when it is
large (:data:`TARGET_CHANGE_LARGE`), as the number of such indicators. Abolished (폐지)
items show no rate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .achievement import NO_ACTUAL, NO_TARGET

__all__ = ["HIGH", "LOW", "TARGET_CHANGE_LARGE", "FLAG_LEGEND", "large_target_changes", "item_flags", "shown_rate"]

#: An item's shown rate above this is flagged (the target may have been set low).
HIGH = 150.0
#: An item's shown rate below this is flagged.
LOW = 50.0
#: A target that moved by at least this share of last year's target (50 %) is a large change.
TARGET_CHANGE_LARGE = 0.5

#: Flag key → (short label, the one sentence the legend says about it).
FLAG_LEGEND: dict[str, tuple[str, str]] = {
    "abolished": ("폐지", "올해 폐지된 세부사업입니다. 달성률을 매기지 않습니다."),
    "no_indicator": ("성과지표 없음", "성과지표가 하나도 없어 달성률을 낼 수 없습니다."),
    "no_actual": ("실적 없음", "성과지표 가운데 실적이 적히지 않은 지표의 수입니다. 그 지표는 달성률 평균에서 빠집니다."),
    "no_target": ("목표 없음", "성과지표 가운데 목표가 적히지 않은 지표의 수입니다. 그 지표는 달성률 평균에서 빠집니다."),
    "above_150": (f"달성률 {HIGH:.0f}% 초과", f"보이는 달성률이 {HIGH:.0f}%를 넘습니다. 목표가 낮게 잡혔을 수 있습니다."),
    "below_50": (f"달성률 {LOW:.0f}% 미만", f"보이는 달성률이 {LOW:.0f}%에 못 미칩니다."),
    "target_changed": (
        "목표 크게 변경",
        f"전년보다 목표가 {TARGET_CHANGE_LARGE:.0%} 이상 늘거나 준 지표의 수입니다(작은 조정은 표시하지 않음).",
    ),
}


def shown_rate(value: float) -> float:
    """The rate as the report shows it: rounded once to one decimal (NaN stays NaN)."""
    return float("nan") if value is None or pd.isna(value) else round(float(value), 1)


def large_target_changes(scored: pd.DataFrame, previous: pd.DataFrame | None) -> np.ndarray:
    """Whether each indicator's target moved by ≥ :data:`TARGET_CHANGE_LARGE` of last year's.

    Parameters
    ----------
    scored : DataFrame
        Indicators (``district_code, item_code, indicator, target``).
    previous : DataFrame, optional
        Last year's ``indicators``; without it nothing is a change.

    Returns
    -------
    ndarray of bool
        One per row of ``scored``; a target appearing from zero counts as large.
    """
    if previous is None or previous.empty or scored.empty:
        return np.zeros(len(scored), dtype=bool)
    keys = ["district_code", "item_code", "indicator"]
    last = previous[keys + ["target"]].rename(columns={"target": "_before"}).drop_duplicates(keys)
    merged = scored[keys].merge(last, on=keys, how="left")
    before = pd.to_numeric(merged["_before"], errors="coerce").to_numpy(dtype=float)
    now = pd.to_numeric(scored["target"], errors="coerce").to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        moved = np.abs(now - before)
        large = np.where(before != 0, moved >= TARGET_CHANGE_LARGE * np.abs(before), moved > 0)
    return (~np.isnan(before) & ~np.isnan(now) & large).astype(bool)


def _counted(key: str, k: int, n: int) -> str:
    """"실적 없음", "지표 2개 모두 실적 없음" or "지표 2개 중 1개 실적 없음"."""
    label = FLAG_LEGEND[key][0]
    if n <= 1:
        return label
    return f"지표 {n}개 모두 {label}" if k == n else f"지표 {n}개 중 {k}개 {label}"


def item_flags(scored: pd.DataFrame, items: pd.DataFrame, previous: pd.DataFrame | None = None) -> pd.DataFrame:
    """The flags of each item, worded per indicator and judged on the rate shown.

    Parameters
    ----------
    scored : DataFrame
        :func:`sabo_eval.metrics.achievement.indicator_achievement` of the year.
    items : DataFrame
        :func:`sabo_eval.metrics.achievement.item_achievement` with the plan attached
        (``item_code``, ``achievement``, ``n_indicators``, ``change``).
    previous : DataFrame, optional
        Last year's ``indicators`` (for large target changes).

    Returns
    -------
    DataFrame
        ``items`` with ``rate`` (the shown rate; NaN for abolished items and items
        without a rate), ``abolished``, ``n_no_actual``, ``n_no_target``,
        ``n_target_changed``, ``flag_keys`` (tuple of :data:`FLAG_LEGEND` keys) and
        ``flag_text`` (their wording joined by ``"; "``, ``""`` when none).
    """
    reason = scored["reason"].astype(object) if "reason" in scored else pd.Series("", index=scored.index)
    per = pd.DataFrame(
        {
            "item_code": scored["item_code"].astype(str),
            "_n": 1,
            "_no_actual": (reason == NO_ACTUAL).to_numpy(),
            "_no_target": (reason == NO_TARGET).to_numpy(),
            "_changed": large_target_changes(scored, previous),
        }
    ).groupby("item_code").sum()
    out = items.copy()
    code = out["item_code"].astype(str)
    counts = {column: code.map(per[column]).fillna(0).astype(int).to_numpy() for column in per.columns}
    change = out["change"] if "change" in out else pd.Series(None, index=out.index, dtype=object)
    out["abolished"] = (change == "abolished").to_numpy(dtype=bool)
    out["rate"] = [np.nan if gone else shown_rate(v) for v, gone in zip(out["achievement"], out["abolished"], strict=True)]
    out["n_no_actual"], out["n_no_target"], out["n_target_changed"] = counts["_no_actual"], counts["_no_target"], counts["_changed"]
    keys_list, texts = [], []
    for i in range(len(out)):
        n, rate = int(counts["_n"][i]), out["rate"].iloc[i]
        keys, words = [], []
        if out["abolished"].iloc[i]:
            keys.append("abolished")
            words.append(FLAG_LEGEND["abolished"][0])
        elif n == 0:
            keys.append("no_indicator")
            words.append(FLAG_LEGEND["no_indicator"][0])
        else:
            for key, column in (("no_actual", "_no_actual"), ("no_target", "_no_target")):
                if counts[column][i]:
                    keys.append(key)
                    words.append(_counted(key, int(counts[column][i]), n))
            if not np.isnan(rate) and rate > HIGH:
                keys.append("above_150")
                words.append(FLAG_LEGEND["above_150"][0])
            if not np.isnan(rate) and rate < LOW:
                keys.append("below_50")
                words.append(FLAG_LEGEND["below_50"][0])
            if counts["_changed"][i]:
                keys.append("target_changed")
                words.append(f"{FLAG_LEGEND['target_changed'][0]} {int(counts['_changed'][i])}개")
        keys_list.append(tuple(keys))
        texts.append("; ".join(words))
    out["flag_keys"] = keys_list
    out["flag_text"] = texts
    return out
