"""Data access of the all-district path: every current district's counts and tables of a year.

:mod:`sabo_eval.metrics.all_districts` computes every district's metric tables with
the same functions as the district report; this module reads what they need from the
warehouse, for all districts with a current submission for the year at once.

The large part is attendance, counted inside DuckDB (counting seats and marks is the
data access; rates and roll-ups are computed by :mod:`.attendance_rates` and
:mod:`.attendance_members`). The eligibility join meetings ⋈ members (same district,
body and subcommittee; ``joined_on <= held_on`` and ``left_on`` empty or
``>= held_on``) is counted per meeting and sector; the attended and proxy marks are
joined to the small meetings and members tables, kept where the member was eligible
for the meeting, and counted the same way (per member too). Only these counts (one
row per meeting, per member) and the small canonical tables reach pandas.

Definitions (as :mod:`.attendance`): an eligible member without a mark is absent,
``excused`` is absent, ``proxy`` counts as attended only with ``count_proxy=True``.

Assumptions, all guaranteed by validation and ingest: one current submission per
district-year (the tables hold only its rows), unique keys (a meeting id once per
district-year, a (meeting, member) pair with at most one mark), and blank text stored
as NULL (a subcommittee is never ``''``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd

from ..intake.schemas import SCHEMAS
from .attendance_members import MEMBER_COLUMNS
from .attendance_rates import COUNT_COLUMNS, SECTORS

__all__ = [
    "joins_as_written",
    "create_meeting_counts",
    "meeting_counts",
    "member_counts",
    "district_groups",
    "current_districts",
    "canonical",
    "headline_inputs",
]

_INFO = ["district_code", "year", "meeting_id", "body", "subcommittee", "held_on"]

# ----------------------------------------------------------------------------- SQL

# The current district-years of the year and their 평가기준일 (evaluation_date_of:
# the submission's, else 31 December).
_EVALUATION = """
    SELECT DISTINCT ON (district_code) district_code,
        coalesce(TRY_CAST(left(NULLIF(json_extract_string(info, '$.evaluation_date'), ''), 10) AS DATE),
                 make_date($year, 12, 31)) AS evaluation_date
    FROM submissions
    WHERE is_current AND year = $year
    ORDER BY district_code, ingested_at DESC"""
_CURRENT = f"cur AS ({_EVALUATION})"

_ELIGIBLE = "(p.joined_on IS NULL OR p.joined_on <= t.held_on) AND (p.left_on IS NULL OR p.left_on >= t.held_on)"

# Seats and marks. Meetings and members get an integer id of their group (district,
# body, subcommittee: ``gk``), so that the seat join and the eligibility test of a mark
# compare integers. The eligibility of a mark is a value (``ok``), not a join condition,
# and the statements run with the joins in written order (:func:`joins_as_written`):
# the large attendance table is joined to the two small tables, never to the large
# set of seats. ``sc`` codes the sector (1 private, 2 public), ``st`` the mark (1
# attended, 2 proxy).
_SEATS_AND_MARKS = f"""
cur AS (SELECT DISTINCT district_code FROM submissions WHERE is_current AND year = $year),
meet0 AS (
    SELECT rowid AS mk, district_code, year, meeting_id, body, subcommittee, coalesce(subcommittee, '') AS sub, held_on
    FROM meetings WHERE year = $year AND district_code IN (SELECT district_code FROM cur)
),
mem0 AS (
    SELECT rowid AS pk, district_code, member_id, body, coalesce(subcommittee, '') AS sub,
           CASE sector WHEN 'private' THEN 1 WHEN 'public' THEN 2 ELSE 0 END AS sc, joined_on, left_on
    FROM members WHERE year = $year AND district_code IN (SELECT district_code FROM cur)
),
grp AS (
    SELECT district_code, body, sub, row_number() OVER () AS gk
    FROM (SELECT DISTINCT district_code, body, sub FROM mem0) g
),
meet AS (
    SELECT t.mk, t.district_code, t.meeting_id, t.held_on, coalesce(g.gk, -1) AS gk
    FROM meet0 t LEFT JOIN grp g ON t.district_code = g.district_code AND t.body = g.body AND t.sub = g.sub
),
mem AS (
    SELECT p.pk, p.district_code, p.member_id, p.sc, p.joined_on, p.left_on, g.gk
    FROM mem0 p JOIN grp g ON p.district_code = g.district_code AND p.body = g.body AND p.sub = g.sub
),
seats AS (
    SELECT t.mk, p.pk, p.sc FROM meet t JOIN mem p ON t.gk = p.gk AND {_ELIGIBLE}
),
marks AS (
    SELECT t.mk, p.pk, p.sc, CASE a.status WHEN 'attended' THEN 1 ELSE 2 END AS st,
           t.gk = p.gk AND {_ELIGIBLE} AS ok
    FROM attendance a
    JOIN meet t ON a.district_code = t.district_code AND a.meeting_id = t.meeting_id
    JOIN mem p ON a.district_code = p.district_code AND a.member_id = p.member_id
    WHERE a.year = $year AND a.status IN ('attended', 'proxy')
)"""


def _count_sql(key: str) -> str:
    """Eligible seats, attended and proxy marks per ``key`` (``mk`` or ``pk``) and sector."""
    sectors = {"total": "", "private": " AND sc = 1", "public": " AND sc = 2"}
    seats = ", ".join(f"count(*) FILTER (true{c}) AS {s}_eligible" for s, c in sectors.items())
    marks = ", ".join(
        f"count(*) FILTER (ok AND st = {st}{c}) AS {s}_{kind}"
        for st, kind in ((1, "attended"), (2, "proxy"))
        for s, c in sectors.items()
    )
    return (
        f"e AS (SELECT {key}, {seats} FROM seats GROUP BY {key}),\n"
        f"m AS (SELECT {key}, {marks} FROM marks GROUP BY {key})"
    )


_COUNT_COLUMNS_SQL = ", ".join(
    f"coalesce({s}_{k}, 0) AS {s}_{k}" for s in SECTORS for k in ("eligible", "attended", "proxy")
)

# One row per meeting of every current district-year, with its counts.
_MEETING_COUNTS = f"""
CREATE TEMP TABLE {{meetings}} AS
WITH {_SEATS_AND_MARKS},
{_count_sql("mk")}
SELECT t.district_code, t.year, t.meeting_id, t.body, t.subcommittee, t.held_on, {_COUNT_COLUMNS_SQL}
FROM meet0 t LEFT JOIN e USING (mk) LEFT JOIN m USING (mk)
"""

# One row per member of every current district-year, with its counts (as member_summary).
_MEMBER_COUNTS = f"""
WITH {_SEATS_AND_MARKS},
{_count_sql("pk")},
ev AS ({_EVALUATION})
SELECT p.district_code, p.year, p.member_id, p.name, p.sector, p.body, p.subcommittee, p.role, p.joined_on, p.left_on,
       ev.evaluation_date,
       coalesce(e.total_eligible, 0) AS n_eligible,
       coalesce(m.total_attended, 0) AS n_strict,
       coalesce(m.total_proxy, 0) AS n_proxy
FROM members p JOIN ev ON ev.district_code = p.district_code LEFT JOIN e ON e.pk = p.rowid LEFT JOIN m ON m.pk = p.rowid
WHERE p.year = $year
ORDER BY p.district_code, p.year, p.member_id
"""

# Every group (body, subcommittee) named by a meeting or a member, as group_monthly_tables.
_GROUPS = f"""
WITH {_CURRENT}
SELECT DISTINCT district_code, body, CASE WHEN body = 'subcommittee' THEN subcommittee END AS subcommittee
FROM (
    SELECT district_code, body, subcommittee FROM meetings WHERE year = $year
    UNION ALL SELECT district_code, body, subcommittee FROM members WHERE year = $year
) g
WHERE district_code IN (SELECT district_code FROM cur)
"""

def canonical(name: str, year_sql: str = "$year") -> str:
    """``SELECT`` of a canonical table of every current district, as :meth:`Warehouse.table` reads it.

    Parameters
    ----------
    name : str
        A table of :data:`sabo_eval.intake.schemas.SCHEMAS`.
    year_sql : str
        The year, as SQL (``"$year - 1"`` for the previous year's rows).

    Returns
    -------
    str
        The statement (parameter ``$year``); columns and row order as the canonical table.
    """
    schema = SCHEMAS[name]
    columns = ["year", *[c for c in schema.column_names if c != "year"]]
    order = list(dict.fromkeys(("district_code", "year", *schema.key)))
    return (
        f"WITH {_CURRENT} SELECT {', '.join(columns)} FROM {name} "
        f"WHERE year = {year_sql} AND district_code IN (SELECT district_code FROM cur) ORDER BY {', '.join(order)}"
    )


@contextmanager
def joins_as_written(con) -> Iterator[None]:
    """Join in the order the query is written (the connection's setting is restored after).

    DuckDB's join-order optimizer infers ``meetings.district_code = members.district_code``
    from the two attendance joins and, misjudging the sizes, joins meetings to members
    on it first (millions of rows) before attendance. Written order joins the large
    attendance table to the two small ones: several times faster.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection

    Yields
    ------
    None
        Inside the block the ``join_order`` optimizer is disabled.
    """
    previous = str(con.execute("SELECT current_setting('disabled_optimizers')").fetchone()[0] or "")
    names = [n.strip() for n in previous.split(",") if n.strip()]
    con.execute(f"SET disabled_optimizers = '{','.join(dict.fromkeys([*names, 'join_order']))}'")
    try:
        yield
    finally:
        con.execute(f"SET disabled_optimizers = '{previous}'" if previous else "RESET disabled_optimizers")


# Headline inputs beyond the meeting counts: membership dates, plan items, opinions.
_HEADLINE_MEMBERS = f"""
WITH {_CURRENT}
SELECT district_code, joined_on, left_on FROM members
WHERE year = $year AND district_code IN (SELECT district_code FROM cur)
ORDER BY district_code, member_id
"""
_HEADLINE_PLAN = "SELECT district_code, item_code FROM plan_items WHERE year = $year"
_HEADLINE_OPINIONS = "SELECT district_code FROM opinions WHERE year = $year"


def create_meeting_counts(con, params: dict, name: str) -> None:
    """Create the temporary table ``name``: one row per meeting of every current district, with its counts.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
    params : dict
        ``{"year": year}``.
    name : str
        Name of the temporary table (the caller drops it).
    """
    with joins_as_written(con):
        con.execute(_MEETING_COUNTS.format(meetings=name), params)


def meeting_counts(con, name: str, *, count_proxy: bool) -> pd.DataFrame:
    """The count frame (as :func:`sabo_eval.metrics.attendance.meeting_counts`) of table ``name``.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
    name : str
        A table made by :func:`create_meeting_counts`.
    count_proxy : bool
        Count proxy marks as attended.

    Returns
    -------
    DataFrame
        ``district_code, year, meeting_id, body, subcommittee, held_on`` and
        :data:`~sabo_eval.metrics.attendance_rates.COUNT_COLUMNS`, by district, year,
        date and meeting.
    """
    frame = con.execute(f"SELECT * FROM {name} ORDER BY district_code, year, held_on, meeting_id").df()
    out = frame[_INFO].copy()
    for sector in SECTORS:
        attended = frame[f"{sector}_attended"].to_numpy()
        if count_proxy:
            attended = attended + frame[f"{sector}_proxy"].to_numpy()
        out[f"{sector}_attended"] = attended.astype(int)
        out[f"{sector}_eligible"] = frame[f"{sector}_eligible"].to_numpy().astype(int)
    return out[[*_INFO, *COUNT_COLUMNS]]


def member_counts(con, params: dict, *, count_proxy: bool) -> tuple[pd.DataFrame, pd.Series]:
    """Every member of every current district with ``n_eligible`` and ``n_attended``.

    Returns
    -------
    tuple
        The frame (``MEMBER_COLUMNS``, ``n_eligible``, ``n_attended``) and each row's
        평가기준일 (the submission's, else 31 December).
    """
    with joins_as_written(con):
        frame = con.execute(_MEMBER_COUNTS, params).df()
    out = frame[MEMBER_COLUMNS].copy()
    out["n_eligible"] = frame["n_eligible"].to_numpy()
    out["n_attended"] = frame["n_strict"].to_numpy() + (frame["n_proxy"].to_numpy() if count_proxy else 0)
    return out, pd.to_datetime(frame["evaluation_date"])


def current_districts(con, params: dict) -> pd.DataFrame:
    """Every district with a current submission for the year.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
    params : dict
        ``{"year": year}``.

    Returns
    -------
    DataFrame
        ``district_code, evaluation_date`` (the submission's 평가기준일, else 31
        December), by code.
    """
    return con.execute(f"{_EVALUATION}", params).df().sort_values("district_code", kind="stable").reset_index(drop=True)


def district_groups(con, params: dict) -> pd.DataFrame:
    """Every group named by a meeting or a member of a current district.

    Parameters
    ----------
    con, params
        As :func:`current_districts`.

    Returns
    -------
    DataFrame
        ``district_code, body, subcommittee`` (the subcommittee only for subcommittees).
    """
    return con.execute(_GROUPS, params).df()


def headline_inputs(con, params: dict, meetings: str) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """The tables :func:`sabo_eval.metrics.overview.headlines_of` needs, but ``items`` and ``budget``.

    Returns
    -------
    tuple
        The tables (``members``, ``meetings`` without proxy, ``plan_items``,
        ``opinions``) and the districts with their 평가기준일.
    """
    tables = {
        "members": con.execute(_HEADLINE_MEMBERS, params).df(),
        "meetings": meeting_counts(con, meetings, count_proxy=False),
        "plan_items": con.execute(_HEADLINE_PLAN, params).df(),
        "opinions": con.execute(_HEADLINE_OPINIONS, params).df(),
    }
    return tables, current_districts(con, params)
