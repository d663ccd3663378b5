"""Service-outcome indicators from the catalogue (DESIGN §4, seed 002).

The catalogue (``sabo_eval/data/service_indicators.csv``; a user CSV with the same
columns adds or overrides rows by ``id``) defines each indicator by a numerator and a
denominator: sums of ``program/measure`` terms of the ``services`` table, or a
population column of ``districts`` (``districts/population``). Its kind decides the
statistics:

* ``proportion``: the numerator is part of the denominator; a Wilson interval
  (statsmodels) is given, and a numerator above its denominator is a data error;
* ``ratio``: may exceed 100 % (seed 002: 양육가정 133.8 %, 동행방문율 114 %); shown as
  it is, never clipped, with no binomial interval.

Year figures sum a district's rows of the year (annual rows, or monthly/dong rows
when the data has them). Per-dong-per-month figures divide by dongs × months, as
seed 002 does (12 months for annual data).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..intake.catalogue import CATALOGUE_COLUMNS, Term, load_catalogue, parse_terms

__all__ = [
    "CATALOGUE_COLUMNS",
    "INDICATOR_COLUMNS",
    "Term",
    "load_catalogue",
    "parse_terms",
    "indicator_values",
    "with_previous_year",
    "proportion_violations",
]

#: The columns of :func:`indicator_values`.
INDICATOR_COLUMNS = (
    "district_code", "year", "indicator_id", "name", "program", "kind", "unit", "per", "numerator", "denominator", "value",
    "ci_low", "ci_high", "numerator_per_dong_month", "denominator_per_dong_month", "n_months", "reason",
)


def _sum_terms(services: pd.DataFrame, districts: pd.DataFrame, terms: list[Term], keys: list[str]) -> pd.Series:
    """Sum the terms per ``keys`` group; NaN where a group has none of the terms."""
    parts = []
    for term in terms:
        if term.is_population:
            if term.measure not in districts:  # no district table (nothing to divide by): no value
                continue
            column = districts[["district_code", "year", term.measure]].rename(columns={term.measure: "value"})
            parts.append(column.set_index(["district_code", "year"])["value"])
        else:
            rows = services[(services["program"] == term.program) & (services["measure"] == term.measure)]
            parts.append(rows.groupby(keys)["value"].sum(min_count=1))
    if not parts:
        return pd.Series(dtype=float)
    frame = pd.concat(parts, axis=1)
    return frame.sum(axis=1, min_count=1)


def _indicator_rows(row, services: pd.DataFrame, districts: pd.DataFrame, keys: list[str], alpha: float) -> pd.DataFrame | None:
    """One catalogue indicator's numerator, denominator, value and Wilson interval per district-year.

    ``None`` when no district reports the numerator.
    """
    from statsmodels.stats.proportion import proportion_confint

    numerator = _sum_terms(services, districts, parse_terms(row.numerator), keys)
    denominator = _sum_terms(services, districts, parse_terms(row.denominator), keys)
    index = numerator.index.union(denominator.index)
    out = pd.DataFrame(index=index)
    out["numerator"] = numerator.reindex(index)
    out["denominator"] = denominator.reindex(index)
    out = out[out["numerator"].notna()]
    if out.empty:
        return None
    out = out.reset_index()
    out.columns = [*keys, "numerator", "denominator"]
    out.insert(2, "indicator_id", row.id)
    out["name"], out["program"], out["kind"], out["unit"], out["per"] = row.name, row.program, row.kind, row.unit, row.per
    ok = out["denominator"].notna() & (out["denominator"] > 0)
    out["value"] = np.where(ok, out["numerator"] / out["denominator"].where(ok) * row.per, np.nan)
    out["reason"] = np.where(ok, "", "분모 없음 (no denominator)")
    out["ci_low"], out["ci_high"] = np.nan, np.nan
    if row.kind == "proportion":
        valid = ok & (out["numerator"] <= out["denominator"])
        if valid.any():
            low, high = proportion_confint(
                out.loc[valid, "numerator"].round(), out.loc[valid, "denominator"].round(), alpha=alpha, method="wilson"
            )
            value = out.loc[valid, "value"]
            out.loc[valid, "ci_low"] = np.clip(np.minimum(low * row.per, value), 0, row.per)
            out.loc[valid, "ci_high"] = np.clip(np.maximum(high * row.per, value), 0, row.per)
        out.loc[ok & ~valid, "reason"] = "분자가 분모보다 큼 — 자료 오류 (numerator above denominator)"
    return out


def indicator_values(
    services: pd.DataFrame,
    districts: pd.DataFrame,
    catalogue: pd.DataFrame | None = None,
    *,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Every catalogue indicator per district and year.

    Parameters
    ----------
    services, districts : DataFrame
        Canonical tables (any number of districts and years).
    catalogue : DataFrame, optional
        Default: :func:`load_catalogue`.
    alpha : float
        1 − confidence level of the Wilson interval.

    Returns
    -------
    DataFrame
        ``district_code, year, indicator_id, name, program, kind, unit, numerator,
        denominator, value, ci_low, ci_high, numerator_per_dong_month,
        denominator_per_dong_month, n_months, reason``; ``value`` is
        numerator ÷ denominator × per (percent or per-thousand, uncapped).
    """
    catalogue = load_catalogue() if catalogue is None else catalogue
    keys = ["district_code", "year"]
    services = services.copy()
    services["value"] = pd.to_numeric(services["value"], errors="coerce")
    months = services.dropna(subset=["month"]).groupby(keys)["month"].nunique()
    dongs = districts.set_index(keys)["n_dongs"] if "n_dongs" in districts else pd.Series(dtype=float)
    frames = []
    for row in catalogue.itertuples(index=False):
        out = _indicator_rows(row, services, districts, keys, alpha)
        if out is None:
            continue
        n_months = pd.Series([months.get((d, y), 12) for d, y in zip(out["district_code"], out["year"], strict=True)], index=out.index)
        n_dongs = pd.Series([dongs.get((d, y), np.nan) for d, y in zip(out["district_code"], out["year"], strict=True)], index=out.index)
        out["n_months"] = n_months
        out["numerator_per_dong_month"] = out["numerator"] / (n_dongs * n_months)
        population = any(t.is_population for t in parse_terms(row.denominator))
        out["denominator_per_dong_month"] = np.nan if population else out["denominator"] / (n_dongs * n_months)
        frames.append(out)
    columns = list(INDICATOR_COLUMNS)
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


def with_previous_year(values: pd.DataFrame) -> pd.DataFrame:
    """Add ``previous_value`` and ``change`` (same units as ``value``) from year − 1."""
    previous = values[["district_code", "year", "indicator_id", "value"]].copy()
    previous["year"] = previous["year"] + 1
    out = values.merge(previous.rename(columns={"value": "previous_value"}), on=["district_code", "year", "indicator_id"], how="left")
    out["change"] = out["value"] - out["previous_value"]
    return out


def proportion_violations(services: pd.DataFrame, districts: pd.DataFrame, catalogue: pd.DataFrame | None = None) -> pd.DataFrame:
    """Proportion indicators whose numerator exceeds the denominator (data errors)."""
    values = indicator_values(services, districts, catalogue)
    bad = values[(values["kind"] == "proportion") & (values["numerator"] > values["denominator"])]
    return bad.reset_index(drop=True)
