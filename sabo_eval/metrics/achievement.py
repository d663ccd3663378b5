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

import numpy as np
import pandas as pd

from ._sums import group_sums, no_space

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


def _flag_table() -> np.ndarray:
    """The ``flags`` text of every combination of the :data:`FLAGS` columns (bit ``i``: flag ``i``)."""
    labels = list(FLAGS.values())
    return np.array(["; ".join(label for i, label in enumerate(labels) if code >> i & 1) for code in range(2 ** len(labels))], dtype=object)


_FLAG_TEXT = _flag_table()


def _scores(target: pd.Series, actual: pd.Series, down: np.ndarray, method: str) -> tuple[np.ndarray, np.ndarray]:
    """Uncapped achievement of every indicator (before reasons) and its reason."""
    with np.errstate(divide="ignore", invalid="ignore"):
        up_value = (actual / target * 100.0).to_numpy(dtype=float)
        if method == "ratio":
            down_value = (target / actual * 100.0).to_numpy(dtype=float)
        else:
            down_value = (200.0 - 100.0 * actual / target).to_numpy(dtype=float)
    no_target = (target.isna() | (target == 0)).to_numpy(dtype=bool)
    no_actual = ~no_target & actual.isna().to_numpy(dtype=bool)
    zero_actual = ~no_target & ~no_actual & down & (actual == 0).to_numpy(dtype=bool)
    reason = np.full(len(target), "", dtype=object)
    reason[no_target] = NO_TARGET
    reason[no_actual] = NO_ACTUAL
    if method == "ratio":
        reason[zero_actual] = ZERO_ACTUAL
    return np.where(down, down_value, up_value), reason


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
        Canonical ``indicators`` table (one or many district-years).
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
    value, reason = _scores(target, actual, (out["direction"] == "down").to_numpy(dtype=bool), method)
    out["achievement"] = np.where(reason == "", value, np.nan)
    out["reason"] = pd.Series(reason, index=out.index, dtype=object)
    out["flag_no_target"] = reason == NO_TARGET
    out["flag_no_actual"] = reason == NO_ACTUAL
    out["flag_above_150"] = out["achievement"] > 150.0
    out["flag_below_50"] = out["achievement"] < 50.0
    out["flag_target_changed"] = False
    if previous is not None and not previous.empty:
        keys = ["district_code", "item_code", "indicator"]
        last = previous[keys + ["target"]].rename(columns={"target": "_previous_target"}).drop_duplicates(keys)
        merged = out[keys].merge(last, on=keys, how="left")
        before = pd.to_numeric(merged["_previous_target"], errors="coerce").to_numpy(dtype=float)
        changed = ~np.isnan(before) & target.notna().to_numpy() & (np.abs(before - target.to_numpy(dtype=float)) > 1e-9)
        out["flag_target_changed"] = changed
    code = np.zeros(len(out), dtype=np.int64)
    for i, column in enumerate(FLAGS):
        code |= out[column].to_numpy(dtype=bool).astype(np.int64) << i
    out["flags"] = _FLAG_TEXT[code].tolist()
    return out


def _joined_flags(flags: pd.Series, group: np.ndarray, n_groups: int) -> list[str]:
    """Per group, the distinct flags of its rows' ``flags`` texts in order of first appearance.

    As ``"; ".join(dict.fromkeys(x for v in part for x in str(v).split("; ") if x))`` of
    each group's part, for all groups at once.
    """
    if n_groups == 0:
        return []
    split = flags.astype(str).str.split("; ")
    parts = split.explode()
    row = np.repeat(group, split.str.len().to_numpy())
    kept = (parts != "").to_numpy()
    codes, labels = pd.factorize(parts[kept])
    row = row[kept]
    position = np.arange(len(codes))
    first = np.full((n_groups, len(labels)), len(codes), dtype=np.int64)
    np.minimum.at(first, (row, codes), position)
    order = np.argsort(first, axis=1, kind="stable")
    present = np.take_along_axis(first, order, axis=1) < len(codes)
    combos = np.where(present, order, -1)
    unique, inverse = np.unique(combos, axis=0, return_inverse=True)
    texts = ["; ".join(str(labels[j]) for j in combo if j >= 0) for combo in unique]
    return [texts[i] for i in inverse.reshape(-1)]


def _attach_plan(out: pd.DataFrame, plan_items: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Items of the plan with their achievement; items without indicators kept and flagged."""
    cols = ["district_code", "year", "item_code", "item_name", "framework", "strategy", "key_project", "department", "team", "change"]
    out = plan_items[[c for c in cols if c in plan_items]].merge(out, on=keys, how="left")
    for col in ("n_indicators", "n_scored", "n_no_target", "n_no_actual"):
        out[col] = out[col].fillna(0).astype(int)
    out["has_target"] = out["has_target"].astype("boolean").fillna(False).astype(bool)
    out["flags"] = out["flags"].fillna("")
    no_indicator = out["n_indicators"] == 0
    out.loc[no_indicator, "flags"] = "성과지표 없음"
    return out


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
        Output of :func:`indicator_achievement` (one or many district-years).
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
    reason = scored["reason"]
    data = scored[keys].assign(
        achievement=scored["achievement"],
        _capped=scored["achievement"].clip(upper=cap) if cap is not None else scored["achievement"],
        _no_target=(reason == NO_TARGET).to_numpy(),
        _no_actual=(reason == NO_ACTUAL).to_numpy(),
        _has_target=(~scored["flag_no_target"] if "flag_no_target" in scored else reason != NO_TARGET).to_numpy(),
    )
    grouped = data.groupby(keys, dropna=False)
    out = grouped.agg(
        achievement=("_capped", "mean"),
        achievement_uncapped=("achievement", "mean"),
        n_indicators=("achievement", "size"),
        n_scored=("achievement", "count"),
        n_no_target=("_no_target", "sum"),
        n_no_actual=("_no_actual", "sum"),
        has_target=("_has_target", "any"),
    ).reset_index()
    if out.empty:  # the empty table keeps the dtypes it always had (as a per-group count of reasons)
        out = out.astype({"n_no_target": object, "n_no_actual": object})
    if "flags" in scored:
        out["flags"] = _joined_flags(scored["flags"], grouped.ngroup().to_numpy(), len(out))
    else:
        out["flags"] = ""
    if plan_items is not None:
        out = _attach_plan(out, plan_items, keys)
    out["achieved"] = (out["achievement"] >= 100.0).fillna(False).astype(bool)
    return out


def _rollup_frame(items: pd.DataFrame, weights: dict[str, float] | None) -> pd.DataFrame:
    """Items with their grouping keys (names without spaces), weight and per-item flags."""
    has_target = items["has_target"].to_numpy(dtype=bool)
    return items.assign(
        **{f"_{name}": no_space(items[name]) for name in LEVELS},
        _weight=items["item_code"].map(weights).fillna(1.0) if weights else 1.0,
        _achieved=items["achieved"].to_numpy(dtype=bool) & has_target,
        _no_target=~has_target,
        _no_actual=has_target & items["achievement"].isna().to_numpy(dtype=bool),
        _scored=items["achievement"].notna().to_numpy(dtype=bool),
    )


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
        Output of :func:`item_achievement` with ``plan_items`` attached (one or many
        district-years; groups never span two).
    level : {"framework", "strategy", "key_project"}
        The grouping; each level is nested in the ones before it.
    weights : dict, optional
        ``item_code`` → weight for a weighted mean (default: every item weighs 1).

    Returns
    -------
    DataFrame
        One row per group: ``district_code``, ``year``, the level's names,
        ``achievement``, ``n_strategies``, ``n_key_projects``, ``n_items``,
        ``n_with_target``, ``n_achieved``, ``n_no_target``, ``n_no_actual``,
        ``n_items_scored``.
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level: {level}")
    if items.empty:
        return pd.DataFrame([])
    names = list(LEVELS[: LEVELS.index(level) + 1])
    data = _rollup_frame(items, weights)
    keys = ["district_code", "year", *[f"_{name}" for name in names]]
    grouped = data.groupby(keys, sort=False, dropna=False)
    agg = grouped.agg(
        n_strategies=("_strategy", "nunique"),
        n_key_projects=("_key_project", "nunique"),
        n_items=("item_code", "nunique"),
        n_with_target=("has_target", "sum"),
        n_achieved=("_achieved", "sum"),
        n_no_target=("_no_target", "sum"),
        n_no_actual=("_no_actual", "sum"),
        n_items_scored=("_scored", "sum"),
    ).reset_index(drop=True)
    out = data.drop_duplicates(keys)[["district_code", "year", *names]].reset_index(drop=True)
    out["year"] = out["year"].astype("int64")
    group = grouped.ngroup().to_numpy()
    total, _ = group_sums(data["achievement"] * data["_weight"], group, len(agg), compact=True)
    weight, _ = group_sums(data["_weight"].where(data["_scored"]), group, len(agg), compact=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["achievement"] = np.where(weight != 0, total / weight, np.nan)
    for column in agg.columns:
        out[column] = agg[column].to_numpy().astype(int)
    return out


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
