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

__all__ = ["execution_rates", "total_execution_rate", "execution_by", "revised_items", "plan_changes"]

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


def total_execution_rate(budget: pd.DataFrame) -> tuple[float, float, float]:
    """Return (rate %, executed, base) over items that report both a base and execution."""
    rates = execution_rates(budget)
    usable = rates[rates["execution_rate"].notna()]
    executed, base = float(usable["executed"].sum()), float(usable["base"].sum())
    return (executed / base * 100.0 if base else np.nan), executed, base


def execution_by(budget: pd.DataFrame, plan_items: pd.DataFrame, level: str = "strategy") -> pd.DataFrame:
    """Pooled execution per framework or strategy.

    Parameters
    ----------
    budget, plan_items : DataFrame
        Canonical tables of one district-year.
    level : {"framework", "strategy"}

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
    names = ["framework"] if level == "framework" else ["framework", "strategy"]
    rates[names] = rates[names].fillna("(시행계획에 없음)")
    keys = [f"_{n}" for n in names]
    for name, key in zip(names, keys, strict=True):  # group names ignoring spaces
        rates[key] = rates[name].astype(str).str.replace(r"\s+", "", regex=True)
    rows = []
    for _key, part in rates.groupby(keys, sort=False):
        usable = part[part["execution_rate"].notna()]
        base = float(usable["base"].sum())
        row = {name: part[name].iloc[0] for name in names}
        row.update(
            planned=float(pd.to_numeric(part["planned"], errors="coerce").sum()),
            revised=float(part["base"].sum()),
            executed=float(pd.to_numeric(part["executed"], errors="coerce").sum()),
            execution_rate=float(usable["executed"].sum()) / base * 100.0 if base else np.nan,
            n_items=part["item_code"].nunique(),
            n_over_100=int(part["over_100"].sum()),
        )
        rows.append(row)
    return pd.DataFrame(rows)


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
