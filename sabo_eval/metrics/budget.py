"""Budget execution (DESIGN §4): executed ÷ (revised if present, else planned) × 100."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["execution_rates", "total_execution_rate"]


def execution_rates(budget: pd.DataFrame) -> pd.DataFrame:
    """Add ``base`` (revised, else planned), ``execution_rate`` and ``over_100`` per item.

    Parameters
    ----------
    budget : DataFrame
        Canonical ``budget`` table.

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
    out["over_100"] = out["execution_rate"] > 100.0
    return out


def total_execution_rate(budget: pd.DataFrame) -> tuple[float, float, float]:
    """Return (rate %, executed, base) over items that report both a base and execution."""
    rates = execution_rates(budget)
    usable = rates[rates["execution_rate"].notna()]
    executed, base = float(usable["executed"].sum()), float(usable["base"].sum())
    return (executed / base * 100.0 if base else np.nan), executed, base
