"""Discussion rows districts submit on the template's ``토론기록`` sheet, as ``discussions`` rows.

A submission's ``discussion_rows`` (one row per statement, :data:`sabo_eval.intake.schemas.DISCUSSION_ROWS`)
become statements of the event ``<year>_<district_code>_<행사명>`` hosted by that district:
``seq`` renumbered 1..N in the submitted order, ``groups`` the topic's groups, ``line`` empty.
"""

from __future__ import annotations

import pandas as pd

from ..warehouse.minutes_store import DISCUSSION_COLUMNS, EVENT_COLUMNS
from ..warehouse.store import Warehouse

__all__ = ["sheet_statements", "sheet_events"]

_STATEMENTS = """
    SELECT CAST(year AS VARCHAR) || '_' || district_code || '_' || event_name AS event_id, event_name, event_date,
           district_code AS host, year, topic_no, topic, group_name AS "group", region, side, kind, text, seq, pair,
           CAST(NULL AS INTEGER) AS line
    FROM discussion_rows{where}
    ORDER BY district_code, year, event_name, seq
"""


def _group_order(name: str) -> tuple[int, str]:
    digits = "".join(ch for ch in name if ch.isdigit())
    return (int(digits) if digits else 10**6, name)


def sheet_statements(wh: Warehouse, where: str, params: list) -> pd.DataFrame:
    """The submitted discussion rows as ``discussions`` rows (``where`` filters on ``event_id``/``year``).

    Examples
    --------
    >>> sheet_statements(wh, "", []).columns[:2].tolist()  # doctest: +SKIP
    ['event_id', 'event_name']
    """
    inner = _STATEMENTS.format(where="")
    frame = wh.con.execute(f"SELECT * FROM ({inner}){where}", params).df()
    if frame.empty:
        return pd.DataFrame(columns=DISCUSSION_COLUMNS)
    frame["seq"] = frame.groupby("event_id").cumcount() + 1
    groups = (frame.dropna(subset=["group"]).groupby(["event_id", "topic_no"])["group"]
              .agg(lambda g: ", ".join(sorted(set(g), key=_group_order))))  # fmt: skip
    keys = pd.MultiIndex.from_frame(frame[["event_id", "topic_no"]])
    frame["groups"] = groups.reindex(keys).to_numpy()
    return frame[DISCUSSION_COLUMNS]


def sheet_events(wh: Warehouse, where: str, params: list) -> pd.DataFrame:
    """One ``discussion_events`` row per submitted event (source: the submission's file name).

    Examples
    --------
    >>> sheet_events(wh, "", [])["n_unparsed"].eq(0).all()  # doctest: +SKIP
    True
    """
    inner = _STATEMENTS.format(where="")
    sql = f"""
        SELECT d.event_id, any_value(d.event_name) AS event_name, min(d.event_date) AS event_date,
               any_value(d.host) AS host, any_value(d.year) AS year, any_value(s.file_name) AS source,
               count(DISTINCT d.topic_no) AS n_topics, count(*) AS n_statements, 0 AS n_unparsed,
               max(s.ingested_at) AS stored_at
        FROM ({inner}) d
        LEFT JOIN submissions s ON s.is_current AND s.district_code = d.host AND s.year = d.year
        GROUP BY d.event_id
    """
    frame = wh.con.execute(f"SELECT * FROM ({sql}){where}", params).df()
    return frame[EVENT_COLUMNS] if len(frame) else pd.DataFrame(columns=EVENT_COLUMNS)
