"""Service rows: year rows beside monthly rows, month labels, months as columns, unused items, accounting."""

from __future__ import annotations

import copy

import pandas as pd
from fixtures import build_fixtures  # tests/fixtures/build_fixtures.py

from sabo_eval.intake.accounting import accounting_lines
from sabo_eval.intake.services_layout import month_of_label
from sabo_eval.intake.services_years import unused_service_items
from sabo_eval.intake.validation import validate

HEAD = ["시군구코드", "연도", "월", "동", "사업", "항목", "실적"]


def _write(tmp_path, rows):
    sheets = copy.deepcopy(build_fixtures.BASE)
    sheets["서비스실적"] = rows
    return build_fixtures.write_workbook(tmp_path / "11110_2023.xlsx", sheets, build_fixtures.MERGES)


def _monthly(months=(1, 2, 3), values=(10, 20, 30), label=None):
    rows = [["11110", 2023, label(m) if label else m, None, "보편방문-65세", "대상인원", v] for m, v in zip(months, values, strict=True)]
    return [HEAD, *rows]


def test_month_labels():
    assert [month_of_label(v) for v in ("1월", "01월", "12월", "계", "합 계", "연간", "13월", "1~6월", 3)] == [
        1, 1, 12, "year", "year", "year", None, None, None,
    ]


def test_a_year_row_equal_to_its_months_is_set_aside(tmp_path):
    sub = validate(_write(tmp_path, [*_monthly(), ["11110", 2023, "계", None, "보편방문-65세", "대상인원", "60"]]))
    assert [p for p in sub.problems if p.severity == "error"] == []
    assert sorted(sub.tables["services"]["value"]) == [10.0, 20.0, 30.0]
    assert [kind for _sheet, _row, kind, _text in sub.set_aside if kind not in ("note", "title")] == ["year_total"]
    account = next(a for a in sub.accounting if a.sheet == "서비스실적")
    assert (account.loaded, account.totals, account.n_ignored) == (3, 1, 0)


def test_a_year_row_that_is_not_the_sum_is_an_error_naming_both(tmp_path):
    sub = validate(_write(tmp_path, [*_monthly(), ["11110", 2023, None, None, "보편방문-65세", "대상인원", 70]]))
    (problem,) = [p for p in sub.problems if p.rule == "service_year_total_mismatch"]
    assert (problem.row, problem.column, problem.value) == (5, "실적", "70")
    assert "60" in problem.reason_ko and "2–4행" in problem.reason_ko and "3 month(s)" in problem.reason_en


def test_months_written_as_text_are_months(tmp_path):
    sub = validate(_write(tmp_path, _monthly(label=lambda m: f"{m}월")))
    assert [p for p in sub.problems if p.severity == "error"] == []
    assert list(sub.tables["services"]["month"]) == [1, 2, 3]


def test_months_as_columns_are_reshaped_and_the_year_column_checked(tmp_path):
    rows = [
        ["사업", "항목", "1월", "2월", "3월", "계"],
        ["보편방문-65세", "대상인원", 10, 20, 30, 60],
        ["보편방문-65세", "상담인원", 5, None, 5, 11],
        ["돌봄SOS", "일시재가", None, None, None, "1,200"],
        ["돌봄SOS", "단기시설", None, None, None, None],
    ]
    sub = validate(_write(tmp_path, rows))
    services = sub.tables["services"]
    assert list(zip(services["month"], services["measure"], services["value"], strict=True)) == [
        (1, "대상인원", 10.0), (2, "대상인원", 20.0), (3, "대상인원", 30.0),
        (1, "상담인원", 5.0), (3, "상담인원", 5.0), (None, "일시재가", 1200.0),
    ]
    errors = [(p.rule, p.row, p.column) for p in sub.problems if p.severity == "error"]
    assert errors == [("service_year_total_mismatch", 3, "계")]
    assert [(p.rule, p.row) for p in sub.problems if p.rule == "service_row_without_values"] == [("service_row_without_values", 5)]


def test_unused_items_are_listed_by_name():
    services = pd.DataFrame({"program": ["돌봄SOS", "복지상담", "복지상담"], "measure": ["일시재가", "상담건수", "상담건수"]})
    assert unused_service_items(services) == [("복지상담", "상담건수", 2)]


def test_accounting_line_names_ignored_rows_and_why(tmp_path):
    sub = validate(_write(tmp_path, _monthly()))
    lines = accounting_lines(sub.accounting)
    assert len(lines) == len(sub.accounting) and all(" / loaded " in line for line in lines)


def test_a_district_year_row_beside_monthly_rows_per_dong_is_their_total(tmp_path):
    rows = [
        HEAD,
        ["11110", 2023, 1, "청운효자동", "보편방문-65세", "대상인원", 10],
        ["11110", 2023, 1, "사직동", "보편방문-65세", "대상인원", 5],
        ["11110", 2023, None, None, "보편방문-65세", "대상인원", 16],
    ]
    sub = validate(_write(tmp_path, rows))
    assert [(p.rule, p.row) for p in sub.problems if p.severity == "error"] == [("service_year_total_mismatch", 4)]


def test_sheets_not_read_are_accounted_for_with_the_reason(tmp_path):
    sheets = copy.deepcopy(build_fixtures.BASE)
    sheets["안내"] = [["이 시트는 작성 방법입니다"], ["1. 월은 숫자로"]]
    sheets["메모"] = [["담당자 메모"]]
    sub = validate(build_fixtures.write_workbook(tmp_path / "11110_2023.xlsx", sheets, build_fixtures.MERGES))
    by_sheet = {a.sheet: a for a in sub.accounting}
    assert by_sheet["안내"].ignored == {"instructions": 2} and by_sheet["메모"].ignored == {"unknown": 1}
    lines = accounting_lines(sub.accounting)
    assert any("안내: 적재 0행" in line and "무시 2행(안내 시트 2)" in line and "instruction sheet 2" in line for line in lines)
