"""What a discussion report reads: the events of a year and the hash of one event's rows.

The yearly run keys a discussion report on the rows of its event (``discussions`` and
``discussion_events``); the report's notebook writes the same hash of the rows it read,
in the same read transaction (its ``snapshot_path``), so a report always matches its
manifest entry. A warehouse made before discussions existed has no such tables: it
has no events.
"""

from __future__ import annotations

import hashlib
import json
import re

import pandas as pd

from ..errors import ReportError
from ..warehouse.store import Warehouse

__all__ = ["EVENT_ID", "has_discussions", "year_events", "event_data_hash", "check_event_id"]

#: An event id that can name a file: no path separators, no characters Windows refuses, not hidden.
EVENT_ID = re.compile(r"[^\\/:*?\"<>|\x00-\x1f.][^\\/:*?\"<>|\x00-\x1f]{0,150}")


#: Columns that say when rows were stored, not what they hold: left out of the hash.
_WHEN_STORED = ("stored_at", "ingested_at")


def check_event_id(event_id: str) -> str:
    """``event_id`` when it can name a report file; :class:`~sabo_eval.errors.ReportError` otherwise."""
    text = str(event_id)
    if not EVENT_ID.fullmatch(text) or text.endswith((".", " ")):
        raise ReportError(f"보고서 파일 이름으로 쓸 수 없는 행사 ID입니다: {text!r}", f"an event id that cannot name a report file: {text!r}")
    return text


def has_discussions(wh: Warehouse) -> bool:
    """Whether the warehouse has the ``discussions`` and ``discussion_events`` tables."""
    names = set(wh.query("SELECT table_name FROM information_schema.tables")["table_name"])
    return {"discussions", "discussion_events"} <= names


def year_events(wh: Warehouse, year: int) -> pd.DataFrame:
    """The events of ``year`` (``discussion_events`` rows, by ``event_id``); empty without the tables."""
    if not has_discussions(wh):
        return pd.DataFrame(columns=["event_id", "event_name", "year"])
    return wh.query("SELECT * FROM discussion_events WHERE year = ? ORDER BY event_id", [int(year)])


def event_data_hash(wh: Warehouse, event_id: str) -> str:
    """SHA-256 of one event's rows (its ``discussion_events`` row and its statements in order).

    Parameters
    ----------
    wh : Warehouse
        Read inside the caller's snapshot.
    event_id : str

    Returns
    -------
    str
        Hex digest; ``""`` when the warehouse has no discussions.
    """
    if not has_discussions(wh):
        return ""
    event = wh.query("SELECT * FROM discussion_events WHERE event_id = ?", [event_id])
    event = event.drop(columns=[c for c in _WHEN_STORED if c in event])  # storing the same minutes again changes nothing
    rows = wh.query("SELECT * FROM discussions WHERE event_id = ? ORDER BY seq", [event_id])
    payload = [_frame_json(event), _frame_json(rows)]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()


def _frame_json(frame: pd.DataFrame) -> str:
    """A frame as canonical JSON (columns sorted, dates ISO)."""
    return frame.reindex(columns=sorted(frame.columns)).to_json(orient="split", date_format="iso", force_ascii=False, index=False)
