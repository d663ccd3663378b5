"""Carry-over templates (:mod:`sabo_eval.warehouse.carry_over`, ``template --from-warehouse``).

The session's warehouse (``$SABO_EVAL_DB``, the bundled sample ingested by conftest)
holds 수원시 41110 for 2022 and 2023, so its 2024 template carries over 2023.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook

from sabo_eval.cli import main
from sabo_eval.errors import WarehouseError
from sabo_eval.intake.template import LISTS_SHEET
from sabo_eval.intake.validation import validate
from sabo_eval.warehouse.carry_over import carry_over
from sabo_eval.warehouse.store import Warehouse


@pytest.fixture(scope="module")
def db() -> Path:
    return Path(os.environ["SABO_EVAL_DB"])


@pytest.fixture(scope="module")
def last_year(db: Path) -> dict:
    with Warehouse(db, read_only=True) as wh:
        return {name: wh.table(name, "41110", 2023) for name in ("members", "plan_items", "indicators")}


@pytest.fixture(scope="module")
def carried(db: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("carry") / "41110_2024.xlsx"
    assert main(["template", str(out), "--district", "41110", "--year", "2024", "--from-warehouse", "--db", str(db)]) == 0
    return out


def _rows(wb, sheet: str) -> list[dict]:
    ws = wb[sheet]
    headers = [c.value for c in ws[1]]
    return [dict(zip(headers, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]


def test_the_2024_template_holds_the_2023_members_still_in_office(carried: Path, last_year: dict) -> None:
    members = last_year["members"]
    gone = members["left_on"].notna() & (members["left_on"] < "2024-01-01")
    assert gone.any() and (~gone).sum() > 100
    rows = _rows(load_workbook(carried), "위원명단")
    assert [r["위원ID"] for r in rows] == list(members.loc[~gone, "member_id"])
    first = members.loc[~gone].iloc[0]
    assert (rows[0]["위원명"], rows[0]["구분"], rows[0]["위촉일"].date()) == (
        first["name"], {"private": "민", "public": "관"}[first["sector"]], first["joined_on"].date())
    assert all(r["시군구코드"] is None and r["연도"] is None for r in _rows(load_workbook(carried), "성과지표"))


def test_the_2024_template_holds_the_2023_plan_items_and_indicators_without_targets(carried: Path, last_year: dict) -> None:
    plan = last_year["plan_items"]
    wb = load_workbook(carried)
    rows = _rows(wb, "시행계획")
    kept = plan[plan["change"] != "abolished"]
    assert [r["사업번호"] for r in rows] == list(kept["item_code"])
    assert rows[0]["세부사업명"] == kept.iloc[0]["item_name"] and rows[0]["변경구분"] is None
    indicators = _rows(wb, "성과지표")
    expected = last_year["indicators"]
    expected = expected[expected["item_code"].isin(kept["item_code"])]
    assert len(indicators) == len(expected) > 0
    assert all(r["목표"] is None and r["실적"] is None for r in indicators)
    first = expected.iloc[0]
    assert (indicators[0]["성과지표명"], indicators[0]["단위"], indicators[0]["기준치"]) == (
        first["indicator"], first["unit"], first["actual"])


def test_info_subcommittees_and_rosters_carry_over_and_attendance_stays_empty(carried: Path, last_year: dict) -> None:
    wb = load_workbook(carried)
    info = {r[0]: r[1] for r in wb["제출정보"].iter_rows(min_row=2, values_only=True)}
    assert (info["시군구코드"], info["연도"], info["예산단위"]) == ("41110", 2024, "천원")
    assert info["작성일"] is None and info["평가기준일"] is None
    listed = [c.value for c in wb[LISTS_SHEET]["A"][1:] if c.value]
    assert "연구기획분과" in listed and len(listed) == len(set(listed)) >= 12
    assert f"출석부_{listed[0]}" in wb.sheetnames and "출석부_대표협의체" in wb.sheetnames
    assert all(len(_rows(wb, sheet)) == 0 for sheet in ("회의목록", "회의참석", "예산", "서비스실적", "설문응답", "사업평가"))
    survey = _rows(wb, "설문문항")
    assert len(survey) == 13 and {r["조사명"] for r in survey} == {"2024 자체평가"}
    roster = _rows(wb, "출석부_연구기획분과")
    assert roster and all(v is None for r in roster for k, v in r.items() if k.endswith("월"))
    sub = validate(carried)
    assert [p for p in sub.problems if p.severity == "error"] == []


def test_no_earlier_year_or_no_warehouse_is_a_message(db: Path, tmp_path: Path, capsys) -> None:
    with pytest.raises(WarehouseError, match="26350"):
        carry_over(db, "26350", 2024)
    with pytest.raises(WarehouseError, match="2022"):
        carry_over(db, "41110", 2022)  # nothing before the first year
    out = tmp_path / "t.xlsx"
    for args in (
        ["--district", "26350", "--year", "2024", "--db", str(db)],
        ["--district", "41110", "--year", "2024", "--db", str(tmp_path / "none.duckdb")],
        ["--district", "41110"],
    ):
        assert main(["template", str(out), "--from-warehouse", *args]) == 2
        lines = capsys.readouterr().out.strip().splitlines()
        assert len(lines) == 2 and lines[0].startswith("오류: ") and lines[1].startswith("error: ")
        assert "Traceback" not in "".join(lines)
    assert not out.exists()


def test_carry_over_of_a_template_filled_from_the_example(tmp_path: Path) -> None:
    from intake.test_template_example import fill_from_example

    from sabo_eval.intake.template import write_template
    from sabo_eval.warehouse.store import ingest

    filled = tmp_path / "26350_2024.xlsx"
    fill_from_example(write_template(tmp_path / "b.xlsx", year=2024, district_code="26350"), filled)
    ingest([filled], tmp_path / "w.duckdb")
    prefill = carry_over(tmp_path / "w.duckdb", "26350", 2025)
    assert prefill.source_year == 2024
    assert prefill.subcommittees == ["노인분과", "아동분과"]
    assert [m["joined_on"] for m in prefill.rows["members"]][-1] == dt.date(2024, 2, 1)
    assert [i["baseline"] for i in prefill.rows["indicators"]] == [162, 28]
    survey = prefill.rows["survey_items"]  # the example's questionnaire, for the new year
    assert [(r["survey"], r["item"], r["scale"]) for r in survey] == [
        ("2025 자체평가", "Q1", "5점"), ("2025 자체평가", "Q2", "적절/보통/부적절"),
    ]


def test_the_template_command_documents_its_arguments(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["template", "--help"])
    out = capsys.readouterr().out
    for argument in ("out", "--year", "--district", "--from-warehouse", "--db"):
        assert argument in out
    assert "최근 연도" in out and "carry over" in out and "창고" in out
