"""Tests of the blank submission workbook written by :mod:`sabo_eval.intake.template`."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from sabo_eval.intake import parsing
from sabo_eval.intake.loaders import load_submission
from sabo_eval.intake.problems import ERROR
from sabo_eval.intake.schemas import SCHEMAS, SUBMISSION_INFO_FIELDS, SUBMISSION_INFO_SHEET
from sabo_eval.intake.template import (
    EXAMPLE_ROSTER_SHEET,
    EXAMPLE_SHEET,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    VALIDATION_LAST_ROW,
    dropdown_labels,
    write_template,
)
from sabo_eval.intake.validation import validate

MONTHS = [f"{m}월" for m in range(1, 13)]
LIST_REFERENCE = re.compile(r"'([^']+)'!\$([A-Z]+\$\d+):\$([A-Z]+\$\d+)")


def _labels(ws, formula: str) -> list[str]:
    """The labels of a list validation: its literal list, or the non-empty cells of the 목록 range it names."""
    found = LIST_REFERENCE.fullmatch(formula)
    if not found:
        assert formula.startswith('"') and formula.endswith('"'), formula
        return formula.strip('"').split(",")
    sheet, first, last = found.groups()
    assert sheet == LISTS_SHEET
    return [c.value for (c,) in ws.parent[sheet][f"{first}:{last}"] if c.value is not None]


def _dropdowns(ws) -> dict[str, list[str]]:
    """Map each column letter covered by a list validation to its labels."""
    out: dict[str, list[str]] = {}
    for dv in ws.data_validations.dataValidation:
        assert dv.type == "list"
        labels = _labels(ws, dv.formula1)
        for rng in dv.sqref.ranges:
            assert (rng.min_row, rng.max_row) == (2, VALIDATION_LAST_ROW)
            for col in range(rng.min_col, rng.max_col + 1):
                out[get_column_letter(col)] = labels
    return out


def _column_letter(ws, header: str) -> str:
    for cell in ws[1]:
        if cell.value == header:
            return cell.column_letter
    raise AssertionError(f"{ws.title} has no header {header!r}")


@pytest.fixture
def blank(tmp_path: Path) -> Path:
    return write_template(tmp_path / "서식.xlsx")


def test_sheet_names_and_order(blank: Path) -> None:
    wb = load_workbook(blank)
    expected = [
        INSTRUCTIONS_SHEET,
        SUBMISSION_INFO_SHEET,
        LISTS_SHEET,
        *(s.korean for s in SCHEMAS.values()),
        EXAMPLE_ROSTER_SHEET,
        EXAMPLE_SHEET,
    ]
    assert wb.sheetnames == expected
    assert EXAMPLE_ROSTER_SHEET == "출석부_예시분과"
    assert wb.active.title == "안내"


@pytest.mark.parametrize("table", list(SCHEMAS))
def test_headers_are_the_schema_korean_names(blank: Path, table: str) -> None:
    schema = SCHEMAS[table]
    ws = load_workbook(blank)[schema.korean]
    assert [c.value for c in ws[1]] == [c.korean for c in schema.columns]
    assert ws.max_row == 1  # no data rows
    assert ws.freeze_panes == "A2"
    assert all(c.font.bold for c in ws[1])


def test_roster_headers(blank: Path) -> None:
    ws = load_workbook(blank)[EXAMPLE_ROSTER_SHEET]
    assert [c.value for c in ws[1]] == ["위원ID", "위원명", *MONTHS]


def test_required_headers_are_marked_with_fill_and_help(blank: Path) -> None:
    wb = load_workbook(blank)
    members = wb["위원명단"]
    fills = {c.value: c.fill.fgColor.rgb for c in members[1]}
    assert fills["위원명"] != fills["해촉일"]  # required vs may-be-empty
    assert fills["위원명"] == fills["위촉일"]
    sector = members[f"{_column_letter(members, '구분')}1"]
    assert sector.comment is not None
    assert SCHEMAS["members"].column("sector").help_ko in sector.comment.text
    assert "필수" in sector.comment.text
    attendance = wb["회의참석"]
    status = attendance[f"{_column_letter(attendance, '참석여부')}1"]
    assert "○ 참석 / × 불참 / △ 대리 / ◇ 공가" in status.comment.text


def test_date_columns_have_a_date_format(blank: Path) -> None:
    ws = load_workbook(blank)["위원명단"]
    for header in ("위촉일", "해촉일"):
        assert ws.column_dimensions[_column_letter(ws, header)].number_format == "yyyy.mm.dd"
    assert ws.column_dimensions[_column_letter(ws, "위원ID")].number_format == "@"


def test_dropdowns_of_named_code_columns(blank: Path) -> None:
    wb = load_workbook(blank)
    members, meetings = wb["위원명단"], wb["회의목록"]
    m = _dropdowns(members)
    assert m[_column_letter(members, "구분")] == ["민", "관"]
    assert m[_column_letter(members, "협의체")] == ["대표", "실무", "분과", "동"]
    assert _dropdowns(meetings)[_column_letter(meetings, "협의체")] == ["대표", "실무", "분과", "동"]
    assert _dropdowns(meetings)[_column_letter(meetings, "회의구분")] == ["정기", "임시", "교육", "워크숍"]
    indicators = wb["성과지표"]
    assert _dropdowns(indicators)[_column_letter(indicators, "지표방향")] == ["상향", "하향"]
    attendance = wb["회의참석"]
    assert _dropdowns(attendance)[_column_letter(attendance, "참석여부")] == ["○", "×", "△", "◇"]
    plan = wb["시행계획"]
    assert _dropdowns(plan)[_column_letter(plan, "변경구분")] == ["유지", "신규", "폐지", "변경"]
    opinions = wb["모니터링의견"]
    assert _dropdowns(opinions)[_column_letter(opinions, "반영여부")] == [
        "반영", "부분반영", "미반영", "검토중", "중복"
    ]


def test_dropdowns_reject_other_values_with_korean_error(blank: Path) -> None:
    ws = load_workbook(blank)["위원명단"]
    for dv in ws.data_validations.dataValidation:
        assert dv.showErrorMessage
        assert dv.errorStyle in (None, "stop")
        assert any("\uac00" <= ch <= "\ud7a3" for ch in dv.error)


def test_roster_dropdown(blank: Path) -> None:
    ws = load_workbook(blank)[EXAMPLE_ROSTER_SHEET]
    dropdowns = _dropdowns(ws)
    assert sorted(dropdowns) == sorted(get_column_letter(j) for j in range(3, 15))
    assert all(labels == ["○", "×", "△", "◇", "-"] for labels in dropdowns.values())


def test_every_code_column_and_only_code_and_list_columns_have_a_loadable_dropdown(blank: Path) -> None:
    wb = load_workbook(blank)
    listed = {"subcommittee", "program", "measure"}  # fed by the 목록 sheet (test_template_lists.py)
    for schema in SCHEMAS.values():
        ws = wb[schema.korean]
        dropdowns = _dropdowns(ws)
        code_columns = {_column_letter(ws, c.korean): c for c in schema.columns if c.codes}
        list_columns = {_column_letter(ws, c.korean) for c in schema.columns if c.name in listed}
        assert set(dropdowns) == set(code_columns) | list_columns, schema.korean
        for letter, column in code_columns.items():
            labels = dropdowns[letter]
            assert labels == dropdown_labels(column)
            parsed = [parsing.parse_code(label, column.codes, column.korean) for label in labels]
            # One label per canonical code, each read back by the loader.
            assert sorted(parsed) == sorted(set(column.codes.values())), column.korean


def test_instructions_sheet(blank: Path) -> None:
    ws = load_workbook(blank)[INSTRUCTIONS_SHEET]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)
    for schema in SCHEMAS.values():
        assert schema.korean in text
        assert schema.description_ko in text
    for phrase in (
        "1개 시군구 × 1개 연도",
        "2023. 1. 19.(목)",
        "2023.01.19",
        "1,234명",
        "'-'",
        "소계",
        "○ 참석 / × 불참 / △ 대리 / ◇ 공가 / - 위원 아님",
        "출석부_<분과명>",
        SUBMISSION_INFO_SHEET,
    ):
        assert phrase in text, phrase
    # The column table lists every sheet/column with entry rule, kind and allowed values.
    table = {
        (r[0], r[1]): r[2:]
        for r in ws.iter_rows(values_only=True)
        if r[0] and r[1] and r[0] in {s.korean for s in SCHEMAS.values()}
    }
    for schema in SCHEMAS.values():
        for column in schema.columns:
            assert (schema.korean, column.korean) in table
    assert table[("위원명단", "구분")][:3] == ("필수", "코드", "민, 관")
    assert table[("위원명단", "해촉일")][:2] == ("선택", "날짜")
    assert table[("지역현황", "인구수")][1] == "정수"
    assert table[("예산", "계획예산")][1] == "숫자"
    assert table[("위원명단", "위원명")][1] == "텍스트"


def test_info_sheet_lists_every_field(blank: Path, tmp_path: Path) -> None:
    ws = load_workbook(blank)[SUBMISSION_INFO_SHEET]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("항목", "값")
    assert [r[0] for r in rows[1:]] == [label for _k, label, _kind, _req in SUBMISSION_INFO_FIELDS]
    assert all(r[1] is None for r in rows[1:])
    filled = load_workbook(write_template(tmp_path / "p.xlsx", year=2023, district_code="41110"))
    values = {r[0]: r[1] for r in filled[SUBMISSION_INFO_SHEET].iter_rows(min_row=2, values_only=True)}
    assert values["시군구코드"] == "41110"
    assert values["연도"] == 2023


def test_workbook_properties(blank: Path) -> None:
    props = load_workbook(blank).properties
    assert props.creator == "sabo_eval"
    assert props.title == "지역사회보장협의체 평가 자료 제출 서식"
    assert props.created == dt.datetime(2024, 1, 1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"district_code": "4111"}, "5자리"), ({"year": 1999}, "연도"), ({"year": "2023"}, "연도")],
)
def test_bad_arguments(tmp_path: Path, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        write_template(tmp_path / "x.xlsx", **kwargs)
    assert not (tmp_path / "x.xlsx").exists()


def test_blank_template_without_district_and_year_asks_for_them(blank: Path) -> None:
    sub = load_submission(blank)
    assert sorted(p.column for p in sub.problems) == ["시군구코드", "연도"]
    assert all(p.rule == "missing_submission_info" for p in sub.problems)


def test_blank_template_round_trip(blank: Path, tmp_path: Path) -> None:
    wb = load_workbook(blank)
    ws = wb[SUBMISSION_INFO_SHEET]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "시군구코드":
            row[1].value = "11110"
        elif row[0].value == "연도":
            row[1].value = 2023
    filled = tmp_path / "filled_info.xlsx"
    wb.save(filled)
    for path in (filled, write_template(tmp_path / "prefilled.xlsx", year=2023, district_code="11110")):
        sub = validate(path)
        assert [p.rule for p in sub.problems] == ["no_data"]  # a blank template is readable but holds nothing
        assert (sub.district_code, sub.year) == ("11110", 2023)
        assert set(sub.tables) == set(SCHEMAS)
        for name, frame in sub.tables.items():
            assert frame.empty, name
            assert list(frame.columns[: len(SCHEMAS[name].columns)]) == SCHEMAS[name].column_names


#: One valid row per sheet, by Korean header.
ROWS: dict[str, dict[str, object]] = {
    "지역현황": {
        "시군구코드": "11110", "시군구명": "종로구", "시도": "서울특별시",
        "인구수": "141,060명", "65세이상인구": 28123, "읍면동수": 17,
    },
    "위원명단": {
        "시군구코드": "11110", "위원ID": "M01", "위원명": "김범수", "구분": "민", "협의체": "분과",
        "분과": "예시분과", "직위": "위원", "위촉일": "2023. 1. 2.(월)", "해촉일": "-",
    },
    "회의목록": {
        "시군구코드": "11110", "회의ID": "R01", "협의체": "분과", "분과": "예시분과",
        "개최일": "2023.01.19", "회의구분": "정기",
    },
    "회의참석": {"시군구코드": "11110", "회의ID": "R01", "위원ID": "M01", "참석여부": "○"},
    "시행계획": {
        "시군구코드": "11110", "계획기수": "제5기", "전략체계": "전략체계Ⅰ", "추진전략": "돌봄",
        "중점사업": "통합돌봄", "사업번호": "I-1-1", "세부사업명": "통합돌봄 전달체계 구축",
        "담당부서": "복지정책과", "팀": None, "변경구분": "신규",
    },
    "성과지표": {
        "시군구코드": "11110", "연도": 2023, "사업번호": "I-1-1", "성과지표명": "돌봄 대상자 수",
        "단위": "명", "지표방향": "상향", "기준치": 1000, "목표": "1,200명", "실적": "1,300명",
    },
    "예산": {
        "시군구코드": "11110", "연도": 2023, "사업번호": "I-1-1",
        "계획예산": "1,000", "변경예산": None, "집행액": 900,
    },
    "모니터링의견": {
        "시군구코드": "11110", "연도": 2023, "사업번호": "I-1-1", "모니터링분과": "예시분과",
        "모니터링의견": "성과지표 보완 필요", "부서의견": "반영하겠습니다", "반영여부": "반영",
    },
    "서비스실적": {
        "시군구코드": "11110", "연도": 2023, "월": 1, "동": "청운효자동",
        "사업": "돌봄SOS", "항목": "일시재가", "실적": "12명",
    },
    "토론기록": {
        "시군구코드": "11110", "연도": 2023, "행사명": "민관협력 워크숍", "일자": "2023.06.15", "번호": 1,
        "주제번호": 1, "주제": "역할은?", "조": "1조", "지역": "종로구", "구분": "민", "유형": "역할",
        "내용": "사각지대 발굴", "쌍번호": None,
    },
    "설문문항": {
        "시군구코드": "11110", "연도": 2023, "조사명": "2023 자체평가", "문항번호": "Q1", "영역": "협의체 운영",
        "문항": "회의가 정기적으로 열렸다", "척도": "5점",
    },
    "설문응답": {
        "시군구코드": "11110", "연도": 2023, "조사명": "2023 자체평가", "응답자": "R001", "구분": "민",
        "소속": "예시분과", "문항번호": "Q1", "응답": "매우 그렇다",
    },
    "사업평가": {
        "시군구코드": "11110", "연도": 2023, "사업번호": "I-1-1", "평가단계": "계획수립", "평가결과": "적절",
        "평가주체": "예시분과",
    },
}


def test_filled_template_validates(tmp_path: Path) -> None:
    wb = load_workbook(write_template(tmp_path / "blank.xlsx", year=2023, district_code="11110"))
    assert set(ROWS) == {s.korean for s in SCHEMAS.values()}
    for sheet, values in ROWS.items():
        ws = wb[sheet]
        headers = [c.value for c in ws[1]]
        assert sorted(values) == sorted(headers), sheet
        ws.append([values[h] for h in headers])
    # A second meeting, recorded in the example roster instead of 회의참석.
    meetings = wb["회의목록"]
    meetings.append(["11110", "R02", "분과", "예시분과", dt.date(2023, 2, 16), "임시"])
    wb[EXAMPLE_ROSTER_SHEET].append(["M01", "김범수", "-", "△", *["-"] * 10])
    path = tmp_path / "11110_2023_filled.xlsx"
    wb.save(path)

    sub = validate(path)
    assert [p for p in sub.problems if p.severity == ERROR] == []
    assert sub.problems == []
    counts = {name: len(frame) for name, frame in sub.tables.items()}
    assert counts == {name: 2 if name in ("meetings", "attendance") else 1 for name in SCHEMAS}
    member = sub.tables["members"].iloc[0]
    assert (member["sector"], member["body"], member["joined_on"]) == ("private", "subcommittee", dt.date(2023, 1, 2))
    assert member["left_on"] is None
    attendance = sub.tables["attendance"].set_index("meeting_id")["status"].to_dict()
    assert attendance == {"R01": "attended", "R02": "proxy"}
    assert sub.tables["indicators"].iloc[0]["target"] == 1200.0
    assert sub.tables["services"].iloc[0]["value"] == 12.0


def test_the_template_holds_no_formula_and_every_text_is_a_string_cell(blank: Path) -> None:
    import re
    import zipfile

    with zipfile.ZipFile(blank) as archive:
        parts = {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    assert not any(re.search(r"<(?:\w+:)?f[\s>/]", text) for text in parts.values())
    assert not any(re.search(r"<(?:\w+:)?definedName[\s>]", text) for text in parts.values())
    wb = load_workbook(blank)
    texts = [c for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert len(texts) > 100 and all(c.data_type == "s" for c in texts)
    dash = [c for c in texts if c.value.startswith("-")]
    assert all(c.quotePrefix for c in dash)
    formulas = [dv.formula1 for ws in wb for dv in ws.data_validations.dataValidation]
    literal = [f for f in formulas if not LIST_REFERENCE.fullmatch(f)]
    assert literal and all(f.startswith('"') and f.endswith('"') and len(f) <= 255 for f in literal)
    # The other dropdowns only name a range of the 목록 sheet, which holds text cells alone.
    assert {LIST_REFERENCE.fullmatch(f).group(1) for f in formulas if f not in literal} == {LISTS_SHEET}
