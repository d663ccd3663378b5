"""What a funnel returns: the per-unit table, the curve to draw, the tidy table of limits."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .inputs import EXCLUDED_COLUMNS
from .limits import LEVELS

__all__ = ["FunnelResult", "positions", "limits_table", "LIMIT_COLUMNS"]

LIMIT_COLUMNS = [f"{side}_{level}" for level in LEVELS for side in ("lower", "upper")]

#: Korean position labels, most extreme first.
POSITIONS = ("99.8% 상한 위 (매우 높음)", "99.8% 하한 아래 (매우 낮음)", "95% 상한 위 (높음)", "95% 하한 아래 (낮음)")
INSIDE = "한계 안 (우연 범위)"


@dataclass
class FunnelResult:
    """Limits and flags of one funnel.

    Attributes
    ----------
    table : DataFrame
        One row per unit: ``unit``, ``numerator``, ``denominator``, ``rate`` (a
        fraction, or events per person for rates), ``z``, the limits ``lower_95``,
        ``upper_95``, ``lower_998``, ``upper_998`` at each unit's denominator (adjusted
        for overdispersion when ``random_effects``), the same without adjustment
        (``lower_95_unadjusted`` …), ``outside_95``, ``outside_998`` and ``position``
        (Korean).
    theta : float
        Target: the pooled rate unless one was given.
    n_units : int
        I, the number of units in the funnel.
    phi : float
        Overdispersion from the trimmed z-scores.
    tau2 : float
        Between-unit variance on the working scale (0 unless φ > 1 and adjustment is on).
    method : str
        Korean and English description of the limits.
    random_effects : bool
        Whether the flags use the overdispersion-adjusted limits.
    curve : DataFrame
        Limits (adjusted and unadjusted) over a grid of denominators for drawing.
    excluded : DataFrame
        ``unit``, ``reason`` of the units left out (missing values); never silent.
    kind : {"proportion", "rate"}
    scale : float
        Multiplier for display: 100 (percent) or ``per`` (events per ``per`` people).
    fraction : float
        Winsorising or truncation fraction per tail used for φ.
    """

    table: pd.DataFrame
    theta: float
    n_units: int
    phi: float
    tau2: float
    method: str
    random_effects: bool
    curve: pd.DataFrame = field(repr=False)
    excluded: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=EXCLUDED_COLUMNS), repr=False)
    kind: str = "proportion"
    scale: float = 100.0
    fraction: float = 0.1


def positions(rate: np.ndarray, limits: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """``outside_95``, ``outside_998`` and the Korean ``position`` of each unit."""
    high_998, low_998 = rate > limits["upper_998"], rate < limits["lower_998"]
    high_95, low_95 = rate > limits["upper_95"], rate < limits["lower_95"]
    return {
        "outside_95": high_95 | low_95,
        "outside_998": high_998 | low_998,
        "position": np.select([high_998, low_998, high_95, low_95], list(POSITIONS), default=INSIDE),
    }


def limits_table(result: FunnelResult, names: dict | None = None) -> pd.DataFrame:
    """A tidy table of limits for advisors: one row per unit and level.

    Parameters
    ----------
    result : FunnelResult
    names : dict, optional
        Unit → display name.

    Returns
    -------
    DataFrame
        ``unit``, ``name``, ``numerator``, ``denominator``, ``rate``, ``target``,
        ``level`` (0.95, 0.998), ``lower``, ``upper`` (the limits that flag),
        ``lower_unadjusted``, ``upper_unadjusted``, ``outside``, ``position``, ``phi``,
        ``tau2``, ``method``; rates and limits in display units (× ``result.scale``).
    """
    t, k = result.table, result.scale
    parts = []
    for suffix, level in LEVELS.items():
        parts.append(pd.DataFrame({
            "unit": t["unit"], "name": t["unit"].map(lambda u: (names or {}).get(u, u)),
            "numerator": t["numerator"], "denominator": t["denominator"], "rate": k * t["rate"], "target": k * result.theta,
            "level": level, "lower": k * t[f"lower_{suffix}"], "upper": k * t[f"upper_{suffix}"],
            "lower_unadjusted": k * t[f"lower_{suffix}_unadjusted"], "upper_unadjusted": k * t[f"upper_{suffix}_unadjusted"],
            "outside": t[f"outside_{suffix}"], "position": t["position"],
        }))
    out = pd.concat(parts, ignore_index=True)
    return out.assign(phi=result.phi, tau2=result.tau2, method=result.method)
