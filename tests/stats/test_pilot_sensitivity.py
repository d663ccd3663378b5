"""Relative-magnitudes sensitivity (Rambachan & Roth 2023) against HonestDiD's published example.

Published values: the README of the authors' R package HonestDiD
(github.com/asheshrambachan/HonestDiD, README.md, commit
6813f02ed38f0b63bdca6915604b2eac90491303), "Sensitivity analysis using relative
magnitudes restrictions": Medicaid expansions (ehec data, Mixtape-Sessions), states
expanding in 2014 against never/later expanders, years 2008–2015, TWFE event study
``dins ~ i(year, D, ref = 2013) | stfips + year`` clustered by state (fixest), first
post-period effect (2014):

    Mbar  lb        ub       (method C-LF)
    0.5   0.0241    0.0673
    1.0   0.0171    0.0720
    1.5   0.00859   0.0796
    2.0  -0.00107   0.0883     "the breakdown value for a significant effect is Mbar = 2"

The data are the ehec table that ``moderndid`` ships (``load_ehec``), the same file.
"""

import numpy as np
import pandas as pd
import pytest

from sabo_eval.stats.pilot import event_study
from sabo_eval.stats.pilot.sensitivity import (
    breakdown_value,
    excludes_zero,
    relative_magnitudes,
    robust_interval,
)


@pytest.fixture(scope="module")
def ehec():
    """betahat and sigma of the README's event study, with fixest's small-sample factor."""
    import moderndid

    df = moderndid.load_ehec().to_pandas()
    d = df[(df["year"] < 2016) & (df["yexp2"].isna() | (df["yexp2"] != 2015))].copy()
    d["D"] = (d["yexp2"] == 2014).astype(int)
    es = event_study(d, "dins", 2014, unit="stfips", period="year", treated="D")
    n, g = es.n_obs, es.n_clusters
    # statsmodels' CR1 counts all 57 regressors (G/(G-1)·(n-1)/(n-57)); fixest's default
    # (fixef.K = "nested") leaves out the 42 state effects nested in the state clusters: K = 15.
    k_ours = 7 + (g - 1) + (8 - 1) + 1
    sigma = es.vcov.to_numpy() * (n - k_ours) / (n - 15)
    betahat = es.coefficients.set_index("event_time").loc[list(es.vcov.index), "estimate"].to_numpy()
    return betahat, sigma, es


def test_the_example_is_the_readme_design(ehec):
    _b, _s, es = ehec
    assert list(es.vcov.index) == [-6, -5, -4, -3, -2, 0, 1]  # 5 pre (2008–2012), 2 post (2014–2015)
    assert es.n_clusters == 43 and es.n_obs == 344


def test_robust_interval_reproduces_honestdid_readme_at_mbar_1(ehec):
    # one C-LF interval (its simulated critical value costs ~10 s); the other rows of the
    # published table agree as closely (checked by hand, 4e-4 at most)
    betahat, sigma, _es = ehec
    lb, ub = robust_interval(betahat, sigma, 5, 2, 1.0, l_vec=[1.0, 0.0], method="C-LF")
    # published to 3 significant digits; the grid step is about 2e-4
    assert lb == pytest.approx(0.0171, abs=3e-4)
    assert ub == pytest.approx(0.0720, abs=3e-4)


def test_breakdown_lies_between_the_published_bracket(ehec):
    betahat, sigma, _es = ehec
    r = breakdown_value(betahat, sigma, 5, 2, l_vec=[1.0, 0.0], tolerance=0.25)
    assert r.significant_at_zero and not r.capped
    # Conditional test: same size guarantee as C-LF, not the same power; the published
    # C-LF breakdown lies in (1.5, 2]; the conditional one must be positive and not beyond 2
    assert 0.5 < r.breakdown <= 2.0
    tested = r.tested.set_index("m_bar")["excludes_zero"]
    assert tested[r.breakdown] and not tested[tested.index > r.breakdown].any()


def test_breakdown_is_zero_when_the_effect_is_not_significant():
    betahat = np.array([0.1, -0.1, 0.05, 0.0])
    sigma = np.eye(4) * 0.04
    r = breakdown_value(betahat, sigma, 2, 2)
    assert not r.significant_at_zero and r.breakdown == 0.0 and len(r.tested) == 1


def test_breakdown_is_capped_when_pre_trends_are_flat():
    # tiny pre-period changes: any M̄ allows only tiny violations, 0 stays excluded
    betahat = np.array([0.001, -0.001, 0.0, 1.0, 1.0])
    sigma = np.eye(5) * 1e-4
    r = breakdown_value(betahat, sigma, 3, 2, max_mbar=4.0)
    assert r.capped and r.breakdown == 4.0


def test_relative_magnitudes_needs_two_leads_and_the_covariance(ehec):
    _b, _s, es = ehec
    with pytest.raises(ValueError):
        excludes_zero(np.zeros(3), np.eye(3), 1, 2, 1.0)
    with pytest.raises(ValueError):
        excludes_zero(np.zeros(3), np.eye(3), 2, 1, 1.0, method="FLCI")
    no_cov = type(es)(**{**es.__dict__, "vcov": None})
    with pytest.raises(ValueError):
        relative_magnitudes(no_cov)


def test_relative_magnitudes_reads_the_event_study_in_order(ehec):
    betahat, _sigma, es = ehec
    r = relative_magnitudes(es, tolerance=0.1)
    assert (r.n_pre, r.n_post) == (5, 2)
    pre = np.append(betahat[:5], 0.0)
    assert r.max_pre_change == pytest.approx(np.max(np.abs(np.diff(pre))))
    assert "Rambachan" in r.method and "M̄" in r.method
    assert isinstance(r.tested, pd.DataFrame)
