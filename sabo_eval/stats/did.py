"""Difference-in-differences for pilots: the one function a report's verdict comes from.

:func:`pilot_effect` (implemented in :mod:`sabo_eval.stats.pilot.effect`) returns the
estimate, interval, p-value and method text the pilot report's first sentence states,
with inference valid for few treated districts (randomization inference, a wild
cluster bootstrap as second opinion, CR1 kept for comparison). The other estimators
(event study, placebo, interrupted time series) are in :mod:`sabo_eval.stats.pilot`.
"""

from .pilot.effect import PilotEffect, pilot_effect

__all__ = ["PilotEffect", "pilot_effect"]
