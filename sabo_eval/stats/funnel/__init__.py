"""Funnel plots: proportions (binomial, Wilson, arcsine) and counts per population (Poisson).

``from sabo_eval.stats.funnel import funnel`` keeps working; the modules are
``limits`` (one function per limit definition), ``dispersion`` (φ, τ²), ``inputs``
(checked counts), ``proportion`` (:func:`funnel`), ``poisson``
(:func:`poisson_funnel`) and ``result`` (:class:`FunnelResult`, :func:`limits_table`).
"""

from .dispersion import dersimonian_laird_tau2, truncated_phi, winsorised_phi
from .limits import (
    LEVELS,
    arcsine_limit,
    binomial_limit,
    funnelplotr_poisson_limit,
    normal_limit,
    poisson_count_limit,
    poisson_interval,
    wilson_limit,
)
from .poisson import poisson_funnel
from .proportion import funnel
from .result import FunnelResult, limits_table

__all__ = [
    "FunnelResult", "LEVELS", "funnel", "poisson_funnel", "limits_table", "binomial_limit", "wilson_limit",
    "arcsine_limit", "normal_limit", "poisson_interval", "poisson_count_limit", "funnelplotr_poisson_limit",
    "winsorised_phi", "truncated_phi", "dersimonian_laird_tau2",
]
