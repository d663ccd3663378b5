"""Seed 004: monthly 2012–2013 series with a known injected pilot effect."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from .common import SYNTHETIC_NOTE
from .districts import SEOUL, District, district_row, seeded_rng
from .submissions import Submission, file_date_style, submission_info

# Seed 004 (서울시 복지서비스 전달체계 시범운영 추진계획, 2013.1): monthly 2012–2013 series
# of the 25 Seoul districts, synthetic with a KNOWN injected effect (data/README.md).
# The assignment of districts to the two pilot types is fictional (not the real selection).
PILOT_YEARS = (2012, 2013)
PILOT_START = "2013-03"  # seed 004: 사업기간 '13. 3월 ~ 6월; post = month ≥ 2013-03
PILOT_DISTRICTS = ("11290", "11320", "11545")  # 시범자치구: 성북구, 도봉구, 금천구
STRENGTHENED_DISTRICTS = ("11350", "11560")  # 기 동복지강화 자치구: 노원구, 영등포구
# (program, measure) → (Seoul level per 1,000 residents per month, injected effect in pilot
# districts, injected effect in already-strengthened districts). An effect e means: from
# 2013-03 to 2013-12 the district's expected rate per 1,000 residents is raised by a
# constant e × (its expected mean rate over 2012-01 … 2013-02). Hence, over each group,
# the true effect is exactly e × 100 % of the group's expected pre-period mean, and in
# per-1,000 units it is the mean of the districts' steps (see ``pilot_truth``).
PILOT_OUTCOMES: dict[tuple[str, str], tuple[float, float, float]] = {
    ("복지상담", "상담건수"): (6.0, 0.15, 0.05),
    ("사례관리", "사례관리건수"): (0.9, 0.10, 0.05),
    ("서비스연계", "연계가구"): (2.4, 0.0, 0.0),  # no effect: a negative control
}
# Month-of-year effect as a share of the level (Jan … Dec): winter 발굴 campaigns high,
# February (설, short month) and August low. Common to all districts.
PILOT_SEASON = (0.06, -0.07, 0.03, 0.01, 0.0, -0.02, -0.03, -0.06, 0.0, 0.01, 0.03, 0.04)
PILOT_TREND = 0.0025  # common trend, share of the level per month
PILOT_SHOCK_SD = 0.015  # common month shocks, share of the level
PILOT_DISTRICT_SD = 0.22  # district effects: level × exp(N(0, sd))
PILOT_NOISE_SD = 0.07  # district-month noise, share of the level (AR(1), same in every district)
PILOT_NOISE_RHO = 0.5


PILOT_PERIODS: tuple[tuple[int, int], ...] = tuple(
    (y, m) for y in PILOT_YEARS for m in range(1, 13)
)


def _period_label(year: int, month: int) -> str:
    """``2013-03`` style label of a month."""
    return f"{year}-{month:02d}"


PILOT_POST = np.array([_period_label(y, m) >= PILOT_START for y, m in PILOT_PERIODS])


def pilot_group(code: str) -> str:
    """The pilot group of a Seoul district.

    Parameters
    ----------
    code : str
        District code.

    Returns
    -------
    str
        ``pilot``, ``strengthened`` or ``comparison``.
    """
    if code in PILOT_DISTRICTS:
        return "pilot"
    if code in STRENGTHENED_DISTRICTS:
        return "strengthened"
    return "comparison"


def _pilot_common(program: str) -> np.ndarray:
    """Month effects common to every district, per 1,000 residents (24 months).

    Level × (season + trend × month index + common shock), from the stream
    ``pilot-months-<program>`` of the Seoul city code 11000.
    """
    level = next(v[0] for k, v in PILOT_OUTCOMES.items() if k[0] == program)
    rng = seeded_rng("11000", f"pilot-months-{program}")
    t = np.arange(len(PILOT_PERIODS))
    season = np.array([PILOT_SEASON[m - 1] for _y, m in PILOT_PERIODS])
    shocks = rng.normal(0, PILOT_SHOCK_SD, size=len(t))
    return level * (season + PILOT_TREND * (t - t.mean()) + shocks)


@dataclass(frozen=True)
class PilotSeries:
    """One district's monthly series of one outcome (per 1,000 residents).

    Attributes
    ----------
    expected : numpy.ndarray
        Expected rate without the pilot (district effect + common month effects).
    step : float
        Injected effect added from 2013-03 on (0 outside the two pilot groups).
    observed : numpy.ndarray
        ``expected + step × post + noise`` (AR(1) noise), before rounding to counts.
    """

    expected: np.ndarray
    step: float
    observed: np.ndarray


def _pilot_series(d: District, key: tuple[str, str]) -> PilotSeries:
    """Draw the 24-month series of ``d`` for one outcome ``(program, measure)``.

    The district effect is the level times a district intensity shared by the three
    outcomes (stream ``pilot-intensity``) and an outcome-specific factor; the noise
    is AR(1) with the same standard deviation in every district (stream
    ``pilot-<program>``), so that pre-trends are parallel by construction.
    """
    program, _measure = key
    level, eff_pilot, eff_strong = PILOT_OUTCOMES[key]
    intensity = float(np.exp(seeded_rng(d.code, "pilot-intensity").normal(0, PILOT_DISTRICT_SD)))
    rng = seeded_rng(d.code, f"pilot-{program}")
    alpha = level * intensity * float(np.exp(rng.normal(0, 0.08)))
    expected = alpha + _pilot_common(program)
    noise = np.empty(len(PILOT_PERIODS))
    sd = PILOT_NOISE_SD * level
    noise[0] = rng.normal(0, sd)
    innovation = sd * np.sqrt(1 - PILOT_NOISE_RHO**2)
    for i in range(1, len(noise)):
        noise[i] = PILOT_NOISE_RHO * noise[i - 1] + rng.normal(0, innovation)
    effect = {"pilot": eff_pilot, "strengthened": eff_strong}.get(pilot_group(d.code), 0.0)
    step = effect * float(expected[~PILOT_POST].mean())
    observed = expected + step * PILOT_POST + noise
    return PilotSeries(expected, step, observed)


def pilot_truth() -> pd.DataFrame:
    """The injected pilot effects, as the pilot report should recover them.

    Returns
    -------
    pandas.DataFrame
        One row per outcome and treated group (``pilot``, ``strengthened``):
        ``program``, ``measure``, ``group``, ``effect_share`` (the constant, e.g.
        0.15), ``effect_per_1000`` (mean of the group's steps: the average effect on
        the treated, per 1,000 residents per month), ``pre_mean_per_1000`` (the
        group's expected 2012-01 … 2013-02 mean) and ``effect_pct``
        (``effect_per_1000`` ÷ ``pre_mean_per_1000`` × 100, equal to the constant).
    """
    rows = []
    for key in PILOT_OUTCOMES:
        for group, codes in (("pilot", PILOT_DISTRICTS), ("strengthened", STRENGTHENED_DISTRICTS)):
            series = [_pilot_series(d, key) for d in SEOUL if d.code in codes]
            steps = float(np.mean([s.step for s in series]))
            pre = float(np.mean([s.expected[~PILOT_POST].mean() for s in series]))
            rows.append(
                {
                    "program": key[0],
                    "measure": key[1],
                    "group": group,
                    "effect_share": PILOT_OUTCOMES[key][1 if group == "pilot" else 2],
                    "effect_per_1000": steps,
                    "pre_mean_per_1000": pre,
                    "effect_pct": 100.0 * steps / pre,
                }
            )
    return pd.DataFrame(rows)


def pilot_rows(d: District) -> dict[int, list[dict]]:
    """Monthly 서비스실적 rows of ``d`` for 2012 and 2013 (counts = rate × population).

    Parameters
    ----------
    d : District
        A Seoul district.

    Returns
    -------
    dict
        Year → rows keyed by canonical column names.
    """
    out: dict[int, list[dict]] = {y: [] for y in PILOT_YEARS}
    for key in PILOT_OUTCOMES:
        series = _pilot_series(d, key)
        counts = np.maximum(0, np.round(series.observed * d.population / 1000.0)).astype(int)
        for (year, month), value in zip(PILOT_PERIODS, counts, strict=True):
            out[year].append(
                {
                    "district_code": d.code,
                    "year": year,
                    "month": month,
                    "dong": None,
                    "program": key[0],
                    "measure": key[1],
                    "value": int(value),
                }
            )
    return out


PILOT_GROUP_LABEL = {
    "pilot": "시범자치구(가상 지정)",
    "strengthened": "기 동복지강화 자치구(가상 지정)",
    "comparison": "비교 자치구",
}


def pilot_note(d: District) -> str:
    """제출정보 비고 of a 2012/2013 workbook: what is synthetic and what was injected.

    Parameters
    ----------
    d : District
        A Seoul district.

    Returns
    -------
    str
    """
    effects = ", ".join(
        f"{p} {m} +{100 * v[1]:.0f}%(시범)·+{100 * v[2]:.0f}%(기 동복지강화)"
        for (p, m), v in PILOT_OUTCOMES.items()
    )
    return (
        "seed 004(서울시 복지서비스 전달체계 시범운영 추진계획, 2013.1)의 설정을 본뜬 월별 자료. "
        f"이 구: {PILOT_GROUP_LABEL[pilot_group(d.code)]}. "
        f"알고 넣은 효과({PILOT_START}부터, 시작 전 기대 평균 대비): {effects}. " + SYNTHETIC_NOTE
    )


def pilot_submissions(d: District) -> list[Submission]:
    """The 2012 and 2013 workbooks of a Seoul district (제출정보, 지역현황, 서비스실적).

    Parameters
    ----------
    d : District
        A Seoul district.

    Returns
    -------
    list of Submission
    """
    rows = pilot_rows(d)
    return [
        Submission(
            d,
            year,
            submission_info(d, year, pilot_note(d), date(year + 1, 1, 15), date(year, 12, 31)),
            {"districts": [district_row(d, False)], "services": rows[year]},
            date_style=file_date_style(d, year),
        )
        for year in PILOT_YEARS
    ]
