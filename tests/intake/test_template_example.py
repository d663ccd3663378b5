"""A template for a new district, filled by a script from its own 목록 and 작성예시, validates and ingests.

The script knows only the template's conventions: it reads the 분과 names and the
example blocks of ``작성예시`` (``[시트]`` row, header row, rows), enters the 분과 in
``목록``, copies every example row into the sheet of the same name under the same
headers, and adds one ``출석부_<분과>`` sheet per 분과 of ``목록``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from sabo_eval.intake.problems import ERROR
from sabo_eval.intake.schemas import SCHEMAS, SUBMISSION_INFO_SHEET
from sabo_eval.intake.template import (
    EXAMPLE_ROSTER_SHEET,
    EXAMPLE_SHEET,
    LISTS_SHEET,
    write_template,
)
from sabo_eval.intake.template_example import EXAMPLE_SUBCOMMITTEES, example_blocks
from sabo_eval.intake.validation import validate
from sabo_eval.warehouse.store import Warehouse, ingest


def read_example(ws) -> dict[str, tuple[list[str], list[list[object]]]]:
    """The blocks of a 작성예시 sheet: sheet name → (headers, rows)."""
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    blocks: dict[str, tuple[list[str], list[list[object]]]] = {}
    i = 0
    while i < len(rows):
        first = rows[i][0] if rows[i] else None
        if isinstance(first, str) and first.startswith("[") and first.endswith("]"):
            headers = [h for h in rows[i + 1] if h is not None]
            body = []
            i += 2
            while i < len(rows) and any(v is not None for v in rows[i]):
                body.append(rows[i][: len(headers)])
                i += 1
            blocks[first[1:-1]] = (headers, body)
        i += 1
    return blocks


def fill_from_example(blank: Path, out: Path) -> dict[str, tuple[list[str], list[list[object]]]]:
    """Fill ``blank`` the way its 목록 and 작성예시 say, save it as ``out``; the blocks used."""
    wb = load_workbook(blank)
    blocks = read_example(wb[EXAMPLE_SHEET])
    lists = wb[LISTS_SHEET]
    assert lists["A1"].value == "분과명" and lists["A2"].value is None  # empty slots to enter the 분과 in
    for i, (name,) in enumerate(blocks.pop("목록")[1], start=2):
        lists.cell(row=i, column=1, value=name)
    info = wb[SUBMISSION_INFO_SHEET]
    values = dict(blocks.pop(SUBMISSION_INFO_SHEET)[1])
    for row in info.iter_rows(min_row=2):
        if row[0].value in values:
            row[1].value = values[row[0].value]
    subcommittees = [c.value for c in lists["A"][1:] if c.value]
    for name in subcommittees:
        wb.create_sheet(f"출석부_{name}")
    del wb[EXAMPLE_ROSTER_SHEET]
    for sheet, (headers, rows) in blocks.items():
        ws = wb[sheet]
        if ws["A1"].value is None:  # a new roster sheet: the example's headers
            for j, header in enumerate(headers, start=1):
                ws.cell(row=1, column=j, value=header)
        at = {c.value: c.column for c in ws[1] if c.value}
        for row in rows:
            target = ws.max_row + 1
            for header, value in zip(headers, row, strict=True):
                ws.cell(row=target, column=at[header], value=value)
    wb.save(out)
    return blocks


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    blank = write_template(tmp_path / "blank.xlsx", year=2024, district_code="26350")
    out = tmp_path / "26350_2024_해운대구.xlsx"
    fill_from_example(blank, out)
    return out


def test_the_example_names_every_table_and_a_roster_per_subcommittee(tmp_path: Path) -> None:
    blocks = read_example(load_workbook(write_template(tmp_path / "b.xlsx", year=2024))[EXAMPLE_SHEET])
    assert set(blocks) >= {s.korean for s in SCHEMAS.values()} - {"회의참석"}
    assert {f"출석부_{name}" for name in EXAMPLE_SUBCOMMITTEES} <= set(blocks)
    assert [r[0] for r in blocks["목록"][1]] == list(EXAMPLE_SUBCOMMITTEES)
    members = blocks["위원명단"]
    column = members[0].index("분과")
    assert {r[column] for r in members[1]} == set(EXAMPLE_SUBCOMMITTEES)


def test_a_new_district_filled_from_the_example_validates_and_ingests(filled: Path, tmp_path: Path) -> None:
    sub = validate(filled)
    assert [p for p in sub.problems if p.severity == ERROR] == []
    assert sub.problems == []
    assert (sub.district_code, sub.year) == ("26350", 2024)
    counts = {name: len(frame) for name, frame in sub.tables.items()}
    assert counts == {
        "districts": 1, "members": 4, "meetings": 4, "attendance": 7, "plan_items": 2, "indicators": 2,
        "budget": 2, "opinions": 2, "services": 3, "discussion_rows": 2,
        "survey_items": 2, "survey_responses": 4, "project_ratings": 2,
    }
    results = ingest([filled], tmp_path / "w.duckdb")
    assert [r.status for r in results] == ["added"]
    with Warehouse(tmp_path / "w.duckdb", read_only=True) as wh:
        budget = wh.table("budget", "26350", 2024)
        assert budget["planned"].sum() == 200_000
        assert sorted(wh.table("meetings", "26350", 2024)["subcommittee"].unique()) == sorted(EXAMPLE_SUBCOMMITTEES)


def test_the_example_follows_the_template_year(tmp_path: Path) -> None:
    blocks = dict((name, rows) for name, _h, rows in example_blocks(2026))
    assert all("2026" in str(row[4]) for row in blocks["회의목록"])
    assert read_example(load_workbook(write_template(tmp_path / "b.xlsx"))[EXAMPLE_SHEET])["회의목록"][1][0][1] == "2024-노인-01"


def test_the_example_and_list_sheets_are_skipped_but_other_sheets_are_still_named(filled: Path, tmp_path: Path) -> None:
    wb = load_workbook(filled)
    assert wb[EXAMPLE_SHEET].max_row > 40 and wb[LISTS_SHEET].max_row > 30  # full of values, none loaded
    wb.create_sheet("예시").append(["위원ID", "위원명"])
    wb["예시"].append(["M09", "한예시"])
    path = tmp_path / "with_stray.xlsx"
    wb.save(path)
    sub = validate(path)
    assert [(p.sheet, p.rule) for p in sub.problems] == [("예시", "unknown_sheet")]
    assert len(sub.tables["members"]) == 4
