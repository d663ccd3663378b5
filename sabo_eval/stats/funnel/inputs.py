"""The counts a funnel is given, checked: bad values are refused by name, none dropped silently.

A unit with a missing numerator or denominator is left out and listed with its reason
(the funnel's ``excluded`` table). Everything else that cannot be a count — a
negative numerator, a zero, negative or (for proportions) fractional denominator, a
numerator above its denominator in a proportion, a label given twice — raises a
``ValueError`` naming the units, in Korean and English. Duplicate labels are summed
instead when ``duplicates="sum"`` (FunnelPlotR's ``aggregate_func`` always sums them).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["checked_counts", "EXCLUDED_COLUMNS"]

EXCLUDED_COLUMNS = ["unit", "reason"]
_MISSING = "분자 또는 분모 없음 (missing numerator or denominator)"


def _names(frame: pd.DataFrame, mask: pd.Series) -> str:
    labels = [str(u) for u in frame.loc[mask, "unit"]]
    return ", ".join(labels[:10]) + (f" … (+{len(labels) - 10})" if len(labels) > 10 else "")


def _refuse(frame: pd.DataFrame, mask: pd.Series, korean: str, english: str) -> None:
    if mask.any():
        names = _names(frame, mask)
        raise ValueError(f"{korean}: {names} / {english}: {names}")


def _numeric(frame: pd.DataFrame, column: str) -> pd.Series:
    values = pd.to_numeric(frame[column], errors="coerce")
    bad = values.isna() & frame[column].notna()
    _refuse(frame, bad, f"{column}가 숫자가 아닌 단위", f"{column} is not a number")
    return values.astype(float)


def _merge_duplicates(frame: pd.DataFrame, duplicates: str) -> pd.DataFrame:
    if duplicates not in ("refuse", "sum"):
        raise ValueError(f"duplicates must be 'refuse' or 'sum': {duplicates}")
    repeated = frame["unit"].duplicated(keep=False)
    if duplicates == "refuse":
        _refuse(frame, repeated & ~frame["unit"].duplicated(), "같은 단위가 두 번 이상 있음", "duplicate unit labels")
        return frame
    return frame.groupby("unit", sort=False, as_index=False)[["numerator", "denominator"]].sum(min_count=1)


def checked_counts(
    units, numerator, denominator, *, proportion: bool, whole_numerators: bool, whole_denominators: bool,
    duplicates: str = "refuse",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Check and tidy a funnel's counts.

    Parameters
    ----------
    units, numerator, denominator : sequence
        One entry per unit.
    proportion : bool
        Refuse a numerator above its denominator.
    whole_numerators, whole_denominators : bool
        Refuse fractional values (binomial counts must be whole; expected counts need not).
    duplicates : {"refuse", "sum"}

    Returns
    -------
    counts : DataFrame
        ``unit``, ``numerator``, ``denominator`` of the units used.
    excluded : DataFrame
        ``unit``, ``reason`` of the units left out (missing values).

    Raises
    ------
    ValueError
        Naming the units whose values cannot be counts, or when no unit is left.
    """
    frame = pd.DataFrame({"unit": list(units), "numerator": list(numerator), "denominator": list(denominator)})
    if frame["unit"].isna().any():
        raise ValueError("이름 없는 단위가 있습니다 / a unit has no label")
    frame["numerator"], frame["denominator"] = _numeric(frame, "numerator"), _numeric(frame, "denominator")
    frame = _merge_duplicates(frame, duplicates)
    missing = frame["numerator"].isna() | frame["denominator"].isna()
    excluded = pd.DataFrame({"unit": frame.loc[missing, "unit"], "reason": _MISSING}, columns=EXCLUDED_COLUMNS)
    frame = frame[~missing].reset_index(drop=True)
    x, n = frame["numerator"], frame["denominator"]
    _refuse(frame, n <= 0, "분모가 0 이하인 단위", "denominator zero or negative")
    _refuse(frame, x < 0, "분자가 음수인 단위", "negative numerator")
    if whole_denominators:
        _refuse(frame, n != np.round(n), "분모가 정수가 아닌 단위", "fractional denominator")
    if whole_numerators:
        _refuse(frame, x != np.round(x), "분자가 정수가 아닌 단위", "fractional numerator")
    if proportion:
        _refuse(frame, x > n, "분자가 분모보다 큰 단위", "numerator above denominator")
    if frame.empty:
        raise ValueError("분자와 분모가 있는 단위가 없습니다 / no unit with a numerator and a denominator")
    return frame, excluded.reset_index(drop=True)
