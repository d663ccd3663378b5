"""Tests of storing discussion minutes (:mod:`sabo_eval.warehouse.minutes_store`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sabo_eval.intake.minutes import parse_minutes, read_minutes
from sabo_eval.warehouse.minutes_store import discussion_data_hash, store_minutes
from sabo_eval.warehouse.store import Warehouse

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample" / "discussions" / "2023_민관협력_종합토론.txt"


def test_store_seed_minutes_and_replace_the_event(tmp_path):
    db = tmp_path / "wh.duckdb"
    parsed = read_minutes(SAMPLE)
    assert store_minutes(db, parsed) == len(parsed.statements)
    with Warehouse(db, read_only=True) as wh:
        rows = wh.query('SELECT topic_no, "group", region, seq FROM discussions ORDER BY seq')
        events = wh.query("SELECT * FROM discussion_events")
        first = discussion_data_hash(wh, parsed.event_id)
    assert len(rows) == len(parsed.statements) and rows["seq"].tolist() == list(range(1, len(rows) + 1))
    assert rows[rows["topic_no"] == 4]["group"].nunique() == 24
    assert events[["event_id", "source", "n_topics", "n_statements", "n_unparsed"]].values.tolist() == [
        ["2023_민관협력_종합토론", SAMPLE.name, 4, len(parsed.statements), 0]
    ]
    assert str(events["event_date"].iloc[0])[:10] == "2023-06-15"
    smaller = parse_minutes("주제 1\n질문\n관 : 행정력", event_id=parsed.event_id, source="new.txt")
    other = parse_minutes("주제 1\n질문\n민 : 자원", event_id="2022_other")
    with Warehouse(db) as wh:
        store_minutes(wh, smaller)
        store_minutes(wh, other)
        counts = wh.query("SELECT event_id, count(*) AS n FROM discussions GROUP BY event_id ORDER BY event_id")
        sources = wh.query("SELECT source FROM discussion_events ORDER BY event_id")["source"].tolist()
        assert discussion_data_hash(wh, parsed.event_id) != first
    assert counts.values.tolist() == [["2022_other", 1], ["2023_민관협력_종합토론", 1]]
    assert sources[1] == "new.txt" and not isinstance(sources[0], str)


def test_failed_store_leaves_the_event_as_it_was(tmp_path):
    db = tmp_path / "wh.duckdb"
    store_minutes(db, parse_minutes("주제 1\n질문\n관 : 행정력", event_id="e"))
    broken = parse_minutes("주제 1\n질문\n관 : 공신력\n민 : 자원", event_id="e")
    broken.statements.loc[1, "seq"] = 1  # a duplicate key: the insert fails inside the transaction
    with pytest.raises(Exception, match="(?i)constraint|duplicate"):
        store_minutes(db, broken)
    with Warehouse(db, read_only=True) as wh:
        assert wh.query("SELECT text FROM discussions")["text"].tolist() == ["행정력"]
