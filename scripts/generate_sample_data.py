#!/usr/bin/env python
"""Generate the deterministic sample submissions in ``data/sample/``.

The sample covers 27 districts (수원시 41110, 사상구 26530 and Seoul's 25 자치구) for
2022 and 2023, plus 2021 service workbooks for the Seoul districts. Most of the
content is 합성(synthetic) data drawn from ``numpy.random.default_rng`` seeded per
district, but four parts are anchored to the seed documents in ``/work/shared/seeds``:

* 수원시 2022 연구기획분과 attendance roster reproduces seed 000's monthly table
  (합/민/관, 평균 63.7 %), its 8 excellent members, and the 12-subcommittee figures
  (mean 63.7 %, 이주민분과 81.9 %);
* 수원시 2023 plan and monitoring opinions copy seed 000's monitoring table verbatim;
* 사상구 2023 plan gives seed 001's 5/10/29 → 121.6 % and 4/9/18 → 110.7 %;
* Seoul 2021 services split seed 002's city totals exactly across the 25 districts,
  including 위기가구 발굴 45,701가구 and 정신건강 동행요청 246명 / 동행방문 281건.

The Seoul districts also have 2012 and 2013 workbooks (제출정보, 지역현황, 서비스실적
only) with monthly 복지상담/상담건수, 사례관리/사례관리건수 and 서비스연계/연계가구 rows in
the setting of seed 004 (서울시 복지서비스 전달체계 시범운영, 2013): synthetic, with a
KNOWN injected effect from 2013-03 in three pilot districts (+15 % 상담건수, +10 %
사례관리건수) and two already-strengthened districts (+5 %, +5 %), none on 연계가구;
see ``PILOT_OUTCOMES`` and :func:`pilot_truth`. They use their own random streams,
so adding them left every other file byte-identical.

Every 2021–2023 서비스실적 sheet ends with three programmes for rate indicators: 위기가구
(발굴가구, 연계가구 ≤ 발굴가구), 소나무센터 (신고접수, 초기상담 ≤ 신고접수) and
정신건강 (동행요청, 동행방문; a ratio that may exceed 100 %). They are synthetic apart
from the Seoul 2021 sums above and use their own random streams, so adding them left
every other value unchanged.

Run ``python scripts/generate_sample_data.py`` (``--out DIR`` to write elsewhere,
``--check`` to re-read the output and assert the anchored figures, ``--determinism``
to generate twice into temporary folders and compare every cell).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import logging
import re
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
from openpyxl.styles import Font
from openpyxl.writer.excel import ExcelWriter

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from sabo_eval.ingest.schemas import (  # noqa: E402
    SCHEMAS,
    SUBMISSION_INFO_FIELDS,
    SUBMISSION_INFO_SHEET,
)

logger = logging.getLogger("generate_sample_data")

__all__ = ["generate", "check", "compare_outputs", "pilot_truth", "main"]

BASE_SEED = 20240101
FIXED_TIMESTAMP = datetime(2024, 1, 1)
WEEKDAYS_KO = "월화수목금토일"
SYNTHETIC_NOTE = "합성(synthetic) 예시 데이터 — 실제 통계 아님"
SYNTHETIC_NOTE_CSV = "합성(synthetic) 예시 데이터 - 실제 통계 아님"  # CP949 has no em dash

FW1 = "지자체 사회보장사업 전략체계"
FW2 = "지역사회보장 발전 전략체계"

# Sheet order of a full submission workbook (attendance is placed after meetings).
TABLE_ORDER = (
    "districts",
    "members",
    "meetings",
    "attendance",
    "plan_items",
    "indicators",
    "budget",
    "opinions",
    "services",
)
SERVICES_ONLY = ("districts", "services")

# ---------------------------------------------------------------------------
# Districts
# ---------------------------------------------------------------------------


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

# ---------------------------------------------------------------------------
# Seed anchors
# ---------------------------------------------------------------------------

SEED000_EVALUATION_DATE = date(2022, 11, 17)

# 연구기획분과 2022 roster (seed 000). (key, name or None for synthetic, sector, role,
# joined, left, months attended). Every other month the person was eligible is ×.
RESEARCH_ROSTER: tuple[
    tuple[str, str | None, str, str, date, date | None, tuple[int, ...]], ...
] = (
    ("E1", "소현이", "민", "민간분과장", date(2019, 3, 1), None, (1, 2, 3, 4, 5, 6, 7, 8, 9, 10)),
    ("E2", "이은선", "민", "총무", date(2020, 2, 1), None, (2, 3, 4, 5, 6, 7, 8, 10)),
    ("E3", "서향숙", "민", "위원", date(2020, 2, 1), None, (2, 3, 4, 5, 6, 7, 8, 10)),
    ("E4", "유철호", "민", "위원", date(2020, 2, 1), None, (2, 3, 4, 5, 6, 7, 8, 9, 10)),
    ("E5", "이미연", "민", "위원", date(2021, 1, 15), None, (1, 2, 3, 5, 6, 7, 8, 9, 10)),
    ("E6", "최정화", "민", "위원", date(2021, 3, 1), None, (1, 2, 3, 5, 6, 7, 8, 10)),
    ("E7", "황은경", "민", "위원", date(2021, 6, 1), None, (1, 2, 3, 5, 6, 8, 9, 10)),
    ("N1", None, "민", "위원", date(2020, 2, 1), None, (1, 2, 3, 4, 8)),
    ("N2", None, "민", "위원", date(2020, 2, 1), None, (1, 2, 3, 5, 6)),
    ("N3", None, "민", "위원", date(2020, 2, 1), None, (1, 2, 4, 6, 8)),
    ("N4", None, "민", "위원", date(2021, 3, 1), None, (2, 3, 5, 8, 10)),
    ("N5", None, "민", "위원", date(2021, 3, 1), None, (3, 4, 6, 8)),
    ("N6", None, "민", "위원", date(2022, 1, 1), None, (1, 2, 3, 4, 5, 6, 8, 10)),
    ("A", None, "민", "위원", date(2020, 2, 1), date(2022, 3, 31), (1, 2, 3)),
    ("C", None, "민", "위원", date(2019, 3, 1), date(2022, 9, 30), (2, 3, 8)),
    ("B", None, "민", "위원", date(2022, 9, 1), None, (10,)),
    ("K", "김범수", "관", "공공분과장", date(2019, 3, 1), None, (1, 2, 3, 4, 5, 6, 7, 9, 10)),
    ("G1", None, "관", "위원", date(2020, 2, 1), None, (1, 2, 5)),
    ("G2", None, "관", "위원", date(2020, 2, 1), None, (1, 3, 7)),
    ("P1", None, "관", "위원", date(2022, 2, 1), None, (2, 3, 5)),
    ("P2", None, "관", "위원", date(2020, 3, 1), date(2022, 6, 30), (1, 2, 3, 5)),
    ("P3", None, "관", "위원", date(2022, 9, 1), None, (9,)),
)
RESEARCH_DATES_2022 = tuple(
    date(2022, m, d)
    for m, d in (
        (1, 20),
        (2, 17),
        (3, 17),
        (4, 21),
        (5, 19),
        (6, 16),
        (7, 21),
        (8, 18),
        (9, 15),
        (10, 20),
    )
)
# seed 000 monthly table: month → (total, private, public) as (attended, eligible)
SEED000_MONTHLY: dict[int, tuple[tuple[int, int], tuple[int, int], tuple[int, int]]] = {
    1: ((13, 19), (9, 15), (4, 4)),
    2: ((18, 20), (14, 15), (4, 5)),
    3: ((18, 20), (14, 15), (4, 5)),
    4: ((9, 19), (8, 14), (1, 5)),
    5: ((14, 19), (10, 14), (4, 5)),
    6: ((12, 19), (11, 14), (1, 5)),
    7: ((8, 18), (6, 14), (2, 4)),
    8: ((13, 18), (13, 14), (0, 4)),
    9: ((6, 20), (4, 15), (2, 5)),
    10: ((11, 19), (10, 14), (1, 5)),
}
SEED000_MEAN = (63.7, 68.8, 49.0)
SEED000_EXCELLENT = {
    "소현이": 100.0,
    "김범수": 90.0,
    "이은선": 80.0,
    "서향숙": 80.0,
    "유철호": 90.0,
    "이미연": 90.0,
    "최정화": 80.0,
    "황은경": 80.0,
}
SUWON_SUBCOMMITTEES = (
    "연구기획분과",
    "이주민분과",
    "시민건강분과",
    "아동분과",
    "노인분과",
    "장애인분과",
    "여성가족분과",
    "청소년분과",
    "주거분과",
    "고용분과",
    "자원개발분과",
    "저소득분과",
)
SUWON_BEST_SUB = "이주민분과"
SUWON_BEST_MEAN = 81.9
SUWON_ALL_MEAN = 63.7
# Targets of the 10 remaining subcommittees; the last one absorbs rounding residue.
SUWON_OTHER_TARGETS = (65.9, 57.7, 74.5, 52.1, 68.2, 60.4, 70.8, 54.6, 63.0)

# 사상구 2023 (seed 001)
SASANG_FW1_TARGET = 121.6
SASANG_FW2_TARGET = 110.7
SASANG_REVISED_ITEMS = (
    "복지N건강 상담지원",
    "행복울타리 돌봄사업",
    "마을건강센터운영",
    "노후준비지원센터 운영",
)
SASANG_TF = (
    # name, body, role, sector
    ("류승일", "대표", "위원장", "민"),
    ("김소영", "대표", "부위원장", "민"),
    ("한지나", "대표", "위원", "민"),
    ("조의중", "대표", "위원", "민"),
    ("이미정", "실무", "위원장", "민"),
    ("정선희", "실무", "부위원장", "관"),
)

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
BUDGET_TOTAL_LABEL = "합계"

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
# (code, year) files that carry monthly rows for 보편방문-65세 instead of an annual row
MONTHLY_VISIT_FILES = {("11440", 2022), ("11680", 2023), ("41110", 2023)}

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

# ---------------------------------------------------------------------------
# Pools for the synthetic parts
# ---------------------------------------------------------------------------

SURNAMES = tuple("김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허남노")
# rough frequency of the surnames above (김 ≈ 21 %, 이 ≈ 15 %, …)
SURNAME_WEIGHTS = np.array(
    [21, 15, 8, 5, 4.5, 2.4, 2.1, 2, 2, 1.7, 1.5, 1.5, 1.5, 1.4, 1.4]
    + [1.4, 1.3, 1.3, 1.2, 1.1, 1, 0.9, 0.9, 0.9, 0.9, 0.8, 0.8, 0.6, 0.6, 0.6]
)
GIVEN_SYLLABLES = tuple(
    "민서지현수영준은하윤진우예재성경희정혜미연숙철호승태동상나소아주원선용석기훈규빈"
)

SUBCOMMITTEE_POOL = (
    "노인분과",
    "장애인분과",
    "아동분과",
    "청소년분과",
    "여성가족분과",
    "주거분과",
    "고용분과",
    "자원개발분과",
    "저소득분과",
    "보건의료분과",
    "이주민분과",
    "연구기획분과",
    "교육문화분과",
    "홍보분과",
)

FW1_STRATEGIES = (
    "촘촘한 복지안전망 구축",
    "함께하는 돌봄공동체 조성",
    "건강하고 활기찬 노후 보장",
    "아동·청소년의 꿈과 성장 지원",
    "자립을 돕는 일자리·소득 지원",
    "안정된 주거환경 조성",
    "장애인의 자립과 참여 확대",
    "가족과 여성의 안전망 강화",
)
FW2_STRATEGIES = (
    "민관협력 네트워크 강화",
    "주민참여 복지공동체 활성화",
    "복지 전달체계 효율화",
    "지역 복지자원 연계 강화",
    "사회복지종사자 역량 강화",
)
KEY_PROJECTS = (
    "위기가구 발굴체계 강화",
    "맞춤형 급여 지원",
    "지역사회 통합돌봄 기반 구축",
    "어르신 돌봄서비스 확충",
    "치매 예방 및 관리",
    "건강생활 실천 지원",
    "아동 돌봄 인프라 확충",
    "청소년 성장 지원",
    "취약계층 일자리 지원",
    "자산형성 지원",
    "주거취약계층 지원",
    "장애인 자립 지원",
    "문화·여가 기회 확대",
    "가족 지원 강화",
    "여성 안전 강화",
    "고립가구 사회관계 회복",
)
KEY_PROJECTS_FW2 = (
    "민관 협력체계 구축",
    "동 협의체 활성화",
    "주민 참여 확대",
    "복지정보 접근성 향상",
    "통합사례관리 내실화",
    "복지자원 발굴·연계",
    "종사자 처우 개선",
    "종사자 역량 강화",
    "복지 거버넌스 강화",
)
ITEM_NAMES_FW1 = (
    "복지사각지대 발굴 및 지원",
    "위기가구 긴급지원",
    "저소득층 맞춤형 급여 안내",
    "독거어르신 안부확인 서비스",
    "어르신 맞춤돌봄서비스",
    "재가노인 방문요양 지원",
    "치매안심센터 운영",
    "치매 조기검진 사업",
    "경로당 건강체조 교실",
    "어르신 일자리 사업",
    "중장년 1인가구 지원",
    "고독사 예방 사업",
    "아동 통합사례관리(드림스타트)",
    "지역아동센터 운영 지원",
    "다함께돌봄센터 운영",
    "아동급식 지원",
    "청소년 상담복지센터 운영",
    "학교 밖 청소년 지원",
    "자활근로 사업",
    "희망저축계좌 지원",
    "장애인 활동지원 서비스",
    "장애인 일자리 지원",
    "발달장애인 주간활동 서비스",
    "주거급여 지원",
    "주거취약계층 주거상향 지원",
    "집수리 지원 사업",
    "한부모가족 지원",
    "다문화가족 방문교육",
    "가정폭력 피해자 지원",
    "방문건강관리 사업",
    "정신건강복지센터 운영",
    "만성질환 예방관리",
    "영양플러스 사업",
    "푸드뱅크·마켓 운영",
    "무료급식 지원",
    "노인 여가문화 프로그램",
    "장애인 문화누리 지원",
    "저소득층 교육비 지원",
    "출산가정 방문 서비스",
    "청년 자립 지원",
    "은둔형 외톨이 지원",
    "긴급돌봄 서비스",
    "보훈대상자 지원",
    "노숙인 자활 지원",
    "에너지 취약계층 지원",
)
ITEM_NAMES_FW2 = (
    "지역사회보장협의체 역량강화 교육",
    "동 지역사회보장협의체 특화사업",
    "명예사회복지공무원 운영",
    "민관협력 통합사례회의",
    "복지자원 나눔 네트워크",
    "주민 복지리더 양성",
    "마을복지계획 수립 지원",
    "복지정보 안내 책자 발간",
    "찾아가는 복지상담소",
    "복지기관 협의체 정례화",
    "사회복지종사자 처우개선",
    "사회복지종사자 힐링 프로그램",
    "복지 자원봉사 활성화",
    "후원물품 통합관리 시스템",
    "이웃돌봄 공동체 지원",
    "지역복지 실태조사",
    "복지 거버넌스 포럼",
    "민관협력 공모사업",
    "복지관 연계 사례관리",
    "사회적경제 연계 돌봄",
)
# name, unit, direction, level (typical target), kind
INDICATOR_POOL: tuple[tuple[str, str, str, float, str], ...] = (
    ("서비스 이용자 수", "명", "상향", 800, "count"),
    ("프로그램 참여자 수", "명", "상향", 300, "count"),
    ("서비스 제공 건수", "건", "상향", 2_500, "count"),
    ("자원 연계 건수", "건", "상향", 600, "count"),
    ("교육 실시 횟수", "회", "상향", 24, "count"),
    ("사례관리 가구 수", "가구", "상향", 150, "count"),
    ("위기가구 발굴 건수", "건", "상향", 1_200, "count"),
    ("신규 발굴 인원", "명", "상향", 250, "count"),
    ("이용자 만족도", "점", "상향", 85, "score"),
    ("서비스 연계율", "%", "상향", 70, "rate"),
    ("대기 기간", "일", "하향", 20, "count"),
    ("중도 탈락률", "%", "하향", 12, "rate"),
    ("민원 처리 기간", "일", "하향", 10, "count"),
)
OPINION_POOL: tuple[tuple[str, str], ...] = (
    (
        "성과지표가 산출 중심으로 되어 있어 결과 중심 지표 보완 필요",
        "차년도 계획 수립 시 결과 지표를 추가하겠음",
    ),
    (
        "민간기관과의 연계 방안을 구체적으로 제시할 필요가 있음",
        "민관협력 회의를 통해 연계 방안을 마련하겠음",
    ),
    (
        "예산 집행률이 낮은 사유에 대한 설명 필요",
        "대면 프로그램이 축소되어 집행이 저조하였음. 하반기 집행 예정",
    ),
    (
        "<ul><li>대상자 선정 기준 명확화 필요</li><li>홍보 방안 다양화 요청</li></ul>",
        "<ul><li>선정 기준을 사업 지침에 명시하겠음</li><li>SNS 홍보 병행</li></ul>",
    ),
    (
        "목표치가 전년도 실적보다 낮게 설정되어 상향 조정 필요",
        "전년도 실적을 고려하여 목표를 상향 조정함",
    ),
    ("동 지역사회보장협의체와의 역할 분담 필요", "동 협의체와 협의 후 반영 예정"),
    ("유사 사업과 중복되지 않도록 조정 필요", "유사 사업과의 중복 여부 검토 중"),
    (
        "사각지대 해소를 위한 발굴 체계 강화 필요",
        "명예사회복지공무원 활동과 연계하여 발굴을 강화하겠음",
    ),
    (
        '<ul style="list-style-type: none"> -이용자 만족도 조사 결과 공유 요청 -만족도 문항 개선 필요 ',
        '<ul style="list-style-type: none"> -만족도 조사 결과는 협의체 회의에서 공유하겠음',
    ),
    ("참여자 모집이 어려운 원인 분석 필요", "대상자 특성상 모집이 어려워 기관 추천 방식을 병행함"),
)
RESPONSE_STATUSES = ("반영", "부분반영", "미반영", "검토중", None)

_SEED000_OPINIONS: tuple[tuple[str, str, str, str], ...] = (
    (
        "I-1-1",
        "연구기획분과",
        '<ul style="list-style-type: none"> -성과지표 3개 연도별목표를 분할하여 작성 필요 -동의 실질적 역할도 중요하나, 통합돌봄을 위한 시-구의 기획 등 컨트롤타워 역할이 중요함. 시-구의 조직 변화 및 역할 질의 ',
        '<ul style="list-style-type: none"> -성과지표 연도별 분할 작성함 -시-구의조직 변화 및 역할 반영 (조직) 시 1개팀 신설 예정 (역할) (시) 운영총괄, 사업지원·홍보, 자원개발 사업평가, 부서별 행정지원협의 등 (구)서비스 제공현황 파악, 자원발굴, 서비스 추가 제공 결정 등',
    ),
    (
        "I-4-3",
        "시민건강분과",
        '<ul style="list-style-type: none"> -현재 상담 건수만 성과지표로 되어있으나 실제 상담 이후 관리체계가 중요함. 성과관리지표에 통합사례관리수, 위기발굴건수, 자원연계건수 추가 요청함 -서비스 및 자원연계를 위해 민간기관의 역할과 적극적 참여 유도를 위한 노력 필요 ',
        '<ul style="list-style-type: none"> -실무분과 의견을 반영하여 성과관리 지표에 (1)통합사례관리수, (2)복지사각지대 발굴건수 (3)복지사각지대 지원 및 연계건수 3개 지표 추가하겠음. -서비스 및 자원연계를 위하여 홍보를 통하여 민간기관의 적극적 참여를 유도하겠음.',
    ),
    (
        "I-4-3",
        "연구기획분과",
        '<ul style="list-style-type: none"> -성과지표 통합사례회의 개최수, 위기가구 발굴수, 서비스 연계수 및 연도별 목표수준 추가 요청 ',
        '<ul style="list-style-type: none"> -실무분과 의견을 반영하여 성과관리 지표에(1)통합사례관리건수, (2) 복지사각지대 발굴건수 (3)복지사각지대 지원 및 연계건수 3개 지표 추가하겠음.',
    ),
    (
        "II-1-1-1",
        "연구기획분과",
        '<ul style="list-style-type: none"> -계획 수립이 잘 되어 있음. 명예사회복지공무원의 역할 강화를 위한 교육 지원 필요함 -향후 안내문 발송 후 정보 미이용자에 대한 관리 지원체계에 대한 고민 필요',
        '<ul style="list-style-type: none"> -명예사회복지공무원 역할 강화를 위한 교육 예정 -안내 후 급여 미이용자는 복지사각지대로 분류, 행정복지센터에서 중점 관리대상으로 관리(방문 등)하고 있음',
    ),
    (
        "II-1-1-2",
        "연구기획분과",
        "-차후 성과지표 공약사업 7-9 사업내용과 연동 필요, 후원금품 등 물적자원 뿐만 아니라 서비스 및 인적자원 공유체계 필요",
        "공약사업 7-8와 연계하여 성과 결과 산출시 휴먼나눔시스템 등록 현황자료 활용 예정. 인적자원 공유체계 가능 여부 검토하겠음.",
    ),
    (
        "II-4-1-1",
        "연구기획분과",
        "중복",
        "중복",
    ),
    (
        "II-4-2-1",
        "연구기획분과",
        "-효과적으로 운영되기를 기대함 -인력풀의 범위, 지원기관 기준 질의 -성과지표에 연 지원인원수 추가 요청",
        "-세부계획 수립 중, 지원기관은 사회복지사업법 제2조 제4호에 따른 사회복지시설(영유아보육법에 따른 '어린이집' 노인장기요양보험법에 따른 '장기요양기관' 제외) -첫 시행 사업이며, 신청자 별 지원일수가 상이하여 인원수 산정 불가함",
    ),
    (
        "II-4-2-1",
        "아동분과",
        "-아동복지시설 등 분야별 유관기관의 신청 대비 지원률 파악 및 데이터 공유 요청함. -대체인력 지원사업 신청 과정에 소요되는 시간이 오래 걸리거나 전체 인력풀이 부족한 어려움이 있을 경우 신청기관에서 먼저 자체 채용한 이후 신청했을 때의 지원 가능여부를 질의함.",
        "-추후 사업 진행 상황에 따라 자료 공유 예정 -수원시 대체인력 사업은 신청기관에서 대체 인력을 자체 채용하고 그에 따른 비용을 지원하는 방식으로 실시할 예정",
    ),
    (
        "II-4-2-2",
        "연구기획분과",
        "-성과지표 상담 참여자수, 인권교육 참여자수 추가 요청",
        "-참여자수 증대보다 서비스 질을 올리는 방향으로 추진 예정으로 지표 추가 어려움",
    ),
)

# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------


def _rng(code: str, purpose: str) -> np.random.Generator:
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


def _col(table: str, name: str) -> str:
    """Return the Korean header of ``table.name`` from the schema."""
    return SCHEMAS[table].column(name).korean


def _headers(table: str) -> list[str]:
    """Return the Korean headers of ``table`` in schema order."""
    return [c.korean for c in SCHEMAS[table].columns]


INFO_LABELS = {key: label for key, label, _kind, _req in SUBMISSION_INFO_FIELDS}
INFO_KEY_HEADER = "항목"
INFO_VALUE_HEADER = "값"


def _month_end(year: int, month: int) -> date:
    """Return the last day of ``year``-``month``."""
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """Return the ``nth`` (1-based) ``weekday`` (0 = Monday) of a month."""
    first = date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + timedelta(days=offset + 7 * (nth - 1))


def format_date(d: date | None, style: str) -> object:
    """Render a date the way a given office would type it.

    Parameters
    ----------
    d : datetime.date or None
        The date; ``None`` stays ``None``.
    style : str
        ``"korean"`` → ``2022. 1. 20.(목)``; ``"dot"`` → ``2022.01.20``; ``"yy"`` →
        ``22.01.20``; ``"iso"`` → ``2022-01-20``; ``"excel"`` → the date itself (written
        as a real Excel date).

    Returns
    -------
    object
        A string, or the date for ``"excel"``.
    """
    if d is None:
        return None
    if style == "korean":
        return f"{d.year}. {d.month}. {d.day}.({WEEKDAYS_KO[d.weekday()]})"
    if style == "dot":
        return f"{d:%Y.%m.%d}"
    if style == "yy":
        return f"{d:%y.%m.%d}"
    if style == "iso":
        return d.isoformat()
    return d


def _largest_remainder(total: int, weights: Sequence[float]) -> list[int]:
    """Split an integer ``total`` proportionally to ``weights``, summing exactly.

    Parameters
    ----------
    total : int
        Amount to split.
    weights : sequence of float
        Non-negative weights, not all zero.

    Returns
    -------
    list of int
        Floors of the quotas, plus one for the largest fractional parts (ties broken by
        position) until the sum equals ``total``.
    """
    w = np.asarray(weights, dtype=float)
    quotas = total * w / w.sum()
    base = np.floor(quotas).astype(int)
    rest = total - int(base.sum())
    order = sorted(range(len(w)), key=lambda i: (-(quotas[i] - base[i]), i))
    for i in order[:rest]:
        base[i] += 1
    return [int(x) for x in base]


def _fmt_int_text(value: int, unit: str = "") -> str:
    """Return ``1,234`` or ``1,234명`` style text for an integer."""
    return f"{value:,}{unit}"


class _NameMaker:
    """Draw unique 3-syllable Korean names for one district."""

    def __init__(self, rng: np.random.Generator, reserved: Iterable[str] = ()) -> None:
        self._rng = rng
        self._used: set[str] = set(reserved)
        self._p = SURNAME_WEIGHTS / SURNAME_WEIGHTS.sum()

    def reserve(self, name: str) -> None:
        """Mark ``name`` as taken."""
        self._used.add(name)

    def __call__(self) -> str:
        """Return a new name not drawn before in this district."""
        while True:
            sur = SURNAMES[int(self._rng.choice(len(SURNAMES), p=self._p))]
            a, b = self._rng.choice(len(GIVEN_SYLLABLES), size=2, replace=False)
            name = sur + GIVEN_SYLLABLES[int(a)] + GIVEN_SYLLABLES[int(b)]
            if name not in self._used:
                self._used.add(name)
                return name


# ---------------------------------------------------------------------------
# Councils: members, meetings, attendance
# ---------------------------------------------------------------------------

BODY_LABEL = {"대표": "대표협의체", "실무": "실무협의체"}


@dataclass
class Member:
    """A council member over the whole 2022–2023 span."""

    member_id: str
    name: str
    sector: str
    body: str
    sub: str | None
    role: str
    joined: date
    left: date | None
    p: float

    def eligible(self, on: date) -> bool:
        """Whether the person was a member on ``on``."""
        return self.joined <= on and (self.left is None or self.left >= on)

    def in_year(self, year: int) -> bool:
        """Whether the membership overlaps ``year``."""
        return self.joined <= date(year, 12, 31) and (
            self.left is None or self.left >= date(year, 1, 1)
        )


@dataclass
class Meeting:
    """One meeting of a body or subcommittee."""

    meeting_id: str
    body: str
    sub: str | None
    held_on: date
    kind: str


@dataclass
class Council:
    """A district council: members plus, per year, meetings and attendance marks."""

    members: list[Member]
    subs: list[str]
    meetings: dict[int, list[Meeting]] = field(default_factory=dict)
    marks: dict[int, dict[tuple[str, str], str]] = field(default_factory=dict)

    def group(self, body: str, sub: str | None) -> list[Member]:
        """Members of one body (and subcommittee)."""
        return [m for m in self.members if m.body == body and m.sub == sub]


def _group_short(body: str, sub: str | None) -> str:
    """Short label used inside meeting IDs (``연구기획`` for 연구기획분과)."""
    if body == "분과" and sub:
        return sub.removesuffix("분과")
    return body


def _make_group(
    rng: np.random.Generator,
    names: _NameMaker,
    body: str,
    sub: str | None,
    size: int,
    private_share: float,
    mu: float,
    churn: float = 0.07,
    years: tuple[int, ...] = (2022, 2023),
) -> list[Member]:
    """Draw the members of one body with joins and departures over ``years``.

    Parameters
    ----------
    rng : numpy.random.Generator
        District generator.
    names : _NameMaker
        Name source of the district.
    body, sub : str
        ``대표``/``실무``/``분과`` and the subcommittee name (``None`` for bodies).
    size : int
        Members at the start of the first year.
    private_share : float
        Probability that a member is private (민).
    mu : float
        Mean attendance probability; members draw theirs around it.
    churn : float
        Yearly probability that a member leaves (and is replaced a month or two later).
    years : tuple of int
        Years over which departures are drawn.

    Returns
    -------
    list of Member
        Members without IDs (``member_id`` empty), in creation order.
    """

    def person(sector: str, joined: date) -> Member:
        p = float(np.clip(rng.normal(mu - (0.05 if sector == "관" else 0.0), 0.13), 0.4, 0.95))
        return Member("", names(), sector, body, sub, "위원", joined, None, p)

    members: list[Member] = []
    n_private = max(2, int(round(size * private_share + rng.normal(0, 0.8))))
    n_private = min(n_private, size - 1)
    for i in range(size):
        sector = "민" if i < n_private else "관"
        joined = date(int(rng.integers(2017, 2022)), int(rng.integers(1, 13)), 1)
        members.append(person(sector, joined))
    for year in years:
        for m in list(members):
            if m.left is not None or m.joined > date(year, 1, 1) or rng.random() >= churn:
                continue
            month = int(rng.integers(2, 11))
            m.left = _month_end(year, month)
            join_month = month + int(rng.integers(1, 3))
            if join_month <= 12:
                members.append(person(m.sector, date(year, join_month, 1)))
    # roles
    privates = [m for m in members if m.sector == "민" and m.joined < date(2022, 1, 1)]
    publics = [m for m in members if m.sector == "관" and m.joined < date(2022, 1, 1)]
    if body == "대표":
        titles_private, titles_public = ("위원장", "부위원장"), ("공동위원장",)
    elif body == "실무":
        titles_private, titles_public = ("위원장",), ("부위원장", "간사")
    else:
        titles_private, titles_public = ("민간분과장", "총무"), ("공공분과장",)
    for m, t in zip(privates, titles_private, strict=False):
        m.role = t
    for m, t in zip(publics, titles_public, strict=False):
        m.role = t
    return members


def _vary_membership(
    rng: np.random.Generator, names: _NameMaker, members: list[Member], year: int, mu: float
) -> None:
    """Add one mid-year join and two mid-year departures to a group.

    With meetings January–October this gives at least three different monthly
    denominators (n, n + 1, n - 1), which the roster calibration needs for fine steps.
    """
    join_month = int(rng.integers(3, 6))
    p = float(np.clip(rng.normal(mu, 0.13), 0.4, 0.95))
    sector = "민" if rng.random() < 0.65 else "관"
    leavers = [
        m for m in members if m.role == "위원" and m.left is None and m.joined < date(year, 1, 1)
    ][:2]
    for m, month in zip(leavers, (int(rng.integers(6, 8)), int(rng.integers(8, 10))), strict=True):
        m.left = _month_end(year, month)
    members.append(
        Member(
            "",
            names(),
            sector,
            members[0].body,
            members[0].sub,
            "위원",
            date(year, join_month, 1),
            None,
            p,
        )
    )


def _make_meetings(
    rng: np.random.Generator,
    year: int,
    body: str,
    sub: str | None,
    months: Sequence[int],
    weekday: int | None = None,
    nth: int | None = None,
    extraordinary: bool = True,
) -> list[Meeting]:
    """Return one meeting per month in ``months`` on a fixed weekday pattern.

    Parameters
    ----------
    rng : numpy.random.Generator
        District generator.
    year : int
        Calendar year.
    body, sub : str
        Body and subcommittee.
    months : sequence of int
        Months with a meeting (one each, so roster month columns are unambiguous).
    weekday, nth : int, optional
        Weekday (0 = Monday) and week of the month; drawn when not given.
    extraordinary : bool
        Whether one of the meetings may be an 임시 (extraordinary) one.

    Returns
    -------
    list of Meeting
        Sorted by date; IDs ``<year>-<short>-<nn>``.
    """
    wd = int(rng.integers(0, 5)) if weekday is None else weekday
    n = int(rng.integers(1, 5)) if nth is None else nth
    months = sorted(int(m) for m in months)
    temp_idx = int(rng.integers(0, len(months))) if extraordinary and rng.random() < 0.5 else -1
    short = _group_short(body, sub)
    return [
        Meeting(
            f"{year}-{short}-{i + 1:02d}",
            body,
            sub,
            _nth_weekday(year, m, wd, n),
            "임시" if i == temp_idx else "정기",
        )
        for i, m in enumerate(months)
    ]


def _sample_marks(
    rng: np.random.Generator,
    members: Sequence[Member],
    meetings: Sequence[Meeting],
    proxy_rate: float,
) -> dict[tuple[str, str], str]:
    """Draw ○/×/△ for every eligible (meeting, member) pair.

    Parameters
    ----------
    rng : numpy.random.Generator
        District generator.
    members : sequence of Member
        Members of the meetings' body.
    meetings : sequence of Meeting
        Meetings of that body.
    proxy_rate : float
        Probability that an absence is recorded as △ (proxy).

    Returns
    -------
    dict
        ``(meeting_id, member_id) → mark``; no entry when the person was not a member.
    """
    marks: dict[tuple[str, str], str] = {}
    for mt in meetings:
        for m in members:
            if not m.eligible(mt.held_on):
                continue
            u, v = rng.random(), rng.random()
            if u < m.p:
                marks[(mt.meeting_id, m.member_id)] = "○"
            else:
                marks[(mt.meeting_id, m.member_id)] = "△" if v < proxy_rate else "×"
    return marks


def roster_mean(
    members: Sequence[Member], meetings: Sequence[Meeting], marks: dict[tuple[str, str], str]
) -> float:
    """Mean over meetings of the attendance rate in percent (○ only counts).

    Parameters
    ----------
    members : sequence of Member
        The group's members.
    meetings : sequence of Meeting
        The group's meetings.
    marks : dict
        Attendance marks.

    Returns
    -------
    float
        Mean of attended ÷ eligible × 100 over the meetings (seed 000's 평균).
    """
    rates = []
    for mt in meetings:
        elig = [m for m in members if m.eligible(mt.held_on)]
        att = sum(marks[(mt.meeting_id, m.member_id)] == "○" for m in elig)
        rates.append(100.0 * att / len(elig))
    return float(np.mean(rates))


def _calibrate_roster(
    members: Sequence[Member],
    meetings: Sequence[Meeting],
    marks: dict[tuple[str, str], str],
    target: float,
    tol: float = 0.002,
) -> float:
    """Flip ○/× cells until the roster mean is within ``tol`` of ``target``.

    Each step tries every combination of up to four single-cell moves (one month up or
    down by one attendee) and applies the one leaving the smallest residual. Different
    monthly denominators give steps of different sizes, so the residual can be made
    small. Deterministic: the flipped cell is the absent member with the highest
    attendance probability (or the present one with the lowest).

    Returns
    -------
    float
        The final roster mean.
    """
    k = len(meetings)
    elig = [[m for m in members if m.eligible(mt.held_on)] for mt in meetings]
    steps = [100.0 / (k * len(e)) for e in elig]
    for _ in range(400):
        diff = target - roster_mean(members, meetings, marks)
        if abs(diff) <= tol:
            break
        avail = {}
        for i, mt in enumerate(meetings):
            ones = sum(marks[(mt.meeting_id, m.member_id)] == "○" for m in elig[i])
            zeros = sum(marks[(mt.meeting_id, m.member_id)] == "×" for m in elig[i])
            avail[(i, 1)] = zeros
            avail[(i, -1)] = ones
        moves = [mv for mv, n in avail.items() if n > 0]
        best: tuple[float, tuple[tuple[int, int], ...]] = (abs(diff), ())
        for r in range(1, 5):
            for combo in itertools.combinations_with_replacement(moves, r):
                if any(combo.count(mv) > avail[mv] for mv in set(combo)):
                    continue
                res = abs(diff - sum(steps[i] * s for i, s in combo))
                if res < best[0] - 1e-12:
                    best = (res, combo)
        if not best[1]:
            break
        for i, s in best[1]:
            mt = meetings[i]
            want = "×" if s > 0 else "○"
            cands = [m for m in elig[i] if marks[(mt.meeting_id, m.member_id)] == want]
            pick = (
                max(cands, key=lambda m: (m.p, m.member_id))
                if s > 0
                else min(cands, key=lambda m: (m.p, m.member_id))
            )
            marks[(mt.meeting_id, pick.member_id)] = "○" if s > 0 else "×"
    return roster_mean(members, meetings, marks)


def _assign_ids(members: list[Member]) -> None:
    """Number members ``M0001``… in list order."""
    for i, m in enumerate(members, start=1):
        m.member_id = f"M{i:04d}"


# ---------------------------------------------------------------------------
# Plans, indicators, budget, opinions
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorSpec:
    """A performance indicator of a plan item (values are drawn per year)."""

    name: str
    unit: str
    direction: str
    level: float
    kind: str  # count / score / rate


@dataclass
class PlanItem:
    """A 세부사업 of a district's plan; ``change`` maps year → 변경구분 (absent = not in plan)."""

    framework: str
    strategy: str
    key_project: str
    code: str
    name: str
    department: str
    team: str | None
    change: dict[int, str | None]
    indicators: list[IndicatorSpec] = field(default_factory=list)


def _spec(entry: tuple[str, str, str, float, str]) -> IndicatorSpec:
    return IndicatorSpec(*entry)


def _draw_indicators(rng: np.random.Generator, n: int | None = None) -> list[IndicatorSpec]:
    """Draw 1–3 indicators from the pool (mostly counts)."""
    k = int(rng.choice([1, 2, 2, 3])) if n is None else n
    weights = np.array([3.0 if e[4] == "count" and e[2] == "상향" else 1.0 for e in INDICATOR_POOL])
    idx = rng.choice(len(INDICATOR_POOL), size=k, replace=False, p=weights / weights.sum())
    out = []
    for i in sorted(int(j) for j in idx):
        name, unit, direction, level, kind = INDICATOR_POOL[i]
        if kind == "count":
            level = float(max(5, round(level * float(np.exp(rng.normal(0, 0.5))))))
        out.append(IndicatorSpec(name, unit, direction, level, kind))
    return out


_DEPARTMENT_KEYWORDS: tuple[tuple[tuple[str, ...], tuple[str, str]], ...] = (
    (("장애",), ("노인장애인과", "장애인복지팀")),
    (("어르신", "노인", "치매", "경로당", "노후"), ("노인장애인과", "노인복지팀")),
    (("아동", "다함께", "드림", "출산"), ("여성가족과", "아동보육팀")),
    (("한부모", "다문화", "가정폭력", "가족"), ("여성가족과", "여성가족팀")),
    (("청소년", "청년", "교육비"), ("교육청소년과", "청소년팀")),
    (("주거", "집수리", "에너지"), ("주택과", "주거복지팀")),
    (("방문건강", "정신", "영양", "만성"), ("건강증진과", "방문보건팀")),
    (("건강",), ("건강증진과", "건강증진팀")),
    (("일자리", "자활", "저축"), ("일자리경제과", "일자리지원팀")),
    (
        ("사례", "사각지대", "위기", "긴급", "고독사", "은둔", "노숙"),
        ("희망복지과", "통합사례관리팀"),
    ),
    (("급여", "급식", "푸드", "보훈"), ("복지정책과", "복지지원팀")),
)


def _department_for(name: str, rng: np.random.Generator) -> tuple[str, str]:
    """Pick a plausible (department, team) for an item name by keyword."""
    for keys, dept in _DEPARTMENT_KEYWORDS:
        if any(k in name for k in keys):
            return dept
    return ("복지정책과", "복지기획팀") if rng.random() < 0.6 else ("희망복지과", "희망복지팀")


def _build_plan(
    rng: np.random.Generator,
    shape: Sequence[tuple[str, str, Sequence[tuple[str, Sequence[str]]]]],
) -> list[PlanItem]:
    """Turn a nested plan description into items with codes.

    Parameters
    ----------
    rng : numpy.random.Generator
        District generator (departments, indicators).
    shape : sequence
        ``(framework, strategy, [(key_project, [item names])])`` per strategy, in
        order; framework I items get ``I-s-n`` codes, framework II ``II-s-k-i``.

    Returns
    -------
    list of PlanItem
        Items kept in both years (``change`` = 유지) until the caller edits them.
    """
    items: list[PlanItem] = []
    s_counter = {FW1: 0, FW2: 0}
    for framework, strategy, kps in shape:
        s_counter[framework] += 1
        s = s_counter[framework]
        n = 0
        for k, (kp, names) in enumerate(kps, start=1):
            for i, name in enumerate(names, start=1):
                n += 1
                code = f"I-{s}-{n}" if framework == FW1 else f"II-{s}-{k}-{i}"
                dept, team = _department_for(name, rng)
                items.append(
                    PlanItem(
                        framework,
                        strategy,
                        kp,
                        code,
                        name,
                        dept,
                        team,
                        {2022: "유지", 2023: "유지"},
                        _draw_indicators(rng),
                    )
                )
    return items


def _generic_plan(rng: np.random.Generator) -> list[PlanItem]:
    """A synthetic two-framework plan with a few changes in 2023."""
    fw1_strats = [
        FW1_STRATEGIES[int(i)]
        for i in sorted(rng.choice(len(FW1_STRATEGIES), int(rng.integers(3, 6)), replace=False))
    ]
    fw2_strats = [
        FW2_STRATEGIES[int(i)]
        for i in sorted(rng.choice(len(FW2_STRATEGIES), int(rng.integers(2, 5)), replace=False))
    ]
    kp1 = list(rng.permutation(KEY_PROJECTS))
    kp2 = list(rng.permutation(KEY_PROJECTS_FW2))
    it1 = list(rng.permutation(ITEM_NAMES_FW1))
    it2 = list(rng.permutation(ITEM_NAMES_FW2))
    shape = []
    for s in fw1_strats:
        kps = []
        for _ in range(int(rng.integers(1, 4))):
            kps.append((str(kp1.pop()), [str(it1.pop()) for _ in range(int(rng.integers(1, 4)))]))
        shape.append((FW1, s, kps))
    for s in fw2_strats:
        kps = []
        for _ in range(int(rng.integers(1, 3))):
            kps.append((str(kp2.pop()), [str(it2.pop()) for _ in range(int(rng.integers(1, 3)))]))
        shape.append((FW2, s, kps))
    items = _build_plan(rng, shape)
    order = [int(i) for i in rng.permutation(len(items))]
    n_new = int(rng.integers(1, 3))
    for i in order[:n_new]:
        items[i].change = {2023: "신규"}
    items[order[n_new]].change = {2022: "유지", 2023: "폐지"}
    for i in order[n_new + 1 : n_new + 1 + int(rng.integers(1, 3))]:
        items[i].change = {2022: "유지", 2023: "변경"}
    if rng.random() < 0.5:
        items[order[-1]].change[2022] = "변경"
    return items


def _suwon_plan(rng: np.random.Generator) -> list[PlanItem]:
    """수원시 plan: seed 000's monitored items at their codes plus synthetic ones."""
    seed_dept = {
        "I-1-1": ("복지협력과", "복지협력팀"),
        "I-4-3": ("복지협력과", "복지협력팀"),
        "II-1-1-1": ("복지협력과", "복지협력팀"),
        "II-1-1-2": ("복지협력과", "복지자원팀"),
        "II-4-1-1": ("복지협력과", "복지협력팀"),
        "II-4-2-1": ("복지정책과", "복지기획팀"),
        "II-4-2-2": ("복지정책과", "복지기획팀"),
    }
    seed_ind = {
        "I-1-1": [
            ("통합돌봄 대상자 수", "명", "상향", 1_200, "count"),
            ("돌봄서비스 연계 건수", "건", "상향", 3_000, "count"),
            ("통합돌봄 이용자 만족도", "점", "상향", 85, "score"),
        ],
        "I-4-3": [
            ("동 건강복지팀 상담 건수", "건", "상향", 15_000, "count"),
            ("통합사례관리 건수", "건", "상향", 400, "count"),
            ("복지사각지대 발굴 건수", "건", "상향", 2_500, "count"),
        ],
        "II-1-1-1": [
            ("복지서비스 안내문 발송 건수", "건", "상향", 50_000, "count"),
            ("명예사회복지공무원 교육 횟수", "회", "상향", 12, "count"),
        ],
        "II-1-1-2": [("휴먼나눔시스템 등록 자원 수", "건", "상향", 800, "count")],
        "II-4-1-1": [("통합돌봄 추진협의체 회의 횟수", "회", "상향", 12, "count")],
        "II-4-2-1": [("대체인력 지원 기관 수", "개소", "상향", 40, "count")],
        "II-4-2-2": [("비타민 프로젝트 운영 횟수", "회", "상향", 20, "count")],
    }
    shape = [
        (
            FW1,
            "돌봄",
            [
                (
                    "통합돌봄 체계 구축",
                    ["수원특례시 사회돌봄(통합돌봄) 전달체계 구축", "어르신 맞춤돌봄서비스"],
                ),
                ("돌봄서비스 확충", ["긴급돌봄 서비스", "다함께돌봄센터 운영"]),
            ],
        ),
        (
            FW1,
            "소득·일자리",
            [
                ("취약계층 일자리 지원", ["자활근로 사업", "어르신 일자리 사업"]),
                ("자산형성 지원", ["희망저축계좌 지원"]),
            ],
        ),
        (
            FW1,
            "주거·생활",
            [("주거취약계층 지원", ["주거급여 지원", "집수리 지원 사업", "에너지 취약계층 지원"])],
        ),
        (
            FW1,
            "건강",
            [
                ("건강생활 실천 지원", ["방문건강관리 사업", "치매안심센터 운영"]),
                ("보건복지 연계 강화", ["동 건강복지팀 활성화를 통한 지역사회보건복지연계강화"]),
            ],
        ),
        (
            FW1,
            "교육·문화",
            [("문화·여가 기회 확대", ["노인 여가문화 프로그램", "저소득층 교육비 지원"])],
        ),
        (
            FW2,
            "지역발전 전략1",
            [
                (
                    "복지정보 접근성 향상",
                    [
                        "사각지대 없는 찾아가는 사회복지 서비스 정보 제공",
                        "사회돌봄서비스 연계지원이 가능한 복지자원공유체계구축",
                    ],
                ),
                ("위기가구 발굴 강화", ["찾아가는 복지상담소"]),
            ],
        ),
        (
            FW2,
            "지역발전 전략2",
            [("동 협의체 활성화", ["동 지역사회보장협의체 특화사업", "주민 복지리더 양성"])],
        ),
        (
            FW2,
            "지역발전 전략3",
            [("민관 협력체계 구축", ["민관협력 통합사례회의", "복지자원 나눔 네트워크"])],
        ),
        (
            FW2,
            "지역발전 전략4",
            [
                ("사회돌봄 전달체계 구축", ["수원특례시 사회돌봄(통합돌봄) 전달체계 구축"]),
                (
                    "사회복지종사자 처우개선",
                    ["사회복지종사자 대체인력 지원사업", "사회복지종사자 비타민 프로젝트"],
                ),
            ],
        ),
    ]
    items = _build_plan(rng, shape)
    for it in items:
        if it.code in seed_dept:
            it.department, it.team = seed_dept[it.code]
            it.indicators = [_spec(e) for e in seed_ind[it.code]]
        if it.code == "II-1-1-1":
            it.strategy = "지역발전전략1"  # spelled without the space in seed 000
    by_code = {it.code: it for it in items}
    by_code["II-4-2-1"].change = {2023: "신규"}  # "첫 시행 사업" (seed 000)
    by_code["I-1-3"].change = {2022: "유지", 2023: "변경"}
    by_code["I-3-3"].change = {2022: "유지", 2023: "폐지"}
    return items


SASANG_SHAPE = [
    (
        FW1,
        "촘촘한 복지안전망 구축",
        [
            (
                "위기가구 발굴체계 강화",
                ["복지사각지대 발굴 및 지원", "위기가구 긴급지원", "고독사 예방 사업"],
            ),
            (
                "맞춤형 급여 지원",
                ["저소득층 맞춤형 급여 안내", "자활근로 사업", "희망저축계좌 지원"],
            ),
        ],
    ),
    (
        FW1,
        "함께하는 돌봄공동체 조성",
        [
            (
                "지역사회 통합돌봄 기반 구축",
                ["행복울타리 돌봄사업", "긴급돌봄 서비스", "독거어르신 안부확인 서비스"],
            ),
            (
                "아동 돌봄 인프라 확충",
                ["다함께돌봄센터 운영", "지역아동센터 운영 지원", "아동급식 지원"],
            ),
        ],
    ),
    (
        FW1,
        "건강하고 활기찬 노후 보장",
        [
            ("건강생활 실천 지원", ["복지N건강 상담지원", "마을건강센터운영", "방문건강관리 사업"]),
            (
                "어르신 돌봄서비스 확충",
                ["노후준비지원센터 운영", "어르신 맞춤돌봄서비스", "치매안심센터 운영"],
            ),
        ],
    ),
    (
        FW1,
        "아동·청소년의 꿈과 성장 지원",
        [
            (
                "청소년 성장 지원",
                [
                    "청소년 상담복지센터 운영",
                    "학교 밖 청소년 지원",
                    "아동 통합사례관리(드림스타트)",
                ],
            ),
            ("가족 지원 강화", ["한부모가족 지원", "다문화가족 방문교육", "출산가정 방문 서비스"]),
        ],
    ),
    (
        FW1,
        "자립을 돕는 일자리·소득 지원",
        [
            (
                "취약계층 일자리 지원",
                ["어르신 일자리 사업", "장애인 일자리 지원", "청년 자립 지원"],
            ),
            ("장애인 자립 지원", ["장애인 활동지원 서비스", "발달장애인 주간활동 서비스"]),
        ],
    ),
    (
        FW2,
        "민관협력 네트워크 강화",
        [
            ("민관 협력체계 구축", ["우와한 사례관리 네트워크", "민관협력 통합사례회의"]),
            ("복지자원 발굴·연계", ["희망우산사업", "복지자원 나눔 네트워크"]),
            ("복지 거버넌스 강화", ["사상구 이음복지플랫폼 운영", "복지기관 협의체 정례화"]),
        ],
    ),
    (
        FW2,
        "주민참여 복지공동체 활성화",
        [
            ("동 협의체 활성화", ["동 지역사회보장협의체 특화사업", "동 협의체 매니저 역량강화"]),
            ("주민 참여 확대", ["주민 복지리더 양성", "이웃돌봄 공동체 지원"]),
        ],
    ),
    (
        FW2,
        "복지 전달체계 효율화",
        [
            ("복지정보 접근성 향상", ["찾아가는 복지상담소", "복지정보 안내 책자 발간"]),
            ("통합사례관리 내실화", ["복지관 연계 사례관리", "명예사회복지공무원 운영"]),
        ],
    ),
    (
        FW2,
        "사회복지종사자 역량 강화",
        [
            ("종사자 처우 개선", ["사회복지종사자 처우개선", "사회복지종사자 힐링 프로그램"]),
            ("종사자 역량 강화", ["지역사회보장협의체 역량강화 교육", "실무분과 순회 브리핑"]),
        ],
    ),
]
SASANG_NEW = ("긴급돌봄 서비스", "청년 자립 지원", "실무분과 순회 브리핑")
SASANG_ABOLISHED = ("아동급식 지원", "복지정보 안내 책자 발간")
SASANG_ADJUSTER = {FW1: "복지사각지대 발굴 및 지원", FW2: "우와한 사례관리 네트워크"}
# abolished items get exactly the framework's figure, so the headline is the same
# whether a metric counts abolished items or not: 152/125 = 121.6 %, 1107/1000 = 110.7 %
SASANG_ABOLISHED_VALUES = {FW1: (125, 152), FW2: (1_000, 1_107)}


def _sasang_plan(rng: np.random.Generator) -> list[PlanItem]:
    """사상구 plan: 5/10/29 and 4/9/18 (seed 001), with 신규/폐지/변경 items."""
    items = _build_plan(rng, SASANG_SHAPE)
    for it in items:
        if it.name in SASANG_NEW:
            it.change = {2023: "신규"}
        elif it.name in SASANG_ABOLISHED:
            it.change = {2022: "유지", 2023: "폐지"}
            t, _a = SASANG_ABOLISHED_VALUES[it.framework]
            it.indicators = [IndicatorSpec("프로그램 참여자 수", "명", "상향", float(t), "count")]
        elif it.name in SASANG_REVISED_ITEMS:
            it.change = {2022: "유지", 2023: "변경"}
        if it.name in SASANG_ADJUSTER.values():
            it.indicators = [IndicatorSpec("서비스 제공 건수", "건", "상향", 2_400.0, "count")]
    return items


def _achievement(direction: str, target: float, actual: float) -> float:
    """Indicator achievement in percent (DESIGN §4): up a/t·100, down t/a·100."""
    return 100.0 * (actual / target if direction == "상향" else target / actual)


def _indicator_values(
    rng: np.random.Generator, spec: IndicatorSpec, prev_actual: float | None, boost: float = 0.0
) -> tuple[float, float, float]:
    """Draw (baseline, target, actual) for one indicator and year.

    Parameters
    ----------
    rng : numpy.random.Generator
        District generator.
    spec : IndicatorSpec
        The indicator.
    prev_actual : float or None
        Last year's actual, used as this year's baseline.
    boost : float
        Added to the log performance ratio (사상구 2023 over-achieves).

    Returns
    -------
    tuple of float
        Integers for counts, one decimal for scores and rates.
    """
    ratio = float(np.exp(rng.normal(0.06 + boost, 0.14)))
    up = spec.direction == "상향"
    if spec.kind == "count":
        base = (
            prev_actual
            if prev_actual is not None
            else round(spec.level * (rng.uniform(0.82, 0.95) if up else rng.uniform(1.1, 1.3)))
        )
        base = max(base, 2)
        if up:
            target = max(base + 1, round(base * rng.uniform(1.02, 1.15)))
            actual = max(0, round(target * ratio))
        else:
            target = max(1, round(base * rng.uniform(0.8, 0.95)))
            actual = max(1, round(target / ratio))
        return float(base), float(target), float(actual)
    if spec.kind == "score":
        base = prev_actual if prev_actual is not None else round(rng.uniform(75, 88), 1)
        target = round(min(95.0, base + rng.uniform(1, 4)), 1)
        actual = round(min(99.0, target * float(np.exp(rng.normal(0.01 + boost / 4, 0.04)))), 1)
        return base, target, actual
    # rate
    if up:
        base = prev_actual if prev_actual is not None else round(rng.uniform(55, 75), 1)
        target = round(min(95.0, base + rng.uniform(2, 8)), 1)
        actual = round(min(100.0, target * float(np.exp(rng.normal(0.02 + boost / 4, 0.06)))), 1)
    else:
        base = prev_actual if prev_actual is not None else round(rng.uniform(10, 20), 1)
        target = round(base * rng.uniform(0.8, 0.95), 1)
        actual = round(max(1.0, target / ratio), 1)
    return base, target, actual


def _calibrate_framework(
    rows: list[dict], items: Sequence[PlanItem], framework: str, target: float
) -> float:
    """Adjust actuals so the framework's mean item achievement equals ``target``.

    Counts of the ordinary items are scaled towards the target first; the designated
    adjuster item (one indicator, target 2,400) is then solved exactly, so the residual
    is below 0.005 percentage points. Abolished items already sit exactly on ``target``.

    Returns
    -------
    float
        The resulting framework achievement.
    """
    fw_items = [it for it in items if it.framework == framework and 2023 in it.change]
    codes = {it.code for it in fw_items}
    by_item: dict[str, list[dict]] = {}
    for r in rows:
        if r["item_code"] in codes:
            by_item.setdefault(r["item_code"], []).append(r)
    adjuster = next(it.code for it in fw_items if it.name == SASANG_ADJUSTER[framework])
    fixed = {it.code for it in fw_items if it.change.get(2023) == "폐지"} | {adjuster}

    def item_ach(code: str) -> float:
        return float(
            np.mean([_achievement(r["direction"], r["target"], r["actual"]) for r in by_item[code]])
        )

    free = [c for c in by_item if c not in fixed]
    for _ in range(4):
        m = np.mean([item_ach(c) for c in free])
        f = target / m
        for c in free:
            for r in by_item[c]:
                if r["kind"] != "count":
                    continue
                r["actual"] = float(
                    max(1, round(r["actual"] * f if r["direction"] == "상향" else r["actual"] / f))
                )
    others = sum(item_ach(c) for c in by_item if c != adjuster)
    need = target * len(by_item) - others
    (adj_row,) = by_item[adjuster]
    adj_row["actual"] = float(round(need * adj_row["target"] / 100.0))
    result = float(np.mean([item_ach(c) for c in by_item]))
    if abs(result - target) > 0.005:
        raise RuntimeError(f"framework {framework}: {result:.4f} != {target}")
    return result


# ---------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------

ServiceValues = dict[tuple[str, str], int]


def _seoul_2021_services() -> dict[str, ServiceValues]:
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
        rng = _rng(d.code, "services2021")
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
            split = _largest_remainder(total, weights[(prog, measure)])
            for d, v in zip(SEOUL, split, strict=True):
                out[d.code][(prog, measure)] = v
    for d in SEOUL:
        vals = out[d.code]
        for prog in VISIT_PROGRAMS:
            vals[(prog, "상담인원")] = sum(vals[(prog, ch)] for ch in VISIT_CHANNELS)
            if prog != "보편방문-양육가정" and vals[(prog, "상담인원")] > vals[(prog, "대상인원")]:
                raise RuntimeError(f"{d.name} {prog}: counselled exceeds target population")
    for code, extra in _seoul_2021_extra().items():
        out[code].update(extra)
    return out


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


def _extra_profile(d: District) -> ExtraProfile:
    """Draw the lasting rates of ``d`` from its own stream (same in every year)."""
    rng = _rng(d.code, "services-extra-profile")
    return ExtraProfile(
        float(rng.uniform(0.58, 0.87)),
        float(np.clip(rng.normal(0.56, 0.05), 0.47, 0.68)),
        float(np.clip(rng.normal(1.08, 0.11), 0.90, 1.30)),
    )


def _seoul_2021_extra() -> dict[str, ServiceValues]:
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
    profiles = {d.code: _extra_profile(d) for d in SEOUL}
    w_found: list[float] = []
    w_req: list[float] = []
    reports: dict[str, int] = {}
    for d in SEOUL:
        rng = _rng(d.code, "services2021-extra")
        f_crisis, f_sonamu, f_mental = np.exp(rng.normal(0, [0.15, 0.15, 0.20]))
        w_found.append(d.population * f_crisis)
        w_req.append(d.population * f_mental)
        reports[d.code] = int(round(d.population / 1000 * SONAMU_REPORTS_PER_1000 * f_sonamu))
    found = _largest_remainder(SEOUL_2021_EXTRA_TOTALS[(CRISIS_PROGRAM, "발굴가구")], w_found)
    requests = _largest_remainder(SEOUL_2021_EXTRA_TOTALS[(MENTAL_PROGRAM, "동행요청")], w_req)
    visits = _largest_remainder(
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


def _synthetic_base(d: District) -> dict[tuple[str, str], float]:
    """A 2021-like service base for a district outside Seoul (per-capita of Seoul)."""
    rng = _rng(d.code, "services-base")
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


def _synthetic_extra_base(d: District) -> dict[tuple[str, str], float]:
    """A 2021-like base of the three further programmes outside Seoul (Seoul per capita)."""
    rng = _rng(d.code, "services-extra-base")
    p = _extra_profile(d)
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


def _extra_year(d: District, base: dict[tuple[str, str], float], year: int) -> ServiceValues:
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
    rng = _rng(d.code, f"services-extra-{year}")
    p = _extra_profile(d)
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


def _services_year(
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
        channels = _largest_remainder(counsel, shares)
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


def _service_rows(
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
        v: object = _fmt_int_text(value) if text_numbers else value
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
            w = monthly_rng.uniform(0.7, 1.3, size=12)
            ch = {c: _largest_remainder(values[(prog, c)], w) for c in VISIT_CHANNELS}
            counsel = [sum(ch[c][i] for c in VISIT_CHANNELS) for i in range(12)]
            extra = _largest_remainder(values[(prog, "대상인원")] - values[(prog, "상담인원")], w)
            target = [counsel[i] + extra[i] for i in range(12)]
            for i in range(12):
                month_vals = {
                    "대상인원": target[i],
                    "상담인원": counsel[i],
                    **{c: ch[c][i] for c in VISIT_CHANNELS},
                }
                for measure in VISIT_MEASURES:
                    rows.append(row(prog, measure, month_vals[measure], i + 1))
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


# ---------------------------------------------------------------------------
# Seed 004: monthly 2012–2013 series with a known pilot effect
# ---------------------------------------------------------------------------

PILOT_PERIODS: tuple[tuple[int, int], ...] = tuple(
    (y, m) for y in PILOT_YEARS for m in range(1, 13)
)


def _period_label(year: int, month: int) -> str:
    """``2013-03`` style label of a month."""
    return f"{year}-{month:02d}"


PILOT_POST = np.array([_period_label(y, m) >= PILOT_START for y, m in PILOT_PERIODS])


def _pilot_group(code: str) -> str:
    """``pilot``, ``strengthened`` or ``comparison``."""
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
    rng = _rng("11000", f"pilot-months-{program}")
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
    intensity = float(np.exp(_rng(d.code, "pilot-intensity").normal(0, PILOT_DISTRICT_SD)))
    rng = _rng(d.code, f"pilot-{program}")
    alpha = level * intensity * float(np.exp(rng.normal(0, 0.08)))
    expected = alpha + _pilot_common(program)
    noise = np.empty(len(PILOT_PERIODS))
    sd = PILOT_NOISE_SD * level
    noise[0] = rng.normal(0, sd)
    innovation = sd * np.sqrt(1 - PILOT_NOISE_RHO**2)
    for i in range(1, len(noise)):
        noise[i] = PILOT_NOISE_RHO * noise[i - 1] + rng.normal(0, innovation)
    effect = {"pilot": eff_pilot, "strengthened": eff_strong}.get(_pilot_group(d.code), 0.0)
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


def _pilot_rows(d: District) -> dict[int, list[dict]]:
    """Monthly 서비스실적 rows of ``d`` for 2012 and 2013 (counts = rate × population)."""
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


# ---------------------------------------------------------------------------
# Councils per district
# ---------------------------------------------------------------------------


def _suwon_council() -> tuple[Council, dict[str, float]]:
    """수원시 council with the seed-000 연구기획분과 and calibrated 2022 rosters.

    Returns
    -------
    Council
        Members, 2022 and 2023 meetings and marks.
    dict
        2022 평균 (mean monthly total rate, %) per subcommittee.
    """
    rng = _rng(SUWON.code, "council")
    names = _NameMaker(rng, [n for _k, n, *_rest in RESEARCH_ROSTER if n])
    rep = _make_group(rng, names, "대표", None, 20, 0.65, 0.72)
    work = _make_group(rng, names, "실무", None, 22, 0.68, 0.70)
    research: list[Member] = []
    anchor: dict[str, Member] = {}
    for key, name, sector, role, joined, left, attended in RESEARCH_ROSTER:
        n_elig = sum(joined <= dt and (left is None or left >= dt) for dt in RESEARCH_DATES_2022)
        p = float(np.clip(len(attended) / n_elig, 0.35, 0.95))
        m = Member("", name or names(), sector, "분과", "연구기획분과", role, joined, left, p)
        research.append(m)
        anchor[key] = m
    # 2023 changes in 연구기획분과 (synthetic): N5 leaves, a new private member joins.
    anchor["N5"].left = date(2023, 6, 30)
    research.append(
        Member("", names(), "민", "분과", "연구기획분과", "위원", date(2023, 3, 1), None, 0.7)
    )
    others: dict[str, list[Member]] = {}
    targets = iter(SUWON_OTHER_TARGETS)
    sub_target: dict[str, float | None] = {}
    for sub in SUWON_SUBCOMMITTEES[1:]:
        t = SUWON_BEST_MEAN if sub == SUWON_BEST_SUB else next(targets, None)
        sub_target[sub] = t
        mu = (t if t is not None else 52.0) / 100.0
        grp = _make_group(
            rng, names, "분과", sub, int(rng.integers(12, 21)), float(rng.uniform(0.6, 0.75)), mu
        )
        _vary_membership(rng, names, grp, 2022, mu)
        others[sub] = grp
    members = rep + work + research + [m for sub in SUWON_SUBCOMMITTEES[1:] for m in others[sub]]
    _assign_ids(members)
    council = Council(members, list(SUWON_SUBCOMMITTEES))

    # 2022: subcommittees meet January–October (평가기준일 2022-11-17)
    m22 = _make_meetings(rng, 2022, "대표", None, (2, 5, 8, 11), weekday=1, nth=2)
    m22 += _make_meetings(rng, 2022, "실무", None, (1, 3, 5, 7, 9, 11), weekday=2, nth=1)
    research_meetings = _make_meetings(
        rng, 2022, "분과", "연구기획분과", range(1, 11), weekday=3, nth=3, extraordinary=False
    )
    if tuple(mt.held_on for mt in research_meetings) != RESEARCH_DATES_2022:
        raise RuntimeError("연구기획분과 dates differ from seed 000")
    m22 += research_meetings
    sub_meetings = {
        sub: _make_meetings(rng, 2022, "분과", sub, range(1, 11)) for sub in SUWON_SUBCOMMITTEES[1:]
    }
    for sub in SUWON_SUBCOMMITTEES[1:]:
        m22 += sub_meetings[sub]
    marks: dict[tuple[str, str], str] = {}
    marks.update(_sample_marks(rng, rep, [mt for mt in m22 if mt.body == "대표"], 0.25))
    marks.update(_sample_marks(rng, work, [mt for mt in m22 if mt.body == "실무"], 0.25))
    attended_by_member = {id(anchor[k]): set(att) for k, *_r, att in RESEARCH_ROSTER}
    for i, mt in enumerate(research_meetings, start=1):
        for m in research:
            if m.eligible(mt.held_on):
                marks[(mt.meeting_id, m.member_id)] = "○" if i in attended_by_member[id(m)] else "×"
    means = {"연구기획분과": roster_mean(research, research_meetings, marks)}
    for sub in SUWON_SUBCOMMITTEES[1:]:
        grp, mts = others[sub], sub_meetings[sub]
        sub_marks = _sample_marks(
            rng, grp, mts, 0.0
        )  # no △ in 2022 subcommittees: anchors hold either way
        t = sub_target[sub]
        if t is None:  # the last subcommittee absorbs the residue of the 12-subcommittee mean
            t = SUWON_ALL_MEAN * len(SUWON_SUBCOMMITTEES) - sum(means.values())
        means[sub] = _calibrate_roster(grp, mts, sub_marks, t)
        if abs(means[sub] - t) > 0.01:
            logger.warning("%s: calibrated to %.4f, target %.4f", sub, means[sub], t)
        marks.update(sub_marks)
    council.meetings[2022] = m22
    council.marks[2022] = marks

    # 2023: synthetic, △ allowed
    m23 = _make_meetings(
        rng,
        2023,
        "대표",
        None,
        sorted(rng.choice(range(1, 13), 4, replace=False)),
        weekday=1,
        nth=2,
    )
    m23 += _make_meetings(
        rng,
        2023,
        "실무",
        None,
        sorted(rng.choice(range(1, 13), 6, replace=False)),
        weekday=2,
        nth=1,
    )
    for sub in SUWON_SUBCOMMITTEES:
        months = [m for m in range(1, 13) if m not in (int(rng.integers(7, 9)), 12)]
        m23 += _make_meetings(
            rng,
            2023,
            "분과",
            sub,
            months,
            weekday=3 if sub == "연구기획분과" else None,
            nth=3 if sub == "연구기획분과" else None,
        )
    council.meetings[2023] = m23
    council.marks[2023] = _sample_council_marks(rng, council, m23, 0.1)
    return council, means


def _sample_council_marks(
    rng: np.random.Generator, council: Council, meetings: list[Meeting], proxy_rate: float
) -> dict[tuple[str, str], str]:
    """Sample marks for every body/subcommittee of a council for one year."""
    marks: dict[tuple[str, str], str] = {}
    groups = [("대표", None), ("실무", None)] + [("분과", s) for s in council.subs]
    for body, sub in groups:
        mts = [mt for mt in meetings if mt.body == body and mt.sub == sub]
        marks.update(_sample_marks(rng, council.group(body, sub), mts, proxy_rate))
    return marks


def _generic_council(d: District) -> Council:
    """A synthetic council: 대표, 실무 and 4–12 실무분과, with 2022/2023 meetings."""
    rng = _rng(d.code, "council")
    reserved = [n for n, *_r in SASANG_TF] if d.code == SASANG.code else []
    names = _NameMaker(rng, reserved)
    private_share = float(rng.uniform(0.6, 0.75))
    mu = float(rng.uniform(0.58, 0.87))
    n_subs = int(rng.integers(4, 13))
    subs = [
        SUBCOMMITTEE_POOL[int(i)]
        for i in sorted(rng.choice(len(SUBCOMMITTEE_POOL), n_subs, replace=False))
    ]
    members = _make_group(rng, names, "대표", None, int(rng.integers(15, 26)), private_share, mu)
    members += _make_group(rng, names, "실무", None, int(rng.integers(15, 26)), private_share, mu)
    for sub in subs:
        members += _make_group(rng, names, "분과", sub, int(rng.integers(8, 21)), private_share, mu)
    _assign_ids(members)
    if d.code == SASANG.code:
        _apply_sasang_tf(members)
    council = Council(members, subs)
    for year in (2022, 2023):
        mts = _make_meetings(
            rng,
            year,
            "대표",
            None,
            rng.choice(range(1, 13), int(rng.integers(3, 6)), replace=False),
        )
        mts += _make_meetings(
            rng,
            year,
            "실무",
            None,
            rng.choice(range(1, 13), int(rng.integers(5, 8)), replace=False),
        )
        for sub in subs:
            mts += _make_meetings(
                rng,
                year,
                "분과",
                sub,
                rng.choice(range(1, 13), int(rng.integers(8, 13)), replace=False),
            )
        council.meetings[year] = mts
        council.marks[year] = _sample_council_marks(rng, council, mts, 0.1)
    return council


def _apply_sasang_tf(members: list[Member]) -> None:
    """Give seed 001's monitoring-TF members their names and roles in 사상구's council."""
    for body in ("대표", "실무"):
        tf = [t for t in SASANG_TF if t[1] == body]
        for sector in ("민", "관"):
            slots = [
                m
                for m in members
                if m.body == body and m.sector == sector and m.joined < date(2022, 1, 1)
            ]
            for m, (name, _b, role, _s) in zip(
                slots, [t for t in tf if t[3] == sector], strict=False
            ):
                m.name, m.role, m.left = name, role, None


# ---------------------------------------------------------------------------
# Submissions
# ---------------------------------------------------------------------------


@dataclass
class Submission:
    """One district × year submission, ready to be written.

    ``tables`` holds rows keyed by canonical column names; ``rosters`` holds
    ``(sheet name, header, rows)`` for roster-form attendance.
    """

    district: District
    year: int
    info: dict[str, object]
    tables: dict[str, list[dict]]
    rosters: list[tuple[str, list[str], list[list]]] = field(default_factory=list)
    date_style: str = "excel"
    notes: dict[str, str] = field(default_factory=dict)
    as_csv: bool = False

    @property
    def stem(self) -> str:
        """File stem ``<code>_<year>_<name>``."""
        return f"{self.district.code}_{self.year}_{self.district.name}"


def _date_style(d: District, year: int) -> str:
    """Date style of a file: Korean office format for 수원시, text or Excel dates elsewhere."""
    if d.code == SUWON.code:
        return "korean"
    if (d.code, year) in {("11305", 2022), ("11545", 2023)}:
        return "yy"
    if d.code in SEOUL_INDEX and SEOUL_INDEX[d.code] % 3 == 1:
        return "dot"
    return "excel"


def _district_row(d: District, text_numbers: bool) -> dict:
    pop: object = _fmt_int_text(d.population, "명") if text_numbers else d.population
    pop65: object = (
        _fmt_int_text(d.population_65plus, "명") if text_numbers else d.population_65plus
    )
    return {
        "district_code": d.code,
        "district_name": d.name,
        "province": d.province,
        "population": pop,
        "population_65plus": pop65,
        "n_dongs": d.n_dongs,
    }


def _council_tables(
    d: District, council: Council, year: int, roster: bool
) -> tuple[list[dict], list[dict], list[dict], list[tuple[str, list[str], list[list]]]]:
    """Members, meetings and attendance (long form or rosters) of one year."""
    end = date(year, 12, 31)
    members = [
        {
            "district_code": d.code,
            "member_id": m.member_id,
            "name": m.name,
            "sector": m.sector,
            "body": m.body,
            "subcommittee": m.sub,
            "role": m.role,
            "joined_on": m.joined,
            "left_on": m.left if m.left is not None and m.left <= end else None,
        }
        for m in council.members
        if m.in_year(year)
    ]
    mts = sorted(council.meetings[year], key=lambda mt: (mt.held_on, mt.meeting_id))
    meetings = [
        {
            "district_code": d.code,
            "meeting_id": mt.meeting_id,
            "body": mt.body,
            "subcommittee": mt.sub,
            "held_on": mt.held_on,
            "kind": mt.kind,
        }
        for mt in mts
    ]
    marks = council.marks[year]
    groups = [("대표", None), ("실무", None)] + [("분과", s) for s in council.subs]
    attendance: list[dict] = []
    rosters: list[tuple[str, list[str], list[list]]] = []
    for body, sub in groups:
        g_mts = [mt for mt in council.meetings[year] if mt.body == body and mt.sub == sub]
        g_members = [m for m in council.group(body, sub) if m.in_year(year)]
        if roster:
            sheet = f"출석부_{sub if sub else BODY_LABEL[body]}"
            header = [_col("members", "member_id"), _col("members", "name")] + [
                f"{mt.held_on.month}월" for mt in g_mts
            ]
            rows = [
                [m.member_id, m.name]
                + [marks.get((mt.meeting_id, m.member_id), "-") for mt in g_mts]
                for m in g_members
            ]
            rosters.append((sheet, header, rows))
        else:
            for mt in g_mts:
                for m in g_members:
                    mark = marks.get((mt.meeting_id, m.member_id))
                    if mark is not None:
                        attendance.append(
                            {
                                "district_code": d.code,
                                "meeting_id": mt.meeting_id,
                                "member_id": m.member_id,
                                "status": mark,
                            }
                        )
    return members, meetings, attendance, rosters


def _plan_tables(
    d: District,
    items: list[PlanItem],
    council: Council,
    rng: np.random.Generator,
    prev_actuals: dict[tuple[str, str], float],
    year: int,
) -> tuple[list[dict], list[dict], list[dict], list[dict]]:
    """시행계획, 성과지표, 예산 and 모니터링의견 rows of one year.

    ``prev_actuals`` carries (item code, indicator) → actual from 2022 into 2023.
    """
    is_sasang23 = d.code == SASANG.code and year == 2023
    idx = SEOUL_INDEX.get(d.code, -1)
    blank_kept = idx >= 0 and idx % 4 == 3  # a few Seoul files leave 유지 blank
    period = "제4기" if year == 2022 else "제5기"
    year_items = [it for it in items if year in it.change]
    plan = [
        {
            "district_code": d.code,
            "plan_period": period,
            "framework": it.framework,
            "strategy": it.strategy,
            "key_project": it.key_project,
            "item_code": it.code,
            "item_name": it.name,
            "department": it.department,
            "team": it.team,
            "change": None if blank_kept and it.change[year] == "유지" else it.change[year],
        }
        for it in year_items
    ]
    # indicators
    boost = {FW1: 0.12, FW2: 0.05} if is_sasang23 else {FW1: 0.0, FW2: 0.0}
    ind: list[dict] = []
    for it in year_items:
        for spec in it.indicators:
            if is_sasang23 and it.change[year] == "폐지":
                t, a = SASANG_ABOLISHED_VALUES[it.framework]
                base, target, actual = float(round(t * 0.9)), float(t), float(a)
            else:
                base, target, actual = _indicator_values(
                    rng, spec, prev_actuals.get((it.code, spec.name)), boost[it.framework]
                )
            prev_actuals[(it.code, spec.name)] = actual
            ind.append(
                {
                    "district_code": d.code,
                    "year": year,
                    "item_code": it.code,
                    "indicator": spec.name,
                    "unit": spec.unit,
                    "direction": spec.direction,
                    "baseline": base,
                    "target": target,
                    "actual": actual,
                    "kind": spec.kind,
                }
            )
    if is_sasang23:
        _calibrate_framework(ind, items, FW1, SASANG_FW1_TARGET)
        _calibrate_framework(ind, items, FW2, SASANG_FW2_TARGET)
    else:
        for j, i in enumerate(rng.choice(len(ind), size=int(rng.integers(1, 3)), replace=False)):
            ind[int(i)]["actual" if j == 0 else "target"] = None
    for r in ind:
        for key in ("baseline", "target", "actual"):
            v = r[key]
            if isinstance(v, float) and r["kind"] == "count":
                r[key] = int(v)
        if rng.random() < 0.12 and r["actual"] is not None:
            v = r["actual"]
            if r["unit"] == "%":
                r["actual"] = f"{v:.1f}%"
            elif isinstance(v, int):
                r["actual"] = _fmt_int_text(v, r["unit"])
    # budget (천원)
    scale = 2.5 if d.code == SUWON.code else 1.0
    budget: list[dict] = []
    over_done = not (idx >= 0 and idx % 4 == 2)  # a few Seoul files over-execute one item
    for it in year_items:
        hi = 1_500 if it.framework == FW1 else 200
        planned = int(round(int(rng.integers(20, hi)) * 1_000 * scale, -3))
        revised = None
        if is_sasang23:
            if it.name in SASANG_REVISED_ITEMS:
                revised = int(
                    round(
                        planned
                        * float(rng.choice([rng.uniform(0.7, 0.92), rng.uniform(1.08, 1.3)])),
                        -3,
                    )
                )
        elif rng.random() < 0.1:
            revised = int(round(planned * rng.uniform(0.8, 1.2), -3))
        base = revised if revised is not None else planned
        executed = int(round(base * rng.uniform(0.78, 0.995)))
        if it.change.get(year) == "폐지":
            executed = int(round(base * rng.uniform(0.2, 0.5)))
        if not over_done and it.change.get(year) == "유지":
            executed = int(round(base * 1.04))
            over_done = True
        budget.append(
            {
                "district_code": d.code,
                "year": year,
                "item_code": it.code,
                "planned": planned,
                "revised": revised,
                "executed": executed,
            }
        )
    revised_vals = [r["revised"] for r in budget if r["revised"] is not None]
    budget.append(
        {
            "district_code": None,
            "year": None,
            "item_code": BUDGET_TOTAL_LABEL,
            "planned": sum(r["planned"] for r in budget),
            "revised": sum(revised_vals) if revised_vals else None,
            "executed": sum(r["executed"] for r in budget),
        }
    )
    if (d.code, year) in {("11200", 2023), ("11620", 2022)}:
        for r in budget:
            for key in ("planned", "revised", "executed"):
                if r[key] is not None:
                    r[key] = _fmt_int_text(r[key])
    # opinions
    if d.code == SUWON.code and year == 2023:
        opinions = [
            {
                "district_code": d.code,
                "year": year,
                "item_code": code,
                "subcommittee": sub,
                "opinion": op,
                "response": resp,
                "response_status": "중복" if op == "중복" else None,
            }
            for code, sub, op, resp in _SEED000_OPINIONS
        ]
    else:
        n = int(rng.integers(3, 9))
        chosen = sorted(
            int(i) for i in rng.choice(len(year_items), size=min(n, len(year_items)), replace=False)
        )
        opinions = []
        for i in chosen:
            op, resp = OPINION_POOL[int(rng.integers(0, len(OPINION_POOL)))]
            opinions.append(
                {
                    "district_code": d.code,
                    "year": year,
                    "item_code": year_items[i].code,
                    "subcommittee": council.subs[int(rng.integers(0, len(council.subs)))],
                    "opinion": op,
                    "response": resp,
                    "response_status": RESPONSE_STATUSES[
                        int(rng.integers(0, len(RESPONSE_STATUSES)))
                    ],
                }
            )
    return plan, ind, budget, opinions


def _info(
    d: District, year: int, note: str, prepared_on: date, evaluation: date
) -> dict[str, object]:
    return {
        "district_code": d.code,
        "year": year,
        "budget_unit": "천원",
        "prepared_by": f"{d.name}지역사회보장협의체 사무국",
        "prepared_on": prepared_on,
        "evaluation_date": evaluation,
        "note": note,
    }


def _notes_for(d: District, year: int) -> dict[str, str]:
    """Note rows written above the header of some sheets."""
    idx = SEOUL_INDEX.get(d.code, -1)
    notes: dict[str, str] = {}
    if (d.code in (SUWON.code, SASANG.code) and year == 2023) or (idx >= 0 and idx % 5 == 0):
        notes["budget"] = "※ 단위: 천원"
    if idx >= 0 and idx % 5 == 0:
        notes["services"] = "※ 단위: 명·건·가구 (긴급복지 지원액은 백만원)"
    return notes


def _anchor_note(d: District, year: int) -> str:
    if d.code == SUWON.code and year == 2022:
        return (
            "연구기획분과 출석부와 12개 실무분과 평균 출석률(63.7%)·이주민분과(81.9%)는 seed 000(수원시 2022년 11차 연구기획분과 회의자료)에 맞춘 값. 그 밖의 값은 "
            + SYNTHETIC_NOTE
        )
    if d.code == SUWON.code and year == 2023:
        return (
            "시행계획의 seed 사업(I-1-1 등 7개)과 모니터링의견 9건은 seed 000의 모니터링 표를 그대로 옮긴 값. 그 밖의 값은 "
            + SYNTHETIC_NOTE
        )
    if d.code == SASANG.code and year == 2023:
        return (
            "시행계획·성과지표는 seed 001(사상구 2023년 시행결과 모니터링 결과보고)의 5대 추진전략·10개 중점사업·29개 세부사업 121.6%, 4대 추진전략·9개 대표과업·18개 세부과업 110.7%와 예산 변경 4개 사업에 맞춘 값. 개별 수치는 "
            + SYNTHETIC_NOTE
        )
    if d.code == SASANG.code:
        return SYNTHETIC_NOTE_CSV
    return SYNTHETIC_NOTE


def _district_submissions(d: District, seoul2021: dict[str, ServiceValues]) -> list[Submission]:
    """All submissions (2021 for Seoul, 2022, 2023) of one district."""
    means: dict[str, float] = {}
    if d.code == SUWON.code:
        council, means = _suwon_council()
        items = _suwon_plan(_rng(d.code, "plan"))
    else:
        council = _generic_council(d)
        items = (
            _sasang_plan(_rng(d.code, "plan"))
            if d.code == SASANG.code
            else _generic_plan(_rng(d.code, "plan"))
        )
    if means:
        logger.info(
            "수원시 2022 분과 평균: %s", ", ".join(f"{k} {v:.3f}" for k, v in means.items())
        )
    plan_rng = _rng(d.code, "plan-values")
    svc_rng = _rng(d.code, "services")
    base: dict[tuple[str, str], float]
    if d.code in SEOUL_INDEX:
        base = {k: float(v) for k, v in seoul2021[d.code].items()}
        extra_base = {k: float(seoul2021[d.code][k]) for k in EXTRA_KEYS}
    else:
        base = _synthetic_base(d)
        extra_base = _synthetic_extra_base(d)
    out: list[Submission] = []
    if d.code in SEOUL_INDEX:
        idx = SEOUL_INDEX[d.code]
        note21 = (
            "서비스실적은 seed 002(서울시 찾아가는 동주민센터 2022년 실행계획)의 2021년 시 합계를 자치구별로 배분한 값: 시 합계는 실제, 자치구별 수치는 "
            + SYNTHETIC_NOTE
        )
        sub21 = Submission(
            d,
            2021,
            _info(d, 2021, note21, date(2022, 2, 22), date(2021, 12, 31)),
            {
                "districts": [_district_row(d, False)],
                "services": _service_rows(d.code, 2021, seoul2021[d.code]),
            },
            date_style=_date_style(d, 2021),
            notes={"services": "※ 2021년 실적 (단위: 명·건·가구, 긴급복지 지원액은 백만원)"}
            if idx % 2 == 0
            else {},
        )
        out.append(sub21)
    prev_actuals: dict[tuple[str, str], float] = {}
    for year in (2022, 2023):
        roster = d.code == SUWON.code
        members, meetings, attendance, rosters = _council_tables(d, council, year, roster)
        plan, ind, budget, opinions = _plan_tables(d, items, council, plan_rng, prev_actuals, year)
        values = _services_year(svc_rng, base, year)
        base = {k: float(v) for k, v in values.items()}
        extra = _extra_year(d, extra_base, year)
        extra_base = {k: float(v) for k, v in extra.items()}
        monthly = _rng(d.code, f"monthly-{year}") if (d.code, year) in MONTHLY_VISIT_FILES else None
        services = _service_rows(
            d.code,
            year,
            {**values, **extra},
            monthly,
            text_numbers=(d.code == SUWON.code and year == 2023),
        )
        if d.code == SUWON.code:
            prepared = date(2022, 11, 10) if year == 2022 else date(2024, 1, 18)
            evaluation = SEED000_EVALUATION_DATE if year == 2022 else date(2023, 12, 31)
        else:
            prepared = date(year + 1, 1, 10 + int(plan_rng.integers(0, 20)))
            evaluation = date(year, 12, 31)
        tables = {
            "districts": [_district_row(d, d.code == SUWON.code)],
            "members": members,
            "meetings": meetings,
            "plan_items": plan,
            "indicators": ind,
            "budget": budget,
            "opinions": opinions,
            "services": services,
        }
        if not roster:
            tables["attendance"] = attendance
        out.append(
            Submission(
                d,
                year,
                _info(d, year, _anchor_note(d, year), prepared, evaluation),
                tables,
                rosters=rosters,
                date_style="iso"
                if (d.code == SASANG.code and year == 2022)
                else _date_style(d, year),
                notes=_notes_for(d, year),
                as_csv=d.code == SASANG.code and year == 2022,
            )
        )
    return out


PILOT_GROUP_LABEL = {
    "pilot": "시범자치구(가상 지정)",
    "strengthened": "기 동복지강화 자치구(가상 지정)",
    "comparison": "비교 자치구",
}


def _pilot_note(d: District) -> str:
    """제출정보 비고 of a 2012/2013 workbook: what is synthetic and what was injected."""
    effects = ", ".join(
        f"{p} {m} +{100 * v[1]:.0f}%(시범)·+{100 * v[2]:.0f}%(기 동복지강화)"
        for (p, m), v in PILOT_OUTCOMES.items()
    )
    return (
        "seed 004(서울시 복지서비스 전달체계 시범운영 추진계획, 2013.1)의 설정을 본뜬 월별 자료. "
        f"이 구: {PILOT_GROUP_LABEL[_pilot_group(d.code)]}. "
        f"알고 넣은 효과({PILOT_START}부터, 시작 전 기대 평균 대비): {effects}. " + SYNTHETIC_NOTE
    )


def _pilot_submissions(d: District) -> list[Submission]:
    """The 2012 and 2013 workbooks of a Seoul district (제출정보, 지역현황, 서비스실적)."""
    rows = _pilot_rows(d)
    return [
        Submission(
            d,
            year,
            _info(d, year, _pilot_note(d), date(year + 1, 1, 15), date(year, 12, 31)),
            {"districts": [_district_row(d, False)], "services": rows[year]},
            date_style=_date_style(d, year),
        )
        for year in PILOT_YEARS
    ]


# ---------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------


class _FixedTimeZip(zipfile.ZipFile):
    """A ZipFile whose members all carry the same timestamp (stable bytes)."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):  # noqa: D102
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=FIXED_TIMESTAMP.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        return super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):  # noqa: D102
        data = Path(filename).read_bytes()
        return self.writestr(arcname or str(filename), data)


def _save_workbook(wb: openpyxl.Workbook, path: Path) -> None:
    """Save with fixed document properties and zip timestamps.

    ``openpyxl.Workbook.save`` stamps the current time into ``docProps/core.xml``;
    calling the writer directly keeps ``created = modified = 2024-01-01``.
    """
    wb.properties.created = FIXED_TIMESTAMP
    wb.properties.modified = FIXED_TIMESTAMP
    wb.properties.creator = "sabo_eval generate_sample_data.py"
    wb.properties.lastModifiedBy = None
    archive = _FixedTimeZip(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(wb, archive).save()


_BOLD = Font(bold=True)


def _put_rows(ws, header: list[str], rows: Iterable[list], note: str | None, style: str) -> None:
    """Append an optional note row, a bold header row and the data rows to ``ws``."""
    if note:
        ws.append([note])
    ws.append(header)
    for cell in ws[ws.max_row]:
        cell.font = _BOLD
    for row in rows:
        ws.append([format_date(v, style) if isinstance(v, date) else v for v in row])
    for col_cells in ws.iter_cols(min_row=1, max_row=ws.max_row):
        for cell in col_cells:
            if isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str) and cell.value.isdigit() and len(cell.value) == 5:
                cell.number_format = "@"  # 시군구코드 stays text
    for i, h in enumerate(header, start=1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width = max(
            8, min(40, 2 * len(str(h)) + 4)
        )


def _info_rows(sub: Submission) -> list[list]:
    return [[INFO_LABELS[key], sub.info.get(key)] for key, *_rest in SUBMISSION_INFO_FIELDS]


def _table_rows(table: str, rows: list[dict]) -> list[list]:
    names = SCHEMAS[table].column_names
    return [[r.get(n) for n in names] for r in rows]


def _write_xlsx(sub: Submission, path: Path) -> None:
    """Write one submission workbook."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SUBMISSION_INFO_SHEET
    _put_rows(ws, [INFO_KEY_HEADER, INFO_VALUE_HEADER], _info_rows(sub), None, sub.date_style)
    for table in TABLE_ORDER:
        if table == "attendance" and sub.rosters:
            for sheet, header, rows in sub.rosters:
                _put_rows(wb.create_sheet(sheet), header, rows, None, sub.date_style)
            continue
        if table not in sub.tables:
            continue
        ws = wb.create_sheet(SCHEMAS[table].korean)
        _put_rows(
            ws,
            _headers(table),
            _table_rows(table, sub.tables[table]),
            sub.notes.get(table),
            sub.date_style,
        )
    _save_workbook(wb, path)


def _write_csv_folder(sub: Submission, folder: Path) -> list[Path]:
    """Write one submission as CP949 CSV files named after the sheets."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []

    def dump(name: str, header: list[str], rows: list[list]) -> None:
        path = folder / f"{name}.csv"
        with path.open("w", encoding="cp949", newline="") as fh:
            w = csv.writer(fh, lineterminator="\r\n")
            w.writerow(header)
            for row in rows:
                w.writerow(
                    [
                        ""
                        if v is None
                        else format_date(v, sub.date_style)
                        if isinstance(v, date)
                        else v
                        for v in row
                    ]
                )
        written.append(path)

    dump(SUBMISSION_INFO_SHEET, [INFO_KEY_HEADER, INFO_VALUE_HEADER], _info_rows(sub))
    for table in TABLE_ORDER:
        if table in sub.tables:
            dump(SCHEMAS[table].korean, _headers(table), _table_rows(table, sub.tables[table]))
    return written


def generate(out_dir: Path) -> list[Path]:
    """Write every sample submission into ``out_dir``.

    Parameters
    ----------
    out_dir : pathlib.Path
        Target folder (created if missing). Files of the same names are overwritten.

    Returns
    -------
    list of pathlib.Path
        The submissions written, sorted: one ``.xlsx`` per district and year, and the
        folder of CSV files for 사상구 2022.
    """
    t0 = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    seoul2021 = _seoul_2021_services()
    written: list[Path] = []
    for d in ALL_DISTRICTS:
        subs = _district_submissions(d, seoul2021)
        if d.code in SEOUL_INDEX:
            subs += _pilot_submissions(d)
        for sub in subs:
            if sub.as_csv:
                folder = out_dir / sub.stem
                _write_csv_folder(sub, folder)
                written.append(folder)
            else:
                path = out_dir / f"{sub.stem}.xlsx"
                _write_xlsx(sub, path)
                written.append(path)
        logger.info("%s %s: written", d.code, d.name)
    logger.info("generated %d submissions in %.1f s", len(written), time.perf_counter() - t0)
    return sorted(written)


# ---------------------------------------------------------------------------
# Self-check (re-reads the files; independent of the sabo_eval loaders)
# ---------------------------------------------------------------------------

_NUM_RE = re.compile(r"-?\d+(?:\.\d+)?")
_DATE_RE = re.compile(r"(\d{2,4})\s*[.\-/]\s*(\d{1,2})\s*[.\-/]\s*(\d{1,2})")
FULL_SHEETS = (
    "제출정보",
    "지역현황",
    "위원명단",
    "회의목록",
    "시행계획",
    "성과지표",
    "예산",
    "모니터링의견",
    "서비스실적",
)


def _num(v: object) -> float | None:
    """Parse a number that may be text with separators and units."""
    if v is None or (isinstance(v, str) and v.strip() in ("", "-")):
        return None
    if isinstance(v, int | float):
        return float(v)
    m = _NUM_RE.search(str(v).replace(",", ""))
    return float(m.group()) if m else None


def _date(v: object) -> date | None:
    """Parse an Excel date or one of the text formats written here."""
    if v is None or v == "":
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    m = _DATE_RE.search(str(v))
    if not m:
        raise ValueError(f"not a date: {v!r}")
    y, mo, d = (int(x) for x in m.groups())
    return date(y + 2000 if y < 100 else y, mo, d)


def _read_sheets(path: Path) -> dict[str, list[list]]:
    """Sheet name → rows of raw values, for a workbook or a CSV folder."""
    if path.is_dir():
        out = {}
        for f in sorted(path.glob("*.csv")):
            df = pd.read_csv(f, header=None, dtype=str, encoding="cp949", keep_default_na=False)
            out[f.stem] = [
                [None if v == "" else v for v in row] for row in df.itertuples(index=False)
            ]
        return out
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    finally:
        wb.close()


def _records(rows: list[list], first_header: str) -> list[dict]:
    """Rows under the header row that starts with ``first_header`` (skips note rows)."""
    for i, r in enumerate(rows):
        if r and r[0] == first_header:
            header = [str(h) for h in r]
            return [
                dict(zip(header, row, strict=False))
                for row in rows[i + 1 :]
                if any(v not in (None, "") for v in row)
            ]
    raise AssertionError(f"header {first_header!r} not found")


def _submission_path(out_dir: Path, d: District, year: int) -> Path:
    stem = f"{d.code}_{year}_{d.name}"
    return out_dir / stem if (d.code == SASANG.code and year == 2022) else out_dir / f"{stem}.xlsx"


def _roster_table(
    sheets: dict, sheet: str, members: dict[str, dict], meeting_dates: dict[int, date]
) -> list[tuple[int, int, int, int, int, int]]:
    """Per month: (attended, eligible) for total, private, public from a roster sheet."""
    recs = _records(sheets[sheet], _col("members", "member_id"))
    months = [int(str(h).removesuffix("월")) for h in list(recs[0])[2:]]
    out = []
    for mo in months:
        held = meeting_dates[mo]
        at = {"민": 0, "관": 0}
        el = {"민": 0, "관": 0}
        for r in recs:
            m = members[r[_col("members", "member_id")]]
            eligible = m["joined"] <= held and (m["left"] is None or m["left"] >= held)
            mark = r[f"{mo}월"]
            assert (mark == "-") == (not eligible), (
                f"{sheet} {mo}월 {m['name']}: mark {mark!r} vs eligibility {eligible}"
            )
            if eligible:
                el[m["sector"]] += 1
                at[m["sector"]] += mark == "○"
        out.append(
            (mo, at["민"] + at["관"], el["민"] + el["관"], at["민"], el["민"], at["관"], el["관"])
        )
    return out


def _members_by_id(sheets: dict, code: str) -> dict[str, dict]:
    out = {}
    for r in _records(sheets["위원명단"], _col("members", "district_code")):
        mid = r[_col("members", "member_id")]
        assert mid not in out, f"{code}: duplicate member id {mid}"
        out[mid] = {
            "name": r[_col("members", "name")],
            "sector": r[_col("members", "sector")],
            "body": r[_col("members", "body")],
            "sub": r[_col("members", "subcommittee")],
            "joined": _date(r[_col("members", "joined_on")]),
            "left": _date(r[_col("members", "left_on")]),
        }
    return out


def _meetings_by_id(sheets: dict) -> dict[str, dict]:
    return {
        r[_col("meetings", "meeting_id")]: {
            "body": r[_col("meetings", "body")],
            "sub": r[_col("meetings", "subcommittee")],
            "held": _date(r[_col("meetings", "held_on")]),
        }
        for r in _records(sheets["회의목록"], _col("meetings", "district_code"))
    }


def _check_suwon_2022(out_dir: Path) -> None:
    sheets = _read_sheets(_submission_path(out_dir, SUWON, 2022))
    info = {
        r[INFO_KEY_HEADER]: r[INFO_VALUE_HEADER]
        for r in _records(sheets[SUBMISSION_INFO_SHEET], INFO_KEY_HEADER)
    }
    evaluation = _date(info[INFO_LABELS["evaluation_date"]])
    assert evaluation == SEED000_EVALUATION_DATE, evaluation
    members = _members_by_id(sheets, SUWON.code)
    meetings = _meetings_by_id(sheets)
    means: dict[str, float] = {}
    for sub in SUWON_SUBCOMMITTEES:
        dates = {mt["held"].month: mt["held"] for mt in meetings.values() if mt["sub"] == sub}
        assert sorted(dates) == list(range(1, 11)), f"{sub}: months {sorted(dates)}"
        table = _roster_table(sheets, f"출석부_{sub}", members, dates)
        means[sub] = float(np.mean([100 * t[1] / t[2] for t in table]))
        if sub != "연구기획분과":
            continue
        assert [mt["held"] for mt in meetings.values() if mt["sub"] == sub] == list(
            RESEARCH_DATES_2022
        )
        for mo, a, e, ap, ep, ag, eg in table:
            assert ((a, e), (ap, ep), (ag, eg)) == SEED000_MONTHLY[mo], (
                f"연구기획분과 {mo}월: {(a, e), (ap, ep), (ag, eg)}"
            )
        avg = tuple(
            round(float(np.mean([100 * t[i] / t[i + 1] for t in table])), 1) for i in (1, 3, 5)
        )
        assert avg == SEED000_MEAN, f"연구기획분과 평균 {avg}"
        # excellent members: tenure ≥ 365 days, current, attendance ≥ 70 %
        recs = _records(sheets["출석부_연구기획분과"], _col("members", "member_id"))
        excellent = {}
        for r in recs:
            m = members[r[_col("members", "member_id")]]
            marks = [v for k, v in r.items() if str(k).endswith("월") and v != "-"]
            rate = 100 * sum(v == "○" for v in marks) / len(marks)
            current = m["left"] is None or m["left"] >= evaluation
            if (evaluation - m["joined"]).days >= 365 and current and rate >= 70:
                excellent[m["name"]] = round(rate, 1)
        assert excellent == SEED000_EXCELLENT, f"excellent members {excellent}"
    best = max(means, key=means.get)
    overall = float(np.mean(list(means.values())))
    logger.info("check 수원시 2022: 12개 분과 평균 %.4f, %s %.4f", overall, best, means[best])
    assert best == SUWON_BEST_SUB and abs(means[best] - SUWON_BEST_MEAN) <= 0.03, means
    assert abs(overall - SUWON_ALL_MEAN) <= 0.03, overall
    assert "△" not in {
        v for sub in SUWON_SUBCOMMITTEES for row in sheets[f"출석부_{sub}"] for v in row
    }


def _check_suwon_2023(out_dir: Path) -> None:
    sheets = _read_sheets(_submission_path(out_dir, SUWON, 2023))
    ops = _records(sheets["모니터링의견"], _col("opinions", "district_code"))
    got = [
        (
            r[_col("opinions", "item_code")],
            r[_col("opinions", "subcommittee")],
            r[_col("opinions", "opinion")],
            r[_col("opinions", "response")],
        )
        for r in ops
    ]
    assert got == [tuple(o) for o in _SEED000_OPINIONS], "수원시 2023 opinions differ from seed 000"
    plan = {
        r[_col("plan_items", "item_code")]: r
        for r in _records(sheets["시행계획"], _col("plan_items", "district_code"))
    }
    for code, _sub, _op, _resp in _SEED000_OPINIONS:
        assert code in plan, code


def _check_sasang_2023(out_dir: Path) -> None:
    sheets = _read_sheets(_submission_path(out_dir, SASANG, 2023))
    plan = _records(sheets["시행계획"], _col("plan_items", "district_code"))
    ind = _records(sheets["성과지표"], _col("indicators", "district_code"))
    by_item: dict[str, list[float]] = {}
    for r in ind:
        t, a = _num(r[_col("indicators", "target")]), _num(r[_col("indicators", "actual")])
        assert t is not None and a is not None, f"사상구 2023 blank target/actual: {r}"
        by_item.setdefault(r[_col("indicators", "item_code")], []).append(
            _achievement(r[_col("indicators", "direction")], t, a)
        )
    for fw, (n_s, n_k, n_i, target) in {
        FW1: (5, 10, 29, SASANG_FW1_TARGET),
        FW2: (4, 9, 18, SASANG_FW2_TARGET),
    }.items():
        rows = [r for r in plan if r[_col("plan_items", "framework")] == fw]
        counts = tuple(
            len({r[_col("plan_items", c)] for r in rows})
            for c in ("strategy", "key_project", "item_code")
        )
        assert counts == (n_s, n_k, n_i), f"{fw}: {counts}"
        items = [r[_col("plan_items", "item_code")] for r in rows]
        assert all(1 <= len(by_item[c]) <= 3 for c in items)
        value = float(np.mean([np.mean(by_item[c]) for c in items]))
        kept = [
            r[_col("plan_items", "item_code")]
            for r in rows
            if r[_col("plan_items", "change")] != "폐지"
        ]
        value_kept = float(np.mean([np.mean(by_item[c]) for c in kept]))
        logger.info(
            "check 사상구 2023 %s: %d/%d/%d → %.4f%% (without 폐지 %.4f%%)",
            fw,
            *counts,
            value,
            value_kept,
        )
        assert abs(value - target) <= 0.02 and abs(value_kept - target) <= 0.02, (
            fw,
            value,
            value_kept,
        )
    changes = {r[_col("plan_items", "change")] for r in plan}
    assert {"신규", "폐지"} <= changes, changes
    names = {r[_col("plan_items", "item_code")]: r[_col("plan_items", "item_name")] for r in plan}
    for r in _records(sheets["예산"], _col("budget", "district_code")):
        code = r[_col("budget", "item_code")]
        if code == BUDGET_TOTAL_LABEL:
            continue
        planned, revised = _num(r[_col("budget", "planned")]), _num(r[_col("budget", "revised")])
        if names[code] in SASANG_REVISED_ITEMS:
            assert revised is not None and revised != planned, names[code]
        else:
            assert revised is None, names[code]
    assert set(SASANG_REVISED_ITEMS) <= set(names.values())


def _check_extra_programs(sheets: dict, label: str) -> dict[tuple[str, str], float]:
    """Assert the 위기가구/소나무센터/정신건강 rows of one 서비스실적 sheet.

    Each of the six measures has exactly one annual row (월, 동 blank) with a
    non-negative integer; the rows come after every other programme; 연계가구 ≤ 발굴가구
    and 초기상담 ≤ 신고접수 (rates), 동행요청 ≥ 1 (동행방문 may exceed it: a ratio); and
    the three rates stay in plausible ranges.

    Returns
    -------
    dict
        ``{(program, measure): value}`` of the six measures.
    """
    rows = _records(sheets["서비스실적"], _col("services", "district_code"))
    progs = [r[_col("services", "program")] for r in rows]
    vals: dict[tuple[str, str], float] = {}
    for r in rows:
        prog = r[_col("services", "program")]
        if prog not in EXTRA_PROGRAMS:
            continue
        key = (prog, r[_col("services", "measure")])
        assert key in EXTRA_KEYS and key not in vals, (label, key)
        assert r[_col("services", "month")] is None and r[_col("services", "dong")] is None, (
            label,
            key,
        )
        v = _num(r[_col("services", "value")])
        assert v is not None and v >= 0 and v == int(v), (label, key, v)
        vals[key] = v
    assert set(vals) == set(EXTRA_KEYS), (label, sorted(set(EXTRA_KEYS) - set(vals)))
    first = min(i for i, p in enumerate(progs) if p in EXTRA_PROGRAMS)
    assert all(p in EXTRA_PROGRAMS for p in progs[first:]), (label, "extra rows not last")
    assert set(progs[:first]) == {*VISIT_PROGRAMS, "돌봄SOS", "긴급복지"}, label
    found, linked = vals[(CRISIS_PROGRAM, "발굴가구")], vals[(CRISIS_PROGRAM, "연계가구")]
    reports, called = vals[(SONAMU_PROGRAM, "신고접수")], vals[(SONAMU_PROGRAM, "초기상담")]
    requests, visits = vals[(MENTAL_PROGRAM, "동행요청")], vals[(MENTAL_PROGRAM, "동행방문")]
    assert 0 < linked <= found and 0.5 <= linked / found <= 0.95, (label, linked, found)
    assert 0 < called <= reports and 0.4 <= called / reports <= 0.75, (label, called, reports)
    assert requests >= 1 and 0.8 <= visits / requests <= 1.5, (label, visits, requests)
    return vals


def _check_seoul_2021(out_dir: Path, covered: set[tuple[str, int]]) -> None:
    totals: dict[tuple[str, str], float] = {}
    for d in SEOUL:
        path = out_dir / f"{d.code}_2021_{d.name}.xlsx"
        sheets = _read_sheets(path)
        assert set(sheets) == {"제출정보", "지역현황", "서비스실적"}, (path.name, set(sheets))
        _check_extra_programs(sheets, path.name)
        covered.add((d.code, 2021))
        for r in _records(sheets["서비스실적"], _col("services", "district_code")):
            assert r[_col("services", "month")] is None and r[_col("services", "dong")] is None
            key = (r[_col("services", "program")], r[_col("services", "measure")])
            totals[key] = totals.get(key, 0.0) + _num(r[_col("services", "value")])
    for prog, measures in SEOUL_2021_TOTALS.items():
        for measure, total in measures:
            assert totals[(prog, measure)] == total, (prog, measure, totals[(prog, measure)], total)
    for prog, total in SEOUL_2021_COUNSELLED.items():
        assert totals[(prog, "상담인원")] == total, (prog, totals[(prog, "상담인원")])
    assert totals[("돌봄SOS", TOTAL_LABEL)] == 120_332
    for key, total in SEOUL_2021_EXTRA_TOTALS.items():
        assert totals[key] == total, (key, totals[key], total)
    logger.info(
        "check Seoul 2021: every city total matches seed 002 (위기가구 발굴 %d · 연계 %d, "
        "소나무센터 신고 %d · 초기상담 %d, 정신건강 동행요청 %d · 동행방문 %d)",
        *(int(totals[k]) for k in EXTRA_KEYS),
    )


def _check_pilot(out_dir: Path, covered: set[tuple[str, int]]) -> None:
    """Assert the 2012/2013 workbooks of seed 004's setting and their injected effect.

    Every Seoul district has a 2012 and a 2013 workbook with only 제출정보, 지역현황 and
    서비스실적; each outcome has exactly one row per month 1–12 (동 blank) holding a
    non-negative integer; 지역현황 gives the district's population. Then, from the
    files alone, the simple before/after comparison of the per-1,000 rates (pilot
    group minus the 20 comparison districts, in % of the group's observed 2012-01 …
    2013-02 mean) lies within 10 points of the injected effect of each group and
    outcome: a guard against a lost, misplaced or sign-flipped effect. (The exact
    truth is :func:`pilot_truth`; with three or two treated districts and 7 % monthly
    noise, one standard error of this comparison is about 3-4 points.)
    """
    rates: dict[tuple[str, str], dict[str, np.ndarray]] = {k: {} for k in PILOT_OUTCOMES}
    for d in SEOUL:
        series: dict[tuple[str, str], list[float]] = {k: [] for k in PILOT_OUTCOMES}
        for year in PILOT_YEARS:
            path = out_dir / f"{d.code}_{year}_{d.name}.xlsx"
            assert path.exists(), path
            sheets = _read_sheets(path)
            assert set(sheets) == {"제출정보", "지역현황", "서비스실적"}, (path.name, set(sheets))
            info = {
                r[INFO_KEY_HEADER]: r[INFO_VALUE_HEADER]
                for r in _records(sheets[SUBMISSION_INFO_SHEET], INFO_KEY_HEADER)
            }
            assert str(info[INFO_LABELS["district_code"]]) == d.code, path.name
            assert int(info[INFO_LABELS["year"]]) == year, path.name
            (district,) = _records(sheets["지역현황"], _col("districts", "district_code"))
            population = _num(district[_col("districts", "population")])
            assert population == d.population, (path.name, population)
            got: dict[tuple[str, str], dict[int, float]] = {k: {} for k in PILOT_OUTCOMES}
            for r in _records(sheets["서비스실적"], _col("services", "district_code")):
                key = (r[_col("services", "program")], r[_col("services", "measure")])
                month = r[_col("services", "month")]
                value = _num(r[_col("services", "value")])
                assert key in got and r[_col("services", "dong")] is None, (path.name, key)
                assert month not in got[key] and value is not None, (path.name, key, month)
                assert value >= 0 and value == int(value), (path.name, key, value)
                got[key][int(month)] = value
            for key, by_month in got.items():
                assert sorted(by_month) == list(range(1, 13)), (path.name, key)
                series[key] += [1000.0 * by_month[m] / population for m in range(1, 13)]
            covered.add((d.code, year))
        for key, values in series.items():
            rates[key][d.code] = np.array(values)
    comparison = [d.code for d in SEOUL if _pilot_group(d.code) == "comparison"]
    assert len(comparison) == 20
    for key, (_level, eff_pilot, eff_strong) in PILOT_OUTCOMES.items():
        def change(codes: Sequence[str], key: tuple[str, str] = key) -> tuple[float, float]:
            stacked = np.vstack([rates[key][c] for c in codes])
            pre = float(stacked[:, ~PILOT_POST].mean())
            return float(stacked[:, PILOT_POST].mean()) - pre, pre

        base, _pre = change(comparison)
        for codes, effect in ((PILOT_DISTRICTS, eff_pilot), (STRENGTHENED_DISTRICTS, eff_strong)):
            diff, pre = change(codes)
            share = (diff - base) / pre
            logger.info(
                "check seed 004 %s/%s %s: before/after DiD %+.1f%% (injected %+.0f%%)",
                *key,
                "시범" if codes == PILOT_DISTRICTS else "기 동복지강화",
                100 * share,
                100 * effect,
            )
            assert abs(share - effect) <= 0.10, (key, codes, share, effect)


def _check_file(
    path: Path, d: District, year: int, covered: set[tuple[str, int]]
) -> dict[str, str]:
    """Generic checks of one full submission; returns member id → name."""
    sheets = _read_sheets(path)
    names = set(sheets)
    missing = [s for s in FULL_SHEETS if s not in names]
    assert not missing, (path.name, missing)
    has_long = "회의참석" in names
    has_roster = any(s.startswith("출석부_") for s in names)
    assert has_long != has_roster, path.name
    info = {
        r[INFO_KEY_HEADER]: r[INFO_VALUE_HEADER]
        for r in _records(sheets[SUBMISSION_INFO_SHEET], INFO_KEY_HEADER)
    }
    assert (
        str(info[INFO_LABELS["district_code"]]) == d.code and int(info[INFO_LABELS["year"]]) == year
    ), path.name
    for s in FULL_SHEETS[1:]:
        assert _records(sheets[s], _col("districts", "district_code")), (path.name, s)
    members = _members_by_id(sheets, d.code)
    meetings = _meetings_by_id(sheets)
    if has_long:
        for r in _records(sheets["회의참석"], _col("attendance", "district_code")):
            m, mt = (
                members[r[_col("attendance", "member_id")]],
                meetings[r[_col("attendance", "meeting_id")]],
            )
            assert m["joined"] <= mt["held"] and (m["left"] is None or m["left"] >= mt["held"]), (
                path.name
            )
            assert r[_col("attendance", "status")] in ("○", "×", "△")
    # 합계 row of 예산
    rows = _records(sheets["예산"], _col("budget", "district_code"))
    total = [r for r in rows if r[_col("budget", "item_code")] == BUDGET_TOTAL_LABEL]
    assert len(total) == 1 and rows[-1] is total[0], path.name
    for c in ("planned", "revised", "executed"):
        parts = [_num(r[_col("budget", c)]) for r in rows[:-1]]
        present = [p for p in parts if p is not None]
        want = sum(present) if present else None
        assert _num(total[0][_col("budget", c)]) == want, (path.name, c)
    # 계 rows of 서비스실적, and the three further programmes
    _check_service_totals(sheets, path.name)
    _check_extra_programs(sheets, path.name)
    covered.add((d.code, year))
    # 성과지표 blanks (none in 사상구 2023)
    ind = _records(sheets["성과지표"], _col("indicators", "district_code"))
    n_blank = sum(
        _num(r[_col("indicators", "target")]) is None
        or _num(r[_col("indicators", "actual")]) is None
        for r in ind
    )
    assert (n_blank == 0) == (d.code == SASANG.code and year == 2023), (path.name, n_blank)
    return {k: v["name"] for k, v in members.items()}


def _check_service_totals(sheets: dict, label: str) -> None:
    groups: dict[tuple, dict[str, float]] = {}
    for r in _records(sheets["서비스실적"], _col("services", "district_code")):
        key = (
            r[_col("services", "year")],
            r[_col("services", "month")],
            r[_col("services", "dong")],
            r[_col("services", "program")],
        )
        groups.setdefault(key, {})[r[_col("services", "measure")]] = _num(
            r[_col("services", "value")]
        )
    n_totals = 0
    for key, vals in groups.items():
        if TOTAL_LABEL in vals:
            n_totals += 1
            assert vals[TOTAL_LABEL] == sum(v for k, v in vals.items() if k != TOTAL_LABEL), (
                label,
                key,
            )
        if key[3] in VISIT_PROGRAMS:
            assert vals["상담인원"] == sum(vals[c] for c in VISIT_CHANNELS), (label, key)
            if key[3] != "보편방문-양육가정":
                assert vals["상담인원"] <= vals["대상인원"], (label, key)
    assert n_totals >= 1, label


def check(out_dir: Path) -> None:
    """Re-read the generated files and assert the anchored figures.

    Parameters
    ----------
    out_dir : pathlib.Path
        Folder written by :func:`generate`.

    Raises
    ------
    AssertionError
        When a file is missing or an anchored figure is not reproduced: the
        연구기획분과 monthly table, 평균 row and excellent members (seed 000), the
        12-subcommittee mean and 이주민분과 (seed 000), 사상구 2023's counts and
        achievement rates (seed 001), the Seoul 2021 city totals (seed 002, including
        위기가구 발굴 45,701가구 and 정신건강 동행요청 246 / 동행방문 281), every
        합계/계 row, the 27 districts × 2022/2023 coverage, 위기가구/소나무센터/
        정신건강 in every 2021–2023 서비스실적 sheet (연계가구 ≤ 발굴가구, 초기상담 ≤
        신고접수), and the monthly 2012/2013 workbooks of seed 004's pilot setting with
        their injected effects (see :func:`_check_pilot`).
    """
    out_dir = Path(out_dir)
    t0 = time.perf_counter()
    covered: set[tuple[str, int]] = set()
    for d in ALL_DISTRICTS:
        ids: dict[int, dict[str, str]] = {}
        for year in (2022, 2023):
            path = _submission_path(out_dir, d, year)
            assert path.exists(), path
            ids[year] = _check_file(path, d, year, covered)
        common = set(ids[2022]) & set(ids[2023])
        assert common and all(ids[2022][k] == ids[2023][k] for k in common), d.name
        if d.code == SASANG.code:
            assert {n for n, *_r in SASANG_TF} <= set(ids[2023].values())
    _check_suwon_2022(out_dir)
    _check_suwon_2023(out_dir)
    _check_sasang_2023(out_dir)
    _check_seoul_2021(out_dir, covered)
    _check_pilot(out_dir, covered)
    expected = {(d.code, y) for d in ALL_DISTRICTS for y in (2022, 2023)} | {
        (d.code, y) for d in SEOUL for y in (2021, *PILOT_YEARS)
    }
    assert covered == expected, sorted(expected ^ covered)
    logger.info(
        "check: 위기가구·소나무센터·정신건강 in all %d 2021–2023 서비스실적 sheets; "
        "seed 004 monthly workbooks: %d",
        sum(year not in PILOT_YEARS for _code, year in covered),
        sum(year in PILOT_YEARS for _code, year in covered),
    )
    logger.info("check passed (%.1f s)", time.perf_counter() - t0)


def _snapshot(out_dir: Path) -> dict[str, object]:
    """Every cell value of every generated file (CSV files as bytes)."""
    snap: dict[str, object] = {}
    for path in sorted(Path(out_dir).rglob("*")):
        rel = str(path.relative_to(out_dir))
        if path.suffix == ".xlsx":
            snap[rel] = _read_sheets(path)
        elif path.suffix == ".csv":
            snap[rel] = path.read_bytes()
    return snap


def compare_outputs(a: Path, b: Path) -> list[str]:
    """Return the files whose cell values differ between two output folders."""
    sa, sb = _snapshot(a), _snapshot(b)
    return sorted(k for k in set(sa) | set(sb) if sa.get(k) != sb.get(k))


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments (default ``sys.argv[1:]``).

    Returns
    -------
    int
        Exit status.
    """
    parser = argparse.ArgumentParser(
        description="Write the deterministic sample submissions (합성 데이터 + seed anchors)."
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=REPO_ROOT / "data" / "sample",
        help="output folder (default: data/sample)",
    )
    parser.add_argument(
        "--check", action="store_true", help="re-read the output and assert the anchored figures"
    )
    parser.add_argument(
        "--determinism",
        action="store_true",
        help="also generate twice into temporary folders and compare",
    )
    parser.add_argument(
        "--no-generate", action="store_true", help="only run the checks on an existing folder"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    out = args.out if args.out.is_absolute() else (Path.cwd() / args.out)
    if not args.no_generate:
        paths = generate(out)
        logger.info("%d submissions in %s", len(paths), out)
    if args.check:
        check(out)
    if args.determinism:
        with tempfile.TemporaryDirectory() as t1, tempfile.TemporaryDirectory() as t2:
            generate(Path(t1))
            generate(Path(t2))
            diff = compare_outputs(Path(t1), Path(t2))
            if not args.no_generate:
                diff += [f"{out.name}/{x}" for x in compare_outputs(Path(t1), out)]
        if diff:
            logger.error("outputs differ: %s", diff)
            return 1
        logger.info("determinism: identical cell values in repeated runs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
