"""The 229 synthetic districts of the national benchmark, their councils and plans.

The districts are ordered round-robin over the 17 시도, so that a small prefix already
spans provinces and district sizes. Councils and plans are drawn with the functions
of :mod:`sabo_eval.sampledata` (the bundled sample's generator) over any span of
years: only the council sizes (:data:`NATIONAL_SHAPE`) and the plan's life cycle over
the years (:func:`national_plan`) are national. Every random draw comes from
:func:`~sabo_eval.sampledata.districts.seeded_rng` with the district code (or province
prefix) and a purpose label. Every value is 합성(synthetic).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np

from sabo_eval.sampledata.councils import CouncilShape, draw_council
from sabo_eval.sampledata.districts import ALL_DISTRICTS, District, seeded_rng
from sabo_eval.sampledata.meetings import Council
from sabo_eval.sampledata.members import NameMaker
from sabo_eval.sampledata.plan import PlanItem, generic_plan

#: (code prefix, 시도, number of 구 or 시, number of 군, suffix of the 구/시 units).
PROVINCES: tuple[tuple[str, str, int, int, str], ...] = (
    ("11", "서울특별시", 25, 0, "구"),
    ("26", "부산광역시", 15, 1, "구"),
    ("27", "대구광역시", 7, 1, "구"),
    ("28", "인천광역시", 8, 2, "구"),
    ("29", "광주광역시", 5, 0, "구"),
    ("30", "대전광역시", 5, 0, "구"),
    ("31", "울산광역시", 4, 1, "구"),
    ("36", "세종특별자치시", 1, 0, "시"),
    ("41", "경기도", 28, 3, "시"),
    ("42", "강원도", 7, 11, "시"),
    ("43", "충청북도", 3, 8, "시"),
    ("44", "충청남도", 8, 7, "시"),
    ("45", "전라북도", 6, 8, "시"),
    ("46", "전라남도", 5, 17, "시"),
    ("47", "경상북도", 10, 13, "시"),
    ("48", "경상남도", 8, 10, "시"),
    ("50", "제주특별자치도", 2, 0, "시"),
)
N_DISTRICTS = sum(n_city + n_county for _p, _n, n_city, n_county, _s in PROVINCES)

# Syllables of the synthetic place names (가산구, 청원시, 봉곡군, …).
_FIRST_SYLLABLES = "가남동서신영금은청백송평안화성광대봉월한상하정용소장고태무연"
_SECOND_SYLLABLES = "산천양주포원진해강림정창수곡문흥계릉암덕"

#: Council sizing: ≈ 2,600 attendance marks per district-year on average. 9–13
#: 실무분과 (the sample's pool has 14), 대표/실무협의체 of 20–30 members meeting 4–6
#: and 6–8 times a year, 실무분과 of 15–23 members meeting 10–12 times.
NATIONAL_SHAPE = CouncilShape(
    subs=(9, 13),
    rep_size=(20, 30),
    work_size=(20, 30),
    sub_size=(15, 23),
    rep_meetings=(4, 6),
    work_meetings=(6, 8),
    sub_meetings=(10, 12),
)


def _draw_district(code: str, name: str, province: str, kind: str) -> District:
    """Draw population, share 65+ and number of 읍면동 of one synthetic district.

    Parameters
    ----------
    code, name, province : str
        Identity of the district.
    kind : str
        ``구`` (자치구), ``시`` or ``군``.

    Returns
    -------
    District
        The district record of :mod:`sabo_eval.sampledata.districts`.
    """
    rng = seeded_rng(code, "national-district")
    if kind == "구":
        centre = 350_000 if province == "서울특별시" else 220_000
        pop = float(np.clip(centre * np.exp(rng.normal(0, 0.45)), 40_000, 700_000))
        share65 = float(rng.uniform(0.12, 0.24))
        n_dongs = int(np.clip(round(pop / 22_000 + rng.normal(0, 1.5)), 8, 30))
    elif kind == "시":
        centre = 450_000 if province == "경기도" else 220_000
        pop = float(np.clip(centre * np.exp(rng.normal(0, 0.7)), 25_000, 1_200_000))
        share65 = float(rng.uniform(0.11, 0.27))
        n_dongs = int(np.clip(round(pop / 25_000 + 5 + rng.normal(0, 2)), 8, 45))
    else:
        pop = float(np.clip(45_000 * np.exp(rng.normal(0, 0.45)), 9_000, 220_000))
        share65 = float(rng.uniform(0.24, 0.44))
        n_dongs = int(rng.integers(7, 16))
    return District(code, name, province, int(round(pop, -2)), round(share65, 3), n_dongs)


@cache
def all_districts() -> tuple[District, ...]:
    """The 229 synthetic districts in generation order (round-robin over provinces).

    Returns
    -------
    tuple of District
        Codes ``<prefix><100 + 10 k + 3>`` (구/시) and ``<prefix><700 + 10 k + 3>`` (군),
        none of them a code of the bundled sample.
    """
    taken_names = {d.name for d in ALL_DISTRICTS}
    taken_codes = {d.code for d in ALL_DISTRICTS}
    stems = [a + b for a in _FIRST_SYLLABLES for b in _SECOND_SYLLABLES if a != b]
    used_stems: set[str] = set()
    per_province: list[list] = []
    for prefix, province, n_city, n_county, suffix in PROVINCES:
        rng = seeded_rng(prefix, "national-names")
        pool = [stems[int(i)] for i in rng.permutation(len(stems))]
        units = [(suffix, 100 + 10 * k + 3) for k in range(n_city)]
        units += [("군", 700 + 10 * k + 3) for k in range(n_county)]
        out = []
        for kind, number in units:
            code = f"{prefix}{number:03d}"
            if province == "세종특별자치시":
                name = "세종시"
            else:
                stem = next(s for s in pool if s not in used_stems and s + kind not in taken_names)
                used_stems.add(stem)
                name = stem + kind
            if code in taken_codes:  # pragma: no cover - guarded by the code scheme
                raise RuntimeError(f"national code {code} collides with the sample")
            out.append(_draw_district(code, name, province, kind))
        per_province.append(out)
    ordered = []
    for r in range(max(len(p) for p in per_province)):
        ordered += [p[r] for p in per_province if r < len(p)]
    assert len(ordered) == N_DISTRICTS == len({d.code for d in ordered})
    return tuple(ordered)


def districts(n_districts: int = N_DISTRICTS) -> list[District]:
    """Return the first ``n_districts`` synthetic districts.

    Parameters
    ----------
    n_districts : int
        How many (1–229); a smaller set is always a prefix of the full one.

    Returns
    -------
    list of District
        Code, name, province, population, share65 and n_dongs of each.
    """
    if not 1 <= n_districts <= N_DISTRICTS:
        raise ValueError(f"n_districts must be in 1..{N_DISTRICTS}, got {n_districts}")
    return list(all_districts()[:n_districts])


def national_council(d: District, years: Sequence[int]) -> Council:
    """A synthetic council (대표, 실무, 9–13 실무분과) with meetings and marks per year.

    Parameters
    ----------
    d : District
        District whose code seeds the council stream.
    years : sequence of int
        Submission years, increasing.

    Returns
    -------
    Council
        Members (joins and departures over ``years``, 7 % churn a year), and
        ``meetings`` and ``marks`` for every year.
    """
    rng = seeded_rng(d.code, "national-council")
    return draw_council(rng, NameMaker(rng), NATIONAL_SHAPE, years)


def national_plan(d: District, years: Sequence[int]) -> list[PlanItem]:
    """The sample's synthetic two-framework plan with a life cycle over ``years``.

    The items come from the sample's :func:`~sabo_eval.sampledata.plan.generic_plan`;
    their ``change`` maps are redrawn: about a fifth of the items start in a later year (신규 that year), some
    are abolished (폐지 in their last year, absent afterwards) and a few are changed
    (변경) in between. The first three items in draw order run through every year,
    so no year is left without a plan.

    Parameters
    ----------
    d : District
        The district.
    years : sequence of int
        Years of the submissions, increasing.

    Returns
    -------
    list of PlanItem
    """
    items = generic_plan(seeded_rng(d.code, "national-plan"))
    rng = seeded_rng(d.code, "national-plan-changes")
    later = list(years[1:])
    order = [int(i) for i in rng.permutation(len(items))]
    for rank, i in enumerate(order):
        start_new = bool(later) and rank >= 3 and rng.random() < 0.2
        start = int(rng.choice(later)) if start_new else years[0]
        active = [y for y in years if y >= start]
        end = None
        if rank >= 3 and len(active) > 1 and rng.random() < 0.2:
            end = int(rng.choice(active[1:]))
            active = [y for y in active if y <= end]
        change: dict[int, str | None] = {}
        for y in active:
            if y == start and start != years[0]:
                change[y] = "신규"
            elif y == end:
                change[y] = "폐지"
            else:
                change[y] = "변경" if rng.random() < 0.08 else "유지"
        items[i].change = change
    return items


def plan_period(year: int) -> str:
    """기수 of the 지역사회보장계획 in force.

    Parameters
    ----------
    year : int
        Calendar year; a 기 lasts four years (제4기 2019–2022, 제5기 2023–2026,
        and so on).

    Returns
    -------
    str
        ``제<n>기``.
    """
    return f"제{4 + (year - 2019) // 4}기"
