"""Carry-over: what a district's next template starts with, read from the warehouse.

From the district's latest year before the new one: the 제출정보 that stays (예산단위,
작성기관, 출석부 공란), the members still in office on 1 January of the new year with
their tenure, the 분과 list, and the plan items (except those abolished) with their
indicators and units — the baseline set to last year's actual, targets and actuals
blank — and last year's survey items (the same questionnaire, its 조사명 moved to the new
year: ``2023 자체평가`` → ``2024 자체평가``). Attendance, meetings, budget and actuals are left for the new year. Codes are
written back as the Korean labels the template's dropdowns offer (``private`` → ``민``).

The result is a :class:`sabo_eval.intake.template.Prefill`; the CLI hands it to
:func:`sabo_eval.intake.template.write_template` (intake never reads the warehouse).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from pathlib import Path

import pandas as pd

from ..errors import WarehouseError
from ..intake.schemas import SCHEMAS, normalise_header
from ..intake.template import Prefill
from ..intake.template_columns import dropdown_labels
from .district_data import submission_info
from .store import Warehouse

__all__ = ["carry_over", "latest_year_before"]

logger = logging.getLogger(__name__)

#: 제출정보 fields that carry over to the next year.
_INFO_KEYS = ("budget_unit", "prepared_by", "roster_blank")
_MEMBER_COLUMNS = ("member_id", "name", "sector", "body", "subcommittee", "role", "joined_on", "left_on")
_PLAN_COLUMNS = ("plan_period", "framework", "strategy", "key_project", "item_code", "item_name", "department", "team")


def latest_year_before(wh: Warehouse, district_code: str, year: int) -> int | None:
    """The latest year before ``year`` with a current submission of the district (None when none)."""
    row = wh.con.execute(
        "SELECT max(year) FROM submissions WHERE is_current AND district_code = ? AND year < ?",
        [district_code, int(year)],
    ).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def carry_over(db: Path | str | None, district_code: str, year: int) -> Prefill:
    """What the template of ``district_code`` for ``year`` starts with.

    Parameters
    ----------
    db : path-like, optional
        The warehouse (default: ``$SABO_EVAL_DB`` or ``data/warehouse.duckdb``).
    district_code : str
        Five-digit district code.
    year : int
        The new year of the template.

    Returns
    -------
    Prefill

    Raises
    ------
    WarehouseError
        When the warehouse file is missing or holds no earlier year of the district.
    """
    with Warehouse(db, read_only=True) as wh:
        source = latest_year_before(wh, district_code, year)
        if source is None:
            raise WarehouseError(
                f"창고에 시군구 {district_code}의 {year}년 이전 자료가 없습니다: {wh.path} — "
                "--from-warehouse 없이 빈 서식을 만들거나, 먼저 지난 연도 자료를 입력(ingest)하세요",
                f"the warehouse {wh.path} holds no data of district {district_code} before {year}; "
                "make a blank template without --from-warehouse, or ingest last year's submission first",
            )
        info = submission_info(wh, district_code, source)
        tables = {name: wh.table(name, district_code, source) for name in ("members", "meetings", "opinions")}
        tables.update({name: wh.table(name, district_code, source) for name in ("plan_items", "indicators", "survey_items")})
    members = _current_members(tables["members"], dt.date(int(year), 1, 1))
    plan = tables["plan_items"]
    plan = plan[plan["change"].fillna("") != "abolished"]
    prefill = Prefill(
        info={key: info[key] for key in _INFO_KEYS if info.get(key)},
        subcommittees=_subcommittees(members, tables["meetings"], tables["opinions"]),
        rows={
            "members": _rows(members, "members", _MEMBER_COLUMNS),
            "plan_items": _rows(plan, "plan_items", _PLAN_COLUMNS),
            "indicators": _indicator_rows(tables["indicators"], set(plan["item_code"])),
            "survey_items": _survey_rows(tables["survey_items"], source, int(year)),
        },
        source_year=source,
    )
    logger.info("carried over %s %d → %d: %d members, %d plan items", district_code, source, year,
                len(prefill.rows["members"]), len(prefill.rows["plan_items"]))
    return prefill


def _current_members(members: pd.DataFrame, start: dt.date) -> pd.DataFrame:
    """Members not yet gone on ``start`` (no 해촉일, or one on or after it)."""
    left = pd.to_datetime(members["left_on"])
    return members[left.isna() | (left >= pd.Timestamp(start))]


def _subcommittees(*frames: pd.DataFrame) -> list[str]:
    """The 분과 names of the frames, in order of first appearance."""
    names: dict[str, None] = {}
    for frame in frames:
        for name in frame["subcommittee"].dropna():
            if str(name).strip():
                names[str(name)] = None
    return list(names)


def _labels(table: str, column: str) -> dict[str, str]:
    """Canonical code → the Korean label of the template's dropdown, for a code column."""
    schema_column = SCHEMAS[table].column(column)
    if not schema_column.codes:
        return {}
    return {schema_column.codes[normalise_header(label)]: label for label in dropdown_labels(schema_column)}


def _plain(value: object) -> object:
    """A frame value as the template writes it: None for missing, dates as dates, whole floats as ints."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value.item() if hasattr(value, "item") else value


def _rows(frame: pd.DataFrame, table: str, columns: tuple[str, ...]) -> list[dict[str, object]]:
    """Rows by canonical column name, codes as Korean labels."""
    labels = {c: _labels(table, c) for c in columns}
    out = []
    for record in frame[list(columns)].to_dict("records"):
        row = {c: _plain(v) for c, v in record.items()}
        out.append({c: labels[c].get(v, v) if labels[c] and v is not None else v for c, v in row.items()})
    return out


def _indicator_rows(indicators: pd.DataFrame, items: set[str]) -> list[dict[str, object]]:
    """The indicators of the carried items: last year's actual (else baseline) as the baseline; no target."""
    kept = indicators[indicators["item_code"].isin(items)].copy()
    kept["baseline"] = kept["actual"].where(kept["actual"].notna(), kept["baseline"])
    return _rows(kept, "indicators", ("item_code", "indicator", "unit", "direction", "baseline"))


def _survey_rows(items: pd.DataFrame, source: int, year: int) -> list[dict[str, object]]:
    """Last year's survey items for the new year: the source year in the 조사명 replaced by the new one."""
    kept = items.assign(survey=items["survey"].astype(str).str.replace(str(source), str(year), regex=False))
    return _rows(kept, "survey_items", ("survey", "item", "domain", "wording", "scale"))
