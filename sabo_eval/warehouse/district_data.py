"""Loading one district-year from the warehouse, and the figures of all districts.

Light on imports (no plotting, no notebook machinery) so that the runner can
decide what to re-run quickly.
"""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd

from ..ingest.schemas import SCHEMAS
from ..metrics import overview
from .store import Warehouse

__all__ = [
    "load_district_tables",
    "submission_info",
    "evaluation_date_of",
    "compute_all_headlines",
    "compute_all_headlines_by_district",
    "compute_all_indicator_values",
    "district_names",
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


def compute_all_headlines(wh: Warehouse, year: int) -> pd.DataFrame:
    """Headline figures of every district with a current submission for ``year``.

    Computed for all districts at once inside DuckDB
    (:func:`sabo_eval.metrics.overview.warehouse_headlines`); the same frame as
    :func:`compute_all_headlines_by_district`, which is kept as the reference.
    """
    return overview.warehouse_headlines(wh, year)


def compute_all_headlines_by_district(wh: Warehouse, year: int) -> pd.DataFrame:
    """:func:`compute_all_headlines` district by district in pandas (reference; slow nationally)."""
    codes = wh.district_years()
    codes = codes[codes["year"] == year]["district_code"].tolist()
    data = {code: (load_district_tables(wh, code, year), evaluation_date_of(wh, code, year)) for code in codes}
    return overview.all_district_headlines(data)


def compute_all_indicator_values(wh: Warehouse, year: int) -> pd.DataFrame:
    """Service indicators of every district for ``year``, with last year's value beside."""
    from ..metrics import services

    frames = []
    for y in (year - 1, year):
        table = wh.query("SELECT * FROM services WHERE year = ?", [y])
        if table.empty:
            continue
        districts = wh.query("SELECT * FROM districts WHERE year = ?", [y])
        frames.append(services.indicator_values(table, districts))
    if not frames:
        return services.indicator_values(pd.DataFrame(columns=list(SCHEMAS["services"].column_names)), pd.DataFrame())
    values = services.with_previous_year(pd.concat(frames, ignore_index=True))
    return values[values["year"] == year].reset_index(drop=True)


def district_names(wh: Warehouse, year: int) -> dict[str, str]:
    """District code → name for the districts of ``year``."""
    frame = wh.query("SELECT DISTINCT district_code, district_name FROM districts WHERE year = ?", [year])
    return dict(zip(frame["district_code"], frame["district_name"], strict=True))
