"""Survey items compared between groups of respondents and between years (issue 22).

Both comparisons are differences of two independent means with a 95 % **Welch**
interval: (m₁ − m₂) ± t₀.₉₇₅,ν · √(s₁²/n₁ + s₂²/n₂), ν by Welch–Satterthwaite,
s with ddof = 1 (as ``statsmodels`` ``CompareMeans.tconfint_diff(usevar="unequal")``).
Respondents are anonymous, so a year-to-year change is treated as two independent
samples (no pairing), which is conservative when the same members answer both years.

A group (or year) with fewer than ``min_n`` answers is suppressed: its mean, the
difference and its interval are missing.
"""

from __future__ import annotations

import itertools
import re

import numpy as np
import pandas as pd

from .survey_scales import scale_code

__all__ = ["welch_interval", "group_difference", "year_change"]

KEYS = ["district_code", "year", "survey"]
ITEM_KEYS = [*KEYS, "item"]
_SPACE = re.compile(r"\s+")
_STAT_COLUMNS = ["mean", "sd", "n"]


def welch_interval(m1, s1, n1, m2, s2, n2, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Welch interval of ``m1 − m2`` (arrays); NaN where a group has fewer than 2 answers.

    Examples
    --------
    >>> low, high = welch_interval(4.0, 1.0, 10, 3.0, 1.0, 10)
    >>> round(float(low), 2), round(float(high), 2)
    (0.06, 1.94)
    """
    from scipy import stats

    m1, s1, n1, m2, s2, n2 = (np.asarray(x, dtype=float) for x in (m1, s1, n1, m2, s2, n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        v1, v2 = s1**2 / n1, s2**2 / n2
        df = (v1 + v2) ** 2 / (v1**2 / (n1 - 1) + v2**2 / (n2 - 1))
        half = stats.t.ppf(0.5 + level / 2, df) * np.sqrt(v1 + v2)
    half = np.where((n1 >= 2) & (n2 >= 2), half, np.nan)
    return m1 - m2 - half, m1 - m2 + half


def _group_stats(values: pd.DataFrame, by: str) -> pd.DataFrame:
    """Mean, sd and count of the answers per item and group."""
    answered = values[values["value"].notna() & values[by].notna()]
    return answered.groupby([*ITEM_KEYS, by]).agg(
        mean=("value", "mean"), sd=("value", "std"), n=("value", "size")).reset_index()


def _pairs(stats: pd.DataFrame, by: str) -> pd.DataFrame:
    """Every pair of groups of an item: ``private`` before ``public``, other groups in sorted order."""
    order = {"private": 0, "public": 1}
    rows = []
    for key, part in stats.groupby(ITEM_KEYS, sort=True):
        groups = sorted(part[by].astype(str), key=lambda g: (order.get(g, 2), g))
        for a, b in itertools.combinations(groups, 2):
            rows.append((*key, a, b))
    return pd.DataFrame(rows, columns=[*ITEM_KEYS, "group_a", "group_b"])


def _compare(out: pd.DataFrame, min_n: int, a: str = "_a", b: str = "_b") -> pd.DataFrame:
    """``difference`` (a − b), its Welch interval and ``suppressed``; small groups' means hidden."""
    out[f"n{a}"] = out[f"n{a}"].fillna(0).astype(int)
    out[f"n{b}"] = out[f"n{b}"].fillna(0).astype(int)
    small_a, small_b = out[f"n{a}"] < min_n, out[f"n{b}"] < min_n
    out["difference"] = out[f"mean{a}"] - out[f"mean{b}"]
    out["ci_low"], out["ci_high"] = welch_interval(
        out[f"mean{a}"], out[f"sd{a}"], out[f"n{a}"], out[f"mean{b}"], out[f"sd{b}"], out[f"n{b}"])
    out["suppressed"] = small_a | small_b
    out.loc[small_a, [f"mean{a}", f"sd{a}"]] = np.nan
    out.loc[small_b, [f"mean{b}", f"sd{b}"]] = np.nan
    out.loc[out["suppressed"], ["difference", "ci_low", "ci_high"]] = np.nan
    return out


def group_difference(values: pd.DataFrame, items: pd.DataFrame, by: str = "sector", *, min_n: int = 5) -> pd.DataFrame:
    """Difference between the mean answers of two groups of respondents, per item.

    Parameters
    ----------
    values : DataFrame
        Output of :func:`sabo_eval.metrics.survey.answer_values`.
    items : DataFrame
        Canonical ``survey_items`` (for the domain and wording).
    by : {"sector", "body"}
        Sector: 민 − 관 (``private`` − ``public``); body: every pair of 소속 (협의체, 분과 …).
    min_n : int
        A group with fewer answers is suppressed (default 5).

    Returns
    -------
    DataFrame
        Per item and pair: ``district_code, year, survey, item, domain, wording, by,
        group_a, group_b, n_a, n_b, mean_a, mean_b, sd_a, sd_b, difference`` (a − b),
        ``ci_low``, ``ci_high`` (95 % Welch), ``suppressed``.
    """
    if by not in ("sector", "body"):
        raise ValueError(f"by must be 'sector' or 'body': {by}")
    stats = _group_stats(values, by)
    stats[by] = stats[by].astype(str)
    out = _pairs(stats, by)
    for side in ("a", "b"):
        renamed = stats.rename(columns={by: f"group_{side}", **{c: f"{c}_{side}" for c in _STAT_COLUMNS}})
        out = out.merge(renamed, on=[*ITEM_KEYS, f"group_{side}"], how="left")
    out = _compare(out, min_n)
    info = items[[*ITEM_KEYS, "domain", "wording"]].drop_duplicates(ITEM_KEYS)
    out = out.merge(info, on=ITEM_KEYS, how="left")
    out.insert(len(ITEM_KEYS), "by", by)
    first = [*ITEM_KEYS, "domain", "wording", "by", "group_a", "group_b", "n_a", "n_b", "mean_a", "mean_b", "sd_a", "sd_b"]
    return out[first + ["difference", "ci_low", "ci_high", "suppressed"]].reset_index(drop=True)


def _item_stats(values: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Per item: mean, sd, count, its scale and wording reduced for matching (no spaces)."""
    info = items[[*ITEM_KEYS, "domain", "wording", "scale"]].drop_duplicates(ITEM_KEYS)
    info = info.assign(scale=scale_code(info["scale"]).to_numpy(),
                       _wording=info["wording"].map(lambda w: _SPACE.sub("", str(w))))
    answered = values[values["value"].notna()]
    stats = answered.groupby(ITEM_KEYS).agg(mean=("value", "mean"), sd=("value", "std"), n=("value", "size")).reset_index()
    return info.merge(stats, on=ITEM_KEYS, how="left")


def year_change(
    values_this: pd.DataFrame,
    values_last: pd.DataFrame,
    items_this: pd.DataFrame,
    items_last: pd.DataFrame,
    *,
    min_n: int = 5,
) -> pd.DataFrame:
    """Change of an item's mean from last year's survey to this year's.

    An item is the same when it has the same wording (spaces ignored) and scale in the
    same district: its id may have changed; an id kept with a new wording is a new
    question and is not compared. Each item of this year is compared with the latest
    earlier year in ``values_last``.

    Parameters
    ----------
    values_this, values_last : DataFrame
        :func:`sabo_eval.metrics.survey.answer_values` of this year and of last year.
    items_this, items_last : DataFrame
        ``survey_items`` of the two years.
    min_n : int
        A year with fewer answers to the item is suppressed (default 5).

    Returns
    -------
    DataFrame
        Per item asked both years: ``district_code, year, survey, item, domain,
        wording, year_last, survey_last, item_last, n, n_last, mean, mean_last,
        change`` (this − last), ``ci_low``, ``ci_high`` (95 % Welch), ``suppressed``.
    """
    this = _item_stats(values_this, items_this)
    last = _item_stats(values_last, items_last)
    last = last.drop(columns=["domain", "wording"]).rename(
        columns={"year": "year_last", "survey": "survey_last", "item": "item_last", "mean": "mean_last", "sd": "sd_last", "n": "n_last"})
    out = this.merge(last, on=["district_code", "_wording", "scale"], how="inner")
    out = out[out["year_last"] < out["year"]]
    out = out[out["year_last"] == out.groupby(ITEM_KEYS)["year_last"].transform("max")]
    out = out.rename(columns={"mean": "mean_this", "sd": "sd_this", "n": "n_this"})
    out = _compare(out, min_n, "_this", "_last").rename(
        columns={"mean_this": "mean", "n_this": "n", "difference": "change"})
    columns = [*ITEM_KEYS, "domain", "wording", "year_last", "survey_last", "item_last", "n", "n_last", "mean", "mean_last"]
    return out[columns + ["change", "ci_low", "ci_high", "suppressed"]].reset_index(drop=True)
