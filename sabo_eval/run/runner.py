"""The yearly run and the pilot run: plan → execute → publish.

:func:`run_year` executes the district notebook for every district of a year and
exports each to HTML: :mod:`sabo_eval.run.plan` decides what to run (a district
whose notebook, parameters, data and package versions are unchanged is not re-run),
:mod:`sabo_eval.run.execute` runs the notebooks in worker processes (warm or cold
kernels, a local pool or a Dask cluster), and :mod:`sabo_eval.run.publish` writes
the reports, ``index.html`` and ``manifest.json`` atomically. A failing district
does not stop the others: its partly executed notebook is kept under ``failed/``
and listed in ``index.html`` with the failing cell. Figures that need every district
(medians for the overview) are computed once per run and passed to each notebook as
a file. :func:`run_pilot` does the same for the single pilot evaluation report.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tqdm.auto import tqdm

from ..errors import ReportError
from .discussions import DEFAULT_DISCUSSION, FOLDER, discussion_href
from .execute import LocalWorkers, execute_all
from .plan import (
    DEFAULT_COMPARISON,
    DEFAULT_NOTEBOOK,
    DEFAULT_PILOT,
    PILOT_YEARS,
    DistrictOutcome,
    YearPlan,
    cache_key,
    context_key,
    decide_district,
    git_commit,
    is_cached,
    make_task,
    notebook_code_hash,
    plan_year,
    read_manifest,
    report_key,
    snapshot_path,
    sure_to_run,
    tables_path,
    versions,
)
from .publish import (
    as_record,
    attach_headlines,
    context_key_used,
    existing_links,
    merge_discussions,
    merge_previous,
    publish_lock,
    remove_work_dir,
    run_context,
    write_index,
    write_manifest,
)

__all__ = ["DEFAULT_NOTEBOOK", "DistrictOutcome", "RunResult", "index_links", "run_year", "run_pilot"]

logger = logging.getLogger(__name__)

_PILOT_CODE = "pilot_evaluation"
_PILOT_NAME = "시범사업 평가"


@dataclass
class RunResult:
    """The outcome of a run: per district, and where the index and manifest are."""

    year: int
    out_dir: Path
    index: Path
    manifest: Path
    outcomes: list[DistrictOutcome]
    comparison: DistrictOutcome | None = None
    #: The discussion reports of the year's events (``<out_dir>/discussions/<event_id>.html``).
    discussions: list[DistrictOutcome] = field(default_factory=list)

    @property
    def failed(self) -> list[DistrictOutcome]:
        """Reports (districts, the comparison, the discussion reports) that could not be produced."""
        failed = [o for o in self.outcomes if o.status == "failed"]
        if self.comparison is not None and self.comparison.status == "failed":
            failed.append(self.comparison)
        return failed + [o for o in self.discussions if o.status == "failed"]


def run_year(
    year: int, *, db: str | Path | None = None, out_dir: str | Path = "reports", districts: list[str] | None = None,
    jobs: int | None = None, mask_names: bool = True, use_cache: bool = True, notebook: str | Path = DEFAULT_NOTEBOOK,
    progress: bool = True, fail_district: str | None = None, scheduler: str | None = None,
    comparison_notebook: str | Path | None = DEFAULT_COMPARISON, links: dict[str, str] | None = None, warm: bool = True,
    scheduler_timeout: float | None = None, codebook: str | Path | None = None,
    discussion_notebook: str | Path | None = DEFAULT_DISCUSSION,
) -> RunResult:
    """Produce the report of every district (or the given ones) for ``year``.

    Parameters
    ----------
    year : int
    db : path-like, optional
        Warehouse; see :func:`sabo_eval.warehouse.store.resolve_db_path`.
    out_dir : path-like
        Reports go to ``<out_dir>/<year>/<district_code>.html``.
    districts : list of str, optional
        Only these district codes (default: every district with data for the year).
    jobs : int, optional
        Worker processes (default: the machine's cores).
    mask_names : bool
        Mask personal names (default True).
    use_cache : bool
        Skip districts whose cache key is unchanged and whose report exists.
    notebook : path-like
        The parameterised district notebook.
    progress : bool
        Show a progress bar.
    fail_district : str, optional
        Test aid: make this district's notebook raise in its set-up cell (passed as
        the notebook parameter ``fail_district``), to check failure isolation.
    scheduler : str, optional
        Address of a Dask distributed scheduler (``tcp://host:8786``); its workers
        execute the notebooks instead of a local process pool.
    comparison_notebook : path-like, optional
        The all-district comparison notebook, executed once per run into
        ``comparison.html`` (None: no comparison report). Runs limited to some
        districts (``districts``) skip it and keep the previous one in the index.
    links : dict, optional
        Further reports to link from ``index.html`` (label → relative address);
        recorded in ``manifest.json``, and those recorded by an earlier run are kept
        while their report exists (:func:`index_links`).
    warm : bool
        Execute in one long-lived kernel per worker (default); False starts a
        kernel for every district. Both give the same reports.
    scheduler_timeout : float, optional
        Seconds to wait for the Dask scheduler before giving up with a message
        (default ``$SABO_EVAL_SCHEDULER_TIMEOUT``, else 10).
    codebook : path-like, optional
        The codebook the discussion reports and the district reports' opinion themes
        are coded with (default ``$SABO_EVAL_CODEBOOK``, else the shipped one); its
        digest is in those reports' cache keys.
    discussion_notebook : path-like, optional
        The discussion notebook, executed once per event of ``year`` into
        ``<out_dir>/discussions/<event_id>.html`` and linked from ``index.html``
        (None: no discussion reports). Runs limited to some districts make them too:
        they do not depend on the districts chosen.

    Returns
    -------
    RunResult
        This run's districts; ``manifest.json`` and ``index.html`` list every district
        of the year with a report (this run's merged into the previous entries, under
        the folder's lock), each entry with ``action`` (executed/cached) and ``reason``.

    Raises
    ------
    ReportError
        When the warehouse holds no data for ``year`` or for a requested district,
        or the scheduler cannot be reached.
    """
    # here, not at import: keeps this module light
    from ..settings import scheduler_timeout as timeout_setting
    from ..warehouse.connection import warehouse_errors
    from ..warehouse.store import resolve_db_path

    if jobs is not None and jobs < 1:
        raise ReportError(f"동시 실행 수는 1 이상이어야 합니다: {jobs}", f"jobs must be at least 1: {jobs}")
    started_at = dt.datetime.now(dt.UTC)
    jobs = max(1, jobs or os.cpu_count() or 1)
    where = (scheduler, timeout_setting(scheduler_timeout)) if scheduler else None
    with contextlib.ExitStack() as stack:
        with warehouse_errors(resolve_db_path(db), writing=False):  # a corrupt warehouse: a message, not a traceback
            plan = plan_year(
                year, db_path=resolve_db_path(db), out_dir=out_dir, districts=districts, mask_names=mask_names,
                use_cache=use_cache, notebook=notebook, fail_district=fail_district, comparison_notebook=comparison_notebook,
                warm=warm, codebook=codebook, discussion_notebook=discussion_notebook,
            )
            workers = None if where else _early_workers(plan, jobs=jobs, warm=warm, stack=stack)
            headlines = _shared_figures(plan)
            _decide_undecided(plan)
        _execute_plan(plan, jobs=jobs, scheduler=where, progress=progress, workers=workers)
    ordered = [plan.outcomes[c] for c in plan.codes]
    settings = {"mask_names": mask_names, "jobs": jobs, "use_cache": use_cache, "scheduler": scheduler, "districts": districts, "warm": warm}
    index, manifest = _publish_year(plan, ordered, headlines, started_at=started_at, settings=settings, links=links)
    return RunResult(year, plan.year_dir, index, manifest, ordered, plan.comparison, _discussions(plan))


def _discussions(plan: YearPlan) -> list[DistrictOutcome]:
    """The outcomes of the discussion reports the plan made (none when it made none)."""
    return [plan.outcomes[e] for e in plan.discussions or []]


def _publish_year(plan: YearPlan, ordered: list, headlines, *, started_at: dt.datetime, settings: dict,
                  links: dict[str, str] | None) -> tuple[Path, Path]:
    """Merge this run into the year's ``index.html`` and ``manifest.json`` under the folder's lock; return both paths.

    Merge, never replace: the other districts' entries, the previous comparison and the
    links recorded by earlier runs stay while their reports exist.
    """
    with publish_lock(plan.year_dir):
        _warn_other_warehouse(plan)
        links = existing_links(plan.year_dir, index_links(plan.year_dir, links))
        listed, comparison, inputs = merge_previous(plan.year_dir, ordered, plan.comparison, plan.all_codes, plan.inputs)
        attach_headlines(listed, headlines)
        discussions = merge_discussions(plan.year_dir, _discussions(plan), keep_others=plan.discussions is None)
        index = write_index(plan.year_dir, plan.year, listed, comparison=comparison, links=links, discussions=discussions)
        record = _year_manifest(plan, started_at, settings, listed)
        record.update(inputs=inputs, comparison=as_record(comparison), links=links,
                      discussions={o.district_code: asdict(o) for o in discussions})
        manifest = write_manifest(plan.year_dir / "manifest.json", record)
    return index, manifest


def _warn_other_warehouse(plan: YearPlan) -> None:
    """Say so when the year's folder was last written from another warehouse (e.g. the demo's).

    The merge then lists only this warehouse's districts; the other warehouse's reports
    stay on disk but leave the index, and the log says which warehouse wrote them.
    """
    previous = read_manifest(plan.year_dir / "manifest.json", "warehouse")
    if previous and isinstance(previous, str) and Path(previous).resolve() != Path(plan.db_path).resolve():
        logger.warning(
            "%s의 이전 보고서는 다른 창고(%s)로 만들었습니다: 목록은 이번 창고(%s)의 시군구로 바뀝니다 — "
            "섞지 않으려면 --out으로 다른 폴더를 고르세요 / the folder's earlier reports came from another "
            "warehouse (%s); the index now lists this warehouse's districts; use --out for a separate folder",
            plan.year_dir, previous, plan.db_path, previous,
        )


def _early_workers(plan: YearPlan, *, jobs: int, warm: bool, stack: contextlib.ExitStack) -> LocalWorkers | None:
    """Start (and, for warm runs, warm) the local workers of the reports sure to execute, before the figures.

    While the run computes its all-district figures on one core, the workers start
    their kernels on the others. None when no report is sure to execute.
    """
    sure = sure_to_run(plan)
    if not sure:
        return None
    log = plan.year_dir / "_run" / "workers.log"
    return stack.enter_context(LocalWorkers(jobs=jobs, log=log, warm_up=min(sure, jobs) if warm else 0))


def _execute_plan(plan: YearPlan, *, jobs: int, scheduler: tuple[str, float] | None, progress: bool,
                  workers: LocalWorkers | None = None) -> None:
    """Execute the plan's tasks, recording each result in its outcome (with a progress bar).

    ``scheduler`` is a Dask scheduler's address and the seconds to wait for it;
    ``workers`` local workers started ahead (:func:`_early_workers`).
    """
    where = f"Dask {scheduler[0]}" if scheduler else f"작업자 {jobs}"
    n_codes = len(plan.codes)
    logger.info("%s년: 시군구 %d곳, 실행 %d곳, 캐시 %d곳 (%s)", plan.year, n_codes, plan.n_run, n_codes - plan.n_run, where)
    bar = tqdm(total=len(plan.outcomes), desc=f"{plan.year}년 보고서", unit="건", disable=not progress)
    bar.update(len(plan.outcomes) - len(plan.tasks))
    log = plan.year_dir / "_run" / "workers.log"
    for code, result in execute_all(plan.tasks, jobs=jobs, scheduler=scheduler, log=log, workers=workers):
        outcome = plan.outcomes[code]
        _record_result(outcome, result, plan)
        if outcome.status != "ok":
            logger.error("%s(%s) 실패: %s", outcome.district_name, code, outcome.error)
        bar.update(1)
    bar.close()
    remove_work_dir(plan.year_dir)
    if plan.discussions:
        remove_work_dir(plan.year_dir.parent / FOLDER)


def _shared_figures(plan: YearPlan):
    """Write the all-district figures (:func:`run_context`); make the plan use the key they were made with.

    The key is computed from the data hashes read together with the figures: when an
    ingest ran since the plan, the reports executed now are keyed with what they read.
    """
    headlines = run_context(plan.db_path, plan.year, plan.context_path, lambda hashes: context_key(hashes, plan.versions))
    used = context_key_used(plan.context_path)
    if used and used != plan.context_hash:
        logger.warning("%s년 자료가 계획 후에 바뀌었습니다(동시 입력): 실행하는 보고서는 읽은 자료로 기록합니다 / "
                       "the data changed after planning (a concurrent ingest): reports run now record what they read",
                       plan.year)
        plan.context_hash = used
    return headlines


def _decide_undecided(plan: YearPlan) -> None:
    """Key the districts whose displayed all-district figures were not known at planning, now that they are written."""
    if not plan.undecided:
        return
    # here, not at import: pandas only when the figures changed
    from ..reports.display_digest import display_digests

    digests = display_digests(plan.context_path, plan.names, plan.undecided)
    for code in plan.undecided:
        decide_district(plan, code, digests[code])
    plan.undecided = []


def _record_result(outcome: DistrictOutcome, result: dict, plan: YearPlan) -> None:
    """Copy a worker's result into the report's outcome, keyed with the data the report read."""
    year_dir = plan.year_dir
    snapshot = result.get("snapshot") or {}
    if snapshot.get("data_hash"):
        outcome.data_hash = str(snapshot["data_hash"])
        _record_input(plan.inputs, outcome.district_code, snapshot)
    outcome.cache_key = report_key(plan, outcome.district_code, outcome.data_hash, outcome.display_digest)
    if outcome.district_code == "comparison":
        outcome.data_hash = outcome.display_digest = outcome.context_key = plan.context_hash
    outcome.status = result["status"]
    outcome.seconds = result.get("seconds", 0.0)
    outcome.error = result.get("error")
    outcome.failing_cell = result.get("failing_cell")
    outcome.failing_source = result.get("failing_source")
    outcome.worker_peak_mb = result.get("worker_peak_mb")
    outcome.kernel_peak_mb = result.get("kernel_peak_mb")
    if result.get("failed_notebook"):
        outcome.failed_notebook = os.path.relpath(result["failed_notebook"], year_dir)
    if outcome.status == "ok":
        code = outcome.district_code
        outcome.report = discussion_href(code) if code in (plan.discussions or ()) else f"{code}.html"


def _record_input(inputs: list[dict], code: str, snapshot: dict) -> None:
    """Make the manifest's input of district ``code`` the submission its report read."""
    for entry in inputs:
        if entry.get("district_code") == code and snapshot.get("submission_id"):
            entry["submission_id"] = snapshot["submission_id"]
            entry["file_name"] = snapshot.get("file_name") or entry.get("file_name")


def index_links(year_dir: Path, links: dict[str, str] | None) -> dict[str, str]:
    """The further reports ``index.html`` links: ``links``, and those an earlier run recorded that still exist.

    A run records its links in ``manifest.json`` (``"links"``): a later run given none
    (``run --year 2023`` after ``make demo``) keeps the demo's pilot link as long as
    the pilot report is there.

    Parameters
    ----------
    year_dir : Path
        ``<out_dir>/<year>``.
    links : dict or None
        Label → address relative to ``year_dir`` given to this run (they win over recorded ones).

    Returns
    -------
    dict
    """
    recorded = read_manifest(year_dir / "manifest.json", "links")
    root = year_dir.resolve().parent
    kept = {}
    for label, href in (recorded.items() if isinstance(recorded, dict) else ()):
        target = (year_dir / str(href)).resolve()
        if "://" not in str(href) and target.is_relative_to(root) and target.is_file():  # only our own reports
            kept[str(label)] = str(href)
    return {**kept, **(links or {})}


def _year_manifest(plan: YearPlan, started_at: dt.datetime, settings: dict, ordered: list[DistrictOutcome]) -> dict:
    """What the run used and produced (``manifest.json``; the next run's cache reads it)."""
    return {
        "year": plan.year,
        "started_at": started_at.isoformat(),
        "finished_at": dt.datetime.now(dt.UTC).isoformat(),
        "warehouse": str(plan.db_path),
        "notebook": str(plan.notebook),
        "notebook_hash": plan.notebook_hash,
        "parameters": settings,
        "versions": plan.versions,
        "git_commit": git_commit(),
        "inputs": plan.inputs,
        "districts": {o.district_code: asdict(o) for o in ordered},
        "comparison": as_record(plan.comparison),
    }


def run_pilot(
    *,
    db: str | Path | None = None,
    out_dir: str | Path = "reports",
    notebook: str | Path = DEFAULT_PILOT,
    use_cache: bool = True,
) -> DistrictOutcome | None:
    """Execute the pilot evaluation notebook once into ``<out_dir>/pilot/pilot_evaluation.html``.

    Cached on the notebook, the warehouse's current submissions (every year: the
    notebook reads every month of its outcome) and the versions; the key recorded is
    made from the submissions the notebook itself read (its ``snapshot_path``).

    Parameters
    ----------
    db : path-like, optional
        Warehouse; see :func:`sabo_eval.warehouse.store.resolve_db_path`.
    out_dir : path-like
        The report goes to ``<out_dir>/pilot/``.
    notebook : path-like
        The pilot evaluation notebook.
    use_cache : bool
        Keep the previous report when its cache key is unchanged.

    Returns
    -------
    DistrictOutcome or None
        None when the warehouse holds no pilot-year data (or the notebook is missing).
    """
    from ..warehouse.store import resolve_db_path

    db_path = resolve_db_path(db)
    pilot_dir = Path(out_dir).resolve() / "pilot"
    notebook = Path(notebook).resolve()
    used, data_hash = _pilot_submissions(db_path)
    if used.empty or not notebook.exists():
        return None
    notebook_hash, vers = notebook_code_hash(notebook), versions()
    key = cache_key(notebook_hash, {}, data_hash, "", vers)
    prior = read_manifest(pilot_dir / "manifest.json", "pilot")
    if is_cached(prior, key, pilot_dir / "pilot_evaluation.html", use_cache=use_cache, check_status=False):
        return DistrictOutcome(_PILOT_CODE, _PILOT_NAME, "cached", report="pilot_evaluation.html", cache_key=key)
    pilot_dir.mkdir(parents=True, exist_ok=True)
    outcome = _execute_pilot(notebook, pilot_dir, db_path, key)
    if outcome.data_hash:  # what the notebook read (an ingest may have run since)
        outcome.cache_key = cache_key(notebook_hash, {}, outcome.data_hash, "", vers)
    write_manifest(pilot_dir / "manifest.json", {"pilot": asdict(outcome), "inputs": used.to_dict("records")})
    return outcome


def _pilot_submissions(db_path: Path):
    """The current submissions of the pilot years (district, year, submission id), and the hash of all current ones."""
    from ..warehouse.connection import warehouse_errors
    from ..warehouse.district_data import all_data_hash
    from ..warehouse.store import Warehouse

    with warehouse_errors(db_path, writing=False), Warehouse(db_path, read_only=True) as wh, wh.snapshot():
        used = wh.query(
            "SELECT district_code, year, submission_id FROM submissions WHERE is_current AND year IN (?, ?) ORDER BY 1, 2",
            list(PILOT_YEARS),
        )
        return used, all_data_hash(wh)


def _execute_pilot(notebook: Path, pilot_dir: Path, db_path: Path, key: str) -> DistrictOutcome:
    """Execute the pilot notebook in one cold worker; its outcome."""
    parameters = {"warehouse": str(db_path), "tables_path": tables_path(pilot_dir, "pilot"),
                  "snapshot_path": snapshot_path(pilot_dir, "pilot")}
    task = make_task(_PILOT_CODE, notebook, pilot_dir, parameters, "시범사업 평가 (이중차분, 단절 시계열)", warm=False)
    (_code, result), = list(execute_all([task], jobs=1, scheduler=None, log=pilot_dir / "workers.log"))
    outcome = DistrictOutcome(_PILOT_CODE, _PILOT_NAME, result["status"], seconds=result.get("seconds", 0.0),
                              error=result.get("error"), failing_cell=result.get("failing_cell"), cache_key=key,
                              data_hash=str((result.get("snapshot") or {}).get("data_hash") or ""))
    if outcome.status == "ok":
        outcome.report = "pilot_evaluation.html"
    remove_work_dir(pilot_dir)
    return outcome
