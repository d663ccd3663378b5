"""The district catalogue of the sample and the seeded random streams."""

from __future__ import annotations

import zlib
from dataclasses import dataclass

import numpy as np

from .common import fmt_int_text

BASE_SEED = 20240101


@dataclass(frozen=True)
class District:
    """One 시군구 of the sample.

    Parameters
    ----------
    code : str
        5-digit administrative code, as text.
    name : str
        District name (시군구명).
    province : str
        시도.
    population : int
        Approximate 2021 resident population.
    share65 : float
        Approximate share of residents aged 65 or more.
    n_dongs : int
        Number of 읍면동.
    """

    code: str
    name: str
    province: str
    population: int
    share65: float
    n_dongs: int

    @property
    def population_65plus(self) -> int:
        """Approximate number of residents aged 65 or more."""
        return int(round(self.population * self.share65, -2))


SUWON = District("41110", "수원시", "경기도", 1_190_000, 0.121, 44)
SASANG = District("26530", "사상구", "부산광역시", 210_000, 0.195, 12)
SEOUL: tuple[District, ...] = tuple(
    District(code, name, "서울특별시", pop, share, dongs)
    for code, name, pop, share, dongs in (
        ("11110", "종로구", 145_300, 0.195, 17),
        ("11140", "중구", 122_500, 0.197, 15),
        ("11170", "용산구", 223_000, 0.173, 16),
        ("11200", "성동구", 287_200, 0.159, 17),
        ("11215", "광진구", 340_800, 0.149, 15),
        ("11230", "동대문구", 342_800, 0.186, 14),
        ("11260", "중랑구", 385_300, 0.189, 16),
        ("11290", "성북구", 437_200, 0.176, 20),
        ("11305", "강북구", 300_600, 0.225, 13),
        ("11320", "도봉구", 318_400, 0.214, 14),
        ("11350", "노원구", 516_300, 0.180, 19),
        ("11380", "은평구", 474_700, 0.192, 16),
        ("11410", "서대문구", 310_500, 0.179, 14),
        ("11440", "마포구", 371_800, 0.151, 16),
        ("11470", "양천구", 453_300, 0.154, 18),
        ("11500", "강서구", 573_800, 0.160, 20),
        ("11530", "구로구", 404_400, 0.174, 15),
        ("11545", "금천구", 231_700, 0.179, 10),
        ("11560", "영등포구", 378_500, 0.159, 18),
        ("11590", "동작구", 387_400, 0.166, 15),
        ("11620", "관악구", 495_100, 0.165, 21),
        ("11650", "서초구", 413_100, 0.144, 18),
        ("11680", "강남구", 534_100, 0.142, 22),
        ("11710", "송파구", 660_100, 0.145, 27),
        ("11740", "강동구", 463_300, 0.160, 19),
    )
)
ALL_DISTRICTS: tuple[District, ...] = (SUWON, SASANG, *SEOUL)
SEOUL_INDEX = {d.code: i for i, d in enumerate(SEOUL)}


def seeded_rng(code: str, purpose: str) -> np.random.Generator:
    """Return the generator for one district and one purpose.

    Parameters
    ----------
    code : str
        District code; the seed is derived from it.
    purpose : str
        Label of the stream (``"council"``, ``"plan"``, …), so that adding draws to one
        part of a district never shifts another part.

    Returns
    -------
    numpy.random.Generator
        ``default_rng([BASE_SEED, int(code), crc32(purpose)])``.
    """
    return np.random.default_rng([BASE_SEED, int(code), zlib.crc32(purpose.encode("utf-8"))])


def district_row(d: District, text_numbers: bool) -> dict:
    """The 지역현황 row of a district.

    Parameters
    ----------
    d : District
        The district.
    text_numbers : bool
        Populations as text (``1,190,000명``) instead of numbers.

    Returns
    -------
    dict
        Row keyed by canonical column names.
    """
    pop: object = fmt_int_text(d.population, "명") if text_numbers else d.population
    pop65: object = fmt_int_text(d.population_65plus, "명") if text_numbers else d.population_65plus
    return {
        "district_code": d.code,
        "district_name": d.name,
        "province": d.province,
        "population": pop,
        "population_65plus": pop65,
        "n_dongs": d.n_dongs,
    }
