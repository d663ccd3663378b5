"""The yearly run: execute the district notebook for every district, export HTML.

Districts run in worker processes (papermill changes process-wide state, so threads
are not safe) with absolute paths, a start timeout, one retry when the kernel fails
to start, and an execution timeout. By default each worker keeps one warm kernel
(:class:`sabo_eval.run.warm.WarmKernel`) that imports the stack once and executes
district after district with its state reset in between; ``warm=False`` starts a
kernel of its own for every district (cold). A failing district does not stop
the others: its partly executed notebook is kept under ``failed/`` and listed in
``index.html`` with the failing cell. Outputs are written to temporary files and
renamed, so a report is either the previous one or the complete new one. A district
whose notebook, parameters, data and package versions are unchanged is not re-run.
Figures that need every district (medians for the overview) are computed once per
run and passed to each notebook as a file.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import datetime as dt
import hashlib
import json
import logging
import multiprocessing
import multiprocessing.util
import os
import platform
import re
import subprocess
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from tqdm.auto import tqdm

from .. import __version__
from ..errors import ReportError
from ..reports.export import write_atomic
from ..reports.index_page import render_index
from .warm import WarmKernel

__all__ = ["DEFAULT_NOTEBOOK", "DistrictOutcome", "RunResult", "run_year", "run_pilot", "run_context", "cache_key", "versions", "peak_memory_mb"]

logger = logging.getLogger(__name__)

DEFAULT_NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "district_report.ipynb"
DEFAULT_COMPARISON = DEFAULT_NOTEBOOK.with_name("comparison.ipynb")
DEFAULT_PILOT = DEFAULT_NOTEBOOK.with_name("pilot_evaluation.ipynb")
PILOT_YEARS = (2012, 2013)
KERNEL_START_TIMEOUT = 120
EXECUTION_TIMEOUT = 900
_VERSIONED = ("sabo_eval", "papermill", "nbconvert", "pandas", "statsmodels", "seaborn", "matplotlib", "duckdb", "numpy")


@dataclass
class DistrictOutcome:
    """What happened to one district in a run."""

    district_code: str
    district_name: str
    status: str  # "ok", "cached" or "failed"
    seconds: float = 0.0
    report: str | None = None
    failed_notebook: str | None = None
    error: str | None = None
    failing_cell: int | None = None
    failing_source: str | None = None
    cache_key: str = ""
    headlines: dict[str, float] = field(default_factory=dict)
    worker_peak_mb: float | None = None
    kernel_peak_mb: float | None = None


@dataclass
class RunResult:
    """The outcome of a run: per district, and where the index and manifest are."""

    year: int
    out_dir: Path
    index: Path
    manifest: Path
    outcomes: list[DistrictOutcome]
    comparison: DistrictOutcome | None = None

    @property
    def failed(self) -> list[DistrictOutcome]:
        """Reports (districts, and the comparison) that could not be produced."""
        failed = [o for o in self.outcomes if o.status == "failed"]
        if self.comparison is not None and self.comparison.status == "failed":
            failed.append(self.comparison)
        return failed


def versions() -> dict[str, str]:
    """Versions of Python and of the packages a report depends on."""
    out = {"python": platform.python_version()}
    for name in _VERSIONED:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = __version__ if name == "sabo_eval" else "not installed"
    return out


def _git_commit() -> str | None:
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5, cwd=Path(__file__).parent, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None


def _notebook_code_hash(notebook: Path) -> str:
    """Hash of the notebook's cell sources (outputs and metadata do not count)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    sources = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in cells]
    return hashlib.sha256("\n#--cell--\n".join(sources).encode()).hexdigest()


def cache_key(notebook_hash: str, parameters: dict, data_hash: str, context_hash: str, versions_: dict[str, str]) -> str:
    """Key of a district report: notebook, parameters, data, shared figures, versions.

    Parameters
    ----------
    notebook_hash : str
        Hash of the notebook's cells.
    parameters : dict
        Notebook parameters (serialised as canonical JSON; paths excluded by the caller).
    data_hash : str
        Hash of the district's current submissions.
    context_hash : str
        Hash of the all-district figures the notebook reads.
    versions_ : dict
        Package versions.
    """
    payload = json.dumps(
        {"notebook": notebook_hash, "parameters": parameters, "data": data_hash, "context": context_hash, "versions": versions_},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _quiet_worker(log_path: str) -> None:
    """Pool initializer: send the worker's (and its kernels') stderr to the run log.

    Kernels inherit the worker's standard error; their start-up warnings would
    otherwise interleave with the progress bar.
    """
    handle = open(log_path, "a", encoding="utf-8")  # noqa: SIM115  (kept open for the process)
    os.dup2(handle.fileno(), 2)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # kernels inherit it: no BLAS thread contention


_WARM: WarmKernel | None = None


def _warm_kernel() -> WarmKernel:
    """This worker process's long-lived kernel (started on first use, stopped at exit)."""
    global _WARM  # noqa: PLW0603
    if _WARM is None:
        _WARM = WarmKernel(start_timeout=KERNEL_START_TIMEOUT)
        multiprocessing.util.Finalize(_WARM, _WARM.shutdown, exitpriority=10)
    return _WARM


def _execute_cold(task: dict, executed: Path) -> None:
    """Execute one notebook in a kernel of its own (started, used once, stopped)."""
    import papermill as pm

    for attempt in (1, 2):
        try:
            pm.execute_notebook(
                task["notebook"],
                str(executed),
                parameters=task["parameters"],
                kernel_name="python3",
                progress_bar=False,
                start_timeout=KERNEL_START_TIMEOUT,
                execution_timeout=EXECUTION_TIMEOUT,
                log_output=False,
            )
            return
        except RuntimeError as exc:  # kernel did not start ("Kernel didn't respond")
            if attempt == 2 or "kernel" not in str(exc).lower():
                raise
            logger.warning("%s: kernel start failed, retrying once: %s", task["district_code"], exc)


def _execute_district(task: dict) -> dict:
    """Worker: execute the notebook for one district and export its HTML.

    Runs in a separate process. Returns a plain dict (picklable) describing the
    outcome; never raises for a notebook failure.
    """
    from papermill.exceptions import PapermillExecutionError

    from ..reports.export import notebook_to_html

    started = time.perf_counter()
    code = task["district_code"]
    out_dir = Path(task["year_dir"])
    work = out_dir / ".work"
    work.mkdir(parents=True, exist_ok=True)
    executed = work / f"{code}.{os.getpid()}.ipynb"
    outcome = {
        "district_code": code, "status": "ok", "error": None, "failing_cell": None, "failing_source": None, "failed_notebook": None,
    }
    try:
        if task.get("warm"):
            _warm_kernel().execute(task["notebook"], executed, task["parameters"], execution_timeout=EXECUTION_TIMEOUT)
        else:
            _execute_cold(task, executed)
        html_page = notebook_to_html(executed, title=task["title"])
        tables = Path(task["parameters"]["tables_path"])
        if tables.exists():
            os.chmod(tables, 0o644)
            os.replace(tables, out_dir / f"{code}.xlsx")  # same folder: atomic
        write_atomic(out_dir / f"{code}.html", html_page)
    except PapermillExecutionError as exc:
        lines = [line for line in (exc.source or "").splitlines() if line.strip() and not line.lstrip().startswith("#")]
        outcome.update(
            status="failed",
            error=f"{exc.ename}: {exc.evalue}",
            failing_cell=exc.exec_count,
            failing_source=lines[0] if lines else "",
        )
    except Exception as exc:  # any other failure of this district only
        outcome.update(status="failed", error=f"{type(exc).__name__}: {exc}")
    if outcome["status"] == "failed" and executed.exists():
        failed_dir = out_dir / "failed"
        failed_dir.mkdir(exist_ok=True)
        target = failed_dir / f"{code}.ipynb"
        os.replace(executed, target)
        outcome["failed_notebook"] = str(target)
    executed.unlink(missing_ok=True)
    Path(task["parameters"]["tables_path"]).unlink(missing_ok=True)
    outcome["seconds"] = time.perf_counter() - started
    outcome["worker_peak_mb"] = peak_memory_mb(os.getpid())
    outcome["kernel_peak_mb"] = peak_memory_mb(_WARM.kernel_pid()) if task.get("warm") and _WARM is not None else None
    return outcome


def peak_memory_mb(pid: int | None) -> float | None:
    """Peak resident memory of a process so far (``VmHWM``), in MB; None when unknown."""
    if pid is None:
        return None
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"^VmHWM:\s+(\d+)\s+kB", status, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else None


def run_year(
    year: int,
    *,
    db: str | Path | None = None,
    out_dir: str | Path = "reports",
    districts: list[str] | None = None,
    jobs: int | None = None,
    mask_names: bool = True,
    use_cache: bool = True,
    notebook: str | Path = DEFAULT_NOTEBOOK,
    progress: bool = True,
    fail_district: str | None = None,
    scheduler: str | None = None,
    comparison_notebook: str | Path | None = DEFAULT_COMPARISON,
    links: dict[str, str] | None = None,
    warm: bool = True,
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
        districts (``districts``) skip it.
    links : dict, optional
        Further reports to link from ``index.html`` (label → relative address).
    warm : bool
        Execute in one long-lived kernel per worker (default); False starts a
        kernel for every district. Both give the same reports.

    Returns
    -------
    RunResult
    """
    from ..warehouse.store import (  # here, not at import: worker processes need neither pandas nor DuckDB
        Warehouse,
        resolve_db_path,
    )

    started_at = dt.datetime.now(dt.UTC)
    db_path = resolve_db_path(db)
    year_dir = Path(out_dir).resolve() / str(year)
    year_dir.mkdir(parents=True, exist_ok=True)
    notebook = Path(notebook).resolve()
    with Warehouse(db_path, read_only=True) as wh:
        current = wh.district_years()
        current = current[current["year"] == year]
        names = wh.query("SELECT district_code, district_name FROM districts WHERE year = ?", [year])
        name_of = dict(zip(names["district_code"], names["district_name"], strict=True))
        codes = sorted(current["district_code"])
        for code in codes:  # codes become file names: never build a path from anything else
            if not re.fullmatch(r"\d{5}", str(code)):
                raise ReportError(f"잘못된 시군구코드입니다: {code!r}", f"invalid district code: {code!r}")
        if districts:
            wanted = [str(d) for d in districts]
            unknown = sorted(set(wanted) - set(codes))
            if unknown:
                logger.warning("%s년 자료가 없는 시군구: %s", year, ", ".join(unknown))
            codes = [c for c in codes if c in wanted]
        all_codes = sorted(current["district_code"])
        data_hashes = {c: wh.district_data_hash(c, year) for c in all_codes}
        inputs = current[["district_code", "file_name", "submission_id"]].to_dict("records")
    vers = versions()
    # The all-district figures are a function of every district's data and the code:
    # their key is known without computing them, so an unchanged run computes nothing.
    context_hash = hashlib.sha256(json.dumps([data_hashes, vers], sort_keys=True).encode()).hexdigest()
    context_path = year_dir / "_run" / "headlines.json"
    nb_hash = _notebook_code_hash(notebook)
    previous = _read_manifest(year_dir / "manifest.json")

    outcomes: dict[str, DistrictOutcome] = {}
    tasks = []
    for code in codes:
        parameters = {
            "district_code": code,
            "year": int(year),
            "warehouse": str(db_path),
            "mask_names": bool(mask_names),
            "run_context": str(context_path),
        }
        if fail_district:
            parameters["fail_district"] = str(fail_district)
        semantic = {k: v for k, v in parameters.items() if k not in ("warehouse", "run_context")}  # no paths in the key
        parameters["tables_path"] = str(year_dir / ".work" / f"{code}.{os.getpid()}.tables.xlsx")
        key = cache_key(nb_hash, semantic, data_hashes[code], context_hash, vers)
        name = str(name_of.get(code, code))
        prior = previous.get(code)
        if use_cache and prior and prior.get("cache_key") == key and prior.get("status") in ("ok", "cached") and (year_dir / f"{code}.html").exists():  # noqa: E501
            outcomes[code] = DistrictOutcome(code, name, "cached", report=f"{code}.html", cache_key=key)
            continue
        outcomes[code] = DistrictOutcome(code, name, "pending", cache_key=key)
        tasks.append(
            {
                "district_code": code,
                "notebook": str(notebook),
                "year_dir": str(year_dir),
                "parameters": parameters,
                "title": f"{name} {year}년 지역사회보장협의체 평가 보고서",
                "warm": warm,
            }
        )

    comparison_outcome = None
    comparison_notebook = Path(comparison_notebook).resolve() if comparison_notebook else None
    if comparison_notebook is not None and comparison_notebook.exists() and not districts:  # whole runs only
        key = cache_key(_notebook_code_hash(comparison_notebook), {"year": int(year)}, context_hash, context_hash, vers)
        prior = _read_manifest(year_dir / "manifest.json", "comparison")
        if use_cache and prior.get("cache_key") == key and prior.get("status") in ("ok", "cached") and (year_dir / "comparison.html").exists():
            comparison_outcome = DistrictOutcome("comparison", "시군구 비교", "cached", report="comparison.html", cache_key=key)
        else:
            comparison_outcome = DistrictOutcome("comparison", "시군구 비교", "pending", cache_key=key)
            tasks.append(
                {
                    "district_code": "comparison",
                    "notebook": str(comparison_notebook),
                    "year_dir": str(year_dir),
                    "parameters": {
                        "year": int(year), "warehouse": str(db_path), "run_context": str(context_path),
                        "tables_path": str(year_dir / ".work" / f"comparison.{os.getpid()}.tables.xlsx"),
                    },
                    "title": f"{year}년 시군구 서비스 성과 비교",
                    "warm": warm,
                }
            )
        outcomes["comparison"] = comparison_outcome

    headlines = run_context(db_path, year, context_path, context_hash)
    jobs = max(1, jobs or os.cpu_count() or 1)
    where = f"Dask {scheduler}" if scheduler else f"작업자 {jobs}"
    n_run = sum(1 for t in tasks if t["district_code"] in codes)
    logger.info("%s년: 시군구 %d곳, 실행 %d곳, 캐시 %d곳 (%s)", year, len(codes), n_run, len(codes) - n_run, where)
    bar = tqdm(total=len(outcomes), desc=f"{year}년 보고서", unit="건", disable=not progress)
    bar.update(len(outcomes) - len(tasks))
    for code, result in _execute_all(tasks, jobs=jobs, scheduler=scheduler, log=year_dir / "_run" / "workers.log"):
        outcome = outcomes[code]
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
            outcome.report = f"{code}.html"
        else:
            logger.error("%s(%s) 실패: %s", outcome.district_name, code, outcome.error)
        bar.update(1)
    bar.close()
    with contextlib.suppress(OSError):
        (year_dir / ".work").rmdir()  # only when empty

    for code, outcome in outcomes.items():
        if code in headlines.index:
            outcome.headlines = {k: (None if v != v else float(v)) for k, v in headlines.loc[code].items()}
    ordered = [outcomes[c] for c in codes]
    index_path = year_dir / "index.html"
    write_atomic(index_path, render_index(year, ordered, comparison=comparison_outcome, links=links))
    manifest_path = year_dir / "manifest.json"
    manifest = {
        "year": year,
        "started_at": started_at.isoformat(),
        "finished_at": dt.datetime.now(dt.UTC).isoformat(),
        "warehouse": str(db_path),
        "notebook": str(notebook),
        "notebook_hash": nb_hash,
        "parameters": {
            "mask_names": mask_names, "jobs": jobs, "use_cache": use_cache, "scheduler": scheduler, "districts": districts, "warm": warm,
        },
        "versions": vers,
        "git_commit": _git_commit(),
        "inputs": inputs,
        "districts": {o.district_code: asdict(o) for o in ordered},
        "comparison": asdict(comparison_outcome) if comparison_outcome else None,
    }
    write_atomic(manifest_path, json.dumps(manifest, ensure_ascii=False, indent=1, default=str))
    return RunResult(year, year_dir, index_path, manifest_path, ordered, comparison_outcome)


def _read_manifest(path: Path, part: str = "districts") -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8")).get(part) or {}
    except (OSError, ValueError):
        return {}


def _execute_all(tasks: list[dict], *, jobs: int, scheduler: str | None, log: Path):
    """Run the tasks in worker processes; yield (district code, result) as they finish.

    Locally a process pool of ``jobs`` workers; with ``scheduler`` the workers of a
    Dask distributed cluster (``distributed.Client(scheduler)``). A worker that dies
    gives a failed result for its district only.
    """
    if not tasks:
        return
    if scheduler:
        from distributed import Client
        from distributed import as_completed as completed

        with Client(scheduler) as client:
            futures = {client.submit(_execute_district, t, pure=False): t["district_code"] for t in tasks}
            for future in completed(futures):
                yield futures[future], _result_of(future)
        return
    log.parent.mkdir(parents=True, exist_ok=True)
    context = multiprocessing.get_context("spawn")
    with cf.ProcessPoolExecutor(
        max_workers=min(jobs, len(tasks)), mp_context=context, initializer=_quiet_worker, initargs=(str(log),)
    ) as pool:
        futures = {pool.submit(_execute_district, t): t["district_code"] for t in tasks}
        for future in cf.as_completed(futures):
            yield futures[future], _result_of(future)


def _result_of(future) -> dict:
    try:
        return future.result()
    except Exception as exc:  # the worker process itself died
        return {"status": "failed", "error": f"{type(exc).__name__}: {exc}", "seconds": 0.0}


def run_context(db_path: str | Path, year: int, path: str | Path, key: str):
    """Write the all-district figures the notebooks read (``run_context``); return the headlines.

    Headline figures go to ``path`` (``headlines.json``) and service indicators to
    ``services.json`` beside it, computed once per data state: when the key recorded
    beside ``path`` equals ``key`` the files are reused, otherwise computed and
    written atomically, with the key.

    Parameters
    ----------
    db_path : path-like
        Warehouse.
    year : int
    path : path-like
        Where ``headlines.json`` goes.
    key : str
        Identifies the data and code state (the runner's context hash).

    Returns
    -------
    DataFrame
        Headline figures indexed by district code.
    """
    import pandas as pd

    from ..warehouse.district_data import compute_all_headlines, compute_all_indicator_values
    from ..warehouse.store import Warehouse

    path = Path(path)
    key_path = path.with_suffix(".key")
    if path.exists() and key_path.exists() and key_path.read_text() == key:
        return pd.read_json(path, orient="index", dtype={"district_code": str}).rename(index=lambda c: str(c).zfill(5))
    with Warehouse(db_path, read_only=True) as wh:
        headlines = compute_all_headlines(wh, year)
        indicators = compute_all_indicator_values(wh, year)
    write_atomic(path.with_name("services.json"), indicators.to_json(orient="records", force_ascii=False))
    write_atomic(path, headlines.to_json(orient="index", force_ascii=False, indent=1))
    write_atomic(key_path, key)
    return headlines


def run_pilot(
    *,
    db: str | Path | None = None,
    out_dir: str | Path = "reports",
    notebook: str | Path = DEFAULT_PILOT,
    use_cache: bool = True,
) -> DistrictOutcome | None:
    """Execute the pilot evaluation notebook once into ``<out_dir>/pilot/pilot_evaluation.html``.

    Cached on the notebook, the submissions of the pilot years (2012–2013) and the
    versions. Returns None when the warehouse holds no pilot-year data.
    """
    from ..warehouse.store import Warehouse, resolve_db_path

    db_path = resolve_db_path(db)
    pilot_dir = Path(out_dir).resolve() / "pilot"
    notebook = Path(notebook).resolve()
    with Warehouse(db_path, read_only=True) as wh:
        used = wh.query(
            "SELECT district_code, year, submission_id FROM submissions WHERE is_current AND year IN (?, ?) ORDER BY 1, 2",
            list(PILOT_YEARS),
        )
    if used.empty or not notebook.exists():
        return None
    key = cache_key(_notebook_code_hash(notebook), {}, hashlib.sha256(used.to_json().encode()).hexdigest(), "", versions())
    prior = _read_manifest(pilot_dir / "manifest.json", "pilot")
    if use_cache and prior.get("cache_key") == key and (pilot_dir / "pilot_evaluation.html").exists():
        return DistrictOutcome("pilot_evaluation", "시범사업 평가", "cached", report="pilot_evaluation.html", cache_key=key)
    pilot_dir.mkdir(parents=True, exist_ok=True)
    task = {
        "district_code": "pilot_evaluation",
        "notebook": str(notebook),
        "year_dir": str(pilot_dir),
        "parameters": {"warehouse": str(db_path), "tables_path": str(pilot_dir / ".work" / f"pilot.{os.getpid()}.tables.xlsx")},
        "title": "시범사업 평가 (이중차분, 단절 시계열)",
    }
    (_code, result), = list(_execute_all([task], jobs=1, scheduler=None, log=pilot_dir / "workers.log"))
    outcome = DistrictOutcome("pilot_evaluation", "시범사업 평가", result["status"], seconds=result.get("seconds", 0.0),
                              error=result.get("error"), failing_cell=result.get("failing_cell"), cache_key=key)
    if outcome.status == "ok":
        outcome.report = "pilot_evaluation.html"
    with contextlib.suppress(OSError):
        (pilot_dir / ".work").rmdir()
    write_atomic(pilot_dir / "manifest.json", json.dumps({"pilot": asdict(outcome), "inputs": used.to_dict("records")},
                                                         ensure_ascii=False, indent=1, default=str))
    return outcome
