"""Discussion minutes in the warehouse as tidy DataFrames (read-only).

:func:`discussions` gives one row per statement of stored minutes (``sabo-eval
minutes``), in the order written, with the rows districts submit on the template's
``토론기록`` sheet (:mod:`.discussion_sheets`); :func:`discussion_events` one row per
event. A warehouse made before these tables existed gives empty frames with the columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..warehouse.minutes_store import DISCUSSION_COLUMNS, EVENT_COLUMNS
from ..warehouse.store import Warehouse
from ._select import masked_in_text, opened, year_list
from .discussion_sheets import sheet_events, sheet_statements
from .warehouse_view import WarehouseView

__all__ = ["discussions", "discussion_events"]

Source = WarehouseView | Warehouse | str | Path | None
_DISTRICT = re.compile(r"\d{5}")


def _filters(events: str | Iterable[str] | None, years: int | Iterable[int] | None) -> tuple[str, list]:
    clauses, params = [], []
    if events is not None:
        clauses.append("list_contains(?, event_id)")
        params.append([events] if isinstance(events, str) else [str(e) for e in events])
    if years is not None:
        clauses.append("list_contains(?, year)")
        params.append(year_list(years))
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _has_table(wh: Warehouse, name: str) -> bool:
    sql = "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND NOT temporary"
    return wh.con.execute(sql, [name]).fetchone()[0] > 0


def _host_members(wh: Warehouse, frame: pd.DataFrame) -> dict[str, list[str]]:
    """Host district code → names of its members (hosts given as 5-digit codes)."""
    hosts = sorted({h for h in frame["host"].dropna().astype(str) if _DISTRICT.fullmatch(h)})
    if not hosts:
        return {}
    sql = "SELECT DISTINCT district_code, name FROM members WHERE list_contains(?, district_code)"
    known: dict[str, list[str]] = {}
    for code, name in wh.con.execute(sql, [hosts]).fetchall():
        if isinstance(name, str):
            known.setdefault(code, []).append(name)
    return known


def _masked(frame: pd.DataFrame, known: dict[str, list[str]]) -> pd.DataFrame:
    """Each event's texts with the names of its host district's members masked."""
    out = frame.copy()
    for code, names in known.items():
        rows = out["host"] == code
        out.loc[rows, "text"] = masked_in_text(out.loc[rows, ["text"]], names, ("text",), False)["text"]
    return out


def discussions(
    warehouse: Source = None,
    *,
    events: str | Iterable[str] | None = None,
    years: int | Iterable[int] | None = None,
    names: bool = False,
) -> pd.DataFrame:
    """Statements of stored discussion minutes, one row each, in the order written.

    Parameters
    ----------
    warehouse : Warehouse, path or None
        As ``wh`` of the other API functions (``$SABO_EVAL_DB`` when ``None``).
    events : str or list of str, optional
        Event ids (``"2023_민관협력_종합토론"``); all when ``None``.
    years : int or iterable of int, optional
        Event years; all when ``None``.
    names : bool
        Names of the host district's members written in the texts are masked unless
        ``names=True`` (when the host is a 5-digit district code).

    Returns
    -------
    DataFrame
        ``event_id, event_name, event_date, host, year, topic_no, topic, group, groups,
        region, side, kind, text, seq, pair, line`` ordered by event and ``seq``.

    Examples
    --------
    >>> import sabo_eval as se
    >>> rows = se.discussions(events="2023_민관협력_종합토론")
    >>> rows.groupby("topic_no")["group"].nunique().tolist()
    [0, 0, 0, 24]
    >>> rows.loc[rows["group"] == "4조", "region"].iloc[0]
    '부산시 모라3동'
    """
    with opened(warehouse) as wh:
        if not _has_table(wh, "discussions"):
            return pd.DataFrame(columns=DISCUSSION_COLUMNS)
        where, params = _filters(events, years)
        columns = ", ".join(f'"{c}"' for c in DISCUSSION_COLUMNS)
        frame = wh.con.execute(f"SELECT {columns} FROM discussions{where} ORDER BY event_id, seq", params).df()
        if _has_table(wh, "discussion_rows"):
            submitted = sheet_statements(wh, where, params)
            if len(submitted):
                frame = pd.concat([frame, submitted], ignore_index=True).sort_values(["event_id", "seq"], ignore_index=True)
        known = {} if names else _host_members(wh, frame)
    frame["event_date"] = pd.to_datetime(frame["event_date"])
    return _masked(frame, known)


def discussion_events(warehouse: Source = None, *, years: int | Iterable[int] | None = None) -> pd.DataFrame:
    """The stored discussion events: source file and counts, one row each.

    Parameters
    ----------
    warehouse : Warehouse, path or None
        As ``wh`` of the other API functions.
    years : int or iterable of int, optional
        Event years; all when ``None``.

    Returns
    -------
    DataFrame
        ``event_id, event_name, event_date, host, year, source, n_topics,
        n_statements, n_unparsed, stored_at`` ordered by year and event.

    Examples
    --------
    >>> import sabo_eval as se
    >>> events = se.discussion_events(years=2023)
    >>> events[["event_id", "n_topics"]].values.tolist()
    [['2023_민관협력_종합토론', 4]]
    """
    with opened(warehouse) as wh:
        if not _has_table(wh, "discussion_events"):
            return pd.DataFrame(columns=EVENT_COLUMNS)
        where, params = _filters(None, years)
        sql = f"SELECT {', '.join(EVENT_COLUMNS)} FROM discussion_events{where} ORDER BY year, event_id"
        frame = wh.con.execute(sql, params).df()
        if _has_table(wh, "discussion_rows"):
            submitted = sheet_events(wh, where, params)
            if len(submitted):
                frame = pd.concat([frame, submitted], ignore_index=True).sort_values(["year", "event_id"], ignore_index=True)
    frame["event_date"] = pd.to_datetime(frame["event_date"])
    return frame
