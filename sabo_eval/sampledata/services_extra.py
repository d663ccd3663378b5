"""The three further programmes of 서비스실적: 위기가구, 소나무센터, 정신건강."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .common import ServiceValues, largest_remainder
from .districts import SEOUL, District, seeded_rng

# Three further programmes, written after 긴급복지 in every 서비스실적 sheet. Synthetic,
# except the Seoul 2021 sums below (seed 002).
CRISIS_PROGRAM = "위기가구"  # 발굴가구 / 연계가구 (가구); rate = 연계 ÷ 발굴 ≤ 100 %
SONAMU_PROGRAM = "소나무센터"  # 신고접수 / 초기상담 (건); rate = 초기상담 ÷ 신고접수 ≤ 100 %
MENTAL_PROGRAM = "정신건강"  # 동행요청 (명) / 동행방문 (건); ratio, may exceed 100 %
EXTRA_PROGRAMS: dict[str, tuple[str, str]] = {
    CRISIS_PROGRAM: ("발굴가구", "연계가구"),
    SONAMU_PROGRAM: ("신고접수", "초기상담"),
    MENTAL_PROGRAM: ("동행요청", "동행방문"),
}
EXTRA_KEYS: tuple[tuple[str, str], ...] = tuple(
    (prog, m) for prog, measures in EXTRA_PROGRAMS.items() for m in measures
)
# seed 002: 동 지사협 위기가구 발굴 45,701가구 (’21년); 정신건강 동행방문율 114 %
# (방문대상자 246명, 동행방문 281건, ’21년). The 25 Seoul districts sum exactly to these.
SEOUL_2021_EXTRA_TOTALS: dict[tuple[str, str], int] = {
    (CRISIS_PROGRAM, "발굴가구"): 45_701,
    (MENTAL_PROGRAM, "동행요청"): 246,
    (MENTAL_PROGRAM, "동행방문"): 281,
}
# Synthetic 2021 level of 소나무센터 reports per 1,000 residents (seed 002 gives only the
# 2018.10–2021.12 cumulative 69,622 reports / 39,195 initial calls = 56 %).
SONAMU_REPORTS_PER_1000 = 2.9


@dataclass(frozen=True)
class ExtraProfile:
    """A district's lasting rates for the three further programmes (synthetic).

    Attributes
    ----------
    link_rate : float
        위기가구 연계가구 ÷ 발굴가구, 0.58–0.87 (yearly values stay in 0.55–0.90).
    counsel_rate : float
        소나무센터 초기상담 ÷ 신고접수, around seed 002's 56 % (yearly values 0.45–0.70).
    visit_ratio : float
        정신건강 동행방문 ÷ 동행요청, around 108 % (0.90–1.30); above 1 in most districts.
    """

    link_rate: float
    counsel_rate: float
    visit_ratio: float


def extra_profile(d: District) -> ExtraProfile:
    """Draw the lasting rates of ``d`` from its own stream (same in every year).

    Parameters
    ----------
    d : District
        The district.

    Returns
    -------
    ExtraProfile
    """
    rng = seeded_rng(d.code, "services-extra-profile")
    return ExtraProfile(
        float(rng.uniform(0.58, 0.87)),
        float(np.clip(rng.normal(0.56, 0.05), 0.47, 0.68)),
        float(np.clip(rng.normal(1.08, 0.11), 0.90, 1.30)),
    )


def seoul_2021_extra() -> dict[str, ServiceValues]:
    """2021 values of 위기가구, 소나무센터 and 정신건강 for the 25 Seoul districts.

    발굴가구 (45,701), 동행요청 (246) and 동행방문 (281) are split with the largest
    remainder method over population times deterministic per-district noise, so the
    25 districts sum exactly to seed 002's figures; 동행방문 is split with weights
    동행요청 × the district's visit ratio. 연계가구 and 초기상담 apply the district's
    rates to 발굴가구 and to a synthetic 신고접수 (≈ 2.9 per 1,000 residents).

    Returns
    -------
    dict
        District code → ``{(program, measure): value}`` for the six extra measures.
    """
    profiles = {d.code: extra_profile(d) for d in SEOUL}
    w_found: list[float] = []
    w_req: list[float] = []
    reports: dict[str, int] = {}
    for d in SEOUL:
        rng = seeded_rng(d.code, "services2021-extra")
        f_crisis, f_sonamu, f_mental = np.exp(rng.normal(0, [0.15, 0.15, 0.20]))
        w_found.append(d.population * f_crisis)
        w_req.append(d.population * f_mental)
        reports[d.code] = int(round(d.population / 1000 * SONAMU_REPORTS_PER_1000 * f_sonamu))
    found = largest_remainder(SEOUL_2021_EXTRA_TOTALS[(CRISIS_PROGRAM, "발굴가구")], w_found)
    requests = largest_remainder(SEOUL_2021_EXTRA_TOTALS[(MENTAL_PROGRAM, "동행요청")], w_req)
    visits = largest_remainder(
        SEOUL_2021_EXTRA_TOTALS[(MENTAL_PROGRAM, "동행방문")],
        [r * profiles[d.code].visit_ratio for r, d in zip(requests, SEOUL, strict=True)],
    )
    out: dict[str, ServiceValues] = {}
    for i, d in enumerate(SEOUL):
        p = profiles[d.code]
        out[d.code] = {
            (CRISIS_PROGRAM, "발굴가구"): found[i],
            (CRISIS_PROGRAM, "연계가구"): int(round(found[i] * p.link_rate)),
            (SONAMU_PROGRAM, "신고접수"): reports[d.code],
            (SONAMU_PROGRAM, "초기상담"): int(round(reports[d.code] * p.counsel_rate)),
            (MENTAL_PROGRAM, "동행요청"): requests[i],
            (MENTAL_PROGRAM, "동행방문"): visits[i],
        }
        if min(requests[i], visits[i]) < 1:
            raise RuntimeError(f"{d.name} 2021 정신건강: empty split {requests[i]}/{visits[i]}")
    return out


def synthetic_extra_base(d: District) -> dict[tuple[str, str], float]:
    """A 2021-like base of the three further programmes outside Seoul (Seoul per capita).

    Parameters
    ----------
    d : District
        The district.

    Returns
    -------
    dict
        ``{(program, measure): value}`` of the six extra measures (not rounded).
    """
    rng = seeded_rng(d.code, "services-extra-base")
    p = extra_profile(d)
    share = d.population / sum(x.population for x in SEOUL)
    f_crisis, f_sonamu, f_mental = np.exp(rng.normal(0, [0.12, 0.12, 0.15]))
    found = SEOUL_2021_EXTRA_TOTALS[(CRISIS_PROGRAM, "발굴가구")] * share * f_crisis
    reports = d.population / 1000 * SONAMU_REPORTS_PER_1000 * f_sonamu
    requests = SEOUL_2021_EXTRA_TOTALS[(MENTAL_PROGRAM, "동행요청")] * share * f_mental
    return {
        (CRISIS_PROGRAM, "발굴가구"): found,
        (CRISIS_PROGRAM, "연계가구"): found * p.link_rate,
        (SONAMU_PROGRAM, "신고접수"): reports,
        (SONAMU_PROGRAM, "초기상담"): reports * p.counsel_rate,
        (MENTAL_PROGRAM, "동행요청"): requests,
        (MENTAL_PROGRAM, "동행방문"): requests * p.visit_ratio,
    }


def extra_year(d: District, base: dict[tuple[str, str], float], year: int) -> ServiceValues:
    """Draw one year of 위기가구, 소나무센터 and 정신건강 from last year's values.

    Uses its own stream (``services-extra-<year>``), so the other programmes' values
    do not move. 발굴가구 grows in 2022 (우리동네돌봄단 확대), 동행요청 too (정신건강
    전담인력 39 → 50명); the rates are the district's lasting rates with a little yearly
    noise: 연계가구 ÷ 발굴가구 in 0.55–0.90, 초기상담 ÷ 신고접수 in 0.45–0.70,
    동행방문 ÷ 동행요청 in 0.88–1.32.

    Parameters
    ----------
    d : District
        The district.
    base : dict
        Previous year's ``{(program, measure): value}`` (at least the six extra keys).
    year : int
        2022 or 2023.

    Returns
    -------
    dict
        Integer values of the six extra measures.
    """
    rng = seeded_rng(d.code, f"services-extra-{year}")
    p = extra_profile(d)
    g_found = rng.uniform(1.02, 1.15) if year == 2022 else rng.uniform(0.95, 1.08)
    g_reports = rng.uniform(0.95, 1.10) if year == 2022 else rng.uniform(0.92, 1.06)
    g_requests = rng.uniform(1.10, 1.40) if year == 2022 else rng.uniform(0.95, 1.15)
    link = float(np.clip(p.link_rate + rng.normal(0, 0.025), 0.55, 0.90))
    counsel = float(np.clip(p.counsel_rate + rng.normal(0, 0.025), 0.45, 0.70))
    ratio = float(np.clip(p.visit_ratio * np.exp(rng.normal(0, 0.04)), 0.88, 1.32))
    found = max(10, int(round(base[(CRISIS_PROGRAM, "발굴가구")] * g_found)))
    reports = max(5, int(round(base[(SONAMU_PROGRAM, "신고접수")] * g_reports)))
    requests = max(2, int(round(base[(MENTAL_PROGRAM, "동행요청")] * g_requests)))
    return {
        (CRISIS_PROGRAM, "발굴가구"): found,
        (CRISIS_PROGRAM, "연계가구"): int(round(found * link)),
        (SONAMU_PROGRAM, "신고접수"): reports,
        (SONAMU_PROGRAM, "초기상담"): int(round(reports * counsel)),
        (MENTAL_PROGRAM, "동행요청"): requests,
        (MENTAL_PROGRAM, "동행방문"): max(1, int(round(requests * ratio))),
    }
