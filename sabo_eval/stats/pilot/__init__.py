"""Pilot evaluation: difference-in-differences, event study, placebo, interrupted series.

Seed 004 (서울시 복지서비스 전달체계 시범운영, 2013) piloted a new welfare delivery
system in a few of Seoul's 25 districts from 2013-03. The functions here estimate
what the pilot changed in a monthly outcome per district:

* :func:`did`: two-way fixed-effects difference-in-differences,
  ``y ~ treated:post + C(unit) + C(period)`` by OLS (statsmodels), standard errors
  clustered by unit with t-based inference (``use_t=True``, G - 1 degrees of
  freedom). Rows with a missing value are dropped *before* fitting, because
  statsmodels' formula interface drops them without realigning the cluster groups.
  ``treated:post`` (not ``treated*post``): the main effects are absorbed by the unit
  and period fixed effects and would be collinear.
* :func:`aggregated_did`: the same contrast with every unit collapsed to one
  before/after difference and a pooled two-sample t test (Bertrand, Duflo and
  Mullainathan 2004). With only a handful of treated units the cluster-robust
  interval is too narrow (three treated of 23 units: about 85 % coverage of a
  nominal 95 % interval in our simulations); the collapsed interval keeps its level
  as long as units share one variance, so reports show it beside the main estimate.
* :func:`event_study`: leads and lags relative to the start, the month just before
  the start as reference, clustered intervals, and a joint pre-trend test: an F test
  that every lead is zero, computed as Hotelling's two-sample T² on the units'
  pre-period paths (exact under normality with a common within-unit covariance,
  also with three treated units, where the cluster-robust Wald test on 13 leads
  rejects a true null almost always).
* :func:`placebo`: the DiD on a fake start inside the pre-period, post-period rows
  dropped.
* :func:`interrupted_time_series`: segmented regression of one series (level and
  slope change at the start) with Newey–West (HAC) standard errors (too narrow in
  short autocorrelated series: descriptive for two years of months).
* :func:`panel_from_services`: the monthly panel per district from the ``services``
  table, as a rate per 1,000 residents.

Periods are ``"YYYY-MM"`` labels (as :func:`panel_from_services` writes them) or
numbers; leads, lags and segments are counted in months (or in period numbers).

Layout of the subpackage:

* :mod:`.panel`: periods, the model frames (missing rows dropped before fitting),
  design checks and :func:`panel_from_services`.
* :mod:`.results`: the result records (:class:`DidResult`, :class:`EventStudyResult`,
  :class:`PretrendResult`, :class:`ItsResult`).
* :mod:`.estimators`: :func:`did`, :func:`aggregated_did`, :func:`event_study` and
  :func:`placebo`.
* :mod:`.inference`: unit-clustered fits, the result with its percent interval, the
  pre-trend test (:func:`pretrend_test`) and :func:`newey_west_lags`.
* :mod:`.its`: :func:`interrupted_time_series` (HAC lags counted in months).
* :mod:`.randomization`: randomization inference over the assignments of treatment
  to units (:func:`randomization_inference`), CR1 under many assignments and the
  placebo rejection rates of both (:func:`placebo_rejection_rates`).
* :mod:`.bootstrap`: the restricted wild cluster bootstrap with Webb weights
  (:func:`wild_cluster_bootstrap`, via the ``wildboottest`` package).
* :mod:`.effect`: :func:`pilot_effect`, the headline (also ``sabo_eval.stats.did``).
* :mod:`.sensitivity`: :func:`relative_magnitudes`, the HonestDiD breakdown value
  (Rambachan and Roth 2023) of the average post-start effect.
* :mod:`.staggered`: :func:`staggered_did`, Callaway–Sant'Anna when districts start
  in different months (``panel_from_services`` takes a start per district).
"""

from .bootstrap import BootstrapResult, wild_cluster_bootstrap
from .effect import PilotEffect, pilot_effect
from .estimators import aggregated_did, did, event_study, placebo
from .inference import newey_west_lags, pretrend_test
from .its import interrupted_time_series
from .panel import excluded_months, panel_from_services, period_label
from .randomization import (
    RandomizationResult,
    cr1_over_assignments,
    placebo_rejection_rates,
    randomization_inference,
)
from .results import DidResult, EventStudyResult, ItsResult, PretrendResult
from .sensitivity import SensitivityResult, relative_magnitudes
from .staggered import StaggeredResult, staggered_did

__all__ = [
    "DidResult",
    "EventStudyResult",
    "ItsResult",
    "did",
    "aggregated_did",
    "event_study",
    "placebo",
    "pretrend_test",
    "PretrendResult",
    "interrupted_time_series",
    "panel_from_services",
    "period_label",
    "newey_west_lags",
    "pilot_effect",
    "PilotEffect",
    "randomization_inference",
    "RandomizationResult",
    "placebo_rejection_rates",
    "cr1_over_assignments",
    "wild_cluster_bootstrap",
    "BootstrapResult",
    "excluded_months",
    "relative_magnitudes",
    "SensitivityResult",
    "staggered_did",
    "StaggeredResult",
]
