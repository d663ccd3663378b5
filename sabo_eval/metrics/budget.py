"""Budget execution (DESIGN §4): executed ÷ (revised if present, else planned) × 100.

Execution above 100 % is flagged, never clipped. Strategy and framework rates pool
their items (sum executed ÷ sum base) over the items that report both. Strategy
names are grouped ignoring spaces, as in :mod:`achievement`. An item's
budget counts as *revised* when a revised amount is given and differs from the plan
(seed 001 names four such items).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._sums import group_sums, no_space

__all__ = ["execution_rates", "pooled_execution", "total_execution_rate", "execution_by", "revised_items", "plan_changes"]

CHANGE_LABELS = {"new": "신규", "abolished": "폐지", "changed": "변경", "kept": "유지"}


def execution_rates(budget: pd.DataFrame, plan_items: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add ``base`` (revised, else planned), ``execution_rate``, ``over_100``, ``revised_flag``.

    Parameters
    ----------
    budget : DataFrame
        Canonical ``budget`` table.
    plan_items : DataFrame, optional
        Canonical ``plan_items``; attaches item name, framework and strategy.

    Returns
    -------
    DataFrame
        A copy; ``execution_rate`` is missing (with ``reason``) when the base is 0 or
        missing or nothing was reported as executed.
    """
    out = budget.copy()
    planned = pd.to_numeric(out["planned"], errors="coerce")
    revised = pd.to_numeric(out["revised"], errors="coerce")
    executed = pd.to_numeric(out["executed"], errors="coerce")
    base = revised.where(revised.notna(), planned)
    out["base"] = base
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = executed / base * 100.0
    ok = base.notna() & (base > 0) & executed.notna()
    out["execution_rate"] = rate.where(ok)
    out["reason"] = np.where(ok, "", np.where(executed.isna(), "집행 미보고 (not reported)", "예산 없음 (no budget)"))
    out["over_100"] = (out["execution_rate"] > 100.0).fillna(False).astype(bool)
    out["revised_flag"] = (revised.notna() & (revised != planned)).astype(bool)
    if plan_items is not None:
        cols = ["district_code", "year", "item_code", "item_name", "framework", "strategy", "department", "change"]
        out = out.merge(plan_items[[c for c in cols if c in plan_items]], on=["district_code", "year", "item_code"], how="left")
    return out


def pooled_execution(budget: pd.DataFrame, by: list[str] | None = None) -> pd.DataFrame:
    """Executed, base and rate pooled over the items that report both, per group.

    Parameters
    ----------
    budget : DataFrame
        Canonical ``budget`` table (one or many district-years).
    by : list of str, optional
        Grouping columns (default ``["district_code", "year"]``); groups in order of
        first appearance.

    Returns
    -------
    DataFrame
        The ``by`` columns, ``execution_rate`` (percent; missing when the pooled base
        is 0), ``executed`` and ``base``.
    """
    by = ["district_code", "year"] if by is None else by
    rates = execution_rates(budget)
    grouped = rates.groupby(by, sort=False, dropna=False)
    group, n_groups = grouped.ngroup().to_numpy(), grouped.ngroups
    usable = rates["execution_rate"].notna()
    out = rates.drop_duplicates(by)[by].reset_index(drop=True)
    executed = group_sums(rates["executed"].where(usable), group, n_groups, compact=True)[0]
    base = group_sums(rates["base"].where(usable), group, n_groups, compact=True)[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        out["execution_rate"] = np.where(base != 0, executed / base * 100.0, np.nan)
    out["executed"], out["base"] = executed, base
    return out


def total_execution_rate(budget: pd.DataFrame) -> tuple[float, float, float]:
    """Return (rate %, executed, base) over items that report both a base and execution."""
    if budget.empty:
        return np.nan, 0.0, 0.0
    row = pooled_execution(budget.assign(_all=0), ["_all"]).iloc[0]
    return float(row["execution_rate"]), float(row["executed"]), float(row["base"])


def execution_by(
    budget: pd.DataFrame,
    plan_items: pd.DataFrame,
    level: str = "strategy",
    *,
    by_district: bool = False,
) -> pd.DataFrame:
    """Pooled execution per framework or strategy.

    Parameters
    ----------
    budget, plan_items : DataFrame
        Canonical tables of one district-year (or of many, with ``by_district``).
    level : {"framework", "strategy"}
    by_district : bool
        Group by ``district_code, year`` too and return them as the first columns.

    Returns
    -------
    DataFrame
        ``framework`` (and ``strategy``), ``planned``, ``revised`` (revised where
        given, else planned: the base), ``executed``, ``execution_rate``,
        ``n_items``, ``n_over_100``.
    """
    if level not in ("framework", "strategy"):
        raise ValueError(f"unknown level: {level}")
    rates = execution_rates(budget, plan_items)
    if rates.empty:
        return pd.DataFrame([])
    names = ["framework"] if level == "framework" else ["framework", "strategy"]
    rates[names] = rates[names].fillna("(시행계획에 없음)")
    for name in names:  # group names ignoring spaces
        rates[f"_{name}"] = no_space(rates[name].astype(str))
    first = ["district_code", "year"] if by_district else []
    keys = [*first, *[f"_{n}" for n in names]]
    grouped = rates.groupby(keys, sort=False)
    agg = grouped.agg(n_items=("item_code", "nunique"), n_over_100=("over_100", "sum")).reset_index(drop=True)
    group, n_groups = grouped.ngroup().to_numpy(), len(agg)
    out = rates.drop_duplicates(keys)[[*first, *names]].reset_index(drop=True)
    for column, source in (("planned", "planned"), ("revised", "base"), ("executed", "executed")):
        out[column] = group_sums(rates[source], group, n_groups, compact=False)[0]
    pooled = pooled_execution(rates, keys)
    out["execution_rate"] = pooled["execution_rate"].to_numpy()
    out["n_items"] = agg["n_items"].to_numpy().astype(int)
    out["n_over_100"] = agg["n_over_100"].to_numpy().astype(int)
    return out


def revised_items(budget: pd.DataFrame, plan_items: pd.DataFrame | None = None) -> pd.DataFrame:
    """Items whose revised budget differs from the planned one, with the change."""
    rates = execution_rates(budget, plan_items)
    out = rates[rates["revised_flag"]].copy()
    out["change_amount"] = pd.to_numeric(out["revised"], errors="coerce") - pd.to_numeric(out["planned"], errors="coerce")
    return out.reset_index(drop=True)


def plan_changes(plan_items: pd.DataFrame) -> pd.DataFrame:
    """Items new, abolished or changed this year (``change`` column), Korean label added."""
    out = plan_items[plan_items["change"].isin(["new", "abolished", "changed"])].copy()
    out["change_ko"] = out["change"].map(CHANGE_LABELS)
    return out.reset_index(drop=True)
