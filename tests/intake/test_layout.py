"""Layout: titles and notes set aside, group headers keep their unit, unknown columns counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from sabo_eval.intake.loaders import load_submission

FILES = Path(__file__).resolve().parents[1] / "corpus" / "real" / "files"


def _load(name: str):
    path = FILES / name
    if not path.exists():
        pytest.skip("run tests/corpus/real/build_real_corpus.py first")
    return load_submission(path)


def test_title_and_note_rows_above_the_header_are_set_aside_not_lost():
    sub = _load("layout_plan_title_and_note.xlsx")
    plan = [entry for entry in sub.set_aside if entry[0] == "시행계획"]
    assert [(row, kind) for _s, row, kind, _t in plan] == [(1, "title"), (2, "note")]
    assert plan[0][3].startswith("2023년 수원시")
    assert not [p for p in sub.problems if p.sheet == "시행계획"]


def test_the_sample_unit_note_is_set_aside():
    sub = _load("baseline_suwon_2023.xlsx")
    assert ("예산", 1, "note", "※ 단위: 천원") in sub.set_aside


def test_a_note_below_the_table_is_set_aside():
    sub = _load("layout_plan_note_below.xlsx")
    assert any(kind == "note" and text.startswith("※ 자료") for _s, _r, kind, text in sub.set_aside)


def test_a_group_header_keeps_its_unit_in_the_written_header():
    sub = _load("layout_budget_two_row_header.xlsx")
    assert sub.headers[("budget", "planned")] == "계획예산(천원)"
    assert sub.headers[("budget", "executed")] == "집행(천원)"


def test_an_unknown_column_warning_counts_the_values_not_read():
    sub = _load("layout_opinions_published.xlsx")
    unknown = {p.column: p for p in sub.problems if p.rule == "unknown_column"}
    assert set(unknown) == {"전략", "세부사업명", "담당부서", "팀"}
    assert "7" in unknown["팀"].reason_ko and "7 values" in unknown["팀"].reason_en


def test_a_title_with_its_unit_note_is_set_aside_without_a_warning():
    sub = _load("layout_indicators_title_with_unit.xlsx")
    assert ("성과지표", 1, "title", "2023년 성과지표 실적 (단위: 지표별)") in sub.set_aside
    assert not [p for p in sub.problems if p.rule == "above_header"]


def test_info_labels_with_colons_are_read():
    sub = _load("layout_info_colon_labels.xlsx")
    assert (sub.district_code, sub.year, sub.info["budget_unit"]) == ("41110", 2023, "천원")
    assert not [p for p in sub.problems if p.sheet == "제출정보"]


@pytest.mark.parametrize("name", ["layout_budget_two_row_header.xlsx", "layout_budget_group_over_full_names.xlsx"])
def test_a_two_row_header_is_read_whole(name):
    sub = _load(name)
    assert ("예산", 1, "note", "※ 단위: 천원") in sub.set_aside
    assert not [p for p in sub.problems if p.sheet == "예산"]
    assert sub.tables["budget"]["_row"].min() == 4


def test_values_under_no_header_are_named_with_their_count():
    sub = _load("layout_plan_unnamed_column.xlsx")
    (problem,) = [p for p in sub.problems if p.rule == "unnamed_column"]
    assert (problem.sheet, problem.row, problem.column, problem.value) == ("시행계획", 4, "K열", "부서 확인 필요")
    assert "2개" in problem.reason_ko and "2 values" in problem.reason_en


def test_a_form_like_info_sheet_is_read_with_its_title_set_aside():
    sub = _load("layout_info_form_boxes.xlsx")
    assert (sub.district_code, sub.year, sub.info["budget_unit"]) == ("41110", 2023, "천원")
    assert ("제출정보", 1, "title", "지역사회보장협의체 평가 자료 제출정보") in sub.set_aside
    assert not [p for p in sub.problems if p.sheet == "제출정보"]


def test_an_info_row_without_a_known_label_is_named():
    sub = _load("layout_info_contact_row.xlsx")
    (problem,) = [p for p in sub.problems if p.rule == "unknown_info_row"]
    assert problem.value == "담당자 | 김지원 | 연락처 | 031-228-0000"


def test_a_unit_row_under_the_header_is_kept_in_the_written_headers():
    sub = _load("layout_budget_unit_row.xlsx")
    assert sub.headers[("budget", "planned")] == "계획예산(천원)"
    assert sub.tables["budget"]["_row"].min() == 4


def test_a_header_like_row_above_the_header_is_part_of_it_not_a_stray_row():
    sub = _load("layout_budget_group_written_once.xlsx")
    assert not [p for p in sub.problems if p.sheet == "예산"]
    assert ("예산", 1, "note", "※ 단위: 천원") in sub.set_aside
