"""The demo job: ingest the bundled sample and report its latest complete year."""

from __future__ import annotations

import logging
from pathlib import Path

from ..errors import SaboEvalError, ValidationFailed
from ..intake.loaders import find_submissions
from ..warehouse.store import Warehouse, ingest
from .runner import run_pilot, run_year

__all__ = ["complete_years", "latest_complete_year", "run_demo"]

logger = logging.getLogger(__name__)


def complete_years(db: str | Path | None = None) -> list[int]:
    """Years for which every district in the warehouse has council data, latest first."""
    with Warehouse(db, read_only=True) as wh:
        frame = wh.query(
            "SELECT year, count(DISTINCT district_code) AS n FROM members GROUP BY year ORDER BY year DESC"
        )
        n_districts = wh.query("SELECT count(DISTINCT district_code) AS n FROM submissions WHERE is_current")["n"].iloc[0]
    return [int(y) for y in frame.loc[frame["n"] == n_districts, "year"]]


def latest_complete_year(db: str | Path | None = None) -> int:
    """The latest year for which every district in the warehouse has council data.

    Raises
    ------
    SaboEvalError
        When no year is complete.
    """
    years = complete_years(db)
    if not years:
        raise SaboEvalError("모든 시군구의 자료가 갖춰진 연도가 없습니다", "no year has data for every district")
    return years[0]


def run_demo(
    sample: str | Path = "data/sample",
    db: str | Path | None = None,
    out_dir: str | Path = "reports",
    jobs: int | None = None,
) -> Path:
    """Ingest ``sample`` (unchanged files are skipped) and produce the reports.

    Every complete year is reported, the latest first.

    Returns
    -------
    Path
        The ``index.html`` of the latest complete year.

    Raises
    ------
    SaboEvalError
        When a sample submission fails validation or a district report fails.
    """
    paths = find_submissions(sample)
    logger.info("예시 자료 %d건 입력", len(paths))
    results = ingest(paths, db)
    failed = [r for r in results if isinstance(r, ValidationFailed)]
    if failed:
        raise failed[0]
    latest = latest_complete_year(db)
    pilot = run_pilot(db=db, out_dir=out_dir)
    links = {}
    if pilot is not None and pilot.status in ("ok", "cached"):
        links["시범사업 평가 (이중차분)"] = "../pilot/pilot_evaluation.html"
    elif pilot is not None:
        raise SaboEvalError(f"시범사업 평가 보고서 생성 실패: {pilot.error}", f"the pilot evaluation failed: {pilot.error}")
    indexes = {}
    # The latest complete year is the demo's job; earlier complete years follow so that,
    # for example, the 2022 reports that reproduce seed 000 are there too.
    for year in complete_years(db):
        logger.info("%d년 보고서 생성%s", year, " (최근 완전한 연도)" if year == latest else "")
        result = run_year(year, db=db, out_dir=out_dir, jobs=jobs, links=links)
        if result.failed:
            names = ", ".join(f"{o.district_name}({o.district_code})" for o in result.failed)
            raise SaboEvalError(f"보고서 생성 실패: {names} — {result.index} 참고", f"reports failed: {names}; see {result.index}")
        indexes[year] = result.index
    return indexes[latest]
