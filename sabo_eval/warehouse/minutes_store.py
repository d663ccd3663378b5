"""Storing parsed discussion minutes: one event replaced whole, in one transaction.

:func:`store_minutes` writes the statements of a
:class:`~sabo_eval.intake.minutes.MinutesParse` into the ``discussions`` table and a
row into ``discussion_events`` (source file, counts); an event stored again replaces
its earlier rows entirely. :func:`discussion_data_hash` fingerprints one event's rows
(for report cache keys).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from pathlib import Path

import pandas as pd

from ..intake.minutes import STATEMENT_COLUMNS, MinutesParse, minutes_files, read_minutes
from .connection import warehouse_errors
from .store import Warehouse

__all__ = ["store_minutes", "store_minutes_folder", "discussion_data_hash", "DISCUSSION_COLUMNS", "EVENT_COLUMNS"]

logger = logging.getLogger(__name__)

#: The ``discussions`` columns, quoted for SQL (``group`` is a keyword).
DISCUSSION_COLUMNS = STATEMENT_COLUMNS
EVENT_COLUMNS = ["event_id", "event_name", "event_date", "host", "year", "source", "n_topics", "n_statements",
                 "n_unparsed", "stored_at"]  # fmt: skip
_SQL_COLUMNS = ", ".join(f'"{c}"' for c in DISCUSSION_COLUMNS)


def _event_frame(parse: MinutesParse) -> pd.DataFrame:
    row = {
        "event_id": parse.event_id, "event_name": parse.event_name, "event_date": parse.event_date,
        "host": parse.host, "year": parse.year, "source": parse.source, "n_topics": len(parse.topics),
        "n_statements": len(parse.statements), "n_unparsed": len(parse.unparsed),
        "stored_at": dt.datetime.now().replace(microsecond=0),
    }  # fmt: skip
    return pd.DataFrame([row], columns=EVENT_COLUMNS)


def store_minutes(warehouse: Warehouse | Path | str | None, parse: MinutesParse) -> int:
    """Write one event's statements, replacing what the warehouse held for it.

    Parameters
    ----------
    warehouse : Warehouse, path or None
        An open (writable) warehouse, or its file (``$SABO_EVAL_DB`` when ``None``),
        opened for writing with the usual lock wait.
    parse : MinutesParse
        Parsed minutes (:func:`sabo_eval.intake.minutes.read_minutes`).

    Returns
    -------
    int
        The number of statements stored.

    Examples
    --------
    >>> from sabo_eval.intake.minutes import parse_minutes
    >>> parsed = parse_minutes("주제 1\\n역할은?\\n관 : 행정력", event_id="2023_예시")
    >>> store_minutes(tmp_path / "wh.duckdb", parsed)  # doctest: +SKIP
    1
    """
    if isinstance(warehouse, Warehouse):
        return _store(warehouse, parse)
    with Warehouse(warehouse) as wh:
        return _store(wh, parse)


def _store(wh: Warehouse, parse: MinutesParse) -> int:
    statements = parse.statements[DISCUSSION_COLUMNS]
    events = _event_frame(parse)
    con = wh.con
    with warehouse_errors(wh.path, writing=True):
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute("DELETE FROM discussions WHERE event_id = ?", [parse.event_id])
            con.execute("DELETE FROM discussion_events WHERE event_id = ?", [parse.event_id])
            con.register("incoming_statements", statements)
            con.register("incoming_event", events)
            con.execute(f"INSERT INTO discussions ({_SQL_COLUMNS}) SELECT {_SQL_COLUMNS} FROM incoming_statements")
            con.execute("INSERT INTO discussion_events SELECT * FROM incoming_event")
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        finally:
            con.unregister("incoming_statements")
            con.unregister("incoming_event")
    logger.info("토론 기록 저장: %s — 발언 %d건 / stored %s", parse.event_id, len(statements), parse.event_id)
    return len(statements)


def store_minutes_folder(path: Path | str, warehouse: Path | str | None) -> list[MinutesParse]:
    """Read every minutes file at ``path`` (a file or a folder of ``.txt``) and store each event.

    Parameters
    ----------
    path : path-like
        A minutes file or a folder of them (with its ``행사목록.csv``).
    warehouse : path or None
        The warehouse file (``$SABO_EVAL_DB`` when ``None``).

    Returns
    -------
    list of MinutesParse
        The parsed events, in file order.
    """
    parsed = [read_minutes(file) for file in minutes_files(path)]
    if parsed:
        with Warehouse(warehouse) as wh:
            for one in parsed:
                _store(wh, one)
    return parsed


def discussion_data_hash(wh: Warehouse, event_id: str) -> str:
    """A SHA-256 of one event's stored statements, minutes or template rows (changes whenever they do).

    Parameters
    ----------
    wh : Warehouse
    event_id : str

    Returns
    -------
    str
        Hex digest; that of no rows when the event is not stored.
    """
    rows = wh.con.execute(
        f"SELECT {_SQL_COLUMNS} FROM discussions WHERE event_id = ? ORDER BY seq", [event_id]
    ).fetchall()
    submitted = wh.con.execute(  # the template's 토론기록 rows of that event (<year>_<district>_<행사명>)
        "SELECT * EXCLUDE (submission_id) FROM discussion_rows "
        "WHERE CAST(year AS VARCHAR) || '_' || district_code || '_' || event_name = ? ORDER BY seq", [event_id]
    ).fetchall()
    return hashlib.sha256(repr((rows, submitted)).encode()).hexdigest()
