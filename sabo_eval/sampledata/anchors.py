"""Figures of the seed documents that the sample reproduces."""

from __future__ import annotations

from datetime import date

from .common import FW1, FW2

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


SASANG_NEW = ("긴급돌봄 서비스", "청년 자립 지원", "실무분과 순회 브리핑")
SASANG_ABOLISHED = ("아동급식 지원", "복지정보 안내 책자 발간")
SASANG_ADJUSTER = {FW1: "복지사각지대 발굴 및 지원", FW2: "우와한 사례관리 네트워크"}
# abolished items get exactly the framework's figure, so the headline is the same
# whether a metric counts abolished items or not: 152/125 = 121.6 %, 1107/1000 = 110.7 %
SASANG_ABOLISHED_VALUES = {FW1: (125, 152), FW2: (1_000, 1_107)}
