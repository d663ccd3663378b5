"""The facts of a district report's 요약: this year, last year, and the district's place.

One row per headline figure (attendance, achievement, budget execution) and per main
service indicator: the value, last year's value, the change, and where the district
stands among the districts of the same year that have the figure ("비교 27곳 중 가장
낮음"). :func:`callouts` picks the facts worth a sentence (largest changes, first or
last place). The wording lives in :mod:`sabo_eval.reports.summary`; every number it
shows comes from here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .overview import HEADLINES, MIN_COMPARED

__all__ = [
    "MIN_COMPARED",
    "SUMMARY_HEADLINES",
    "MAIN_INDICATORS",
    "LARGE_CHANGE",
    "FACT_COLUMNS",
    "place_among",
    "place_text",
    "summary_facts",
    "callouts",
]

#: Headline figures (:data:`sabo_eval.metrics.overview.HEADLINES` keys) in the 요약, in order.
SUMMARY_HEADLINES: tuple[str, ...] = ("attendance_rate", "achievement", "execution_rate")

#: Service indicators (catalogue ids) in the 요약, in order; those a district lacks are left out.
MAIN_INDICATORS: tuple[str, ...] = ("visit_contact", "visit65_contact", "crisis_linkage_rate", "sos_per_1000_65plus")

#: A change from last year at least this large is a call-out: 5 %p for rates, 10 % of last year otherwise.
LARGE_CHANGE = {"%": 5.0, "relative": 0.10}

#: Columns of :func:`summary_facts`.
FACT_COLUMNS: tuple[str, ...] = (
    "key", "label", "unit", "source", "value", "previous", "change", "n_compared", "rank_high", "rank_low",
    "median", "place",
)


def place_among(values: pd.Series, district_code: str) -> tuple[int, int, int]:
    """The district's place among the districts with a value.

    Parameters
    ----------
    values : Series
        One value per district, indexed by district code (NaN: no value, not compared).
    district_code : str

    Returns
    -------
    tuple of int
        ``(n_compared, rank_high, rank_low)``: how many districts have a value, the
        district's place counted from the highest (1 = highest; ties share the best
        place) and from the lowest; ranks are 0 when the district has no value.
    """
    present = values.dropna().astype(float)
    n = len(present)
    if str(district_code) not in present.index:
        return n, 0, 0
    mine = float(present.loc[str(district_code)])
    return n, int((present > mine).sum()) + 1, int((present < mine).sum()) + 1


def place_text(n_compared: int, rank_high: int, rank_low: int) -> str:
    """Plain Korean for a place: "비교 27곳 중 가장 낮음", "27곳 중 5번째로 높음".

    The nearer end is named (5th highest of 27 rather than 23rd lowest); below
    :data:`MIN_COMPARED` districts no place is given and the text says why.
    """
    if n_compared < MIN_COMPARED:
        return f"비교할 시군구가 {n_compared}곳뿐이라 순위를 매기지 않음"
    if not rank_high:
        return f"값이 없어 비교 {n_compared}곳에 들지 않음"
    if rank_high == 1 and rank_low == 1:
        return f"비교 {n_compared}곳이 모두 같음"
    if rank_high == 1:
        return f"비교 {n_compared}곳 중 가장 높음"
    if rank_low == 1:
        return f"비교 {n_compared}곳 중 가장 낮음"
    if rank_high <= rank_low:
        return f"비교 {n_compared}곳 중 {rank_high}번째로 높음"
    return f"비교 {n_compared}곳 중 {rank_low}번째로 낮음"


def _fact(key: str, label: str, unit: str, source: str, values: pd.Series, previous: float, code: str) -> dict:
    """One row of :func:`summary_facts` from the year's values of every district."""
    values = pd.to_numeric(values, errors="coerce")
    value = float(values.get(code, np.nan))
    n, high, low = place_among(values, code)
    median = float(values.dropna().median()) if n >= MIN_COMPARED else np.nan
    previous = float(previous) if previous is not None and not pd.isna(previous) else np.nan
    return {
        "key": key, "label": label, "unit": unit, "source": source, "value": value, "previous": previous,
        "change": value - previous, "n_compared": n, "rank_high": high, "rank_low": low, "median": median,
        "place": place_text(n, high, low) if not np.isnan(value) else "값 없음",
    }


def summary_facts(
    district_code: str,
    headlines: pd.DataFrame,
    previous_headlines: pd.DataFrame | None = None,
    indicators: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The 요약's facts for one district-year.

    Parameters
    ----------
    district_code : str
        5-digit code of the district.
    headlines : DataFrame
        Headline figures of every district of the year, indexed by district code
        (:func:`sabo_eval.metrics.year_figures.compute_all_headlines`).
    previous_headlines : DataFrame, optional
        The same for the previous year (missing: no previous values).
    indicators : DataFrame, optional
        Service indicators of every district of the year with ``previous_value``
        (:func:`sabo_eval.metrics.year_figures.compute_all_indicator_values`).

    Returns
    -------
    DataFrame
        :data:`FACT_COLUMNS`, one row per :data:`SUMMARY_HEADLINES` figure, then per
        :data:`MAIN_INDICATORS` indicator the district has. ``change`` is value minus
        previous (NaN without a previous value); ``median`` and ranks are over the
        districts with a value, and left out (NaN, 0) below :data:`MIN_COMPARED`.
    """
    code = str(district_code)
    labels = {h.key: h for h in HEADLINES}
    rows = []
    headlines = headlines if headlines is not None else pd.DataFrame()
    for key in SUMMARY_HEADLINES:
        h = labels[key]
        values = headlines[key] if key in headlines else pd.Series(dtype=float)
        before = np.nan
        if previous_headlines is not None and key in previous_headlines and code in previous_headlines.index:
            before = previous_headlines.at[code, key]
        rows.append(_fact(key, h.label, h.unit, "headline", values, before, code))
    if indicators is not None and len(indicators):
        frame = indicators.assign(district_code=indicators["district_code"].astype(str))
        for indicator in MAIN_INDICATORS:
            part = frame[frame["indicator_id"] == indicator].drop_duplicates("district_code").set_index("district_code")
            if code not in part.index or pd.isna(part.at[code, "value"]):
                continue
            rows.append(
                _fact(indicator, str(part.at[code, "name"]), str(part.at[code, "unit"]), "service", part["value"],
                      part.at[code, "previous_value"], code)
            )
    return pd.DataFrame(rows, columns=list(FACT_COLUMNS))


def _large(change: float, previous: float, unit: str) -> bool:
    """Whether a change from last year is a call-out (:data:`LARGE_CHANGE`)."""
    if pd.isna(change):
        return False
    if unit == "%":
        return abs(change) >= LARGE_CHANGE["%"]
    return bool(previous) and abs(change) >= LARGE_CHANGE["relative"] * abs(previous)


def callouts(facts: pd.DataFrame) -> pd.DataFrame:
    """The facts worth a sentence: first or last place, and large changes from last year.

    Parameters
    ----------
    facts : DataFrame
        Output of :func:`summary_facts`.

    Returns
    -------
    DataFrame
        The chosen rows of ``facts`` with ``reason`` (``"lowest"``, ``"highest"``,
        ``"large_change"``; a place wins over a change), extremes first, then by
        size of change (in units of its threshold).
    """
    reasons, weights = [], []
    for row in facts.itertuples(index=False):
        ranked = row.n_compared >= MIN_COMPARED and row.rank_high > 0
        if ranked and row.rank_low == 1 and row.rank_high > 1:
            reason = "lowest"
        elif ranked and row.rank_high == 1 and row.rank_low > 1:
            reason = "highest"
        elif _large(row.change, row.previous, row.unit):
            reason = "large_change"
        else:
            reason = ""
        scale = LARGE_CHANGE["%"] if row.unit == "%" else LARGE_CHANGE["relative"] * abs(row.previous or 1.0)
        size = 0.0 if pd.isna(row.change) or not scale else abs(row.change) / scale
        reasons.append(reason)
        weights.append((0 if reason in ("lowest", "highest") else 1, -size))
    chosen = facts.assign(reason=reasons, _w=weights)
    chosen = chosen[chosen["reason"] != ""]
    order = sorted(range(len(chosen)), key=lambda i: chosen["_w"].iloc[i])
    return chosen.iloc[order].drop(columns="_w").reset_index(drop=True)
