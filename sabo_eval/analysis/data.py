"""The advisor's tables: tidy DataFrames from the warehouse, for one district, several or all.

Every function reads a warehouse read-only and hands back a pandas DataFrame that has
``district_code`` and ``year`` columns; the figures come from the tested metric
functions of :mod:`sabo_eval.metrics` and :mod:`sabo_eval.stats` (the same ones the
reports use), never from a second implementation. Column names are English snake_case;
:data:`sabo_eval.analysis.columns.COLUMNS` gives each its Korean label.

Notes
-----
The arguments every function shares:

wh : Warehouse, path or None
    An open :class:`~sabo_eval.warehouse.store.Warehouse` (e.g. from
    :func:`open_warehouse`), a warehouse file, or ``None`` (``$SABO_EVAL_DB`` or
    ``data/warehouse.duckdb``), opened read-only for the call.
districts : None, str or list of str
    ``None`` for every district, one 5-digit code (``"41110"``) or several.
years : None, int or iterable of int
    ``None`` for every year, one year (``2023``) or several (``range(2021, 2024)``).
names : bool
    Person names are masked (김범수 → 김*수, :func:`sabo_eval.mask_name`) unless
    ``names=True``. Members are told apart across districts by ``member_key``
    (``"<district_code>:<member_id>"``): member ids repeat between districts.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from ..errors import SaboEvalError
from ..metrics import achievement, budget, comparison, services
from ..metrics import opinions as opinion_metrics
from ..metrics.all_districts import all_district_tables
from ..metrics.attendance import attendance_records
from ..stats.funnel import limits_table
from ..stats.pilot.panel import panel_from_services
from ..warehouse.district_data import district_names
from ..warehouse.store import Warehouse
from ._select import (
    district_list,
    masked,
    masked_in_text,
    opened,
    read,
    with_member_key,
    year_list,
    years_of,
)
from .warehouse_view import WarehouseView

__all__ = [
    "open_warehouse",
    "members",
    "meetings",
    "attendance",
    "monthly_rates",
    "member_rates",
    "plan_achievement",
    "budget_execution",
    "opinions",
    "service_indicators",
    "funnel_table",
    "pilot_panel",
    "PILOT_DEFAULTS",
]

logger = logging.getLogger(__name__)

Districts = str | Iterable[str] | None
Years = int | Iterable[int] | None
Source = WarehouseView | Warehouse | str | Path | None

PILOT_DEFAULTS = {
    "outcome": "복지상담/상담건수",
    "pilot_districts": ("11290", "11320", "11545"),
    "start": "2013-03",
    "end": None,
    "exclude": ("11350", "11560"),
}
"""The pilot evaluation's defaults (as ``notebooks/pilot_evaluation.ipynb``): the sample's seed 004.

Examples
--------
>>> PILOT_DEFAULTS["start"]
'2013-03'
"""


def open_warehouse(path: str | Path | None = None) -> WarehouseView:
    """Open a warehouse read-only for analysis (a context manager: close it, or use ``with``).

    Parameters
    ----------
    path : path-like, optional
        The warehouse file; default ``$SABO_EVAL_DB`` or ``data/warehouse.duckdb``.

    Returns
    -------
    WarehouseView
        Read-only (nothing the analysis does can change the data); its
        :meth:`~WarehouseView.table` masks members' names unless asked, as every API
        function does.

    Examples
    --------
    >>> import sabo_eval as se
    >>> with se.open_warehouse("data/demo.duckdb") as wh:  # doctest: +SKIP
    ...     se.members(wh, districts="41110", years=2023).shape[0] > 0
    True
    """
    return WarehouseView(path)


def members(wh: Source = None, districts: Districts = None, years: Years = None, *, names: bool = False) -> pd.DataFrame:
    """Council members (위원명단): one row per member and district-year.

    Parameters
    ----------
    wh, districts, years, names
        The shared arguments (module Notes): names masked unless ``names=True``.

    Returns
    -------
    DataFrame
        ``district_code, year, member_id, member_key, name`` (masked unless ``names``),
        ``sector`` (private/public), ``body, subcommittee, role, joined_on, left_on``.

    Examples
    --------
    >>> import sabo_eval as se
    >>> m = se.members(years=2023)  # doctest: +SKIP
    >>> m["member_key"].nunique() == len(m)  # doctest: +SKIP
    True
    >>> m.groupby("sector").size()  # doctest: +SKIP
    """
    with opened(wh) as w:
        frame = read(w, "members", district_list(districts), year_list(years))
    return masked(with_member_key(frame), names)


def meetings(wh: Source = None, districts: Districts = None, years: Years = None) -> pd.DataFrame:
    """Meetings held (회의): one row per meeting.

    Parameters
    ----------
    wh, districts, years
        The shared arguments (module Notes).

    Returns
    -------
    DataFrame
        ``district_code, year, meeting_id, body, subcommittee, held_on`` (and ``kind``).

    Examples
    --------
    >>> import sabo_eval as se
    >>> se.meetings(districts="41110", years=2023).groupby("body").size()  # doctest: +SKIP
    """
    with opened(wh) as w:
        return read(w, "meetings", district_list(districts), year_list(years))


def attendance(
    wh: Source = None,
    districts: Districts = None,
    years: Years = None,
    *,
    names: bool = False,
    count_proxy: bool = False,
) -> pd.DataFrame:
    """Attendance records: one row per eligible member × meeting (출석 기록).

    The records of :func:`sabo_eval.metrics.attendance.attendance_records`: a member is
    eligible for a meeting of their body and subcommittee held within their tenure;
    no mark counts as absent.

    Parameters
    ----------
    wh, districts, years, names
        The shared arguments (module Notes): names masked unless ``names=True``.
    count_proxy : bool
        Count proxy attendance (△) as attended (default False, as the reports).

    Returns
    -------
    DataFrame
        ``district_code, year, meeting_id, body, subcommittee, held_on, month,
        member_id, member_key, name, sector, role, status, attended`` (bool).

    Examples
    --------
    >>> import sabo_eval as se
    >>> records = se.attendance(years=2023)  # doctest: +SKIP
    >>> records.groupby("sector")["attended"].mean()  # doctest: +SKIP
    >>> se.sector_gap(records).diff_pp  # doctest: +SKIP
    """
    codes, chosen = district_list(districts), year_list(years)
    with opened(wh) as w:
        tables = [read(w, name, codes, chosen) for name in ("members", "meetings", "attendance")]
    records = attendance_records(*tables, count_proxy=count_proxy)
    return masked(with_member_key(records), names)


def _per_year(wh: Source, districts: Districts, years: Years, table: str, count_proxy: bool = False) -> pd.DataFrame:
    """One of :data:`~sabo_eval.metrics.all_districts.TABLES`, every chosen year, chosen districts."""
    codes, frames = district_list(districts), []
    with opened(wh) as w:
        for year in years_of(w, codes, year_list(years)):
            frame = all_district_tables(w, year, count_proxy=count_proxy, tables=(table,))[table]
            logger.debug("%s of %d rows for %s (every district computed, then chosen)", table, len(frame), year)
            if len(frame) and codes is not None:
                frame = frame[frame["district_code"].astype(str).isin(codes)]
            frames.append(frame)
    return _stacked(frames)


def monthly_rates(wh: Source = None, districts: Districts = None, years: Years = None, *, count_proxy: bool = False) -> pd.DataFrame:
    """Monthly attendance rates of every body and subcommittee (the report's 월별 출석률 tables), long.

    Parameters
    ----------
    wh, districts, years
        The shared arguments (module Notes).

    Returns
    -------
    DataFrame
        ``district_code, year, group, group_order, body, subcommittee, label`` (the
        month, ``평균``, ``전체(합산)`` or ``회의 없음``), ``month``, the rates
        ``total_rate, private_rate, public_rate`` (percent) and their seat counts, as
        :func:`sabo_eval.metrics.attendance_rates.monthly_rows`.

    Examples
    --------
    >>> import sabo_eval as se
    >>> monthly = se.monthly_rates(districts="41110", years=2023)  # doctest: +SKIP
    >>> monthly[monthly["group"] == "협의체 전체"]  # doctest: +SKIP
    """
    return _per_year(wh, districts, years, "monthly", count_proxy)


def member_rates(
    wh: Source = None,
    districts: Districts = None,
    years: Years = None,
    *,
    names: bool = False,
    count_proxy: bool = False,
) -> pd.DataFrame:
    """Each member's attendance over the meetings they were eligible for (위원별 출석률).

    Parameters
    ----------
    wh, districts, years, names
        The shared arguments (module Notes): names masked unless ``names=True``.

    Returns
    -------
    DataFrame
        ``district_code, year, member_id, member_key, name`` (masked unless ``names``),
        ``sector, body, subcommittee, role, joined_on, left_on, n_eligible,
        n_attended, rate`` (percent; missing without an eligible meeting),
        ``tenure_days, is_current`` (at the submission's 평가기준일), as
        :func:`sabo_eval.metrics.attendance_members.member_summary`.

    Examples
    --------
    >>> import sabo_eval as se
    >>> rates = se.member_rates(years=2023)  # doctest: +SKIP
    >>> rates.groupby("sector")["rate"].describe()  # doctest: +SKIP
    """
    frame = _per_year(wh, districts, years, "members", count_proxy)
    if frame.empty:
        return frame
    return masked(with_member_key(frame), names)


def _scored_items(w: Warehouse, codes: list[str] | None, year: int, level: str) -> pd.DataFrame:
    indicators = read(w, "indicators", codes, [year])
    scored = achievement.indicator_achievement(indicators, previous=read(w, "indicators", codes, [year - 1]))
    if level == "indicator":
        return scored
    items = achievement.item_achievement(scored, read(w, "plan_items", codes, [year]))
    return items if level == "item" else achievement.rollup(items, level)


def plan_achievement(wh: Source = None, districts: Districts = None, years: Years = None, *, level: str = "item") -> pd.DataFrame:
    """Plan items (시행계획 세부사업) with the achievement of their performance indicators.

    Parameters
    ----------
    wh, districts, years
        The shared arguments (module Notes).
    level : {"item", "indicator", "strategy", "framework"}
        One row per item (default: the mean achievement of its scored indicators),
        per indicator, or rolled up per strategy or framework.

    Returns
    -------
    DataFrame
        As :func:`sabo_eval.metrics.achievement.item_achievement` (``achievement`` in
        percent, uncapped; ``n_indicators``, ``n_scored``, ``achieved``, ``flags`` and
        the plan's ``framework, strategy, key_project, item_name, department``),
        :func:`~sabo_eval.metrics.achievement.indicator_achievement` or
        :func:`~sabo_eval.metrics.achievement.rollup`.

    Examples
    --------
    >>> import sabo_eval as se
    >>> items = se.plan_achievement(years=2023)  # doctest: +SKIP
    >>> items.groupby("district_code")["achievement"].mean()  # doctest: +SKIP
    """
    if level not in ("item", "indicator", "strategy", "framework"):
        raise ValueError(f"unknown level: {level!r}; choose item, indicator, strategy or framework")
    codes = district_list(districts)
    with opened(wh) as w:
        frames = [_scored_items(w, codes, year, level) for year in years_of(w, codes, year_list(years))]
    return _stacked(frames)


def _stacked(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """The years' frames one under the other; with no rows, the empty frame keeps its columns.

    A district without indicators (or meetings) still gets every column, so that what
    reads the frame says "no data" instead of failing on a missing column.
    """
    kept = [f for f in frames if len(f)]
    if kept:
        return pd.concat(kept, ignore_index=True)
    return frames[0].iloc[0:0] if frames else pd.DataFrame(columns=["district_code", "year"])


def budget_execution(wh: Source = None, districts: Districts = None, years: Years = None, *, level: str = "item") -> pd.DataFrame:
    """Budget execution (예산 집행률) per item, strategy, framework or district.

    Parameters
    ----------
    wh, districts, years
        The shared arguments (module Notes).
    level : {"item", "strategy", "framework", "district"}
        ``item``: :func:`sabo_eval.metrics.budget.execution_rates` with the plan's
        names; ``strategy``/``framework``: :func:`~sabo_eval.metrics.budget.execution_by`;
        ``district``: executed ÷ base pooled over the items that report both
        (:func:`~sabo_eval.metrics.budget.pooled_execution`), the report's headline.

    Returns
    -------
    DataFrame
        ``district_code, year``, then per item ``item_code, planned, revised,
        executed, base, execution_rate`` (percent), ``over_100, revised_flag,
        reason`` and the plan's names; or the grouped sums and pooled rate.

    Examples
    --------
    >>> import sabo_eval as se
    >>> per_district = se.budget_execution(years=2023, level="district")  # doctest: +SKIP
    >>> per_district["execution_rate"].describe()  # doctest: +SKIP
    """
    if level not in ("item", "strategy", "framework", "district"):
        raise ValueError(f"unknown level: {level!r}; choose item, strategy, framework or district")
    codes, chosen = district_list(districts), year_list(years)
    with opened(wh) as w:
        rows, plan = read(w, "budget", codes, chosen), read(w, "plan_items", codes, chosen)
    if rows.empty:
        return pd.DataFrame(columns=["district_code", "year"])
    if level == "item":
        return budget.execution_rates(rows, plan)
    if level == "district":
        return budget.pooled_execution(rows)
    return budget.execution_by(rows, plan, level, by_district=True)


def opinions(wh: Source = None, districts: Districts = None, years: Years = None, *, names: bool = False) -> pd.DataFrame:
    """Monitoring opinions (모니터링 의견) with the department's response and its status.

    Member names written inside the texts are masked unless ``names``.

    Parameters
    ----------
    wh, districts, years, names
        The shared arguments (module Notes): names masked unless ``names=True``.

    Returns
    -------
    DataFrame
        The canonical ``opinions`` columns (``district_code, year, item_code,
        subcommittee, opinion, response, response_status``) with ``responded``,
        ``status`` (explicit or inferred from the response), ``status_source``,
        ``status_ko`` (:func:`sabo_eval.metrics.opinions.opinion_statuses`) and the
        plan's ``item_name, department``.

    Examples
    --------
    >>> import sabo_eval as se
    >>> ops = se.opinions(years=2023)  # doctest: +SKIP
    >>> ops.groupby("district_code")["responded"].mean()  # doctest: +SKIP
    """
    codes, chosen = district_list(districts), year_list(years)
    with opened(wh) as w:
        rows, plan, people = (read(w, n, codes, chosen) for n in ("opinions", "plan_items", "members"))
    out = opinion_metrics.opinion_statuses(rows)
    keys = ["district_code", "year", "item_code"]
    out = out.merge(plan[[*keys, "item_name", "department"]].drop_duplicates(keys), on=keys, how="left")
    return masked_in_text(out, people["name"], ("subcommittee", "opinion", "response"), names)


def service_indicators(wh: Source = None, districts: Districts = None, years: Years = None) -> pd.DataFrame:
    """Service indicator values (서비스 실적 지표) with Wilson intervals and last year's value.

    Parameters
    ----------
    wh, districts, years
        The shared arguments (module Notes).

    Returns
    -------
    DataFrame
        ``district_code, year, indicator_id, indicator_name, program, kind, unit,
        per, numerator, denominator, value, ci_low, ci_high`` (a proportion's 95 %
        Wilson interval), the per-동-month figures, ``n_months, reason`` (why a value
        is missing), ``previous_value, value_change`` (value − last year's) (:func:`sabo_eval.metrics.services.indicator_values`).

    Examples
    --------
    >>> import sabo_eval as se
    >>> values = se.service_indicators(years=2023)  # doctest: +SKIP
    >>> values[values["indicator_id"] == values["indicator_id"].iloc[0]]  # doctest: +SKIP
    """
    codes, chosen = district_list(districts), year_list(years)
    wider = None if chosen is None else sorted({*chosen, *(y - 1 for y in chosen)})
    with opened(wh) as w:
        rows, places = read(w, "services", codes, wider), read(w, "districts", codes, wider)
    values = services.with_previous_year(services.indicator_values(rows, places))
    if chosen is not None:
        values = values[values["year"].isin(chosen)].reset_index(drop=True)
    return values.rename(columns={"name": "indicator_name", "change": "value_change"})


def funnel_table(wh: Source, indicator_id: str, year: int) -> pd.DataFrame:
    """One service indicator's funnel of every district in ``year``: limits, position and flags.

    The funnel the comparison report draws (:func:`sabo_eval.metrics.comparison.indicator_funnels`:
    binomial for proportions, Poisson for per-population rates, overdispersion adjusted).

    Parameters
    ----------
    wh : Warehouse, path or None
        As everywhere in :mod:`sabo_eval.analysis.data`.
    indicator_id : str
        A proportion or per-population indicator of the catalogue (``"visit_contact"``).
    year : int

    Returns
    -------
    DataFrame
        One row per district and level (0.95, 0.998): ``district_code, year,
        indicator_id, district_name, numerator, denominator, rate, target, level,
        lower, upper, lower_unadjusted, upper_unadjusted, outside`` (flag),
        ``position`` (Korean), ``phi, tau2, method`` (:func:`sabo_eval.stats.funnel.limits_table`).

    Raises
    ------
    SaboEvalError
        When the indicator has no funnel that year (too few districts, or a ratio or
        amount that is not compared).

    Examples
    --------
    >>> import sabo_eval as se
    >>> table = se.funnel_table(None, "visit_contact", 2023)  # doctest: +SKIP
    >>> table[(table["level"] == 0.998) & table["outside"]]  # doctest: +SKIP
    """
    values = service_indicators(wh, None, year).rename(columns={"indicator_name": "name", "value_change": "change"})
    funnels = comparison.indicator_funnels(values)
    if str(indicator_id) not in funnels:
        known = ", ".join(funnels) or "-"
        raise SaboEvalError(
            f"{year}년 {indicator_id} 지표는 깔때기 비교가 없습니다(비교 가능한 지표: {known})",
            f"no funnel for indicator {indicator_id} in {year} (indicators with a funnel: {known})",
        )
    with opened(wh) as w:
        names = district_names(w, int(year))
    table = limits_table(funnels[str(indicator_id)], names).rename(columns={"unit": "district_code", "name": "district_name"})
    table.insert(1, "year", int(year))
    table.insert(2, "indicator_id", str(indicator_id))
    return table


def pilot_panel(
    wh: Source = None,
    outcome: str = PILOT_DEFAULTS["outcome"],
    pilot_districts: Iterable[str] = PILOT_DEFAULTS["pilot_districts"],
    start: str = PILOT_DEFAULTS["start"],
    end: str | None = PILOT_DEFAULTS["end"],
    *,
    exclude: Iterable[str] = PILOT_DEFAULTS["exclude"],
) -> pd.DataFrame:
    """The pilot evaluation's monthly panel: one service measure per district-month, per 1,000 residents.

    Parameters
    ----------
    wh
        The shared arguments (module Notes).
    outcome : str
        ``"사업/항목"`` of the monthly service rows (default ``"복지상담/상담건수"``).
    pilot_districts : iterable of str
        The treated districts; ``start``/``end``: first and last treated month (``YYYY-MM``).
    exclude : iterable of str
        Districts left out (by default the already-strengthened ones, as the pilot report).

    Returns
    -------
    DataFrame
        ``district_code, district_name, year, month, period, value, population, rate,
        treated, start, post, in_districts`` (:func:`sabo_eval.stats.pilot.panel.panel_from_services`).

    Examples
    --------
    >>> import sabo_eval as se
    >>> panel = se.pilot_panel()  # doctest: +SKIP
    >>> panel.groupby(["treated", "post"])["rate"].mean()  # doctest: +SKIP
    """
    program, _, measure = str(outcome).partition("/")
    with opened(wh) as w:
        rows = w.query(
            "SELECT district_code, year, month, dong, program, measure, value FROM services "
            "WHERE program = ? AND measure = ? AND month IS NOT NULL",
            [program.strip(), measure.strip()],
        )
        places = w.table("districts")
    try:
        return panel_from_services(rows, places, program.strip(), measure.strip(), list(pilot_districts), start, end, exclude=exclude)
    except ValueError as exc:
        raise SaboEvalError(f"시범 평가 패널을 만들 수 없습니다: {exc}", f"cannot build the pilot panel: {exc}") from exc
