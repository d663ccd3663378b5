"""Reading one district-year, or the districts of a year, from the warehouse.

What metrics need, as canonical tables; light on imports (no plotting, no notebook
machinery) so that the runner can decide what to re-run quickly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pandas as pd

from ..intake.schemas import SCHEMAS
from .store import Warehouse

__all__ = [
    "load_district_tables",
    "submission_info",
    "evaluation_date_of",
    "district_names",
    "year_data_hashes",
    "context_data_hashes",
    "current_submission_id",
    "all_data_hash",
]


def load_district_tables(wh: Warehouse, district_code: str, year: int) -> dict[str, pd.DataFrame]:
    """Every canonical table of one district-year, from an open warehouse."""
    return {name: wh.table(name, district_code, year) for name in SCHEMAS}


def submission_info(wh: Warehouse, district_code: str, year: int) -> dict:
    """The 제출정보 of the current submission of a district-year ({} when none)."""
    row = wh.con.execute(
        "SELECT info FROM submissions WHERE is_current AND district_code = ? AND year = ?", [district_code, year]
    ).fetchone()
    return json.loads(row[0]) if row else {}


def evaluation_date_of(wh: Warehouse, district_code: str, year: int) -> dt.date:
    """The submission's 평가기준일, else 31 December of the year."""
    value = submission_info(wh, district_code, year).get("evaluation_date")
    if value:
        return dt.date.fromisoformat(str(value)[:10])
    return dt.date(int(year), 12, 31)


def district_names(wh: Warehouse, year: int) -> dict[str, str]:
    """District code → name for the districts of ``year``."""
    frame = wh.query("SELECT DISTINCT district_code, district_name FROM districts WHERE year = ?", [year])
    return dict(zip(frame["district_code"], frame["district_name"], strict=True))


def year_data_hashes(wh: Warehouse, year: int) -> dict[str, str]:
    """District code → :meth:`~.store.Warehouse.district_data_hash` of every district with data for ``year``."""
    return _data_hashes(wh, [year])[year]


def context_data_hashes(wh: Warehouse, year: int, earlier_years: int) -> dict[str, str]:
    """What the all-district figures of ``year`` are made of: this year's and the earlier years' data hashes.

    Parameters
    ----------
    wh : Warehouse
    year : int
    earlier_years : int
        How many years before ``year`` the figures include (the reports' trend).

    Returns
    -------
    dict
        ``district_code`` → data hash for ``year`` (as :func:`year_data_hashes`), and
        ``"<year>:<district_code>"`` → data hash for each earlier year with data.
    """
    by_year = _data_hashes(wh, range(year - earlier_years, year + 1))
    hashes = dict(by_year[year])
    for earlier in range(year - earlier_years, year):
        hashes.update({f"{earlier}:{code}": value for code, value in by_year[earlier].items()})
    return hashes


def _data_hashes(wh: Warehouse, years) -> dict[int, dict[str, str]]:
    """Year → district code → data hash, for every district with a current submission in that year.

    One query for all districts and years; each hash equals
    :meth:`~.store.Warehouse.district_data_hash` (the same rows, serialised the same way).
    """
    years = sorted({int(y) for y in years})
    rows = wh.con.execute(
        "SELECT district_code, year, submission_id FROM submissions WHERE is_current AND year <= ? "
        "ORDER BY district_code, year",
        [years[-1]],
    ).fetchall()
    out: dict[int, dict[str, str]] = {y: {} for y in years}
    history: dict[str, list] = {}
    for code, y, submission_id in rows:
        history.setdefault(code, []).append((y, submission_id))
        if y in out:  # the hash of a district-year covers its submissions up to that year
            out[y][code] = hashlib.sha256(json.dumps(history[code]).encode()).hexdigest()
    return out


def current_submission_id(wh: Warehouse, district_code: str, year: int) -> tuple[str, str] | None:
    """The (submission id, file name) of a district-year's current submission (None when none)."""
    row = wh.con.execute(
        "SELECT submission_id, file_name FROM submissions WHERE is_current AND district_code = ? AND year = ?",
        [district_code, year],
    ).fetchone()
    return (row[0], row[1]) if row else None


def all_data_hash(wh: Warehouse) -> str:
    """A hash of every current submission (district, year, submission id): changes with any ingest that changes data."""
    rows = wh.con.execute(
        "SELECT district_code, year, submission_id FROM submissions WHERE is_current ORDER BY 1, 2"
    ).fetchall()
    return hashlib.sha256(json.dumps(rows).encode()).hexdigest()
