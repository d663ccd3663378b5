"""The self-evaluation survey and the project ratings read from real workbooks (issue 22).

Long and wide (one row per respondent, a column per item id or wording) 설문응답 sheets,
answers checked against their item's scale with the cell named, unknown items and
rated items, and respondents written as names.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from openpyxl import Workbook

from sabo_eval.intake.problems import ERROR, WARNING
from sabo_eval.intake.rules_survey import looks_like_name
from sabo_eval.intake.survey_scales import NO_FIT, answer_value
from sabo_eval.intake.validation import validate

ITEMS = [
    ["조사명", "문항번호", "영역", "문항", "척도"],
    ["2023 자체평가", "Q1", "협의체 운영", "회의 안건이 미리 안내되었다", "5점"],
    ["2023 자체평가", "Q2", "협의체 운영", "회의에서 충분히 논의했다", "5점"],
    ["2023 자체평가", "Q3", "사업 모니터링", "모니터링 결과의 반영", "적절/보통/부적절"],
    ["2023 자체평가", "Q4", "민관협력", "민간 위원의 제안이 받아들여졌는가", "예/아니오"],
]
PLAN = [
    ["계획기수", "전략체계", "추진전략", "중점사업", "사업번호", "세부사업명", "담당부서", "팀", "변경구분"],
    ["제5기", "체계", "돌봄", "통합돌봄", "I-1-1", "통합돌봄 구축", "복지정책과", None, "유지"],
    ["제5기", "체계", "돌봄", "통합돌봄", "I-1-2", "방문 상담", "복지정책과", None, "유지"],
]


def write_workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """A submission workbook: 제출정보 (41110, 2023) and the given sheets, rows as lists."""
    wb = Workbook()
    info = wb.active
    info.title = "제출정보"
    for row in (["항목", "값"], ["시군구코드", "41110"], ["연도", 2023]):
        info.append(row)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def errors(sub) -> list:
    return [p for p in sub.problems if p.severity == ERROR]


def test_answers_are_read_on_each_scale():
    assert [answer_value(a, "likert5") for a in ("1", 5, "5.0", "3점", "매우 그렇지 않다", "전혀 아니다", "그렇다")] == [
        1.0, 5.0, 5.0, 3.0, 1.0, 1.0, 4.0,
    ]
    assert [answer_value(a, "appropriateness") for a in ("부적절", "보통", "적절")] == [1.0, 2.0, 3.0]
    assert [answer_value(a, "yesno") for a in ("아니오", "예", "네")] == [0.0, 1.0, 1.0]
    assert all(math.isnan(answer_value(a, "likert5")) for a in (None, "", "무응답", "해당 없음"))
    assert answer_value("6", "likert5") is NO_FIT and answer_value("적절", "yesno") is NO_FIT


def test_a_long_survey_sheet_loads_and_validates(tmp_path):
    responses = [["조사명", "응답자", "구분", "소속", "문항번호", "응답"]]
    for who, sector in (("R01", "민"), ("R02", "관")):
        for item, answer in (("Q1", "5"), ("Q2", "매우 그렇다"), ("Q3", "적절"), ("Q4", "무응답")):
            responses.append(["2023 자체평가", who, sector, "복지분과", item, answer])
    path = write_workbook(tmp_path / "41110_2023_long.xlsx", {"설문문항": ITEMS, "설문응답": responses})
    sub = validate(path)
    assert sub.problems == []
    frame = sub.tables["survey_responses"]
    assert len(frame) == 8 and set(frame["sector"]) == {"private", "public"}
    assert frame.loc[frame["item"] == "Q4", "answer"].tolist() == ["무응답", "무응답"]  # as written: not answered
    assert sub.tables["survey_items"]["scale"].tolist() == ["likert5", "likert5", "appropriateness", "yesno"]


def test_a_wide_sheet_by_item_id_is_reshaped_to_long(tmp_path):
    wide = [
        ["응답자", "구분", "소속", "Q1", "Q2", "Q3", "Q4"],
        ["R01", "민", "복지분과", 5, "그렇다", "적절", "예"],
        ["R02", "관", "협의체", 3, None, "부적절", "아니오"],
    ]
    path = write_workbook(tmp_path / "41110_2023_wide.xlsx", {"설문문항": ITEMS, "설문응답": wide})
    sub = validate(path)
    assert sub.problems == []
    frame = sub.tables["survey_responses"]
    assert len(frame) == 8
    assert set(frame["survey"]) == {"2023 자체평가"}  # the one survey of 설문문항
    first = frame[frame["respondent"] == "R01"].set_index("item")["answer"].to_dict()
    assert first == {"Q1": "5", "Q2": "그렇다", "Q3": "적절", "Q4": "예"}
    assert frame[frame["respondent"] == "R02"]["_row"].unique().tolist() == [3]


def test_a_wide_sheet_by_wording_maps_columns_onto_item_ids(tmp_path):
    wide = [
        ["타임스탬프", "응답자", "구분", "회의 안건이 미리 안내되었다", "회의에서 충분히 논의했다"],
        ["2023-11-02 10:00", "R01", "민", "매우 그렇다", "보통"],
        ["2023-11-02 11:00", "R02", "민", "그렇다", "그렇지 않다"],
    ]
    path = write_workbook(tmp_path / "41110_2023_wording.xlsx", {"설문문항": ITEMS, "설문응답": wide})
    sub = validate(path)
    assert errors(sub) == []
    assert [(p.column, p.rule) for p in sub.problems] == [("타임스탬프", "unknown_column")]
    frame = sub.tables["survey_responses"]
    assert sorted(set(frame["item"])) == ["Q1", "Q2"]
    assert frame.set_index(["respondent", "item"]).loc[("R02", "Q2"), "answer"] == "그렇지 않다"


def test_a_bad_answer_is_named_by_its_cell_in_a_wide_sheet(tmp_path):
    wide = [
        ["응답자", "구분", "Q1", "Q2", "Q3"],
        ["R01", "민", 5, 4, "적절"],
        ["R02", "관", 7, 4, "좋음"],
    ]
    path = write_workbook(tmp_path / "41110_2023_bad.xlsx", {"설문문항": ITEMS, "설문응답": wide})
    found = [(p.sheet, p.row, p.column, p.value, p.rule) for p in errors(validate(path))]
    assert found == [("설문응답", 3, "Q1", "7", "bad_answer"), ("설문응답", 3, "Q3", "좋음", "bad_answer")]


def test_a_bad_answer_and_an_unknown_item_in_a_long_sheet(tmp_path):
    responses = [
        ["조사명", "응답자", "문항", "응답"],  # 문항 names the item id on this sheet
        ["2023 자체평가", "R01", "Q1", "그렇다"],
        ["2023 자체평가", "R01", "Q4", "모르겠음"],
        ["2023 자체평가", "R01", "Q9", "5"],
    ]
    path = write_workbook(tmp_path / "41110_2023_long_bad.xlsx", {"설문문항": ITEMS, "설문응답": responses})
    sub = validate(path)
    found = [(p.row, p.column, p.rule) for p in errors(sub)]
    assert found == [(3, "응답", "bad_answer"), (4, "문항", "unknown_survey_item")]
    assert "예·아니오" in errors(sub)[0].reason_ko


def test_a_bad_sector_of_a_wide_row_is_reported_once_at_its_cell(tmp_path):
    wide = [["응답자", "구분", "Q1", "Q2"], ["R01", "민관", 5, 4]]
    path = write_workbook(tmp_path / "41110_2023_sector.xlsx", {"설문문항": ITEMS, "설문응답": wide})
    found = [(p.row, p.column, p.value) for p in errors(validate(path))]
    assert found == [(2, "구분", "민관")]


def test_respondents_written_as_names_are_a_warning(tmp_path):
    responses = [["조사명", "응답자", "문항번호", "응답"]] + [
        ["2023 자체평가", who, "Q1", "4"] for who in ("김민수", "이영희", "R03")
    ]
    path = write_workbook(tmp_path / "41110_2023_named.xlsx", {"설문문항": ITEMS, "설문응답": responses})
    problems = validate(path).problems
    assert [(p.row, p.rule, p.severity) for p in problems] == [(2, "named_respondent", WARNING)]
    assert "익명 ID" in problems[0].reason_ko and "2명" in problems[0].reason_ko
    assert not looks_like_name("복지분과") and not looks_like_name("응답자12")


@pytest.mark.parametrize("code, expected", [("I-1-1", []), ("I-9-9", [(3, "사업번호", "unknown_item")])])
def test_project_ratings_load_and_name_plan_items(tmp_path, code, expected):
    ratings = [
        ["사업번호", "평가단계", "평가결과", "평가주체"],
        ["I-1-1", "계획수립", "적절", "모니터링분과"],
        [code, "결과", "부적절", "모니터링분과"],
    ]
    path = write_workbook(tmp_path / "41110_2023_ratings.xlsx", {"시행계획": PLAN, "사업평가": ratings})
    sub = validate(path)
    assert [(p.row, p.column, p.rule) for p in errors(sub)] == expected
    frame = sub.tables["project_ratings"]
    assert frame["stage"].tolist() == ["계획수립", "결과확인"] and frame["rating"].tolist() == ["적절", "부적절"]


def test_a_rating_that_is_no_code_is_an_error_at_its_cell(tmp_path):
    ratings = [["사업번호", "평가단계", "평가결과"], ["I-1-1", "계획수립", "아주 좋음"]]
    path = write_workbook(tmp_path / "41110_2023_rating_code.xlsx", {"시행계획": PLAN, "사업평가": ratings})
    assert [(p.row, p.column, p.value) for p in errors(validate(path))] == [(2, "평가결과", "아주 좋음")]


def test_a_wide_sheet_of_respondents_and_items_only_is_found(tmp_path):
    wide = [["※ 온라인 설문 내보내기"], ["응답자", "Q1", "Q2", "Q3"], ["A-1", 4, 5, "보통"], ["A-2", 2, None, "적절"]]
    path = write_workbook(tmp_path / "41110_2023_ids.xlsx", {"설문문항": ITEMS, "설문응답": wide})
    sub = validate(path)
    assert errors(sub) == []
    frame = sub.tables["survey_responses"]
    assert len(frame) == 6 and frame["_row"].tolist() == [3, 3, 3, 4, 4, 4]
    assert frame["sector"].isna().all()
