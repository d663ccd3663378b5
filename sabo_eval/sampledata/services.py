"""서비스실적 rows: Seoul 2021 totals, yearly draws and long-form rows."""

from __future__ import annotations

import numpy as np

from .common import ServiceValues, fmt_int_text, largest_remainder
from .districts import SEOUL, District, seeded_rng
from .services_extra import EXTRA_PROGRAMS, seoul_2021_extra

# Seoul 2021 services (seed 002): program → ((measure, city total), ...)
SEOUL_2021_TOTALS: dict[str, tuple[tuple[str, int], ...]] = {
    "보편방문-65세": (
        ("대상인원", 125_235),
        ("가정방문", 6_484),
        ("내방상담", 73_068),
        ("전화상담", 15_229),
    ),
    "보편방문-70세": (
        ("대상인원", 75_430),
        ("가정방문", 4_348),
        ("내방상담", 8_544),
        ("전화상담", 16_343),
    ),
    "보편방문-양육가정": (
        ("대상인원", 31_855),
        ("가정방문", 2_732),
        ("내방상담", 22_359),
        ("전화상담", 17_528),
    ),
    "돌봄SOS": (
        ("일시재가", 12_900),
        ("단기시설", 15),
        ("동행지원", 5_473),
        ("주거편의", 8_552),
        ("식사지원", 26_058),
        ("돌봄연계", 67_334),
    ),
    "긴급복지": (
        ("생계비 가구", 11_503),
        ("의료비 가구", 7_332),
        ("주거비 가구", 1_897),
        ("기타 가구", 1_438),
        ("생계비 지원액", 3_895),
        ("의료비 지원액", 5_130),
        ("주거비 지원액", 875),
        ("기타 지원액", 182),
    ),
}
SEOUL_2021_COUNSELLED = {
    "보편방문-65세": 94_781,
    "보편방문-70세": 29_235,
    "보편방문-양육가정": 42_619,
}
VISIT_PROGRAMS = ("보편방문-65세", "보편방문-70세", "보편방문-양육가정")
VISIT_CHANNELS = ("가정방문", "내방상담", "전화상담")
VISIT_MEASURES = ("대상인원", "상담인원", *VISIT_CHANNELS)
SOS_MEASURES = tuple(m for m, _ in SEOUL_2021_TOTALS["돌봄SOS"])
EMERGENCY_MEASURES = tuple(m for m, _ in SEOUL_2021_TOTALS["긴급복지"])
TOTAL_LABEL = "계"


# (code, year) files that carry monthly rows for 보편방문-65세 instead of an annual row
MONTHLY_VISIT_FILES = {("11440", 2022), ("11680", 2023), ("41110", 2023)}


def seoul_2021_services() -> dict[str, ServiceValues]:
    """Split seed 002's 2021 city totals across the 25 Seoul districts.

    Weights are population (or 65+ population for the senior visits) times
    deterministic per-district noise; every measure is split with the largest
    remainder method, so district values are integers that sum exactly to the city
    totals. 상담인원 is the sum of the three channels in every district.

    Returns
    -------
    dict
        District code → ``{(program, measure): value}``.
    """
    weights: dict[tuple[str, str], list[float]] = {}
    for d in SEOUL:
        rng = seeded_rng(d.code, "services2021")
        f_visit, f_child, f_sos, f_em = np.exp(rng.normal(0, [0.12, 0.12, 0.30, 0.15]))
        for prog, measures in SEOUL_2021_TOTALS.items():
            if prog in ("보편방문-65세", "보편방문-70세"):
                base = d.population_65plus * f_visit
            elif prog == "보편방문-양육가정":
                base = (d.population - d.population_65plus) * f_child
            elif prog == "돌봄SOS":
                base = d.population * f_sos
            else:
                base = d.population * f_em
            for measure, _total in measures:
                sd = 0.25 if measure == "단기시설" else 0.05
                weights.setdefault((prog, measure), []).append(
                    base * float(np.exp(rng.normal(0, sd)))
                )
    out: dict[str, ServiceValues] = {d.code: {} for d in SEOUL}
    for prog, measures in SEOUL_2021_TOTALS.items():
        for measure, total in measures:
            split = largest_remainder(total, weights[(prog, measure)])
            for d, v in zip(SEOUL, split, strict=True):
                out[d.code][(prog, measure)] = v
    for d in SEOUL:
        vals = out[d.code]
        for prog in VISIT_PROGRAMS:
            vals[(prog, "상담인원")] = sum(vals[(prog, ch)] for ch in VISIT_CHANNELS)
            if prog != "보편방문-양육가정" and vals[(prog, "상담인원")] > vals[(prog, "대상인원")]:
                raise RuntimeError(f"{d.name} {prog}: counselled exceeds target population")
    for code, extra in seoul_2021_extra().items():
        out[code].update(extra)
    return out


def synthetic_base(d: District) -> dict[tuple[str, str], float]:
    """A 2021-like service base for a district outside Seoul (per-capita of Seoul).

    Parameters
    ----------
    d : District
        The district.

    Returns
    -------
    dict
        ``{(program, measure): value}`` (not rounded).
    """
    rng = seeded_rng(d.code, "services-base")
    seoul_pop = sum(x.population for x in SEOUL)
    seoul_65 = sum(x.population_65plus for x in SEOUL)
    base: dict[tuple[str, str], float] = {}
    for prog, measures in SEOUL_2021_TOTALS.items():
        scale = (
            d.population_65plus / seoul_65
            if prog in ("보편방문-65세", "보편방문-70세")
            else d.population / seoul_pop
        )
        for measure, total in measures:
            base[(prog, measure)] = total * scale * float(np.exp(rng.normal(0, 0.1)))
    for prog in VISIT_PROGRAMS:
        base[(prog, "상담인원")] = sum(base[(prog, ch)] for ch in VISIT_CHANNELS)
    return base


def services_year(
    rng: np.random.Generator, base: dict[tuple[str, str], float], year: int
) -> ServiceValues:
    """Draw one year of services from last year's values.

    Parameters
    ----------
    rng : numpy.random.Generator
        District generator.
    base : dict
        Previous year's ``{(program, measure): value}``.
    year : int
        2022 or 2023 (돌봄SOS grows strongly in 2022, when every dong got staff).

    Returns
    -------
    dict
        Integer values, with 상담인원 = sum of channels and, for the senior visits,
        상담인원 ≤ 대상인원.
    """
    out: ServiceValues = {}
    for prog in VISIT_PROGRAMS:
        g = rng.uniform(0.9, 1.0) if prog == "보편방문-양육가정" else rng.uniform(0.96, 1.07)
        target = max(20, round(base[(prog, "대상인원")] * g))
        rate = (
            base[(prog, "상담인원")]
            / max(base[(prog, "대상인원")], 1.0)
            * float(np.exp(rng.normal(0, 0.05)))
        )
        if prog != "보편방문-양육가정":
            rate = min(rate, 0.95)
        counsel = round(target * rate)
        shares = [
            max(base[(prog, ch)], 1.0) * float(np.exp(rng.normal(0, 0.08))) for ch in VISIT_CHANNELS
        ]
        channels = largest_remainder(counsel, shares)
        out[(prog, "대상인원")] = int(target)
        out[(prog, "상담인원")] = int(counsel)
        for ch, v in zip(VISIT_CHANNELS, channels, strict=True):
            out[(prog, ch)] = v
    g_sos = rng.uniform(1.2, 1.5) if year == 2022 else rng.uniform(1.0, 1.15)
    for m in SOS_MEASURES:
        if m == "단기시설":
            out[("돌봄SOS", m)] = int(rng.poisson(max(base[("돌봄SOS", m)], 0.5) * g_sos))
        else:
            out[("돌봄SOS", m)] = int(
                round(base[("돌봄SOS", m)] * g_sos * float(np.exp(rng.normal(0, 0.08))))
            )
    g_em = rng.uniform(0.85, 1.0) if year == 2022 else rng.uniform(0.9, 1.05)
    for m in EMERGENCY_MEASURES:
        out[("긴급복지", m)] = int(
            round(base[("긴급복지", m)] * g_em * float(np.exp(rng.normal(0, 0.06))))
        )
    return out


def service_rows(
    code: str,
    year: int,
    values: ServiceValues,
    monthly_rng: np.random.Generator | None = None,
    text_numbers: bool = False,
) -> list[dict]:
    """Long-form 서비스실적 rows, with a 계 row after the 돌봄SOS rows.

    Order: 보편방문 (65세, 70세, 양육가정), 돌봄SOS (+ 계), 긴급복지, then the annual
    rows of 위기가구, 소나무센터 and 정신건강.

    Parameters
    ----------
    code, year : str, int
        District and year.
    values : dict
        ``{(program, measure): value}``.
    monthly_rng : numpy.random.Generator, optional
        When given, 보편방문-65세 is written as 12 monthly rows per measure (no annual
        row), split so that each month's 상담인원 is the sum of its channels and does
        not exceed its 대상인원.
    text_numbers : bool
        Write values as text with thousands separators (``12,345``).

    Returns
    -------
    list of dict
        Rows keyed by canonical column names.
    """

    def row(prog: str, measure: str, value: int, month: int | None = None) -> dict:
        v: object = fmt_int_text(value) if text_numbers else value
        return {
            "district_code": code,
            "year": year,
            "month": month,
            "dong": None,
            "program": prog,
            "measure": measure,
            "value": v,
        }

    rows: list[dict] = []
    for prog in VISIT_PROGRAMS:
        if monthly_rng is not None and prog == "보편방문-65세":
            for month, month_vals in enumerate(_monthly_visits(values, monthly_rng), start=1):
                for measure in VISIT_MEASURES:
                    rows.append(row(prog, measure, month_vals[measure], month))
            continue
        for measure in VISIT_MEASURES:
            rows.append(row(prog, measure, values[(prog, measure)]))
    for m in SOS_MEASURES:
        rows.append(row("돌봄SOS", m, values[("돌봄SOS", m)]))
    rows.append(row("돌봄SOS", TOTAL_LABEL, sum(values[("돌봄SOS", m)] for m in SOS_MEASURES)))
    for m in EMERGENCY_MEASURES:
        rows.append(row("긴급복지", m, values[("긴급복지", m)]))
    for prog, measures in EXTRA_PROGRAMS.items():
        for m in measures:
            rows.append(row(prog, m, values[(prog, m)]))
    return rows


def _monthly_visits(values: ServiceValues, rng: np.random.Generator) -> list[dict[str, int]]:
    """Split the year's 보편방문-65세 values over 12 months (measure → value per month).

    Each month's 상담인원 is the sum of its channels and does not exceed its 대상인원.
    """
    prog = "보편방문-65세"
    w = rng.uniform(0.7, 1.3, size=12)
    ch = {c: largest_remainder(values[(prog, c)], w) for c in VISIT_CHANNELS}
    counsel = [sum(ch[c][i] for c in VISIT_CHANNELS) for i in range(12)]
    extra = largest_remainder(values[(prog, "대상인원")] - values[(prog, "상담인원")], w)
    target = [counsel[i] + extra[i] for i in range(12)]
    return [
        {"대상인원": target[i], "상담인원": counsel[i], **{c: ch[c][i] for c in VISIT_CHANNELS}}
        for i in range(12)
    ]
