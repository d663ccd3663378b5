"""Each detailed project rated 적절 / 보통 / 부적절 at each stage (seed 001, issue 22).

* **An item's rating at a stage** is the majority over its raters; a tie goes to the
  lower rating (a cautious reading: 적절 and 부적절 tied is 부적절).
* **Shares** (:func:`rating_shares`) count each rated item once per stage: counts and
  percentages of 적절/보통/부적절 per stage × strategy (or key project). Strategies are
  grouped ignoring spaces, as in :mod:`.achievement`, shown with the plan's first
  spelling (so the names match :func:`.achievement.strategy_achievement`'s).
* **Against achievement** (:func:`ratings_vs_achievement`): the rating compared is the
  latest stage rated (결과확인, else 이행점검, else 계획수립). Achievement has bands —
  ≥ 100 % expects 적절, 50–100 % 보통, < 50 % 부적절; ``disagreement`` is how many
  percentage points the achievement lies outside the band of the rating given (0 when
  inside). Items without achievement are kept, with ``agreement`` saying so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._sums import no_space
from .survey_scales import RATING_LABELS, RATING_VALUES, STAGES, rating_label, stage_label

__all__ = [
    "STAGES",
    "item_ratings",
    "rating_shares",
    "ratings_vs_achievement",
    "rating_disagreements",
]

KEYS = ["district_code", "year", "item_code"]
_LABELS = ("적절", "보통", "부적절")
#: Rating → the achievement band it agrees with, [low, high) in percent.
BANDS = {"적절": (100.0, np.inf), "보통": (50.0, 100.0), "부적절": (-np.inf, 50.0)}
NO_ACHIEVEMENT = "달성률 없음 — 비교하지 않음"
NOT_IN_PLAN = "(시행계획에 없음)"


def item_ratings(ratings: pd.DataFrame) -> pd.DataFrame:
    """One rating per item and stage: the raters' majority, a tie going to the lower rating.

    Parameters
    ----------
    ratings : DataFrame
        Canonical ``project_ratings`` (``stage`` and ``rating`` in Korean or as codes).

    Returns
    -------
    DataFrame
        ``district_code, year, item_code, stage, rating, n_raters``; ratings that are
        none of 적절/보통/부적절 are left out.
    """
    data = ratings.assign(stage=stage_label(ratings["stage"]), rating=rating_label(ratings["rating"]))
    data = data[data["rating"].notna()]
    data = data.assign(_value=data["rating"].map(RATING_VALUES))
    votes = data.groupby([*KEYS, "stage", "_value"]).size().rename("_votes").reset_index()
    votes = votes.sort_values([*KEYS, "stage", "_votes", "_value"], ascending=[True] * 4 + [False, True], kind="stable")
    chosen = votes.drop_duplicates([*KEYS, "stage"])
    raters = data.groupby([*KEYS, "stage"]).size().rename("n_raters").reset_index()
    out = chosen.merge(raters, on=[*KEYS, "stage"])
    out["rating"] = out["_value"].map(RATING_LABELS)
    return out[[*KEYS, "stage", "rating", "n_raters"]].reset_index(drop=True)


def _with_plan(rated: pd.DataFrame, plan_items: pd.DataFrame) -> pd.DataFrame:
    """Rated items with their strategy and key project (grouping keys without spaces)."""
    columns = [c for c in ("item_name", "framework", "strategy", "key_project") if c in plan_items]
    out = rated.merge(plan_items[KEYS + columns].drop_duplicates(KEYS), on=KEYS, how="left")
    for column in ("strategy", "key_project"):
        if column in out:
            out[f"_{column}"] = no_space(out[column], missing=NOT_IN_PLAN)
            spelled = plan_items.assign(_key=no_space(plan_items[column], missing=NOT_IN_PLAN))
            first = spelled.drop_duplicates(["district_code", "year", "_key"]).set_index(["district_code", "year", "_key"])[column]
            index = pd.MultiIndex.from_arrays([out["district_code"], out["year"], out[f"_{column}"]])
            out[column] = first.reindex(index).to_numpy()
    return out


def rating_shares(ratings: pd.DataFrame, plan_items: pd.DataFrame, by=("stage", "strategy")) -> pd.DataFrame:
    """Counts and shares of 적절/보통/부적절 per stage and strategy (or key project).

    Parameters
    ----------
    ratings : DataFrame
        Canonical ``project_ratings``.
    plan_items : DataFrame
        Canonical ``plan_items`` (strategy and key project of each item).
    by : sequence of str
        Grouping beside ``district_code`` and ``year``: ``stage``, ``strategy``,
        ``key_project`` (``("stage",)`` gives each stage's totals).

    Returns
    -------
    DataFrame
        ``district_code, year, *by, n_items, n_적절, n_보통, n_부적절, share_적절,
        share_보통, share_부적절`` (% of the items rated), stages in cycle order; an item
        not in the plan has strategy "(시행계획에 없음)".
    """
    by = list(by)
    rated = _with_plan(item_ratings(ratings), plan_items)
    keys = ["district_code", "year"] + [f"_{b}" if b in ("strategy", "key_project") else b for b in by]
    counts = rated.groupby(keys + ["rating"], sort=False).size().unstack("rating").reindex(columns=list(_LABELS)).fillna(0)
    counts.columns.name = None
    out = counts.astype(int).add_prefix("n_").reset_index()
    for b in ("strategy", "key_project"):
        if b in by:
            shown = rated.drop_duplicates(["district_code", "year", f"_{b}"])[["district_code", "year", f"_{b}", b]]
            out = out.merge(shown, on=["district_code", "year", f"_{b}"], how="left")
            out[b] = out[b].fillna(out[f"_{b}"])
    out["n_items"] = out[[f"n_{label}" for label in _LABELS]].sum(axis=1)
    for label in _LABELS:
        out[f"share_{label}"] = out[f"n_{label}"] / out["n_items"] * 100.0
    if "stage" in by:
        out["_order"] = out["stage"].map({s: i for i, s in enumerate(STAGES)}).fillna(len(STAGES))
    order = ["district_code", "year"]
    for b in by:
        if b in ("strategy", "key_project"):
            out[f"_{b}_missing"] = out[f"_{b}"] == NOT_IN_PLAN
            order += [f"_{b}_missing", f"_{b}"]
        else:
            order.append("_order" if b == "stage" else b)
    out = out.sort_values(order, kind="stable")
    columns = ["district_code", "year", *by, "n_items", *(f"n_{lab}" for lab in _LABELS), *(f"share_{lab}" for lab in _LABELS)]
    return out[columns].reset_index(drop=True)


def _expected(achievement: pd.Series) -> pd.Series:
    """The rating an achievement's band expects (NaN without achievement)."""
    values = achievement.to_numpy(dtype=float)
    labels = np.where(values >= 100.0, "적절", np.where(values >= 50.0, "보통", "부적절")).astype(object)
    labels[np.isnan(values)] = None
    return pd.Series(labels, index=achievement.index)


def _gap(rating: pd.Series, achievement: pd.Series) -> np.ndarray:
    """Percentage points the achievement lies outside its rating's band."""
    low = rating.map(lambda r: BANDS.get(r, (np.nan, np.nan))[0]).to_numpy(dtype=float)
    high = rating.map(lambda r: BANDS.get(r, (np.nan, np.nan))[1]).to_numpy(dtype=float)
    value = achievement.to_numpy(dtype=float)
    return np.where(value < low, low - value, np.where(value >= high, value - high, 0.0))


def ratings_vs_achievement(ratings: pd.DataFrame, items_achievement: pd.DataFrame) -> pd.DataFrame:
    """Every rated item's ratings per stage beside its indicator achievement.

    Parameters
    ----------
    ratings : DataFrame
        Canonical ``project_ratings``.
    items_achievement : DataFrame
        :func:`sabo_eval.metrics.achievement.item_achievement` (with the plan attached
        for names and strategies).

    Returns
    -------
    DataFrame
        Per rated item: ``district_code, year, item_code`` (and ``item_name``,
        ``strategy``, ``key_project`` when given), ``rating_계획수립``,
        ``rating_이행점검``, ``rating_결과확인``, ``rating`` (the latest stage rated),
        ``stage`` (which), ``achievement`` (%), ``expected`` (the band's rating),
        ``agreement`` (일치 / 한 단계 차이 / 불일치 / 달성률 없음 — 비교하지 않음),
        ``disagreement`` (percentage points outside the band; NaN without achievement).
    """
    per_stage = item_ratings(ratings)
    wide = per_stage.pivot(index=KEYS, columns="stage", values="rating").reindex(columns=list(STAGES))
    wide.columns = [f"rating_{s}" for s in STAGES]
    wide = wide.reset_index()
    latest = per_stage.assign(_order=per_stage["stage"].map({s: i for i, s in enumerate(STAGES)}).fillna(-1))
    latest = latest.sort_values([*KEYS, "_order"], kind="stable").drop_duplicates(KEYS, keep="last")
    out = wide.merge(latest[[*KEYS, "rating", "stage"]], on=KEYS, how="left")
    extra = [c for c in ("item_name", "strategy", "key_project", "achievement") if c in items_achievement]
    out = out.merge(items_achievement[KEYS + extra].drop_duplicates(KEYS), on=KEYS, how="left")
    if "achievement" not in out:
        out["achievement"] = np.nan
    out["achievement"] = pd.to_numeric(out["achievement"], errors="coerce")
    out["expected"] = _expected(out["achievement"])
    steps = (out["rating"].map(RATING_VALUES).astype(float) - out["expected"].map(RATING_VALUES).astype(float)).abs()
    out["agreement"] = np.select([steps == 0, steps == 1, steps == 2], ["일치", "한 단계 차이", "불일치"], NO_ACHIEVEMENT)
    out["disagreement"] = np.where(out["achievement"].isna(), np.nan, _gap(out["rating"], out["achievement"]))
    return out.reset_index(drop=True)


def rating_disagreements(table: pd.DataFrame, top: int = 10) -> pd.DataFrame:
    """The items whose rating contradicts their achievement most.

    Parameters
    ----------
    table : DataFrame
        :func:`ratings_vs_achievement`.
    top : int
        At most this many items per district-year (default 10).

    Returns
    -------
    DataFrame
        Rows of ``table`` rated 적절 with achievement under 50 %, or rated 부적절 with
        achievement of 100 % or more, largest ``disagreement`` first.
    """
    chosen = table[((table["rating"] == "적절") & (table["achievement"] < 50.0))
                   | ((table["rating"] == "부적절") & (table["achievement"] >= 100.0))]
    chosen = chosen.sort_values(["district_code", "year", "disagreement", "item_code"],
                                ascending=[True, True, False, True], kind="stable")
    return chosen.groupby(["district_code", "year"], sort=False).head(top).reset_index(drop=True)
