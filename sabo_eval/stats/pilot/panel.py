"""Panel preparation for the pilot evaluation: periods, model frames, design checks.

* Periods are ``"YYYY-MM"`` labels (as :func:`panel_from_services` writes them) or
  numbers; :func:`_ordinal` maps them to month (or period) numbers, so that leads,
  lags and segments are counted in months.
* :func:`_prepare` selects the model's columns under internal names (``y``, ``unit``,
  ``period``, ``treated``, ``post``) and drops rows with a missing value *before*
  fitting, because statsmodels' formula interface drops them without realigning the
  cluster groups.
* :func:`_check_did_design` and :func:`_event_frame` refuse designs that cannot
  identify the effect (no comparison units, no pre-period, no post-period).
* :func:`panel_from_services`: the monthly panel per district from the ``services``
  table, as a rate per 1,000 residents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

__all__ = ["excluded_months", "panel_from_services", "period_label"]

_MONTH_LABEL = re.compile(r"^(\d{4})-(\d{2})$")


# --------------------------------------------------------------------------- periods


def period_label(year: int, month: int) -> str:
    """Return the ``"YYYY-MM"`` label of a month (``period_label(2013, 3) == "2013-03"``)."""
    return f"{int(year):04d}-{int(month):02d}"


def _ordinal(values: Iterable[object]) -> np.ndarray:
    """Map periods to numbers: months since year 0 for ``YYYY-MM`` labels, else numeric.

    Raises
    ------
    ValueError
        When a period is neither a ``YYYY-MM`` label nor a number.
    """
    out = []
    for v in values:
        match = _MONTH_LABEL.match(str(v))
        if match:
            out.append(int(match.group(1)) * 12 + int(match.group(2)) - 1)
            continue
        try:
            out.append(float(v))
        except (TypeError, ValueError):
            raise ValueError(
                f"기간은 'YYYY-MM' 또는 숫자여야 합니다: {v!r} / period must be 'YYYY-MM' or a number"
            ) from None
    return np.asarray(out, dtype=float)


def _label_of(value: object) -> str:
    return str(value)


def _month_of_year(value: object) -> int | None:
    """The month (1–12) of a ``YYYY-MM`` label, None for any other period."""
    match = _MONTH_LABEL.match(str(value))
    return int(match.group(2)) if match else None


# --------------------------------------------------------------------------- model frames


def _prepare(
    data: pd.DataFrame, outcome: str, columns: dict[str, str | None]
) -> tuple[pd.DataFrame, int]:
    """Select and rename the model's columns, dropping rows with a missing value.

    Parameters
    ----------
    data : DataFrame
    outcome : str
        Outcome column (any name, Korean included: it becomes ``y``).
    columns : dict
        Internal name (``unit``, ``period``, ``treated``, ``post``) → column of ``data``
        (``None`` to skip).

    Returns
    -------
    (DataFrame, int)
        The frame with columns ``y`` and the internal names, and the number of rows
        dropped. ``treated`` and ``post`` are floats 0/1.
    """
    wanted = {"y": outcome, **{k: v for k, v in columns.items() if v is not None}}
    missing = [c for c in wanted.values() if c not in data.columns]
    if missing:
        raise KeyError(f"열이 없습니다: {missing} / missing columns")
    frame = pd.DataFrame({k: data[v].to_numpy() for k, v in wanted.items()})
    frame["y"] = pd.to_numeric(frame["y"], errors="coerce").astype(float)
    frame.loc[~np.isfinite(frame["y"]), "y"] = np.nan
    for flag in ("treated", "post"):
        if flag in frame:
            frame[flag] = pd.to_numeric(pd.Series(frame[flag], dtype="object"), errors="coerce").astype(float)
    before = len(frame)
    frame = frame.dropna().reset_index(drop=True)
    if "unit" in frame:
        frame["unit"] = frame["unit"].astype(str)
    for flag in ("treated", "post"):
        if flag in frame and not frame[flag].isin([0.0, 1.0]).all():
            raise ValueError(f"{flag} 열은 0/1이어야 합니다 / {flag} must be 0 or 1")
    return frame, before - len(frame)


def _check_did_design(frame: pd.DataFrame) -> None:
    """Raise ValueError unless treated and comparison units are seen before and after."""
    cells = frame.groupby(["treated", "post"]).size()
    needed = {(1.0, 0.0): "처리군 시작 전", (1.0, 1.0): "처리군 시작 후", (0.0, 0.0): "비교군 시작 전", (0.0, 1.0): "비교군 시작 후"}
    absent = [label for key, label in needed.items() if cells.get(key, 0) == 0]
    if absent:
        raise ValueError(
            f"이중차분을 추정할 자료가 없습니다: {', '.join(absent)} / "
            "need treated and comparison rows both before and after the start"
        )
    constant = frame.groupby("unit")["treated"].nunique()
    if (constant > 1).any():
        raise ValueError(
            f"treated가 단위 안에서 바뀝니다: {list(constant[constant > 1].index)[:5]} / treated must be constant within a unit"
        )


def _start_of(frame: pd.DataFrame) -> str:
    """First period with post = 1 (by period order)."""
    post = frame.loc[frame["post"] == 1, "period"]
    order = _ordinal(post)
    return _label_of(post.iloc[int(np.argmin(order))])


def _event_frame(
    data: pd.DataFrame, outcome: str, start: object | None, unit: str, period: str, treated: str, post: str
) -> tuple[pd.DataFrame, str]:
    """The prepared frame with ``rel`` (periods from the start) and the start label."""
    columns = {"unit": unit, "period": period, "treated": treated, "post": post if start is None else None}
    frame, _dropped = _prepare(data, outcome, columns)
    if start is None:
        start = _start_of(frame)
    frame["period"] = frame["period"].astype(str)
    frame["rel"] = (_ordinal(frame["period"]) - _ordinal([start])[0]).astype(int)
    if frame["treated"].nunique() < 2:
        raise ValueError("처리 단위와 비교 단위가 모두 있어야 합니다 / need treated and comparison units")
    treated_rel = set(frame.loc[frame["treated"] == 1, "rel"])
    if -1 not in treated_rel or not any(k >= 0 for k in treated_rel):
        raise ValueError(
            "처리 단위에 시작 직전 기간과 시작 후 기간이 있어야 합니다 / treated units need the reference and a post period"
        )
    return frame, _label_of(start)


# --------------------------------------------------------------------------- panel


def _monthly_totals(rows: pd.DataFrame) -> pd.DataFrame:
    """One value per district and month: the district-total row (동 blank) when there is
    one, else the sum of the dong rows (never both, so nothing is counted twice)."""
    rows = rows.assign(_total=rows["dong"].isna() if "dong" in rows else True)
    keys = ["district_code", "year", "month"]
    totals = rows[rows["_total"]].groupby(keys, as_index=False)["value"].sum(min_count=1)
    dongs = rows[~rows["_total"]].groupby(keys, as_index=False)["value"].sum(min_count=1)
    if len(totals):
        have = pd.MultiIndex.from_frame(totals[keys])
        dongs = dongs[~pd.MultiIndex.from_frame(dongs[keys]).isin(have)]
    return pd.concat([totals, dongs], ignore_index=True)


def _check_months(start: str, end: str | None) -> None:
    """Raise ValueError unless ``start`` (and ``end`` when given) are ``YYYY-MM`` labels."""
    if not _MONTH_LABEL.match(str(start)) or (end is not None and not _MONTH_LABEL.match(str(end))):
        raise ValueError(f"시작·종료는 'YYYY-MM' 형식이어야 합니다: {start!r}, {end!r} / start and end must be 'YYYY-MM'")


def _monthly_rows(services: pd.DataFrame, program: str, measure: str) -> pd.DataFrame:
    """The monthly rows of one measure, with text district codes and integer dates."""
    rows = services[(services["program"] == program) & (services["measure"] == measure) & services["month"].notna()]
    if rows.empty:
        raise ValueError(f"월별 자료가 없습니다: {program}/{measure} / no monthly rows for this measure")
    return rows.assign(district_code=rows["district_code"].astype(str), year=rows["year"].astype(int), month=rows["month"].astype(int))


def _excluding(panel: pd.DataFrame, exclude: set[str], pilot: set[str]) -> pd.DataFrame:
    """``panel`` without the excluded districts; ValueError when a pilot district has no rows."""
    panel = panel[~panel["district_code"].isin(exclude)]
    missing = sorted(pilot - set(panel["district_code"]))
    if missing:
        raise ValueError(f"시범 시군구의 월별 자료가 없습니다: {missing} / pilot districts without monthly rows")
    return panel


def _with_population(panel: pd.DataFrame, districts: pd.DataFrame) -> pd.DataFrame:
    """``panel`` with ``population`` (and ``district_name``) of the district and year."""
    info = districts.assign(district_code=districts["district_code"].astype(str))
    keys = ["district_code", "year"] if "year" in info else ["district_code"]
    if "year" in info:
        info = info.assign(year=info["year"].astype(int))
    cols = [*keys, "population", *(["district_name"] if "district_name" in info else [])]
    info = info[cols].drop_duplicates(keys, keep="last")
    merged = panel.merge(info, on=keys, how="left", indicator=True)
    merged["in_districts"] = merged.pop("_merge").astype(str) == "both"
    return merged


def _rates_and_flags(
    panel: pd.DataFrame, starts: dict[str, str], end: str | None, per: float
) -> pd.DataFrame:
    """Add period, rate, treated, start and post; drop months after ``end``; order and sort.

    ``starts`` maps each treated district to its first treated month; post is 1 from
    the district's own start on, and for comparison districts from the earliest start.
    """
    panel["period"] = [period_label(y, m) for y, m in zip(panel["year"], panel["month"], strict=True)]
    if end is not None:
        panel = panel[panel["period"] <= str(end)]
    population = pd.to_numeric(panel["population"], errors="coerce").astype(float)
    panel["rate"] = np.where(population > 0, panel["value"].astype(float) / population.where(population > 0) * per, np.nan)
    panel["treated"] = panel["district_code"].isin(starts).astype(int)
    panel["start"] = panel["district_code"].map(starts)
    first = min(starts.values())
    panel["post"] = (panel["period"] >= panel["start"].fillna(first)).astype(int)
    order = ["district_code", *(["district_name"] if "district_name" in panel else []), "year", "month", "period", "value", "population", "rate", "treated", "start", "post", "in_districts"]
    return panel[order].sort_values(["district_code", "period"]).reset_index(drop=True)


def _starts(pilot: Iterable[str], start: str | Mapping[str, str]) -> dict[str, str]:
    """Each pilot district's first treated month: one ``start`` for all, or a mapping per district.

    Raises
    ------
    ValueError
        When a start is not a ``YYYY-MM`` label or a pilot district has none.
    """
    pilot = [str(c).strip() for c in pilot]
    if isinstance(start, Mapping):
        given = {str(k).strip(): str(v) for k, v in start.items()}
        missing = sorted(set(pilot) - set(given))
        if missing:
            raise ValueError(f"시작 월이 없는 시범 시군구: {missing} / pilot districts without a start month")
        out = {c: given[c] for c in pilot}
    else:
        out = {c: str(start) for c in pilot}
    for month in set(out.values()):
        _check_months(month, None)
    return out


def panel_from_services(
    services: pd.DataFrame,
    districts: pd.DataFrame,
    program: str,
    measure: str,
    pilot: Iterable[str],
    start: str | Mapping[str, str],
    end: str | None = None,
    *,
    exclude: Iterable[str] = (),
    per: float = 1000.0,
) -> pd.DataFrame:
    """The monthly panel of one service measure per district, as a rate per 1,000 residents.

    Parameters
    ----------
    services : DataFrame
        The ``services`` table (district_code, year, month, dong, program, measure,
        value). Only monthly rows (``month`` not missing) of ``program``/``measure``
        are used; dong rows are summed unless the district-month has a district-total
        row.
    districts : DataFrame
        The ``districts`` table; ``population`` of the same district and year (or of
        the district when there is no ``year`` column) is the denominator.
    program, measure : str
        The outcome (``"복지상담"``, ``"상담건수"``).
    pilot : iterable of str
        District codes of the treated group.
    start : str or mapping
        First treated month, ``"YYYY-MM"``: one for every pilot district, or a mapping
        district code → its own first month (a staggered roll-out; seed 004 planned
        "시범운영 후 ... 전 자치구 확대"). The sample data and the pilot notebook's
        default use one start, 2013-03 (``sampledata.pilot.PILOT_START``).
    end : str, optional
        Last treated month; later months are left out of the panel (so they count
        neither as before nor as during the pilot).
    exclude : iterable of str
        District codes to leave out (e.g. districts treated in another way).
    per : float
        Rate base (1,000 residents).

    Returns
    -------
    DataFrame
        district_code, district_name (when ``districts`` has it), year, month,
        period (``"YYYY-MM"``), value (the count), population, rate (value ÷
        population × per; missing when the population is missing or 0), treated
        (0/1: district in ``pilot``), start (the district's first treated month;
        missing for comparison districts), post (0/1: own start ≤ period [≤ end];
        comparison districts from the earliest start), in_districts (whether the
        ``districts`` table has a row for the district and year); sorted by district
        and period. The input frames are not changed. Months without a rate are
        kept; :func:`excluded_months` names them.

    Raises
    ------
    ValueError
        When the measure has no monthly rows, a pilot district has none, or ``start``
        is not a ``YYYY-MM`` label.
    """
    starts = _starts(pilot, start)
    exclude = {str(c).strip() for c in exclude}
    _check_months(min(starts.values()) if starts else "0000-01", end)
    panel = _excluding(_monthly_totals(_monthly_rows(services, program, measure)), exclude, set(starts))
    return _rates_and_flags(_with_population(panel, districts), starts, end, per)


def _reason(row: pd.Series) -> str:
    if not row["in_districts"]:
        return "districts 표에 그해 행이 없음 / no districts row"
    population = pd.to_numeric(pd.Series([row["population"]]), errors="coerce").iloc[0]
    if pd.isna(population):
        return "인구 결측 / population missing"
    if population <= 0:
        return "인구 0 / population zero"
    return "실적 결측 / value missing"


def excluded_months(panel: pd.DataFrame) -> pd.DataFrame:
    """The district-months of a :func:`panel_from_services` panel that have no rate, and why.

    Every estimator drops rows with a missing outcome; this names them so that a
    report can say which districts lost which months instead of dropping them silently.

    Returns
    -------
    DataFrame
        One row per district and reason: district_code, district_name (when the
        panel has it), treated, reason (Korean / English), months (number lost),
        first, last (``YYYY-MM``), all_months (True when the district has no month
        left). Empty when nothing is lost.
    """
    cols = ["district_code", "district_name", "treated", "reason", "months", "first", "last", "all_months"]
    lost = panel[panel["rate"].isna()]
    if lost.empty:
        return pd.DataFrame(columns=cols)
    lost = lost.assign(reason=lost.apply(_reason, axis=1))
    if "district_name" not in lost:
        lost = lost.assign(district_name=lost["district_code"])
    out = (
        lost.groupby(["district_code", "reason"], as_index=False)
        .agg(district_name=("district_name", "first"), treated=("treated", "first"), months=("period", "size"),
             first=("period", "min"), last=("period", "max"))
    )
    kept = panel[panel["rate"].notna()].groupby("district_code").size()
    out["all_months"] = [kept.get(c, 0) == 0 for c in out["district_code"]]
    if "district_name" in panel:  # a district without a districts row that year has its name from another year
        names = panel.dropna(subset=["district_name"]).drop_duplicates("district_code").set_index("district_code")["district_name"]
        out["district_name"] = out["district_name"].fillna(out["district_code"].map(names))
    out["district_name"] = out["district_name"].fillna(out["district_code"])
    return out[cols].sort_values(["treated", "district_code"], ascending=[False, True]).reset_index(drop=True)
