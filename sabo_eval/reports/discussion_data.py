"""What a discussion report reads: the events of a year and the hash of one event's rows.

Events are those of the analysis API (:func:`sabo_eval.analysis.discussions.discussion_events`):
minutes stored with ``sabo-eval minutes`` and discussion rows submitted on the template's
``토론기록`` sheet alike. The yearly run keys a discussion report on the rows of its event;
the report's notebook writes the same hash of the rows it read, in the same read
transaction (its ``snapshot_path``), so a report always matches its manifest entry.
When the rows were stored (``stored_at``) is left out: storing the same minutes again
changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import re

import pandas as pd

from ..analysis.discussions import discussion_events, discussions
from ..errors import ReportError
from ..warehouse.store import Warehouse

__all__ = ["EVENT_ID", "year_events", "event_data_hash", "check_event_id", "file_name_ok"]

#: An event id that can name a file: no path separators, no characters Windows refuses, not hidden.
EVENT_ID = re.compile(r"[^\\/:*?\"<>|\x00-\x1f.][^\\/:*?\"<>|\x00-\x1f]{0,150}")
#: Columns that say when rows were stored, not what they hold: left out of the hash.
_WHEN_STORED = ("stored_at", "ingested_at")


def file_name_ok(event_id: str) -> bool:
    """Whether ``event_id`` can name a report file (:data:`EVENT_ID`, no trailing dot or space)."""
    text = str(event_id)
    return bool(EVENT_ID.fullmatch(text)) and not text.endswith((".", " "))


def check_event_id(event_id: str) -> str:
    """``event_id`` when it can name a report file; :class:`~sabo_eval.errors.ReportError` otherwise."""
    if not file_name_ok(event_id):
        raise ReportError(f"보고서 파일 이름으로 쓸 수 없는 행사 ID입니다: {event_id!r}",
                          f"an event id that cannot name a report file: {event_id!r}")
    return str(event_id)


def year_events(wh: Warehouse, year: int) -> pd.DataFrame:
    """The events of ``year`` (``event_id``, ``event_name`` …), by ``event_id``; empty without discussions."""
    events = discussion_events(wh, years=[int(year)])
    return events.sort_values("event_id", kind="stable", ignore_index=True)


def event_data_hash(wh: Warehouse, event_id: str) -> str:
    """SHA-256 of one event's rows (its event row and its statements in order, names as stored).

    Parameters
    ----------
    wh : Warehouse
        Read inside the caller's snapshot.
    event_id : str

    Returns
    -------
    str
        Hex digest.
    """
    events = discussion_events(wh)
    event = events[events["event_id"].astype(str) == str(event_id)]
    event = event.drop(columns=[c for c in _WHEN_STORED if c in event])
    rows = discussions(wh, events=[str(event_id)], names=True)
    payload = [_frame_json(event), _frame_json(rows)]
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()


def _frame_json(frame: pd.DataFrame) -> str:
    """A frame as canonical JSON (columns sorted, dates ISO)."""
    return frame.reindex(columns=sorted(frame.columns)).to_json(orient="split", date_format="iso", force_ascii=False, index=False)
