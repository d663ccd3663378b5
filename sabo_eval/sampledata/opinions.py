"""모니터링의견 rows: the pool of synthetic opinions and seed 000's table."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .districts import SUWON, District
from .meetings import Council
from .plan import PlanItem

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

SEED000_OPINIONS: tuple[tuple[str, str, str, str], ...] = (
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


def opinion_rows(
    d: District,
    year_items: Sequence[PlanItem],
    council: Council,
    rng: np.random.Generator,
    year: int,
) -> list[dict]:
    """모니터링의견 rows of one year (seed 000's table for 수원시 2023).

    Parameters
    ----------
    d : District
        The district (수원시 2023 copies seed 000).
    year_items : sequence of PlanItem
        Items the opinions may refer to.
    council : Council
        The council; its subcommittees give the opinions.
    rng : numpy.random.Generator
        Stream the opinions are drawn from (after the budget).
    year : int
        Year of the monitoring.

    Returns
    -------
    list of dict
        One row per opinion, by canonical column name.
    """
    if d.code == SUWON.code and year == 2023:
        return [
            {
                "district_code": d.code,
                "year": year,
                "item_code": code,
                "subcommittee": sub,
                "opinion": op,
                "response": resp,
                "response_status": "중복" if op == "중복" else None,
            }
            for code, sub, op, resp in SEED000_OPINIONS
        ]
    return _drawn_rows(d.code, year, year_items, council.subs, rng)


def _drawn_rows(
    code: str,
    year: int,
    year_items: Sequence[PlanItem],
    subs: Sequence[str],
    rng: np.random.Generator,
) -> list[dict]:
    """3–8 opinions from the pool on items drawn at random."""
    n = int(rng.integers(3, 9))
    chosen = sorted(
        int(i) for i in rng.choice(len(year_items), size=min(n, len(year_items)), replace=False)
    )
    opinions = []
    for i in chosen:
        op, resp = OPINION_POOL[int(rng.integers(0, len(OPINION_POOL)))]
        opinions.append(
            {
                "district_code": code,
                "year": year,
                "item_code": year_items[i].code,
                "subcommittee": subs[int(rng.integers(0, len(subs)))],
                "opinion": op,
                "response": resp,
                "response_status": RESPONSE_STATUSES[int(rng.integers(0, len(RESPONSE_STATUSES)))],
            }
        )
    return opinions
