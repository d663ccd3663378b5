"""The plans of 수원시 (seed 000) and 사상구 (seed 001)."""

from __future__ import annotations

import numpy as np

from .anchors import (
    SASANG_ABOLISHED,
    SASANG_ABOLISHED_VALUES,
    SASANG_ADJUSTER,
    SASANG_NEW,
    SASANG_REVISED_ITEMS,
)
from .common import FW1, FW2
from .plan import IndicatorSpec, PlanItem, build_plan


def _spec(entry: tuple[str, str, str, float, str]) -> IndicatorSpec:
    return IndicatorSpec(*entry)


#: Department and team of seed 000's items.
SUWON_SEED_DEPARTMENTS: dict[str, tuple[str, str]] = {
    "I-1-1": ("복지협력과", "복지협력팀"),
    "I-4-3": ("복지협력과", "복지협력팀"),
    "II-1-1-1": ("복지협력과", "복지협력팀"),
    "II-1-1-2": ("복지협력과", "복지자원팀"),
    "II-4-1-1": ("복지협력과", "복지협력팀"),
    "II-4-2-1": ("복지정책과", "복지기획팀"),
    "II-4-2-2": ("복지정책과", "복지기획팀"),
}

#: Indicators of seed 000's items.
SUWON_SEED_INDICATORS: dict[str, list[tuple[str, str, str, float, str]]] = {
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

#: Strategies, key projects and items of 수원시's plan (seed 000's at their codes).
SUWON_SHAPE = [
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


def suwon_plan(rng: np.random.Generator) -> list[PlanItem]:
    """수원시 plan: seed 000's monitored items at their codes plus synthetic ones.

    Parameters
    ----------
    rng : numpy.random.Generator
        수원시's plan stream.

    Returns
    -------
    list of PlanItem
        Items of :data:`SUWON_SHAPE`; seed 000's items carry its departments and
        indicators, II-4-2-1 is new in 2023 and two items are changed or abolished.
    """
    items = build_plan(rng, SUWON_SHAPE)
    for it in items:
        if it.code in SUWON_SEED_DEPARTMENTS:
            it.department, it.team = SUWON_SEED_DEPARTMENTS[it.code]
            it.indicators = [_spec(e) for e in SUWON_SEED_INDICATORS[it.code]]
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


def sasang_plan(rng: np.random.Generator) -> list[PlanItem]:
    """사상구 plan: 5/10/29 and 4/9/18 (seed 001), with 신규/폐지/변경 items.

    Parameters
    ----------
    rng : numpy.random.Generator
        사상구's plan stream.

    Returns
    -------
    list of PlanItem
        Items of ``SASANG_SHAPE``; the abolished items and the two adjuster items get
        fixed indicators for the seed-001 calibration.
    """
    items = build_plan(rng, SASANG_SHAPE)
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
