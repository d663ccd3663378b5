"""Every district's metric tables for one year at once (the national path).

:func:`all_district_tables` computes, for every district with a current submission
for the year, the tables that the per-district functions of :mod:`attendance`,
:mod:`achievement`, :mod:`budget` and :mod:`overview` compute one district at a time,
with the same definitions and the same numbers, to the bit (checked by
``tests/test_metrics_all_districts.py`` against those functions).

How
---
The heavy part runs inside DuckDB. The eligibility join meetings ⋈ members (same
district, body and subcommittee; ``joined_on <= held_on`` and ``left_on`` empty or
``>= held_on``) is counted per meeting and sector; the attended and proxy marks are
joined to the small meetings and members tables, kept where the member was eligible
for the meeting, and counted the same way (per member too, for ``members``). Only
these counts (one row per meeting, per member) and the small plan, indicator and
budget tables reach pandas, where rates, monthly tables and roll-ups are vectorized
over all districts at once: no Python loop over districts or groups.

Means and sums of floating-point numbers are added in the order the per-district
functions add them (``Series.mean`` / ``Series.sum`` over each group's rows, see
:func:`_ordered_sums`), so the figures are identical, not merely close, and the same
from run to run (DuckDB's parallel ``avg``/``sum`` of doubles is not order-stable).

Definitions (as :mod:`attendance`): an eligible member without a mark is absent,
``excused`` is absent, ``proxy`` counts as attended only with ``count_proxy=True``, a
zero denominator gives a missing rate with a reason, never 0.

Assumptions, all guaranteed by validation and ingest: one current submission per
district-year (the tables hold only its rows), unique keys (a meeting id once per
district-year, a (meeting, member) pair with at most one mark), and blank text stored
as NULL (a subcommittee is never ``''``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..ingest.schemas import SCHEMAS
from . import achievement, budget
from ._sums import ordered_means, ordered_sums
from .attendance import (
    BODY_LABELS,
    COUNCIL_LABEL,
    MEAN_LABEL,
    NO_MEETINGS_LABEL,
    POOLED_LABEL,
    SECTORS,
)

if TYPE_CHECKING:  # pragma: no cover
    from ..warehouse.store import Warehouse

__all__ = [
    "TABLES",
    "HEADLINE_COLUMNS",
    "all_district_tables",
    "monthly_tables_of",
]

#: Tables :func:`all_district_tables` can compute, in the order they are returned.
TABLES: tuple[str, ...] = (
    "meeting_rates",
    "monthly",
    "members",
    "indicators",
    "items",
    "strategies",
    "budget",
    "headlines",
)

#: Columns of the headline table, as :func:`overview.headline_figures` returns them.
HEADLINE_COLUMNS: tuple[str, ...] = (
    "n_members",
    "n_meetings",
    "attendance_rate",
    "attendance_rate_n",
    "subcommittee_rate",
    "subcommittee_rate_n",
    "n_items",
    "achievement",
    "achievement_n",
    "execution_rate",
    "execution_rate_n",
    "n_opinions",
)

_COUNT_COLUMNS = [f"{s}_{k}" for s in SECTORS for k in ("attended", "eligible")]
_MONTHLY_COLUMNS = [
    "label", "month", *[f"{s}_{k}" for s in SECTORS for k in ("rate", "attended", "eligible")], "n_meetings", "reason",
]
_MEAN_REASON = "월별 참석률의 평균 (mean of monthly rates)"
_POOLED_REASON = "전체 참석 ÷ 전체 대상 (pooled)"
_NO_MEETINGS_REASON = "회의 없음 (no meetings in the year)"

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
# and the statements run with the joins in written order (:func:`_joins_as_written`):
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

# The counts behind overview.headline_figures (attendance without proxy), one row per
# district; the means and money sums come from the ordered rows below, in pandas, so
# that they are summed in the same order, and so to the same bits, as the per-district
# functions (DuckDB's parallel ``avg`` and ``sum`` of doubles are not order-stable).
_HEADLINE_COUNTS = f"""
WITH {_CURRENT},
mem AS (
    SELECT m.district_code, count(*) FILTER (
        (m.joined_on IS NULL OR m.joined_on <= c.evaluation_date) AND (m.left_on IS NULL OR m.left_on > c.evaluation_date)
    ) AS n_members
    FROM members m JOIN cur c ON c.district_code = m.district_code WHERE m.year = $year GROUP BY 1
),
meet AS (SELECT district_code, count(DISTINCT meeting_id) AS n_meetings FROM meetings WHERE year = $year GROUP BY 1),
att AS (SELECT district_code, sum(total_attended) AS attended, sum(total_eligible) AS eligible FROM {{meetings}} GROUP BY 1),
plan AS (SELECT district_code, count(DISTINCT item_code) AS n_items FROM plan_items WHERE year = $year GROUP BY 1),
op AS (SELECT district_code, count(*) AS n_opinions FROM opinions WHERE year = $year GROUP BY 1)
SELECT cur.district_code,
    CAST(coalesce(mem.n_members, 0) AS DOUBLE) AS n_members,
    CAST(coalesce(meet.n_meetings, 0) AS DOUBLE) AS n_meetings,
    CAST(coalesce(att.attended, 0) AS DOUBLE) AS attended,
    CAST(coalesce(att.eligible, 0) AS DOUBLE) AS eligible,
    CAST(coalesce(plan.n_items, 0) AS DOUBLE) AS n_items,
    CAST(coalesce(op.n_opinions, 0) AS DOUBLE) AS n_opinions
FROM cur
LEFT JOIN mem USING (district_code) LEFT JOIN meet USING (district_code) LEFT JOIN att USING (district_code)
LEFT JOIN plan USING (district_code) LEFT JOIN op USING (district_code)
ORDER BY cur.district_code
"""

_DISTRICT_INDEX = f"""{_CURRENT},
idx AS (SELECT district_code, CAST(row_number() OVER (ORDER BY district_code) - 1 AS BIGINT) AS d FROM cur)"""

# Subcommittee × month pooled counts of the records (meetings with an eligible member),
# as subcommittee_comparison sees them; ``s`` numbers the subcommittees in name order.
_SUBCOMMITTEE_MONTHS = f"""
WITH {_DISTRICT_INDEX},
sm AS (
    SELECT district_code, subcommittee, month(held_on) AS month,
           sum(total_attended) AS attended, sum(total_eligible) AS eligible
    FROM {{meetings}}
    WHERE body = 'subcommittee' AND subcommittee IS NOT NULL AND subcommittee <> '' AND total_eligible > 0
    GROUP BY ALL
)
SELECT idx.d, CAST(dense_rank() OVER (ORDER BY sm.district_code, sm.subcommittee) AS BIGINT) AS s,
       CAST(sm.attended AS DOUBLE) AS attended, CAST(sm.eligible AS DOUBLE) AS eligible
FROM sm JOIN idx USING (district_code)
ORDER BY sm.district_code, sm.subcommittee, sm.month
"""

# Achievement of every indicator (indicator_achievement, ratio method), in table order.
_INDICATOR_SCORES = f"""
WITH {_DISTRICT_INDEX}
SELECT idx.d, CAST(dense_rank() OVER (ORDER BY i.district_code, i.item_code) AS BIGINT) AS item,
    CASE WHEN i.target IS NULL OR i.target = 0 OR i.actual IS NULL OR (i.direction = 'down' AND i.actual = 0) THEN NULL
         WHEN i.direction = 'down' THEN i.target / i.actual * 100.0
         ELSE i.actual / i.target * 100.0 END AS achievement
FROM indicators i JOIN idx USING (district_code)
WHERE i.year = $year
ORDER BY i.district_code, i.item_code, i.indicator
"""

# Budget rows that have an execution rate (total_execution_rate), in table order.
_USABLE_BUDGET = f"""
WITH {_DISTRICT_INDEX}
SELECT idx.d, b.executed, coalesce(b.revised, b.planned) AS base
FROM budget b JOIN idx USING (district_code)
WHERE b.year = $year AND coalesce(b.revised, b.planned) > 0 AND b.executed IS NOT NULL
ORDER BY b.district_code, b.item_code
"""


def _canonical(name: str, year_sql: str = "$year") -> str:
    """``SELECT`` of a canonical table's columns (as :meth:`Warehouse.table`), current districts."""
    schema = SCHEMAS[name]
    columns = ["year", *[c for c in schema.column_names if c != "year"]]
    order = list(dict.fromkeys(("district_code", "year", *schema.key)))
    return (
        f"WITH {_CURRENT} SELECT {', '.join(columns)} FROM {name} "
        f"WHERE year = {year_sql} AND district_code IN (SELECT district_code FROM cur) ORDER BY {', '.join(order)}"
    )


# ----------------------------------------------------------------------------- rates


def _reason_table() -> np.ndarray:
    reasons = []
    for code in range(2 ** len(SECTORS)):
        parts = [f"{label}: 대상 위원 없음 (no eligible members)" for i, label in enumerate(SECTORS.values()) if code >> i & 1]
        reasons.append("; ".join(parts))
    return np.array(reasons, dtype=object)


_REASONS = _reason_table()


def _add_rates(frame: pd.DataFrame) -> pd.DataFrame:
    """Vectorized :func:`attendance._add_rates`: ``<sector>_rate`` and ``reason``, in place."""
    code = np.zeros(len(frame), dtype=np.int64)
    for i, sector in enumerate(SECTORS):
        eligible = frame[f"{sector}_eligible"].to_numpy(dtype=float)
        attended = frame[f"{sector}_attended"].to_numpy(dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            frame[f"{sector}_rate"] = np.where(eligible != 0, attended / eligible * 100.0, np.nan)
        code |= (eligible == 0).astype(np.int64) << i
    frame["reason"] = _REASONS[code].tolist()
    return frame


# ----------------------------------------------------------------------------- attendance


def _meeting_rates(frame: pd.DataFrame, count_proxy: bool) -> pd.DataFrame:
    """:func:`attendance.meeting_rates` of every meeting, from the per-meeting counts."""
    out = frame[["district_code", "year", "meeting_id", "body", "subcommittee", "held_on"]].copy()
    out["held_on"] = pd.to_datetime(out["held_on"])
    for sector in SECTORS:
        attended = frame[f"{sector}_attended"].to_numpy()
        if count_proxy:
            attended = attended + frame[f"{sector}_proxy"].to_numpy()
        out[f"{sector}_attended"] = attended.astype(int)
        out[f"{sector}_eligible"] = frame[f"{sector}_eligible"].to_numpy().astype(int)
    out["month"] = out["held_on"].dt.month
    return _add_rates(out).reset_index(drop=True)


def _group_catalogue(groups: pd.DataFrame, codes: list[str], year: int) -> pd.DataFrame:
    """Every district's groups, labelled and ordered as :func:`attendance.group_monthly_tables`.

    The council comes first, then the subcommittees in name order, then the bodies;
    a subcommittee without a name is listed as ``"None"`` (and never has meetings of its
    own, as in the per-district functions). Returns ``district_code, key, group,
    group_order, body, subcommittee``; ``key`` identifies a group's meetings.
    """
    body = groups["body"].astype(object)
    names = groups["subcommittee"].astype(object)
    sub = (body == "subcommittee").to_numpy()
    keep = sub | body.isin(list(BODY_LABELS)).to_numpy()
    body, names, sub = body[keep], names[keep], sub[keep]
    unnamed = names.isna().to_numpy()
    text = names.where(~unnamed, "").astype(str).to_numpy()
    catalogue = pd.DataFrame(
        {
            "district_code": groups["district_code"].to_numpy()[keep],
            "key": np.where(sub, np.where(unnamed, "u:", "s:" + text.astype(object)), "b:" + body.astype(str).to_numpy()),
            "group": np.where(sub, np.where(unnamed, "None", text), body.map(BODY_LABELS).to_numpy()),
            "body": body.to_numpy(),
            "subcommittee": np.where(sub & ~unnamed, text, None),
            "_rank": np.where(sub, 1, 2 + body.map({b: i for i, b in enumerate(BODY_LABELS)}).fillna(0).to_numpy()),
        }
    )
    council = pd.DataFrame(
        {"district_code": codes, "key": "c:", "group": COUNCIL_LABEL, "body": None, "subcommittee": None, "_rank": 0}
    )
    catalogue = pd.concat([council, catalogue], ignore_index=True).drop_duplicates(["district_code", "key"])
    catalogue["_name"] = np.where(catalogue["_rank"] == 1, catalogue["group"].astype(str), "")
    catalogue = catalogue.sort_values(["district_code", "_rank", "_name"], kind="stable").reset_index(drop=True)
    catalogue["group_order"] = catalogue.groupby("district_code", sort=False).cumcount()
    # Two groups with one label: the later one takes the earlier one's place (dict semantics).
    catalogue["group_order"] = catalogue.groupby(["district_code", "group"], sort=False)["group_order"].transform("min")
    catalogue = catalogue.drop_duplicates(["district_code", "group"], keep="last")
    catalogue["year"] = year
    columns = ["district_code", "year", "key", "group", "group_order", "body", "subcommittee"]
    return catalogue[columns].reset_index(drop=True)


def _monthly(rates: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`attendance.monthly_table` of every district and group, long.

    Every meeting counts in its district's council and in its own group (a
    subcommittee meeting without a subcommittee name in none); groups and months are
    integer-coded, so the sums are ``bincount`` s and the 평균 is summed in month order.
    """
    n_groups = len(catalogue)
    where = pd.Index((catalogue["district_code"].astype(str) + "\x1f" + catalogue["key"].astype(str)).to_numpy(object))
    body = rates["body"].astype(object).to_numpy()
    names = rates["subcommittee"].astype(object)
    named = names.notna().to_numpy()
    sub = body == "subcommittee"
    text = names.where(named, "").astype(str).to_numpy(object)
    own_key = np.where(sub, "s:" + text, "b:" + body.astype(str).astype(object))
    district = rates["district_code"].astype(str).to_numpy(object) + "\x1f"
    council = where.get_indexer(district + "c:")
    own = where.get_indexer(district + own_key)
    own[~np.where(sub, named, pd.Index(list(BODY_LABELS)).get_indexer(body) >= 0)] = -1
    meeting = np.concatenate([np.flatnonzero(council >= 0), np.flatnonzero(own >= 0)])
    group = np.concatenate([council[council >= 0], own[own >= 0]])
    month = rates["month"].to_numpy(dtype=np.int64)[meeting]
    cells, cell = np.unique(group * 13 + month, return_inverse=True)
    cell = cell.reshape(-1)
    cell_group, cell_month = cells // 13, cells % 13

    table = pd.DataFrame({"_group": cell_group, "month": cell_month.astype(float)})
    for column in _COUNT_COLUMNS:
        values = rates[column].to_numpy(dtype=np.int64)[meeting]
        table[column] = np.bincount(cell, weights=values, minlength=len(cells)).astype(np.int64)
    table["n_meetings"] = np.bincount(cell, minlength=len(cells)).astype(np.int64)
    table["label"] = cell_month.astype(str).tolist()
    table = _add_rates(table)
    table["_row"] = 0

    # The 평균 row is Series.mean of the month rates, summed in month order like it.
    held = np.unique(cell_group)
    summary = pd.DataFrame({"_group": held})
    position = np.searchsorted(held, cell_group)
    n_meetings = np.bincount(position, weights=table["n_meetings"].to_numpy(), minlength=len(held)).astype(np.int64)
    mean = summary.assign(n_meetings=n_meetings)
    pooled = summary.assign(n_meetings=n_meetings)
    for sector in SECTORS:
        rate = table[f"{sector}_rate"].to_numpy(dtype=float)
        rated = ~np.isnan(rate)
        total, count = ordered_sums(rate[rated], position[rated], len(held))
        with np.errstate(divide="ignore", invalid="ignore"):
            mean[f"{sector}_rate"] = np.where(count > 0, total / count, np.nan)
        mean[f"{sector}_attended"] = np.nan
        mean[f"{sector}_eligible"] = count
        attended, eligible = (
            np.bincount(position, weights=table[f"{sector}_{k}"].to_numpy(), minlength=len(held)).astype(np.int64)
            for k in ("attended", "eligible")
        )
        pooled[f"{sector}_attended"] = attended
        pooled[f"{sector}_eligible"] = eligible
        with np.errstate(divide="ignore", invalid="ignore"):
            pooled[f"{sector}_rate"] = np.where(eligible != 0, attended / eligible * 100.0, np.nan)
    mean = mean.assign(label=MEAN_LABEL, month=np.nan, reason=_MEAN_REASON, _row=1)
    pooled = pooled.assign(label=POOLED_LABEL, month=np.nan, reason=_POOLED_REASON, _row=2)

    empty = pd.DataFrame({"_group": np.setdiff1d(np.arange(n_groups), held)}).assign(
        label=NO_MEETINGS_LABEL, month=np.nan, n_meetings=0, reason=_NO_MEETINGS_REASON, _row=3
    )
    for sector in SECTORS:
        empty[f"{sector}_rate"] = np.nan
        empty[f"{sector}_attended"] = 0
        empty[f"{sector}_eligible"] = 0

    out = pd.concat([table, mean, pooled, empty], ignore_index=True)
    place = np.empty(n_groups, dtype=np.int64)  # each group's place: district, then group_order
    place[np.lexsort((catalogue["group_order"].to_numpy(), catalogue["district_code"].astype(str).to_numpy()))] = np.arange(n_groups)
    group_of = out["_group"].to_numpy()
    order = np.lexsort((np.nan_to_num(out["month"].to_numpy(), nan=0.0), out["_row"].to_numpy(), place[group_of]))
    out = out.iloc[order].reset_index(drop=True)
    info = catalogue[["district_code", "year", "group", "group_order", "body", "subcommittee"]].iloc[out["_group"].to_numpy()]
    out = pd.concat([info.reset_index(drop=True), out[_MONTHLY_COLUMNS]], axis=1)
    return out


def monthly_tables_of(monthly: pd.DataFrame, district_code: str) -> dict[str, pd.DataFrame]:
    """One district's monthly tables as :func:`attendance.group_monthly_tables` returns them.

    Parameters
    ----------
    monthly : DataFrame
        The ``monthly`` table of :func:`all_district_tables`.
    district_code : str

    Returns
    -------
    dict
        Group label → table with the columns of :func:`attendance.monthly_table`, in the
        order of ``group_monthly_tables(..., include_council=True)``.
    """
    part = monthly[monthly["district_code"] == str(district_code)]
    return {str(label): _monthly_table(rows) for label, rows in part.groupby("group", sort=False)}


_NO_MEETINGS_COLUMNS = [
    "label", "month", "n_meetings", "reason", *[f"{s}_{k}" for s in SECTORS for k in ("rate", "attended", "eligible")],
]


def _monthly_table(rows: pd.DataFrame) -> pd.DataFrame:
    """One group's rows as :func:`attendance.monthly_table` returns them (columns, dtypes)."""
    if len(rows) == 1 and rows["label"].iloc[0] == NO_MEETINGS_LABEL:
        table = rows[_NO_MEETINGS_COLUMNS].reset_index(drop=True)
        counts = ["n_meetings", *[f"{s}_{k}" for s in SECTORS for k in ("attended", "eligible")]]
        return table.astype({column: "int64" for column in counts})
    return rows[_MONTHLY_COLUMNS].reset_index(drop=True)
def _members(frame: pd.DataFrame, count_proxy: bool) -> pd.DataFrame:
    """:func:`attendance.member_summary` of every member, from the per-member counts."""
    columns = ["district_code", "year", "member_id", "name", "sector", "body", "subcommittee", "role", "joined_on", "left_on"]
    out = frame[columns].copy()
    attended = frame["n_strict"].to_numpy() + (frame["n_proxy"].to_numpy() if count_proxy else 0)
    eligible = frame["n_eligible"].to_numpy()
    out["n_eligible"] = eligible.astype(int)
    out["n_attended"] = attended.astype(int)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["rate"] = np.where(eligible != 0, attended.astype(float) / eligible.astype(float) * 100.0, np.nan)
    when = pd.to_datetime(frame["evaluation_date"])
    joined = pd.to_datetime(out["joined_on"])
    left = pd.to_datetime(out["left_on"])
    out["tenure_days"] = (when - joined).dt.days
    out["is_current"] = left.isna() | (left > when)
    return out.reset_index(drop=True)


# ----------------------------------------------------------------------------- headlines


def _headlines(con, params: dict, meetings: str) -> pd.DataFrame:
    """:func:`overview.all_district_headlines` of every current district (see ``_HEADLINE_COUNTS``)."""
    counts = con.execute(_HEADLINE_COUNTS.format(meetings=meetings), params).df()
    if counts.empty:
        return pd.DataFrame()
    n = len(counts)
    attended, eligible = counts["attended"].to_numpy(dtype=float), counts["eligible"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        attendance_rate = np.where(eligible != 0, attended / eligible * 100.0, np.nan)

    # subcommittee_comparison → comparison_summary: the mean over subcommittees (in name
    # order) of each one's mean of monthly pooled rates.
    months = con.execute(_SUBCOMMITTEE_MONTHS.format(meetings=meetings), params).df()
    sub = months["s"].to_numpy() - 1
    n_subs = int(sub.max()) + 1 if len(sub) else 0
    rates = months["attended"].to_numpy(dtype=float) / months["eligible"].to_numpy(dtype=float) * 100.0
    sub_mean = ordered_means(rates, sub, n_subs)
    sub_district = np.zeros(n_subs, dtype=np.int64)
    sub_district[sub] = months["d"].to_numpy()
    subcommittee_rate = ordered_means(sub_mean, sub_district, n)
    _, n_subcommittees = ordered_sums(sub_mean, sub_district, n)

    # item_achievement (a pandas group mean, as there) → the mean over scored items.
    scores = con.execute(_INDICATOR_SCORES, params).df()
    by_item = scores.groupby(["d", "item"], sort=True)["achievement"].mean().dropna()
    item_district = by_item.index.get_level_values("d").to_numpy()
    achievement_mean = ordered_means(by_item.to_numpy(dtype=float), item_district, n)
    _, n_scored = ordered_sums(by_item.to_numpy(dtype=float), item_district, n)

    usable = con.execute(_USABLE_BUDGET, params).df()
    district = usable["d"].to_numpy()
    executed, _ = ordered_sums(usable["executed"].to_numpy(dtype=float), district, n)
    base, _ = ordered_sums(usable["base"].to_numpy(dtype=float), district, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        execution_rate = np.where(base != 0, executed / base * 100.0, np.nan)

    figures = {
        "n_members": counts["n_members"].to_numpy(dtype=float),
        "n_meetings": counts["n_meetings"].to_numpy(dtype=float),
        "attendance_rate": attendance_rate,
        "attendance_rate_n": eligible,
        "subcommittee_rate": subcommittee_rate,
        "subcommittee_rate_n": n_subcommittees.astype(float),
        "n_items": counts["n_items"].to_numpy(dtype=float),
        "achievement": achievement_mean,
        "achievement_n": n_scored.astype(float),
        "execution_rate": execution_rate,
        "execution_rate_n": base,
        "n_opinions": counts["n_opinions"].to_numpy(dtype=float),
    }
    data = {"district_code": counts["district_code"].astype(str).tolist()}
    data.update({column: figures[column] for column in HEADLINE_COLUMNS})
    return pd.DataFrame(data).set_index("district_code")


@contextmanager
def _joins_as_written(con) -> Iterator[None]:
    """Join in the order the query is written (the connection's setting is restored after).

    DuckDB's join-order optimizer infers ``meetings.district_code = members.district_code``
    from the two attendance joins and, misjudging the sizes, joins meetings to members
    on it first (millions of rows) before attendance. Written order joins the large
    attendance table to the two small ones: several times faster.
    """
    previous = str(con.execute("SELECT current_setting('disabled_optimizers')").fetchone()[0] or "")
    names = [n.strip() for n in previous.split(",") if n.strip()]
    con.execute(f"SET disabled_optimizers = '{','.join(dict.fromkeys([*names, 'join_order']))}'")
    try:
        yield
    finally:
        con.execute(f"SET disabled_optimizers = '{previous}'" if previous else "RESET disabled_optimizers")


# ----------------------------------------------------------------------------- entry point


def all_district_tables(
    wh: Warehouse,
    year: int,
    *,
    count_proxy: bool = False,
    tables: Iterable[str] | None = None,
) -> dict[str, pd.DataFrame]:
    """Metric tables of every district with a current submission for ``year``.

    Parameters
    ----------
    wh : Warehouse
        An open warehouse (read-only is enough; two temporary tables are created on
        its connection and dropped before returning).
    year : int
    count_proxy : bool
        Count proxy attendance (△) as attended in ``meeting_rates``, ``monthly`` and
        ``members``. The headline figures never count it (as
        :func:`overview.headline_figures`).
    tables : iterable of str, optional
        Which of :data:`TABLES` to compute (default: all); ``("headlines",)`` is the
        quick path of :func:`sabo_eval.warehouse.district_data.compute_all_headlines`.

    Returns
    -------
    dict
        Of the requested tables:

        ``meeting_rates``
            :func:`attendance.meeting_rates` of every meeting (meetings without an
            eligible member included, with a missing rate and a reason).
        ``monthly``
            Every row of :func:`attendance.monthly_table` of every group of
            ``group_monthly_tables(..., include_council=True)``, long: ``district_code,
            year, group`` (the label: ``협의체 전체``, the subcommittee, ``대표협의체`` …),
            ``group_order`` (its place in the district's dict), ``body``,
            ``subcommittee``, then the monthly table's columns (``label`` is the month,
            ``평균``, ``전체(합산)`` or ``회의 없음``). :func:`monthly_tables_of` gives
            one district's dict back.
        ``members``
            :func:`attendance.member_summary` at the submission's 평가기준일.
        ``indicators``
            :func:`achievement.indicator_achievement` with last year's indicators as
            ``previous`` (as the district report).
        ``items``, ``strategies``
            :func:`achievement.item_achievement` (with ``plan_items``) and
            :func:`achievement.strategy_achievement`.
        ``budget``
            :func:`budget.execution_by` at strategy level, with ``district_code, year``.
        ``headlines``
            :func:`overview.all_district_headlines`: one row per district, indexed by
            ``district_code`` (an empty frame when no district has data).
    """
    wanted = TABLES if tables is None else tuple(dict.fromkeys(tables))
    unknown = [t for t in wanted if t not in TABLES]
    if unknown:
        raise ValueError(f"unknown tables: {unknown}; choose from {TABLES}")
    con = wh.con
    params = {"year": int(year)}
    tag = uuid.uuid4().hex[:16]
    meetings = f"_sabo_meetings_{tag}"
    out: dict[str, pd.DataFrame] = {}
    try:
        if {"meeting_rates", "monthly", "headlines"} & set(wanted):
            with _joins_as_written(con):
                con.execute(_MEETING_COUNTS.format(meetings=meetings), params)
        if "meeting_rates" in wanted or "monthly" in wanted:
            frame = con.execute(f"SELECT * FROM {meetings} ORDER BY district_code, year, held_on, meeting_id").df()
            rates = _meeting_rates(frame, count_proxy)
            if "meeting_rates" in wanted:
                out["meeting_rates"] = rates
            if "monthly" in wanted:
                codes = con.execute(f"WITH {_CURRENT} SELECT district_code FROM cur ORDER BY 1", params).df()
                groups = con.execute(_GROUPS, params).df()
                catalogue = _group_catalogue(groups, codes["district_code"].astype(str).tolist(), int(year))
                out["monthly"] = _monthly(rates, catalogue)
        if "members" in wanted:
            with _joins_as_written(con):
                frame = con.execute(_MEMBER_COUNTS, params).df()
            out["members"] = _members(frame, count_proxy)
        plan = None
        if {"indicators", "items", "strategies", "budget"} & set(wanted):
            plan = con.execute(_canonical("plan_items"), params).df()
        if {"indicators", "items", "strategies"} & set(wanted):
            indicators = con.execute(_canonical("indicators"), params).df()
            previous = con.execute(_canonical("indicators", "$year - 1"), params).df()
            scored = achievement.indicator_achievement(indicators, previous=previous)
            if "indicators" in wanted:
                out["indicators"] = scored
            if {"items", "strategies"} & set(wanted):
                items = achievement.item_achievement(scored, plan)
                if "items" in wanted:
                    out["items"] = items
                if "strategies" in wanted:
                    out["strategies"] = achievement.strategy_achievement(items)
        if "budget" in wanted:
            out["budget"] = budget.execution_by(con.execute(_canonical("budget"), params).df(), plan, by_district=True)
        if "headlines" in wanted:
            out["headlines"] = _headlines(con, params, meetings)
    finally:
        con.execute(f"DROP TABLE IF EXISTS {meetings}")
    return {name: out[name] for name in TABLES if name in out}
