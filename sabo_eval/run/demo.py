"""The demo job: ingest the bundled sample into its own warehouse and report its latest complete year.

The demo keeps its own warehouse (:data:`DEMO_DB`, ``data/demo.duckdb``), never the
user's (``data/warehouse.duckdb`` or ``$SABO_EVAL_DB``): after a user has ingested
their districts, ``make demo`` still produces the sample's reports, and the demo never
adds the sample's 27 districts to the user's data.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..errors import SaboEvalError, ValidationFailed
from ..intake.loaders import find_submissions
from ..intake.minutes import MinutesParse
from ..warehouse.minutes_store import store_minutes_folder
from ..warehouse.store import Warehouse, ingest
from .runner import run_pilot, run_year

__all__ = ["DEMO_DB", "PILOT_LINK", "ingest_sample_minutes", "complete_years", "latest_complete_year", "next_step_lines", "run_demo"]

logger = logging.getLogger(__name__)

#: The demo's own warehouse (relative to the working directory, as ``data/sample`` is).
DEMO_DB = Path("data") / "demo.duckdb"
#: The year index's link to the pilot evaluation (label, address relative to ``<out>/<year>/``).
PILOT_LINK = ("시범사업 평가 (이중차분)", "../pilot/pilot_evaluation.html")


def complete_years(db: str | Path | None = None, districts: list[str] | None = None) -> list[int]:
    """Years for which every district has council data, latest first.

    Parameters
    ----------
    db : path-like, optional
        The warehouse.
    districts : list of str, optional
        Only these districts count (the demo's: those of the sample); default every
        district with a current submission in the warehouse.

    Returns
    -------
    list of int
    """
    with Warehouse(db, read_only=True) as wh:
        frame = wh.query("SELECT DISTINCT year, district_code FROM members")
        current = wh.query("SELECT DISTINCT district_code FROM submissions WHERE is_current")["district_code"]
    wanted = set(current) if districts is None else set(districts)
    if not wanted:
        return []
    frame = frame[frame["district_code"].isin(wanted)]
    counts = frame.groupby("year")["district_code"].nunique()
    return sorted((int(y) for y, n in counts.items() if n == len(wanted)), reverse=True)


def latest_complete_year(db: str | Path | None = None, districts: list[str] | None = None) -> int:
    """The latest year for which every district (of ``districts``, default all) has council data.

    Raises
    ------
    SaboEvalError
        When no year is complete.
    """
    years = complete_years(db, districts)
    if not years:
        raise SaboEvalError("모든 시군구의 자료가 갖춰진 연도가 없습니다", "no year has data for every district")
    return years[0]


def ingest_sample_minutes(sample: str | Path, db: str | Path) -> list[MinutesParse]:
    """Store the sample's discussion minutes (``<sample>/discussions``) in the demo's warehouse.

    Parameters
    ----------
    sample : path-like
        The sample folder.
    db : path-like
        The demo's warehouse.

    Returns
    -------
    list of MinutesParse
        The events stored (none when the sample has no ``discussions`` folder).
    """
    folder = Path(sample) / "discussions"
    if not folder.is_dir():
        return []
    parsed = store_minutes_folder(folder, db)
    logger.info("토론 회의록 %d건 입력 → %s", len(parsed), db)
    return parsed


def run_demo(
    sample: str | Path = "data/sample",
    db: str | Path | None = None,
    out_dir: str | Path = "reports",
    jobs: int | None = None,
) -> Path:
    """Ingest ``sample`` into the demo's warehouse (unchanged files are skipped) and produce the reports.

    Every year complete for the sample's districts is reported, the latest first.

    Parameters
    ----------
    sample : path-like
        The sample submissions.
    db : path-like, optional
        The demo's warehouse (default :data:`DEMO_DB`; ``$SABO_EVAL_DB`` is not used:
        that is the user's warehouse).
    out_dir : path-like
        Where the reports go.
    jobs : int, optional
        Worker processes.

    Returns
    -------
    Path
        The ``index.html`` of the latest complete year.

    Raises
    ------
    SaboEvalError
        When a sample submission fails validation or a district report fails.
    """
    db = Path(db) if db is not None else DEMO_DB
    paths = find_submissions(sample)  # a missing sample folder is said before anything is made
    db.parent.mkdir(parents=True, exist_ok=True)
    logger.info("예시 자료 %d건 입력 → %s", len(paths), db)
    results = ingest(paths, db)
    failed = [r for r in results if isinstance(r, ValidationFailed)]
    if failed:
        raise failed[0]
    ingest_sample_minutes(sample, db)
    codes = sorted({str(r.district_code) for r in results})
    years = complete_years(db, codes)
    if not years:
        raise SaboEvalError("모든 시군구의 자료가 갖춰진 연도가 없습니다", "no year has data for every district")
    pilot = run_pilot(db=db, out_dir=out_dir)
    links = {}
    if pilot is not None and pilot.status in ("ok", "cached"):
        links[PILOT_LINK[0]] = PILOT_LINK[1]
    elif pilot is not None:
        raise SaboEvalError(f"시범사업 평가 보고서 생성 실패: {pilot.error}", f"the pilot evaluation failed: {pilot.error}")
    indexes = {}
    # The latest complete year is the demo's job; earlier complete years follow so that,
    # for example, the 2022 reports that reproduce seed 000 are there too.
    for year in years:
        logger.info("%d년 보고서 생성%s", year, " (최근 완전한 연도)" if year == years[0] else "")
        result = run_year(year, db=db, out_dir=out_dir, jobs=jobs, links=links)
        if result.failed:
            names = ", ".join(f"{o.district_name}({o.district_code})" for o in result.failed)
            raise SaboEvalError(f"보고서 생성 실패: {names} — {result.index} 참고", f"reports failed: {names}; see {result.index}")
        indexes[year] = result.index
    return indexes[years[0]]


def next_step_lines(index: Path) -> list[str]:
    """The demo's last lines: where its reports are, how to open them, and what a secretariat does next.

    Parameters
    ----------
    index : Path
        The ``index.html`` :func:`run_demo` returned.

    Returns
    -------
    list of str
        Lines in Korean with English, for the terminal.
    """
    address = Path(index).resolve().as_uri()
    return [
        f"보고서 목록 / report index: {index}",
        f"여는 법: 웹 브라우저 주소창에 붙여 넣으세요 / open it in a web browser: {address}",
        "다음 단계: 우리 시군구의 제출 서식 만들기 (코드와 연도를 바꿔 쓰세요) / "
        "next step: a submission workbook for your own district (change the code and year):",
        "  sabo-eval template 제출서식.xlsx --district 41110 --year 2024",
        "그다음 채우기 → validate --annotate → ingest → run: README.md의 '처음 쓰는 사무국' / "
        "then fill it in → validate --annotate → ingest → run: see '처음 쓰는 사무국' in README.md",
    ]
