"""The discussions API (sabo_eval/analysis/discussions.py) on the test warehouse and on small warehouses."""

from __future__ import annotations

import os

import pandas as pd
from openpyxl import load_workbook

import sabo_eval as se
from sabo_eval.analysis.columns import COLUMNS
from sabo_eval.intake.minutes import parse_minutes
from sabo_eval.intake.template import write_template
from sabo_eval.warehouse.minutes_store import store_minutes
from sabo_eval.warehouse.store import Warehouse, ingest

EVENT = "2023_민관협력_종합토론"


def test_sample_minutes_are_in_the_test_warehouse():
    rows = se.discussions(os.environ["SABO_EVAL_DB"], events=EVENT)
    assert rows["seq"].tolist() == list(range(1, len(rows) + 1))
    assert rows.groupby("topic_no")["groups"].first().str.count("조").tolist() == [5, 13, 10, 24]
    assert rows.loc[rows["topic_no"] == 4, "group"].nunique() == 24
    assert pd.api.types.is_datetime64_any_dtype(rows["event_date"])
    events = se.discussion_events(years=[2023])
    assert events[["event_id", "n_statements", "n_unparsed"]].values.tolist() == [[EVENT, len(rows), 0]]
    assert se.discussions(years=2022).empty and se.discussion_events(years=2022).empty


def test_every_column_has_a_korean_label():
    frames = (se.discussions(), se.discussion_events())
    assert [c for frame in frames for c in frame.columns if c not in COLUMNS] == []


def test_names_of_the_host_districts_members_are_masked(tmp_path):
    db = tmp_path / "wh.duckdb"
    with Warehouse(db) as wh:
        wh.con.execute("INSERT INTO members (district_code, year, member_id, name) VALUES ('41110', 2023, 'M1', '김범수')")
    store_minutes(db, parse_minutes("주제 1\n질문\n관 : 김범수 위원 제안", event_id="e", host="41110"))
    store_minutes(db, parse_minutes("주제 1\n질문\n관 : 김범수 위원 제안", event_id="f", host="워크숍"))
    assert se.discussions(db)["text"].tolist() == ["김*수 위원 제안", "김범수 위원 제안"]
    assert se.discussions(db, names=True)["text"].tolist() == ["김범수 위원 제안"] * 2
    assert se.discussions(db, events=["f"])["event_id"].tolist() == ["f"]


def test_a_warehouse_without_the_tables_gives_empty_frames(tmp_path):
    db = tmp_path / "old.duckdb"
    with Warehouse(db) as wh:
        wh.con.execute("DROP TABLE discussions")
        wh.con.execute("DROP TABLE discussion_events")
    with Warehouse(db, read_only=True) as wh:
        assert se.discussions(wh).empty and "region" in se.discussions(wh)
        assert se.discussion_events(wh).empty and "n_topics" in se.discussion_events(wh)


def test_rows_of_the_template_sheet_are_discussions_of_the_district(tmp_path):
    db = tmp_path / "wh.duckdb"
    workbook = write_template(tmp_path / "t.xlsx", year=2023, district_code="41110")
    wb = load_workbook(workbook)
    ws = wb["토론기록"]
    headers = [c.value for c in ws[1]]
    rows = [
        {"행사명": "동 워크숍", "번호": 2, "주제번호": 1, "조": "3조", "구분": "관", "유형": "개선방안", "내용": "인수인계 때 소개", "쌍번호": 1},
        {"행사명": "동 워크숍", "번호": 1, "주제번호": 1, "조": "12조", "구분": "민", "유형": "문제점", "내용": "잦은 인사이동", "쌍번호": 1},
    ]
    for r, row in enumerate(rows, start=2):
        for c, header in enumerate(headers, start=1):
            ws.cell(r, c, row.get(header))
    wb.save(workbook)
    results = ingest([workbook], db)
    assert [r.status for r in results] == ["added"]
    store_minutes(db, parse_minutes("주제 1\n질문\n관 : 행정력", event_id="2023_other", year=2023))
    rows = se.discussions(db, events="2023_41110_동 워크숍")
    assert rows[["seq", "group", "kind", "text", "pair"]].values.tolist() == [
        [1, "12조", "문제점", "잦은 인사이동", 1],
        [2, "3조", "개선방안", "인수인계 때 소개", 1],
    ]
    assert set(rows["groups"]) == {"3조, 12조"} and set(rows["host"]) == {"41110"}
    events = se.discussion_events(db, years=2023)
    assert events["event_id"].tolist() == ["2023_41110_동 워크숍", "2023_other"]
    assert events["n_statements"].tolist() == [2, 1] and events["source"].iloc[0] == "t.xlsx"
    assert len(se.discussions(db, years=2023)) == 3
