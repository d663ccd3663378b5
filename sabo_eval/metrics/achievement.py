"""Indicator achievement of the annual implementation plan (DESIGN §4).

Achievement of an indicator is ``actual ÷ target × 100`` when higher is better
(``up``) and ``target ÷ actual × 100`` when lower is better (``down``); the option
``method="difference"`` uses ``200 − 100 · actual ÷ target`` for ``down``. The raw,
uncapped value is always kept. An item's achievement is the mean of its
indicators, a framework's the mean of its items (official practice: uncapped).
Indicators with no target or no actual get a missing value with a reason.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["indicator_achievement", "item_achievement", "framework_achievement"]

NO_TARGET = "목표 없음 (no target)"
NO_ACTUAL = "실적 없음 (not reported)"
ZERO_ACTUAL = "실적 0 — 하향 지표 계산 불가 (zero actual on a down indicator)"


def indicator_achievement(indicators: pd.DataFrame, *, method: str = "ratio") -> pd.DataFrame:
    """Add ``achievement`` (percent, uncapped) and ``reason`` to each indicator row.

    Parameters
    ----------
    indicators : DataFrame
        Canonical ``indicators`` table.
    method : {"ratio", "difference"}
        How ``down`` indicators are scored: ``target ÷ actual`` or ``200 − 100·actual ÷ target``.

    Returns
    -------
    DataFrame
        A copy with ``achievement`` and ``reason`` columns.
    """
    if method not in ("ratio", "difference"):
        raise ValueError(f"unknown method: {method}")
    out = indicators.copy()
    target = pd.to_numeric(out["target"], errors="coerce")
    actual = pd.to_numeric(out["actual"], errors="coerce")
    down = out["direction"] == "down"
    with np.errstate(divide="ignore", invalid="ignore"):
        up_value = actual / target * 100.0
        if method == "ratio":
            down_value = target / actual * 100.0
        else:
            down_value = 200.0 - 100.0 * actual / target
    value = np.where(down, down_value, up_value)
    reason = pd.Series("", index=out.index, dtype=object)
    reason[target.isna() | (target == 0)] = NO_TARGET
    reason[(reason == "") & actual.isna()] = NO_ACTUAL
    reason[(reason == "") & down & (actual == 0) & (method == "ratio")] = ZERO_ACTUAL
    out["achievement"] = np.where(reason == "", value, np.nan)
    out["reason"] = reason
    return out


def item_achievement(scored: pd.DataFrame, plan_items: pd.DataFrame | None = None) -> pd.DataFrame:
    """Mean achievement per item over its scored indicators.

    Parameters
    ----------
    scored : DataFrame
        Output of :func:`indicator_achievement`.
    plan_items : DataFrame, optional
        Canonical ``plan_items``; when given, its framework/strategy/key project
        columns are attached and items without indicators are kept (missing value).

    Returns
    -------
    DataFrame
        One row per item: ``achievement`` (mean), ``n_indicators``, ``n_scored``,
        ``n_no_target``, ``n_no_actual``, ``achieved`` (every scored indicator ≥ 100).
    """
    keys = ["district_code", "year", "item_code"]
    grouped = scored.groupby(keys, dropna=False)
    out = grouped.agg(
        achievement=("achievement", "mean"),
        n_indicators=("achievement", "size"),
        n_scored=("achievement", "count"),
        n_no_target=("reason", lambda r: int((r == NO_TARGET).sum())),
        n_no_actual=("reason", lambda r: int((r == NO_ACTUAL).sum())),
    ).reset_index()
    out["achieved"] = out["achievement"] >= 100.0
    if plan_items is not None:
        cols = ["district_code", "year", "item_code", "item_name", "framework", "strategy", "key_project", "department"]
        out = plan_items[[c for c in cols if c in plan_items]].merge(out, on=keys, how="left")
        for col in ("n_indicators", "n_scored", "n_no_target", "n_no_actual"):
            out[col] = out[col].fillna(0).astype(int)
        out["achieved"] = out["achieved"].astype("boolean").fillna(False).astype(bool)
    return out


def framework_achievement(items: pd.DataFrame) -> pd.DataFrame:
    """Achievement per framework: mean of its items, with the distinct counts.

    Parameters
    ----------
    items : DataFrame
        Output of :func:`item_achievement` with ``plan_items`` attached.

    Returns
    -------
    DataFrame
        ``district_code, year, framework, achievement, n_strategies, n_key_projects,
        n_items, n_items_scored, n_items_achieved``.
    """
    rows = []
    for (district, year, framework), part in items.groupby(["district_code", "year", "framework"], sort=False):
        scored = part["achievement"].dropna()
        rows.append(
            {
                "district_code": district,
                "year": year,
                "framework": framework,
                "achievement": float(scored.mean()) if len(scored) else np.nan,
                "n_strategies": part["strategy"].nunique(),
                "n_key_projects": part["key_project"].nunique(),
                "n_items": part["item_code"].nunique(),
                "n_items_scored": int(part["achievement"].notna().sum()),
                "n_items_achieved": int(part["achieved"].sum()),
            }
        )
    return pd.DataFrame(rows)
