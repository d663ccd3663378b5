"""Monitoring opinions: explicit and inferred response status, seed 000 layout."""

import pandas as pd
import pytest

from sabo_eval.metrics import opinions as op

SEED_000_RESPONSES = [
    ("-성과지표 연도별 분할 작성함 -시-구의조직 변화 및 역할 반영 (조직) 시 1개팀 신설 예정", "reflected"),
    ("-실무분과 의견을 반영하여 성과관리 지표에 3개 지표 추가하겠음. -홍보를 통하여 민간기관의 적극적 참여를 유도하겠음.", "reflected"),
    ("공약사업 7-8와 연계하여 성과 결과 산출시 휴먼나눔시스템 등록 현황자료 활용 예정. 인적자원 공유체계 가능 여부 검토하겠음.", "partly"),
    ("-세부계획 수립 중, 지원기관은 사회복지시설 -첫 시행 사업이며, 신청자 별 지원일수가 상이하여 인원수 산정 불가함", "not"),
    ("-참여자수 증대보다 서비스 질을 올리는 방향으로 추진 예정으로 지표 추가 어려움", "not"),
    ("중복", "duplicate"),
    (" 중 복 ", "duplicate"),
    ("관련 부서와 검토 중입니다", "under_review"),
    ("의견 감사합니다", "under_review"),  # commits to nothing
    ("", None),
    (None, None),
]


@pytest.mark.parametrize(("response", "status"), SEED_000_RESPONSES)
def test_infer_status(response, status):
    assert op.infer_status(response) == status


def _opinions(rows):
    return pd.DataFrame(
        [dict(district_code="41110", year=2023, item_code=i, subcommittee=s, opinion=o, response=r, response_status=st) for i, s, o, r, st in rows]
    )


PLAN = pd.DataFrame(
    [
        dict(district_code="41110", year=2023, item_code="I-1-1", strategy="돌봄", item_name="통합돌봄 구축", department="복지협력과", team="복지협력팀"),
        dict(district_code="41110", year=2023, item_code="II-4-1-1", strategy="지역발전 전략4", item_name="통합돌봄 구축", department="복지협력과", team="복지협력팀"),
    ]
)


def test_explicit_status_wins_and_inferred_is_marked():
    rows = _opinions(
        [
            ("I-1-1", "연구기획분과", "지표 분할 필요", "분할 작성함", None),  # inferred
            ("I-1-1", "아동분과", "자료 공유 요청", "검토하겠음", "reflected"),  # explicit overrides the text
            ("II-4-1-1", "연구기획분과", "중복", "중복", "duplicate"),
            ("II-4-1-1", "아동분과", "질의", None, None),  # no response
        ]
    )
    scored = op.opinion_statuses(rows)
    assert scored["status"].tolist() == ["reflected", "reflected", "duplicate", None]
    assert scored["status_source"].tolist() == ["inferred", "explicit", "explicit", ""]
    assert scored["status_ko"].tolist() == ["반영", "반영", "중복", "미회신"]
    assert scored["responded"].tolist() == [True, True, True, False]


def test_opinion_table_has_seed_000_layout_and_marks_inferred():
    rows = _opinions([("II-4-1-1", "연구기획분과", "중복", "중복", None), ("I-1-1", "연구기획분과", "• -a\n• -b", "작성함", None)])
    table = op.opinion_table(rows, PLAN)
    assert list(table.columns) == ["전략", "사업번호", "세부사업명", "담당부서", "팀", "모니터링분과", "모니터링의견", "부서의견", "반영여부"]
    assert table["사업번호"].tolist() == ["I-1-1", "II-4-1-1"]  # plan order
    assert table["반영여부"].tolist() == ["반영 (추정)", "중복 (추정)"]
    assert table.loc[0, "모니터링의견"] == "• -a\n• -b"  # list structure kept


def test_opinion_summary_counts_responses_per_department_and_subcommittee():
    rows = _opinions(
        [
            ("I-1-1", "연구기획분과", "a", "반영함", None),
            ("I-1-1", "아동분과", "b", None, None),
            ("Z-9", "아동분과", "c", "불가", None),
        ]
    )
    by_department = op.opinion_summary(rows, PLAN).set_index("department")
    assert by_department.loc["복지협력과", ["n_opinions", "n_responded", "반영", "미회신"]].tolist() == [2, 1, 1, 1]
    assert by_department.loc["(시행계획에 없음)", "미반영"] == 1
    by_sub = op.opinion_summary(rows, PLAN, by="subcommittee").set_index("subcommittee")
    assert by_sub.loc["아동분과", "n_opinions"] == 2
    with pytest.raises(ValueError, match="unknown grouping"):
        op.opinion_summary(rows, PLAN, by="team")
