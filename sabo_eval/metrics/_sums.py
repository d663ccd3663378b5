"""Group sums that add their values in the order pandas adds them.

The metric functions work on frames of one or many districts. Where a mean or a sum
of floating-point numbers is taken per group (a district, a strategy, a month), it
is computed here, adding each group's values in row order exactly as ``Series.sum``
or ``Series.mean`` of that group alone would, so that a district's figure is the
same, to the bit, whether it is computed alone or together with every other
district.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

__all__ = ["ordered_sums", "group_sums", "ordered_means", "no_space"]

_WHITESPACE = re.compile(r"\s+")


def ordered_sums(values: np.ndarray, groups: np.ndarray, n_groups: int) -> tuple[np.ndarray, np.ndarray]:
    """Sum and count of ``values`` per group, each sum as ``Series.sum`` would add it.

    Parameters
    ----------
    values : ndarray
        Float values, without missing ones.
    groups : ndarray
        Group number (``0 … n_groups - 1``) of each value, sorted: each group's rows
        contiguous, in their order.
    n_groups : int

    Returns
    -------
    tuple of ndarray
        Sums (0 for an empty group) and counts.

    Notes
    -----
    numpy sums a row of a 2-D array exactly as it sums a 1-D array of the same
    length, so the groups of each length are summed together, one call per length.
    """
    sums, counts = np.zeros(n_groups), np.zeros(n_groups, dtype=np.int64)
    if len(values) == 0:
        return sums, counts
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    lengths = np.diff(np.r_[starts, len(values)])
    for length in np.unique(lengths):
        chosen = starts[lengths == length]
        sums[groups[chosen]] = values[chosen[:, None] + np.arange(length)].sum(axis=1)
        counts[groups[chosen]] = length
    return sums, counts


def group_sums(values: pd.Series, group: np.ndarray, n_groups: int, *, compact: bool) -> tuple[np.ndarray, np.ndarray]:
    """Per-group sum of ``values`` in row order, as ``part[column].sum()`` would add it.

    Parameters
    ----------
    values : Series
        Values (coerced to numbers).
    group : ndarray
        Group number of each row, in any order (rows keep their order within a group).
    n_groups : int
    compact : bool
        Drop missing values first (a sum over ``part.dropna()``); otherwise they count
        as 0 (``Series.sum`` skipping them keeps the length).

    Returns
    -------
    tuple of ndarray
        Sums and counts (of the values summed).
    """
    values = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
    order = np.argsort(group, kind="stable")
    values, group = values[order], group[order]
    if compact:
        kept = ~np.isnan(values)
        values, group = values[kept], group[kept]
    else:
        values = np.where(np.isnan(values), 0.0, values)
    return ordered_sums(values, group, n_groups)


def ordered_means(values: np.ndarray, groups: np.ndarray, n_groups: int) -> np.ndarray:
    """Per-group ``Series.mean`` of ``values``.

    Parameters
    ----------
    values, groups, n_groups
        As :func:`ordered_sums` (sorted by group, no missing values).

    Returns
    -------
    ndarray
        The means; NaN for an empty group.
    """
    sums, counts = ordered_sums(values, groups, n_groups)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(counts > 0, sums / counts, np.nan)


def no_space(series: pd.Series, *, missing: object = pd.NA) -> np.ndarray:
    """Names without whitespace (``re.sub(r"\\s+", "", name)``), computed once per distinct name.

    Parameters
    ----------
    series : Series
        Names (strategy, key project, framework).
    missing : object
        What a missing name becomes.

    Returns
    -------
    ndarray
        Object array: the grouping key of each name (names are grouped ignoring spaces).
    """
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    keys = np.array([_WHITESPACE.sub("", str(u)) for u in uniques] + [missing], dtype=object)
    return keys[codes]
