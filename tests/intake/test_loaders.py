"""Tests of sabo_eval.intake.loaders: every input shape of DESIGN §3 through load_submission."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from fixtures import build_fixtures  # tests/fixtures/build_fixtures.py

from sabo_eval.errors import SubmissionError
from sabo_eval.intake.loaders import find_submissions, load_submission, read_raw_sheets
from sabo_eval.intake.schemas import SCHEMAS, normalise_header, schema_for_sheet

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOOD = FIXTURES / "good"
GOOD_XLSX = GOOD / "11110_2023_minimal.xlsx"
CSV_FOLDERS = {
    "cp949": GOOD / "11110_2023_csv_cp949",
    "utf-8-sig": GOOD / "11110_2023_csv_utf8bom",
    "utf-8": GOOD / "11110_2023_csv_utf8",
}
PROVENANCE = ["_sheet", "_row", "_seq", "_invalid", "_column"]
HANGUL = re.compile("[\uac00-\ud7a3]")




@pytest.fixture(scope="module")
def good():
    """The committed minimal workbook, loaded once."""
    return load_submission(GOOD_XLSX)


def canonical(frame: pd.DataFrame) -> pd.DataFrame:
    """A table without its provenance columns, for comparing sources."""
    return frame.drop(columns=[c for c in PROVENANCE if c in frame]).reset_index(drop=True)


def assert_same_tables(left, right) -> None:
    assert set(left.tables) == set(right.tables) == set(SCHEMAS)
    for name in SCHEMAS:
        pd.testing.assert_frame_equal(
            canonical(left.tables[name]), canonical(right.tables[name]), obj=name
        )


def row_of(sub, table: str, **where) -> dict:
    """The one record of ``table`` matching ``where``."""
    frame = sub.tables[table]
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    rows = frame[mask].to_dict("records")
    assert len(rows) == 1, f"{table} {where}: {len(rows)} rows"
    return rows[0]


# --------------------------------------------------------------------------- CSV = xlsx


@pytest.mark.parametrize("encoding", sorted(CSV_FOLDERS))
def test_csv_folders_are_really_in_their_encoding(encoding):
    data = (CSV_FOLDERS[encoding] / "위원명단.csv").read_bytes()
    if encoding == "cp949":
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        assert "위원명" in data.decode("cp949")
    else:
        assert data.startswith(b"\xef\xbb\xbf") is (encoding == "utf-8-sig")
        assert "위원명" in data.decode(encoding)


@pytest.mark.parametrize("encoding", sorted(CSV_FOLDERS))
def test_csv_folder_gives_the_same_tables_as_xlsx(good, encoding):
    sub = load_submission(CSV_FOLDERS[encoding])
    assert sub.problems == []
    assert (sub.district_code, sub.year) == (good.district_code, good.year) == ("11110", 2023)
    assert sub.info == good.info
    assert_same_tables(sub, good)
    for name in SCHEMAS:
        assert len(sub.tables[name]) == len(good.tables[name]), name
        assert len(good.tables[name]) > 0 or name in NOT_IN_FIXTURE, name


#: Tables the good fixture leaves out (토론기록: tests/analysis/test_discussions.py; the self-evaluation survey and ratings: tests/intake/test_survey_intake.py).
NOT_IN_FIXTURE = {"discussion_rows", "survey_items", "survey_responses", "project_ratings"}


@pytest.mark.parametrize("encoding", sorted(CSV_FOLDERS))
def test_csv_folder_keeps_published_totals_aside(good, encoding):
    sub = load_submission(CSV_FOLDERS[encoding])

    def key(t):
        return (t.table, t.sheet, t.kind, t.label, t.values, t.context)

    assert [key(t) for t in sub.totals] == [key(t) for t in good.totals]


def test_xlsx_tables_have_provenance_columns(good):
    for name, schema in SCHEMAS.items():
        frame = good.tables[name]
        assert list(frame.columns[: len(schema.column_names)]) == schema.column_names
        for column in ("_sheet", "_row", "_seq", "_invalid"):
            assert column in frame, (name, column)


# --------------------------------------------------------------------------- English headers


def _english_sheets(english_sheet_names: bool) -> dict[str, list[list[object]]]:
    """BASE with every header written as the canonical English column name."""
    sheets = copy.deepcopy(build_fixtures.BASE)
    for name, rows in sheets.items():
        schema = schema_for_sheet(name)
        if schema is None:
            continue
        if name == "예산":  # one header row instead of the merged two
            rows[:2] = [["item_code", "planned", "revised", "executed"]]
            continue
        header_map = schema.header_map()
        i = next(
            i for i, r in enumerate(rows) if sum(normalise_header(c) in header_map for c in r) >= 2
        )
        rows[i] = [header_map[normalise_header(c)] for c in rows[i]]
    sheets["출석부_연구기획분과"][0][:2] = ["member_id", "name"]
    sheets["제출정보"] = [
        ["key", "value"],
        ["district_code", "11110"],
        ["year", 2023],
        ["budget_unit", "천원"],
        ["evaluation_date", "2023. 12. 31.(일)"],
    ]
    if english_sheet_names:
        renamed = {}
        for name, rows in sheets.items():
            schema = schema_for_sheet(name)
            if name == "제출정보":
                renamed["submission"] = rows
            elif schema is not None:
                renamed[schema.name] = rows
            else:
                renamed["roster_research"] = rows
        sheets = renamed
    return sheets


@pytest.mark.parametrize(
    "english_sheet_names", [False, True], ids=["korean-sheets", "english-sheets"]
)
def test_english_headers_give_the_same_tables(good, tmp_path, english_sheet_names):
    sheets = _english_sheets(english_sheet_names)
    assert sheets["members" if english_sheet_names else "위원명단"][0][2] == "name"
    path = build_fixtures.write_workbook(tmp_path / "11110_2023_english.xlsx", sheets)
    sub = load_submission(path)
    assert sub.problems == []
    assert (sub.district_code, sub.year) == ("11110", 2023)
    assert sub.info["budget_unit"] == "천원"
    assert_same_tables(sub, good)
    # Headers are remembered as written, for messages.
    assert sub.headers[("members", "name")] == "name"
    assert good.headers[("members", "name")] == "위원명"


# --------------------------------------------------------------------------- rosters

ROSTER_SHEET = "출석부_연구기획분과"
EXPECTED_ROSTER = {
    ("R01", "M01", "attended"),
    ("R02", "M01", "absent"),
    ("R03", "M01", "attended"),
    ("R01", "M02", "attended"),
    ("R02", "M02", "proxy"),  # △
    ("R03", "M02", "attended"),
    ("R01", "M03", "absent"),
    ("R02", "M03", "attended"),  # O
    ("R03", "M03", "attended"),  # 참석
    ("R03", "M04", "attended"),  # 1; '-' in 1월 and 2월: no record
}


def test_roster_becomes_long_attendance(good):
    att = good.tables["attendance"]
    roster = att[att["_sheet"] == ROSTER_SHEET]
    got = set(zip(roster["meeting_id"], roster["member_id"], roster["status"], strict=True))
    assert got == EXPECTED_ROSTER
    assert len(roster) == len(EXPECTED_ROSTER)  # no duplicates
    assert set(roster["district_code"]) == {"11110"}


def test_long_attendance_is_kept_next_to_the_roster(good):
    att = good.tables["attendance"]
    long_form = att[att["_sheet"] == "회의참석"]
    assert list(
        zip(long_form["meeting_id"], long_form["member_id"], long_form["status"], strict=True)
    ) == [("W01", "M05", "attended")]
    assert len(att) == len(EXPECTED_ROSTER) + 1


@pytest.mark.parametrize("meeting", ["R01", "R02"])
def test_dash_in_roster_means_no_record(good, meeting):
    att = good.tables["attendance"]
    assert att[(att["member_id"] == "M04") & (att["meeting_id"] == meeting)].empty


@pytest.mark.parametrize(
    ("member", "meeting", "status", "excel_row", "column"),
    [
        ("M01", "R01", "attended", 2, "1월"),
        ("M02", "R02", "proxy", 3, "2월"),
        ("M03", "R03", "attended", 4, "3월"),
        ("M04", "R03", "attended", 5, "3월"),
    ],
)
def test_roster_records_point_at_their_cell(good, member, meeting, status, excel_row, column):
    rec = row_of(good, "attendance", member_id=member, meeting_id=meeting)
    assert (rec["status"], rec["_sheet"], rec["_row"], rec["_column"]) == (
        status,
        ROSTER_SHEET,
        excel_row,
        column,
    )


# --------------------------------------------------------------------------- numbers and dates


@pytest.mark.parametrize(
    ("table", "where", "column", "expected"),
    [
        ("districts", {"district_code": "11110"}, "population", 141060),  # '141,060명'
        ("districts", {"district_code": "11110"}, "population_65plus", 28123),  # '28,123명'
        ("districts", {"district_code": "11110"}, "n_dongs", 17),
        ("indicators", {"item_code": "I-1-1"}, "baseline", 1000.0),
        ("indicators", {"item_code": "I-1-1"}, "target", 1200.0),  # '1,200명'
        ("indicators", {"item_code": "I-1-1"}, "actual", 1300.0),  # '1,300명'
        ("indicators", {"item_code": "I-1-2"}, "baseline", 12.0),  # '12%'
        ("indicators", {"item_code": "I-1-2"}, "actual", 8.0),  # '8%'
        ("indicators", {"item_code": "II-1-1"}, "baseline", None),  # blank
        ("indicators", {"item_code": "II-1-1"}, "actual", None),  # '-'
        ("budget", {"item_code": "I-1-1"}, "planned", 10000.0),  # '10,000'
        ("budget", {"item_code": "I-1-1"}, "revised", None),
        ("budget", {"item_code": "II-1-1"}, "executed", 0.0),
        ("services", {"measure": "일시재가"}, "value", 1200.0),  # '1,200건'
        ("services", {"measure": "식사지원"}, "value", 800.0),
        ("indicators", {"item_code": "I-1-1"}, "year", 2023),
    ],
)
def test_numbers_with_units(good, table, where, column, expected):
    value = row_of(good, table, **where)[column]
    if expected is None:
        assert value is None
    else:
        assert value == expected
        assert type(value) is type(expected)


@pytest.mark.parametrize(
    ("table", "where", "column", "expected"),
    [
        ("members", {"member_id": "M01"}, "joined_on", dt.date(2019, 3, 1)),  # '2019. 3. 1.(금)'
        ("members", {"member_id": "M02"}, "joined_on", dt.date(2019, 3, 1)),  # '2019.03.01'
        ("members", {"member_id": "M03"}, "joined_on", dt.date(2021, 2, 1)),  # '21.02.01'
        ("members", {"member_id": "M03"}, "left_on", None),  # '-'
        ("members", {"member_id": "M04"}, "joined_on", dt.date(2023, 3, 1)),  # date cell
        ("members", {"member_id": "M05"}, "joined_on", dt.date(2023, 1, 1)),  # serial 44927
        ("members", {"member_id": "M05"}, "left_on", dt.date(2023, 10, 31)),  # '2023-10-31'
        ("meetings", {"meeting_id": "R01"}, "held_on", dt.date(2023, 1, 19)),
        ("meetings", {"meeting_id": "R02"}, "held_on", dt.date(2023, 2, 16)),  # with 14:00
        ("meetings", {"meeting_id": "W01"}, "held_on", dt.date(2023, 4, 20)),
    ],
)
def test_korean_and_serial_dates(good, table, where, column, expected):
    value = row_of(good, table, **where)[column]
    assert value == expected
    if expected is not None:
        assert type(value) is dt.date


def test_fixture_really_holds_an_excel_serial():
    ws = openpyxl.load_workbook(GOOD_XLSX)["위원명단"]
    assert ws["B6"].value == "M05"
    assert ws["H6"].value == 44927 and isinstance(ws["H6"].value, int)


def test_submission_info(good):
    assert good.info == {
        "district_code": "11110",
        "year": 2023,
        "budget_unit": "천원",
        "evaluation_date": dt.date(2023, 12, 31),
    }


@pytest.mark.parametrize(
    ("table", "column", "expected"),
    [
        ("members", "sector", ["public", "private", "private", "private", "public"]),
        ("members", "body", ["subcommittee"] * 4 + ["working"]),
        ("meetings", "kind", ["regular", "regular", "extraordinary", "regular"]),
        ("plan_items", "change", ["kept", "changed", "new"]),
        ("indicators", "direction", ["up", "down", "up"]),
        ("opinions", "response_status", ["reflected", "duplicate"]),
    ],
)
def test_codes_are_canonical(good, table, column, expected):
    assert list(good.tables[table][column]) == expected


# --------------------------------------------------------------------------- layout


def test_note_row_above_header(good):
    districts = good.tables["districts"]
    assert len(districts) == 1
    rec = districts.iloc[0]
    assert (rec["district_code"], rec["district_name"], rec["province"]) == (
        "11110",
        "종로구",
        "서울특별시",
    )
    assert rec["_row"] == 3  # row 1 is the note, row 2 the header


def test_merged_two_row_header(good):
    sheets, _raw = read_raw_sheets(GOOD_XLSX)
    budget_sheet = next(s for s in sheets if s.name == "예산")
    assert len(budget_sheet.merged) == 2  # A1:A2 and B1:D1
    budget = good.tables["budget"]
    assert list(budget["item_code"]) == ["I-1-1", "I-1-2", "II-1-1"]
    assert list(budget["planned"]) == [10000.0, 5000.0, 2000.0]
    assert list(budget["executed"]) == [9500.0, 6100.0, 0.0]
    assert list(budget["_row"]) == [3, 4, 5]
    assert good.headers[("budget", "item_code")] == "사업번호"
    assert good.headers[("budget", "planned")] == "계획예산"
    assert good.headers[("budget", "executed")] == "집행액"


def test_total_rows_are_not_data(good):
    assert "합계" not in set(good.tables["budget"]["item_code"])
    assert "계" not in set(good.tables["services"]["measure"])
    assert len(good.tables["budget"]) == 3
    assert len(good.tables["services"]) == 4
    assert good.tables["budget"]["planned"].sum() == 17000.0  # not 34000: no double count


def test_total_rows_are_kept_in_totals(good):
    by_table = {t.table: t for t in good.totals}
    assert len(good.totals) == 2
    budget, services = by_table["budget"], by_table["services"]
    assert (budget.sheet, budget.row, budget.kind, budget.label) == ("예산", 6, "total", "합계")
    assert budget.values == {"planned": 17000.0, "revised": 6000.0, "executed": 15600.0}
    assert budget.seq == 3
    assert (services.sheet, services.row, services.kind, services.label) == (
        "서비스실적",
        4,
        "total",
        "계",
    )
    assert services.values == {"value": 2000.0}
    assert services.context == {"program": "돌봄SOS"}
    assert services.seq == 2
    assert services.headers["value"] == "실적"


def test_html_in_opinions_becomes_text(good):
    rec = row_of(good, "opinions", item_code="I-1-1")
    assert (
        rec["opinion"]
        == "• -성과지표 3개 연도별목표를 분할하여 작성 필요\n• -시-구의 조직 변화 및 역할 질의"
    )
    assert rec["response"] == "• -성과지표 연도별 분할 작성함"
    for column in ("opinion", "response"):
        assert not any("<" in text or ">" in text for text in good.tables["opinions"][column])


@pytest.mark.parametrize(
    ("table", "sheet", "key", "letter", "expected_rows"),
    [
        ("districts", "지역현황", "district_code", "A", [3]),
        ("members", "위원명단", "member_id", "B", [2, 3, 4, 5, 6]),
        ("meetings", "회의목록", "meeting_id", "B", [2, 3, 4, 5]),
        ("plan_items", "시행계획", "item_code", "F", [2, 3, 4]),
        ("indicators", "성과지표", "item_code", "C", [2, 3, 4]),
        ("budget", "예산", "item_code", "A", [3, 4, 5]),
        ("opinions", "모니터링의견", "item_code", "C", [2, 3]),
        ("services", "서비스실적", "measure", "F", [2, 3, 5, 6]),
    ],
)
def test_row_numbers_match_the_sheet(good, table, sheet, key, letter, expected_rows):
    frame = good.tables[table]
    assert list(frame["_row"]) == expected_rows
    assert set(frame["_sheet"]) == {sheet}
    ws = openpyxl.load_workbook(GOOD_XLSX)[sheet]
    for value, excel_row in zip(frame[key], frame["_row"], strict=True):
        assert str(ws[f"{letter}{excel_row}"].value) == value


def test_roster_row_numbers_match_the_sheet(good):
    ws = openpyxl.load_workbook(GOOD_XLSX)[ROSTER_SHEET]
    att = good.tables["attendance"]
    roster = att[att["_sheet"] == ROSTER_SHEET]
    for member, excel_row, column in zip(
        roster["member_id"], roster["_row"], roster["_column"], strict=True
    ):
        assert ws[f"A{excel_row}"].value == member
        assert column in [c.value for c in ws[1]]


# --------------------------------------------------------------------------- hashes


def test_content_hash_is_of_the_submitted_bytes(good):
    assert good.content_hash == hashlib.sha256(GOOD_XLSX.read_bytes()).hexdigest()
    assert good.raw_bytes == GOOD_XLSX.read_bytes()
    assert good.file_name == GOOD_XLSX.name


def test_csv_folder_hash_is_deterministic():
    first = load_submission(CSV_FOLDERS["utf-8"])
    second = load_submission(CSV_FOLDERS["utf-8"])
    other = load_submission(CSV_FOLDERS["cp949"])
    assert first.content_hash == second.content_hash
    assert first.content_hash != other.content_hash
    with zipfile.ZipFile(io.BytesIO(first.raw_bytes)) as archive:
        assert sorted(archive.namelist()) == sorted(
            p.name for p in CSV_FOLDERS["utf-8"].glob("*.csv")
        )


# --------------------------------------------------------------------------- find_submissions


def test_find_submissions_in_the_good_folder():
    assert [p.name for p in find_submissions(GOOD)] == [
        "11110_2023_csv_cp949",
        "11110_2023_csv_utf8",
        "11110_2023_csv_utf8bom",
        "11110_2023_minimal.xlsx",
    ]


def test_find_submissions_skips_what_is_not_a_submission(tmp_path):
    (tmp_path / "b_41110_2023.xlsx").write_bytes(GOOD_XLSX.read_bytes())
    (tmp_path / "a_26530_2023.XLSX").write_bytes(GOOD_XLSX.read_bytes())
    (tmp_path / "~$b_41110_2023.xlsx").write_bytes(b"lock")
    (tmp_path / ".hidden.xlsx").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("메모", encoding="utf-8")
    csv_dir = tmp_path / "c_11110_2023"
    csv_dir.mkdir()
    (csv_dir / "제출정보.csv").write_text("항목,값\n", encoding="utf-8")
    (tmp_path / "empty_dir").mkdir()
    found = find_submissions(tmp_path)
    assert [p.name for p in found] == ["a_26530_2023.XLSX", "b_41110_2023.xlsx", "c_11110_2023"]


@pytest.mark.parametrize("target", [GOOD_XLSX, CSV_FOLDERS["utf-8"]], ids=["xlsx", "csv-folder"])
def test_find_submissions_on_one_submission(target):
    assert find_submissions(target) == [target]


def test_find_submissions_missing_path(tmp_path):
    with pytest.raises(SubmissionError) as info:
        find_submissions(tmp_path / "없음")
    assert HANGUL.search(info.value.message_ko)


# --------------------------------------------------------------------------- unreadable input


def _make_bad_input(kind: str, tmp_path: Path) -> Path:
    if kind == "missing":
        return tmp_path / "11110_2023.xlsx"
    if kind == "txt":
        path = tmp_path / "11110_2023.txt"
        path.write_text("시군구코드,연도\n11110,2023\n", encoding="utf-8")
    elif kind == "empty":
        path = tmp_path / "11110_2023.xlsx"
        path.write_bytes(b"")
    elif kind == "renamed_text":
        path = tmp_path / "11110_2023.xlsx"
        path.write_text("이것은 엑셀 파일이 아닙니다", encoding="utf-8")
    elif kind == "zip_not_xlsx":
        path = tmp_path / "11110_2023.xlsx"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("readme.txt", "not a workbook")
    elif kind == "empty_folder":
        path = tmp_path / "11110_2023"
        path.mkdir()
    elif kind == "bad_encoding":
        path = tmp_path / "11110_2023"
        path.mkdir()
        (path / "위원명단.csv").write_bytes(b"\xff\xfe\xff\x00\x81")
    else:  # pragma: no cover - guards the table below
        raise AssertionError(kind)
    return path


@pytest.mark.parametrize(
    ("kind", "word_ko"),
    [
        ("missing", "없습니다"),
        ("txt", "형식"),
        ("empty", "빈 파일"),
        ("renamed_text", "xlsx"),
        ("zip_not_xlsx", "통합문서"),
        ("empty_folder", "CSV"),
        ("bad_encoding", "인코딩"),
    ],
)
def test_unreadable_input_raises_submission_error(tmp_path, kind, word_ko):
    path = _make_bad_input(kind, tmp_path)
    with pytest.raises(SubmissionError) as info:
        read_raw_sheets(path)
    err = info.value
    assert HANGUL.search(err.message_ko), err.message_ko
    assert word_ko in err.message_ko
    assert err.message_en and not HANGUL.search(err.message_en.split(":", 1)[1])
    with pytest.raises(SubmissionError):
        load_submission(path)


# --------------------------------------------------------------------------- reading a column at once


@pytest.mark.parametrize("seed", range(3))
def test_columns_are_parsed_as_cell_by_cell(seed):
    """A column read at once gives every value and problem that reading its cells one by one gives."""
    import math
    import random

    from sabo_eval.intake import parsing
    from sabo_eval.intake.cells import parse_column, parse_value

    cells = [
        None, "", " ", "-", "nan", float("nan"), float("inf"), -0.0, 0.0, 1, 1.0, True, 2.5, -3.0, 13.0, 1e20,
        "1,234", "1,23", "△5", "12개소", "71.6%", "abc", dt.date(2022, 3, 1), dt.datetime(2022, 3, 1, 10),
        "2022.13.45", "2022. 3. 17.(목)", "22.3.17", "20220317", 44927.0, "44927", "○", "×", "참석", "민", "대표",
        "상향", "<b>굵게</b>", "a\x00b", "11110", 11110.0, "４１１１０", "합계", "M0001", 2022.0, 1999.0, "-1",
    ]

    def one_by_one(values, col):
        out, problems = [], []
        for pos, value in enumerate(values):
            try:
                parsed = parse_value(value, col.kind, col.codes, col.korean)
            except parsing.CellError as err:
                problems.append((pos, "error", repr(value), err.reason_en))
                parsed = None
            else:
                if parsed is None and not col.nullable and col.name not in ("district_code", "year"):
                    problems.append((pos, "empty", repr(value), None))
                elif isinstance(parsed, int | float) and not isinstance(parsed, bool):
                    if col.minimum is not None and parsed < col.minimum:
                        problems.append((pos, "below", repr(value), None))
                    if col.maximum is not None and parsed > col.maximum:
                        problems.append((pos, "above", repr(value), None))
            out.append(parsed)
        return out, problems

    def same(value):
        return ("nan",) if isinstance(value, float) and math.isnan(value) else (type(value), repr(value))

    rng = random.Random(seed)
    columns = [col for schema in SCHEMAS.values() for col in schema.columns]
    for _ in range(2000):
        col = rng.choice(columns)
        pool = rng.sample(cells, rng.randint(1, 6))
        values = [rng.choice(pool) for _ in range(rng.randint(0, 10))]
        expected_values, expected_problems = one_by_one(values, col)
        got_values, found = parse_column(values, col)
        got_problems = [(pos, flag, repr(value), err.reason_en if err else None) for pos, flag, value, err in found]
        assert list(map(same, got_values)) == list(map(same, expected_values)), (col.name, values)
        assert got_problems == expected_problems, (col.name, values)
