"""Indicator achievement of the annual implementation plan (DESIGN §4).

* Achievement of an indicator is ``actual ÷ target × 100`` when higher is better
  (``up``) and ``target ÷ actual × 100`` when lower is better (``down``); with
  ``method="difference"`` a ``down`` indicator scores ``200 − 100 · actual ÷ target``.
  The raw, uncapped value is always kept. No target (missing or 0), no actual, and an
  actual of 0 on a ``down`` indicator give a missing value with a reason.
* An item's achievement is the mean of its indicators; key projects, strategies and
  frameworks are means of their items (official practice: uncapped and unweighted;
  optional weights per item and an optional cap for scoring).
* An item *reached its target* when its achievement is at least 100 %. Beside every
  mean: the items with a target, how many of them reached it, and how many items had
  no target or no actual.
* Strategy and project names are grouped ignoring spaces (``지역발전 전략1`` and
  ``지역발전전략1`` are one strategy, shown with the first spelling).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

__all__ = [
    "FLAGS",
    "indicator_achievement",
    "item_achievement",
    "rollup",
    "strategy_achievement",
    "framework_achievement",
    "framework_terms",
    "headline_sentence",
    "headline_sentences",
    "year_over_year",
]

NO_TARGET = "목표 없음 (no target)"
NO_ACTUAL = "실적 없음 (not reported)"
ZERO_ACTUAL = "실적 0 — 하향 지표 계산 불가 (zero actual on a down indicator)"

#: Flag column → Korean label shown in reports.
FLAGS = {
    "flag_no_target": "목표 없음",
    "flag_no_actual": "실적 없음",
    "flag_above_150": "150% 초과 — 목표가 낮게 설정되었을 수 있음",
    "flag_below_50": "50% 미만",
    "flag_target_changed": "전년 대비 목표 변경",
}
LEVELS = ("framework", "strategy", "key_project")


def _key(series: pd.Series) -> pd.Series:
    """Grouping key that ignores whitespace differences in names."""
    return series.astype("string").map(lambda v: re.sub(r"\s+", "", v) if isinstance(v, str) else v)


def indicator_achievement(
    indicators: pd.DataFrame,
    *,
    method: str = "ratio",
    previous: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Add achievement (percent, uncapped), its reason and the flags to each indicator.

    Parameters
    ----------
    indicators : DataFrame
        Canonical ``indicators`` table.
    method : {"ratio", "difference"}
        How ``down`` indicators are scored: ``target ÷ actual`` or ``200 − 100·actual ÷ target``.
    previous : DataFrame, optional
        The previous year's ``indicators``; an indicator whose target differs from
        last year's is flagged ``flag_target_changed``.

    Returns
    -------
    DataFrame
        A copy with ``achievement``, ``reason``, the ``flag_*`` columns of
        :data:`FLAGS` and ``flags`` (their Korean labels joined by ``"; "``).
    """
    if method not in ("ratio", "difference"):
        raise ValueError(f"unknown method: {method}")
    out = indicators.copy()
    target = pd.to_numeric(out["target"], errors="coerce")
    actual = pd.to_numeric(out["actual"], errors="coerce")
    down = (out["direction"] == "down").to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        up_value = (actual / target * 100.0).to_numpy(dtype=float)
        if method == "ratio":
            down_value = (target / actual * 100.0).to_numpy(dtype=float)
        else:
            down_value = (200.0 - 100.0 * actual / target).to_numpy(dtype=float)
    value = np.where(down, down_value, up_value)
    reason = pd.Series("", index=out.index, dtype=object)
    reason[target.isna() | (target == 0)] = NO_TARGET
    reason[(reason == "") & actual.isna()] = NO_ACTUAL
    if method == "ratio":
        reason[(reason == "") & down & (actual == 0)] = ZERO_ACTUAL
    out["achievement"] = np.where(reason == "", value, np.nan)
    out["reason"] = reason
    out["flag_no_target"] = reason == NO_TARGET
    out["flag_no_actual"] = reason == NO_ACTUAL
    out["flag_above_150"] = out["achievement"] > 150.0
    out["flag_below_50"] = out["achievement"] < 50.0
    out["flag_target_changed"] = False
    if previous is not None and not previous.empty:
        keys = ["district_code", "item_code", "indicator"]
        last = previous[keys + ["target"]].rename(columns={"target": "_previous_target"}).drop_duplicates(keys)
        merged = out[keys].merge(last, on=keys, how="left")
        before = pd.to_numeric(merged["_previous_target"], errors="coerce").to_numpy()
        changed = ~np.isnan(before) & target.notna().to_numpy() & (np.abs(before - target.to_numpy(dtype=float)) > 1e-9)
        out["flag_target_changed"] = changed
    out["flags"] = _flag_text(out)
    return out


def _flag_text(frame: pd.DataFrame) -> list[str]:
    return ["; ".join(label for column, label in FLAGS.items() if row[column]) for _, row in frame[list(FLAGS)].iterrows()]


def item_achievement(
    scored: pd.DataFrame,
    plan_items: pd.DataFrame | None = None,
    *,
    cap: float | None = None,
) -> pd.DataFrame:
    """Mean achievement per item over its scored indicators.

    Parameters
    ----------
    scored : DataFrame
        Output of :func:`indicator_achievement`.
    plan_items : DataFrame, optional
        Canonical ``plan_items``; when given, its framework/strategy/key project
        columns are attached and items without indicators are kept (missing value).
    cap : float, optional
        Cap each indicator at this value before averaging (for scoring). The
        uncapped mean is kept as ``achievement_uncapped``.

    Returns
    -------
    DataFrame
        One row per item: ``achievement``, ``achievement_uncapped``,
        ``n_indicators``, ``n_scored``, ``n_no_target``, ``n_no_actual``,
        ``has_target``, ``achieved`` (achievement ≥ 100), ``flags``.
    """
    keys = ["district_code", "year", "item_code"]
    data = scored.copy()
    data["_capped"] = data["achievement"].clip(upper=cap) if cap is not None else data["achievement"]
    data["_has_target"] = ~data["flag_no_target"] if "flag_no_target" in data else data["reason"] != NO_TARGET
    grouped = data.groupby(keys, dropna=False)
    out = grouped.agg(
        achievement=("_capped", "mean"),
        achievement_uncapped=("achievement", "mean"),
        n_indicators=("achievement", "size"),
        n_scored=("achievement", "count"),
        n_no_target=("reason", lambda r: int((r == NO_TARGET).sum())),
        n_no_actual=("reason", lambda r: int((r == NO_ACTUAL).sum())),
        has_target=("_has_target", "any"),
    ).reset_index()
    if "flags" in data:
        flags = grouped["flags"].agg(lambda f: "; ".join(dict.fromkeys(x for v in f for x in str(v).split("; ") if x)))
        out = out.merge(flags.rename("flags").reset_index(), on=keys, how="left")
    else:
        out["flags"] = ""
    if plan_items is not None:
        cols = ["district_code", "year", "item_code", "item_name", "framework", "strategy", "key_project", "department", "team", "change"]
        out = plan_items[[c for c in cols if c in plan_items]].merge(out, on=keys, how="left")
        for col in ("n_indicators", "n_scored", "n_no_target", "n_no_actual"):
            out[col] = out[col].fillna(0).astype(int)
        out["has_target"] = out["has_target"].astype("boolean").fillna(False).astype(bool)
        out["flags"] = out["flags"].fillna("")
        no_indicator = out["n_indicators"] == 0
        out.loc[no_indicator, "flags"] = "성과지표 없음"
    out["achieved"] = (out["achievement"] >= 100.0).fillna(False).astype(bool)
    return out


def rollup(
    items: pd.DataFrame,
    level: str,
    *,
    weights: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Mean of item achievements per framework, strategy or key project.

    Parameters
    ----------
    items : DataFrame
        Output of :func:`item_achievement` with ``plan_items`` attached.
    level : {"framework", "strategy", "key_project"}
        The grouping; each level is nested in the ones before it.
    weights : dict, optional
        ``item_code`` → weight for a weighted mean (default: every item weighs 1).

    Returns
    -------
    DataFrame
        One row per group: the level's names, ``achievement``, ``n_strategies``,
        ``n_key_projects``, ``n_items``, ``n_with_target``, ``n_achieved``,
        ``n_no_target``, ``n_no_actual``, ``n_items_scored``.
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level: {level}")
    depth = LEVELS.index(level) + 1
    data = items.copy()
    names = list(LEVELS[:depth])
    keys = ["district_code", "year"] + [f"_{n}" for n in names]
    for name in LEVELS:
        data[f"_{name}"] = _key(data[name])
    data["_weight"] = data["item_code"].map(weights).fillna(1.0) if weights else 1.0
    rows = []
    for key, part in data.groupby(keys, sort=False, dropna=False):
        scored = part.dropna(subset=["achievement"])
        weight = scored["_weight"].sum()
        row = dict(zip(["district_code", "year"], key[:2], strict=True))
        for name in names:
            row[name] = part[name].iloc[0]
        row.update(
            achievement=float((scored["achievement"] * scored["_weight"]).sum() / weight) if weight else np.nan,
            n_strategies=part["_strategy"].nunique(),
            n_key_projects=part["_key_project"].nunique(),
            n_items=part["item_code"].nunique(),
            n_with_target=int(part["has_target"].sum()),
            n_achieved=int((part["achieved"] & part["has_target"]).sum()),
            n_no_target=int((~part["has_target"]).sum()),
            n_no_actual=int((part["has_target"] & part["achievement"].isna()).sum()),
            n_items_scored=int(part["achievement"].notna().sum()),
        )
        rows.append(row)
    return pd.DataFrame(rows)


def strategy_achievement(items: pd.DataFrame, *, weights: dict[str, float] | None = None) -> pd.DataFrame:
    """:func:`rollup` by strategy (within framework)."""
    return rollup(items, "strategy", weights=weights)


def framework_achievement(items: pd.DataFrame, *, weights: dict[str, float] | None = None) -> pd.DataFrame:
    """:func:`rollup` by framework, with the distinct counts of seed 001's sentence."""
    return rollup(items, "framework", weights=weights)


def framework_terms(framework: str) -> tuple[str, str]:
    """Words for key projects and items in a framework's headline.

    The 지역사회보장 발전 전략체계 speaks of 대표 과업 and 세부과업; the 지자체
    사회보장사업 전략체계 (and any other) of 중점사업 and 세부사업, as seed 001 does.
    """
    if "발전" in str(framework):
        return "대표 과업", "세부과업"
    return "중점사업", "세부사업"


def headline_sentence(row: pd.Series | dict) -> str:
    """Seed 001's headline sentence for one framework.

    Parameters
    ----------
    row : Series or dict
        A row of :func:`framework_achievement`.

    Returns
    -------
    str
        For example ``"지자체 사회보장사업 전략체계 5대 추진전략, 10개 중점사업, 29개
        세부사업의 목표 달성률 121.6%로 목표대비 향상된 성과 지표를 보이고 있음."``;
        below 100 % the sentence says the plan fell short of its targets.
    """
    project, item = framework_terms(row["framework"])
    rate = row["achievement"]
    lead = (
        f"{row['framework']} {row['n_strategies']}대 추진전략, {row['n_key_projects']}개 {project}, "
        f"{row['n_items']}개 {item}의 목표 달성률"
    )
    if rate is None or pd.isna(rate):
        return f"{lead}은 목표와 실적이 있는 지표가 없어 산출할 수 없음."
    verdict = "목표대비 향상된 성과 지표를 보이고 있음" if rate >= 100 else "목표에 미치지 못한 성과 지표를 보이고 있음"
    return f"{lead} {rate:.1f}%로 {verdict}."


def headline_sentences(frameworks: pd.DataFrame) -> list[str]:
    """:func:`headline_sentence` for every framework, in plan order."""
    return [headline_sentence(row) for _, row in frameworks.iterrows()]


def year_over_year(current: pd.DataFrame, previous: pd.DataFrame) -> pd.DataFrame:
    """The same indicator this year and last year.

    Parameters
    ----------
    current, previous : DataFrame
        Outputs of :func:`indicator_achievement` for two consecutive years.

    Returns
    -------
    DataFrame
        One row per indicator of ``current``: ``target``, ``actual``,
        ``achievement`` and their ``previous_`` counterparts, ``change_pp``
        (achievement difference in percentage points) and ``target_changed``.
    """
    keys = ["district_code", "item_code", "indicator"]
    cols = ["target", "actual", "achievement"]
    last = previous[keys + cols].drop_duplicates(keys).rename(columns={c: f"previous_{c}" for c in cols})
    out = current[keys + ["year", "unit", "direction", *cols]].merge(last, on=keys, how="left")
    out["change_pp"] = out["achievement"] - out["previous_achievement"]
    before = pd.to_numeric(out["previous_target"], errors="coerce")
    now = pd.to_numeric(out["target"], errors="coerce")
    out["target_changed"] = before.notna() & now.notna() & ((before - now).abs() > 1e-9)
    return out
