"""The figures of every district of a year, from an open warehouse.

What the index page, the comparison report and each district report's "all districts"
columns show: headline figures and service indicators for every district with a
current submission, computed by the same metric functions as one district's figures.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..intake.schemas import SCHEMAS
from ..warehouse.district_data import evaluation_date_of, load_district_tables
from ..warehouse.store import Warehouse
from . import overview

__all__ = [
    "compute_all_headlines",
    "compute_all_headlines_by_district",
    "SELF_EVALUATION_FIGURES",
    "compute_self_evaluation_figures",
    "compute_all_indicator_values",
    "read_indicator_values",
]


def compute_all_headlines(wh: Warehouse, year: int) -> pd.DataFrame:
    """Headline figures of every district with a current submission for ``year``.

    Computed for all districts at once inside DuckDB
    (:func:`sabo_eval.metrics.overview.warehouse_headlines`); the same frame as
    :func:`compute_all_headlines_by_district`, which is kept as the reference.
    """
    return overview.warehouse_headlines(wh, year)


def compute_headline_history(wh: Warehouse, year: int) -> dict[int, pd.DataFrame]:
    """Headline figures of every district for the trend's years before ``year`` (year → frame).

    The years with any current submission among the
    :data:`~sabo_eval.metrics.trends.MAX_YEARS` ending at ``year``, ``year`` itself
    excluded; each frame as :func:`compute_all_headlines` with the private and public
    members' attendance (:func:`~sabo_eval.metrics.trends.sector_rates`) beside it.
    Computed once per run, so that no district report recomputes its earlier years.
    """
    from .attendance import attendance_records
    from .trends import sector_rates_by_district, trend_years

    held = wh.district_years()["year"].astype(int).unique().tolist()
    history = {}
    for earlier in trend_years(year, held):
        if earlier == year:
            continue
        records = attendance_records(*(wh.table(name, None, earlier) for name in ("members", "meetings", "attendance")))
        history[earlier] = compute_all_headlines(wh, earlier).join(sector_rates_by_district(records)).join(
            compute_self_evaluation_figures(wh, earlier))
    return history


#: The self-evaluation figures of the index (issue 22): 설문 응답률 and 적절 비율, %.
SELF_EVALUATION_FIGURES = ("survey_rate", "appropriate_share")


def compute_self_evaluation_figures(wh: Warehouse, year: int) -> pd.DataFrame:
    """설문 응답률 and 적절 비율 of every district with a survey or project ratings in ``year``.

    ``survey_rate`` is :func:`sabo_eval.metrics.survey.response_rate`'s ``rate`` (of the
    survey most members answered when a district ran several); ``appropriate_share``
    is :func:`sabo_eval.metrics.ratings.rating_shares`' ``share_적절`` over every rated
    item and stage. A district without the data has no row (NaN once joined).

    Returns
    -------
    DataFrame
        Indexed by ``district_code``, the columns :data:`SELF_EVALUATION_FIGURES`.
    """
    from .ratings import rating_shares
    from .survey import response_rate

    out = pd.DataFrame(columns=list(SELF_EVALUATION_FIGURES), index=pd.Index([], name="district_code"), dtype=float)
    responses = wh.table("survey_responses", None, year)
    if len(responses):
        rates = response_rate(responses, wh.table("members", None, year), year)
        rates = rates.sort_values(["district_code", "respondents", "survey"], ascending=[True, False, True], kind="stable")
        first = rates.drop_duplicates("district_code").set_index("district_code")["rate"]
        out = out.reindex(out.index.union(first.index))
        out["survey_rate"] = first.astype(float)
    ratings = wh.table("project_ratings", None, year)
    if len(ratings):
        shares = rating_shares(ratings, wh.table("plan_items", None, year), by=()).set_index("district_code")["share_적절"]
        out = out.reindex(out.index.union(shares.index))
        out["appropriate_share"] = shares.astype(float)
    out.index.name = "district_code"
    return out.astype(float)


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
    if not frames:  # no district has service rows: the empty frame with every column, never a KeyError
        districts = wh.query("SELECT * FROM districts WHERE year = ?", [year])
        empty = services.indicator_values(pd.DataFrame(columns=list(SCHEMAS["services"].column_names)), districts)
        return services.with_previous_year(empty)
    values = services.with_previous_year(pd.concat(frames, ignore_index=True))
    return values[values["year"] == year].reset_index(drop=True)


def read_indicator_values(path: str | Path) -> pd.DataFrame:
    """The run's ``services.json`` (:func:`compute_all_indicator_values` written once per run).

    A year without any service row is written as ``[]``: it is read back as the empty
    frame with every column, so that a report says "no service data" instead of
    failing on a missing column.
    """
    values = pd.read_json(Path(path), orient="records", dtype={"district_code": str})
    if values.empty:
        from .services import INDICATOR_COLUMNS, with_previous_year

        return with_previous_year(pd.DataFrame(columns=list(INDICATOR_COLUMNS)))
    return values

