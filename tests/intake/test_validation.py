"""Tests of sabo_eval.intake.validation (and the problem table): one bad fixture per rule."""

from __future__ import annotations

import copy
import functools
import re
from pathlib import Path

import pandas as pd
import pytest
from fixtures import build_fixtures  # tests/fixtures/build_fixtures.py

from sabo_eval.intake.loaders import load_submission
from sabo_eval.intake.problems import (
    ERROR,
    WARNING,
    Problem,
    format_problems,
    has_errors,
    problems_table,
)
from sabo_eval.intake.validation import validate, validate_submission

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOOD = FIXTURES / "good"
BAD_DIR = FIXTURES / "bad"
HANGUL = re.compile("[\uac00-\ud7a3]")
LATIN_WORD = re.compile("[A-Za-z]{3,}")


BAD = build_fixtures.BAD

#: (name, expected rule, expected sheet) for every single-rule bad fixture.
RULE_CASES = [
    (name, rule, sheet) for name, (_change, rule, sheet) in BAD.items() if rule is not None
]

#: Rules about a whole sheet or the submission, not about one row.
SHEET_LEVEL_RULES = {"missing_submission_info", "header_not_found"}

#: Where each bad fixture's problem is: (Excel row, column header as written).
EXPECTED_LOCATION = {
    "wrong_header": (1, "위언명"),
    "text_in_count": (3, "인구수"),
    "negative_count": (6, "실적"),
    "unknown_member_roster": (6, "위원ID"),
    "unknown_member_long": (3, "위원ID"),
    "unknown_meeting_long": (3, "회의ID"),
    "unknown_meeting_roster": (1, "5월"),
    "duplicate_member_id": (7, "위원ID"),
    "duplicate_header": (1, "개최일자"),
    "unknown_item": (5, "사업번호"),
    "outside_tenure": (5, "2월"),
    "left_before_joined": (4, "해촉일"),
    "bad_date": (2, "개최일"),
    "not_a_date": (2, "위촉일"),
    "bad_code": (2, "구분"),
    "bad_mark": (2, "1월"),
    "empty_required": (2, "세부사업명"),
    "total_mismatch": (6, "집행액"),
    "service_total_mismatch": (4, "실적"),
    "wrong_district": (3, "시군구코드"),
    "wrong_year": (2, "연도"),
    "bad_district_code": (2, "시군구코드"),
    "missing_year": (None, "연도"),
    "no_header": (None, ""),
    "duplicate_mark_long": (3, "위원ID"),
    "duplicate_mark_roster_and_long": (2, "위원ID"),
    "two_meetings_one_month_roster": (1, "3월"),
    "numerator_above_denominator": (6, "실적"),
}


@functools.cache
def validated(path: Path):
    """Validate a fixture once per session (tests only read the result)."""
    return validate(path)


def errors_of(sub, rule: str, sheet: str) -> list[Problem]:
    return [p for p in sub.problems if p.severity == ERROR and p.rule == rule and p.sheet == sheet]


# --------------------------------------------------------------------------- good fixtures


@pytest.mark.parametrize(
    "path",
    [
        GOOD / "11110_2023_minimal.xlsx",
        GOOD / "11110_2023_csv_cp949",
        GOOD / "11110_2023_csv_utf8bom",
        GOOD / "11110_2023_csv_utf8",
    ],
    ids=lambda p: p.name,
)
def test_good_fixtures_have_no_errors(path):
    sub = validated(path)
    assert not has_errors(sub.problems), format_problems(sub.problems)
    assert sub.problems == []


def test_validate_submission_returns_the_submission_problems():
    sub = load_submission(BAD_DIR / "text_in_count.xlsx")
    loading = list(sub.problems)
    result = validate_submission(sub)
    assert result is sub.problems
    assert result[: len(loading)] == loading  # loading problems are kept, first


# --------------------------------------------------------------------------- one rule per fixture


def test_every_bad_fixture_is_committed_and_located():
    assert {p.stem for p in BAD_DIR.glob("*.xlsx")} == set(BAD)
    assert set(EXPECTED_LOCATION) == {name for name, _rule, _sheet in RULE_CASES}


@pytest.mark.parametrize(("name", "rule", "sheet"), RULE_CASES, ids=[c[0] for c in RULE_CASES])
def test_bad_fixture_reports_its_rule(name, rule, sheet):
    sub = validated(BAD_DIR / f"{name}.xlsx")
    found = errors_of(sub, rule, sheet)
    assert found, format_problems(sub.problems)
    for problem in found:
        assert problem.file == f"{name}.xlsx"
        assert HANGUL.search(problem.reason_ko), problem.reason_ko
        assert LATIN_WORD.search(problem.reason_en), problem.reason_en
        assert problem.reason_ko != problem.reason_en
        if rule in SHEET_LEVEL_RULES:
            assert problem.row is None
        else:
            assert isinstance(problem.row, int) and problem.row >= 1


@pytest.mark.parametrize(("name", "location"), sorted(EXPECTED_LOCATION.items()))
def test_bad_fixture_problem_location(name, location):
    _change, rule, sheet = BAD[name]
    sub = validated(BAD_DIR / f"{name}.xlsx")
    locations = [(p.row, p.column) for p in errors_of(sub, rule, sheet)]
    assert location in locations


@pytest.mark.parametrize(("name", "rule", "sheet"), RULE_CASES, ids=[c[0] for c in RULE_CASES])
def test_committed_bad_fixture_matches_its_builder(tmp_path, name, rule, sheet):
    """Rebuilding the fixture from BAD gives the same problems as the committed file."""
    change = BAD[name][0]
    rebuilt = build_fixtures.write_workbook(
        tmp_path / f"{name}.xlsx", build_fixtures.variant(change), build_fixtures.MERGES
    )

    def key(p):
        return (p.sheet, p.row, p.column, p.value, p.rule, p.severity)

    assert sorted(map(key, validate(rebuilt).problems), key=repr) == sorted(
        map(key, validated(BAD_DIR / f"{name}.xlsx").problems), key=repr
    )


@pytest.mark.parametrize(
    ("name", "published", "observed"),
    [("total_mismatch", "15,000", "15,600"), ("service_total_mismatch", "2,500", "2,000")],
)
def test_total_mismatch_reports_both_numbers(name, published, observed):
    sub = validated(BAD_DIR / f"{name}.xlsx")
    (problem,) = [p for p in sub.problems if p.rule == "total_mismatch"]
    for reason in (problem.reason_ko, problem.reason_en):
        assert published in reason and observed in reason
    assert problem.value == published


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("unknown_member_roster", "M99", ("위원명단",)),
        ("unknown_item", "Z-9-9", ("시행계획",)),
        ("duplicate_member_id", "M03", ("4행",)),  # names the first occurrence
        ("duplicate_header", "개최일자", ("개최일",)),
        ("bad_code", "기타", ("민", "관")),
        ("text_in_count", "많음", ("많음",)),
        ("wrong_district", "11140", ("11110",)),
        ("wrong_year", "2022", ("2023",)),
    ],
)
def test_problem_value_and_reason(name, value, words):
    _change, rule, sheet = BAD[name]
    (problem,) = errors_of(validated(BAD_DIR / f"{name}.xlsx"), rule, sheet)
    assert problem.value == value
    for word in words:
        assert word in problem.reason_ko


# --------------------------------------------------------------------------- four problems at once

FOUR = {
    ("missing_column", "위원명단", 1, "위언명"),
    ("bad_int", "지역현황", 3, "인구수"),
    ("unknown_member", "출석부_연구기획분과", 6, "위원ID"),
    ("duplicate_key", "위원명단", 7, "위원ID"),
}


def test_four_problems_are_all_listed():
    sub = validated(BAD_DIR / "four_problems.xlsx")
    got = {(p.rule, p.sheet, p.row, p.column) for p in sub.problems}
    assert got == FOUR, format_problems(sub.problems)
    assert len(sub.problems) == 4
    assert all(p.severity == ERROR for p in sub.problems)


@pytest.mark.parametrize(
    ("rule", "value", "in_reason"),
    [
        ("missing_column", "위언명", "위언명"),  # names the header as written
        ("bad_int", "많음", "많음"),
        ("unknown_member", "M99", "위원명단"),
        ("duplicate_key", "M03", "M03"),
    ],
)
def test_four_problems_details(rule, value, in_reason):
    sub = validated(BAD_DIR / "four_problems.xlsx")
    (problem,) = [p for p in sub.problems if p.rule == rule]
    assert problem.value == value
    assert in_reason in problem.reason_ko
    assert LATIN_WORD.search(problem.reason_en)


def test_missing_column_names_the_expected_header_too():
    sub = validated(BAD_DIR / "four_problems.xlsx")
    (problem,) = [p for p in sub.problems if p.rule == "missing_column"]
    assert "'위원명'" in problem.reason_ko
    assert "'위언명'" in problem.reason_en and "name" in problem.reason_en


# --------------------------------------------------------------------------- subtotals


def _services_with_subtotals(second_subtotal: int) -> dict:
    sheets = copy.deepcopy(build_fixtures.BASE)
    sheets["서비스실적"] = [
        ["시군구코드", "연도", "월", "동", "사업", "항목", "실적"],
        ["11110", 2023, None, None, "돌봄SOS", "일시재가", 1200],
        ["11110", 2023, None, None, "돌봄SOS", "식사지원", 800],
        ["11110", 2023, None, None, "돌봄SOS", "소계", 2000],
        ["11110", 2023, None, None, "보편방문-65세", "대상인원", 3000],
        ["11110", 2023, None, None, "보편방문-65세", "상담인원", 2100],
        ["11110", 2023, None, None, "보편방문-65세", "소 계", second_subtotal],
        ["11110", 2023, None, None, None, "합 계", 7100],
    ]
    return sheets


@pytest.mark.parametrize(
    ("second_subtotal", "expected"),
    [(5100, set()), (5000, {(7, "실적", "5,000")})],
    ids=["consistent", "wrong-subtotal"],
)
def test_subtotals_and_grand_total(tmp_path, second_subtotal, expected):
    path = build_fixtures.write_workbook(
        tmp_path / "11110_2023.xlsx",
        _services_with_subtotals(second_subtotal),
        build_fixtures.MERGES,
    )
    sub = validate(path)
    assert len(sub.tables["services"]) == 4  # 소계/합계 rows are not data
    assert [t.kind for t in sub.totals if t.table == "services"] == [
        "subtotal",
        "subtotal",
        "total",
    ]
    mismatches = {(p.row, p.column, p.value) for p in sub.problems if p.rule == "total_mismatch"}
    assert mismatches == expected
    assert [p for p in sub.problems if p.rule != "total_mismatch"] == []


# --------------------------------------------------------------------------- problem table

KOREAN_HEADERS = ["수준", "파일", "시트", "행", "열", "값", "사유", "reason", "규칙"]


def _problem(sheet, row, severity=ERROR, rule="bad_int"):
    return Problem(
        "f.xlsx", sheet, row, "인구수", "많음", "숫자가 아닙니다", "not a number", rule, severity
    )


def test_problems_table_has_korean_headers():
    table = problems_table(validated(BAD_DIR / "four_problems.xlsx").problems)
    assert list(table.columns) == KOREAN_HEADERS
    assert len(table) == 4
    assert set(table["수준"]) == {"오류"}
    assert set(table["규칙"]) == {rule for rule, *_ in FOUR}
    assert set(table["파일"]) == {"four_problems.xlsx"}


def test_problems_table_orders_by_sheet_and_row():
    problems = [_problem("B", 5), _problem("A", 9), _problem("B", None), _problem("B", 2, WARNING)]
    table = problems_table(problems)
    assert list(table["시트"]) == ["A", "B", "B", "B"]
    assert [None if pd.isna(v) else int(v) for v in table["행"]] == [9, None, 2, 5]
    assert list(table["수준"]) == ["오류", "오류", "경고", "오류"]


def test_problems_table_empty():
    table = problems_table([])
    assert list(table.columns) == KOREAN_HEADERS
    assert table.empty


def test_format_problems_renders_a_table():
    text = format_problems(validated(BAD_DIR / "four_problems.xlsx").problems)
    lines = text.splitlines()
    assert sum(line.startswith("오류") for line in lines) == 4  # one entry per problem (reasons may wrap)
    for header in ("수준", "시트", "행", "열", "값", "사유"):
        assert header in lines[0]
    for expected in ("위언명", "M99", "많음", "duplicate_key", "출석부_연구기획분과"):
        assert expected in text
    assert re.search(r"\b6\b", text) and ".0" not in text  # row numbers as integers


def test_format_problems_when_there_are_none():
    assert format_problems([]) == "문제가 없습니다 / no problems found"


@pytest.mark.parametrize(
    ("severities", "expected"),
    [([], False), ([WARNING], False), ([WARNING, ERROR], True), ([ERROR], True)],
)
def test_has_errors(severities, expected):
    assert has_errors([_problem("A", 1, s) for s in severities]) is expected


@pytest.mark.parametrize(
    ("row", "column", "expected"),
    [(3, "인구수", "f.xlsx › 지역현황 › 3행 › 인구수"), (None, "", "f.xlsx › 지역현황")],
    ids=["cell", "sheet"],
)
def test_problem_location(row, column, expected):
    problem = Problem("f.xlsx", "지역현황", row, column, "", "사유", "reason", "rule")
    assert problem.location == expected


def test_missing_member_id_column_does_not_flood_references(tmp_path):
    """One wrong key header gives one error, not one per attendance row."""
    sheets = build_fixtures.variant(build_fixtures._set("위원명단", 0, 1, "위원번호X"))
    sheets["출석부_연구기획분과"].append(["M99", "홍길동", "○", "○", "○"])
    path = build_fixtures.write_workbook(tmp_path / "wrong_id_header.xlsx", sheets, build_fixtures.MERGES)
    errors = [p for p in validate(path).problems if p.severity == "error"]
    assert sorted(p.rule for p in errors) == ["missing_column", "unknown_member"]
    unknown = next(p for p in errors if p.rule == "unknown_member")
    assert (unknown.sheet, unknown.row, unknown.value) == ("출석부_연구기획분과", 6, "홍길동")
