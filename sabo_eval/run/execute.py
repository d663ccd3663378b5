"""Executing a run's tasks: worker processes, warm or cold kernels, local or Dask.

Districts run in worker processes (papermill changes process-wide state, so threads
are not safe) with absolute paths, a start timeout, one retry when the kernel fails
to start, and an execution timeout. By default each worker keeps one warm kernel
(:class:`sabo_eval.run.warm.WarmKernel`) that imports the stack once and executes
district after district with its state reset in between; a task with ``warm`` false
starts a kernel of its own (cold). A failing district does not stop the others: the
worker returns a failed result, and its partly executed notebook is kept under
``failed/``. Worker processes import this module: it stays light (no pandas, no
DuckDB).
"""

from __future__ import annotations

import concurrent.futures as cf
import json
import logging
import multiprocessing
import multiprocessing.util
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path

from ..errors import ReportError
from ..processes import die_with_parent
from ..settings import SCHEDULER_TIMEOUT
from .publish import keep_failed_notebook, publish_report
from .warm import WarmKernel

__all__ = [
    "KERNEL_START_TIMEOUT", "EXECUTION_TIMEOUT", "LocalWorkers", "execute_district", "execute_all", "peak_memory_mb", "warm_up_worker",
]

logger = logging.getLogger(__name__)

KERNEL_START_TIMEOUT = 120
EXECUTION_TIMEOUT = 900

_WARM: WarmKernel | None = None


def _quiet_worker(log_path: str) -> None:
    """Pool initializer: die with the run; send the worker's (and its kernels') stderr to the run log.

    A worker ends when the run's process ends (even by ``kill -9``), and its kernel
    with it (see :mod:`sabo_eval.processes`). Kernels inherit the worker's standard
    error; their start-up warnings would otherwise interleave with the progress bar.
    """
    die_with_parent()
    handle = open(log_path, "a", encoding="utf-8")  # noqa: SIM115  (kept open for the process)
    os.dup2(handle.fileno(), 2)
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # kernels inherit it: no BLAS thread contention


def _warm_kernel() -> WarmKernel:
    """This worker process's long-lived kernel (started on first use, stopped at exit)."""
    global _WARM  # noqa: PLW0603
    if _WARM is None:
        _WARM = WarmKernel(start_timeout=KERNEL_START_TIMEOUT)
        multiprocessing.util.Finalize(_WARM, _WARM.shutdown, exitpriority=10)
    return _WARM


def warm_up_worker() -> int:
    """Worker: start this worker's warm kernel and import the report stack in it, and the exporter here.

    Returns
    -------
    int
        The worker's process id.
    """
    from ..reports.export import notebook_to_html  # noqa: F401  (the exporter's imports, once per worker)

    _warm_kernel().warm_up()
    return os.getpid()


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


def _execute_and_export(task: dict, executed: Path) -> None:
    """Execute the task's notebook into ``executed``; publish its HTML and tables."""
    from ..reports.export import notebook_to_html
    from ..reports.navigation import page_links

    if task.get("warm"):
        _warm_kernel().execute(task["notebook"], executed, task["parameters"], execution_timeout=EXECUTION_TIMEOUT)
    else:
        _execute_cold(task, executed)
    html_page = notebook_to_html(executed, title=task["title"], links=page_links(task["district_code"]))
    publish_report(Path(task["year_dir"]), task["district_code"], html_page, Path(task["parameters"]["tables_path"]))


def _cell_failure(exc) -> dict:
    """The outcome fields of a failing cell (a ``PapermillExecutionError``)."""
    lines = [line for line in (exc.source or "").splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return {
        "status": "failed",
        "error": f"{exc.ename}: {exc.evalue}",
        "failing_cell": exc.exec_count,
        "failing_source": lines[0] if lines else "",
    }


def execute_district(task: dict) -> dict:
    """Worker: execute the notebook for one district and export its HTML.

    Runs in a separate process.

    Parameters
    ----------
    task : dict
        See :func:`sabo_eval.run.plan.make_task`.

    Returns
    -------
    dict
        A plain (picklable) description of the outcome; never raises for a notebook
        failure.
    """
    from papermill.exceptions import PapermillExecutionError

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
        _execute_and_export(task, executed)
    except PapermillExecutionError as exc:
        outcome.update(_cell_failure(exc))
    except Exception as exc:  # any other failure of this district only
        outcome.update(status="failed", error=f"{type(exc).__name__}: {exc}")
    if outcome["status"] == "failed" and executed.exists():
        outcome["failed_notebook"] = str(keep_failed_notebook(executed, out_dir, code))
    executed.unlink(missing_ok=True)
    Path(task["parameters"]["tables_path"]).unlink(missing_ok=True)
    outcome["snapshot"] = _take_snapshot(task)
    outcome["seconds"] = time.perf_counter() - started
    outcome["worker_peak_mb"] = peak_memory_mb(os.getpid())
    outcome["kernel_peak_mb"] = peak_memory_mb(_WARM.kernel_pid()) if task.get("warm") and _WARM is not None else None
    return outcome


def _take_snapshot(task: dict) -> dict | None:
    """What the task's notebook recorded about the data it read (``snapshot_path``), removing the file.

    None when the notebook wrote nothing there (a notebook without the parameter).
    """
    path = task["parameters"].get("snapshot_path")
    if not path:
        return None
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    finally:
        Path(path).unlink(missing_ok=True)


def peak_memory_mb(pid: int | None) -> float | None:
    """Peak resident memory of a process so far (``VmHWM``), in MB; None when unknown.

    Parameters
    ----------
    pid : int or None
        Process id.

    Returns
    -------
    float or None
    """
    if pid is None:
        return None
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"^VmHWM:\s+(\d+)\s+kB", status, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else None


def execute_all(
    tasks: list[dict], *, jobs: int, scheduler: str | tuple[str, float] | None, log: Path, workers: LocalWorkers | None = None,
) -> Iterator[tuple[str, dict]]:
    """Run the tasks in worker processes; yield (district code, result) as they finish.

    Locally a process pool of ``jobs`` workers; with ``scheduler`` the workers of a
    Dask distributed cluster (``distributed.Client(scheduler)``). A worker that dies
    gives a failed result for its district only.

    Parameters
    ----------
    tasks : list of dict
        See :func:`sabo_eval.run.plan.make_task`.
    jobs : int
        Local worker processes (at most one per task).
    scheduler : str, tuple or None
        Address of a Dask distributed scheduler, or (address, seconds to wait for it;
        default :data:`~sabo_eval.settings.SCHEDULER_TIMEOUT`).
    log : Path
        File that receives the local workers' standard error.
    workers : LocalWorkers, optional
        Local workers already started (and warmed) for these tasks; used instead of a
        new pool (the caller closes them).

    Yields
    ------
    tuple
        District code and the result of :func:`execute_district`.
    """
    if not tasks:
        return
    if workers is not None and not scheduler:
        yield from workers.run(tasks)
        return
    if scheduler:
        address, timeout = scheduler if isinstance(scheduler, tuple) else (scheduler, SCHEDULER_TIMEOUT)
        yield from _execute_on_dask(tasks, address, timeout)
    else:
        yield from _execute_locally(tasks, jobs=jobs, log=log)


def _execute_on_dask(tasks: list[dict], scheduler: str, timeout: float) -> Iterator[tuple[str, dict]]:
    """The tasks on the workers of a Dask distributed cluster (waiting ``timeout`` s for its scheduler)."""
    from distributed import Client
    from distributed import as_completed as completed

    try:
        client = Client(scheduler, timeout=timeout)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        raise ReportError(
            f"Dask 스케줄러에 연결할 수 없습니다: {scheduler} ({timeout:g}초 대기) — 주소와 스케줄러 실행 여부를 확인하세요",
            f"cannot reach the Dask scheduler {scheduler} (waited {timeout:g} s); check the address and that it runs",
        ) from exc
    with client:
        futures = {client.submit(execute_district, t, pure=False): t["district_code"] for t in tasks}
        for future in completed(futures):
            yield futures[future], _result_of(future)


def _execute_locally(tasks: list[dict], *, jobs: int, log: Path) -> Iterator[tuple[str, dict]]:
    """The tasks in a local pool of spawned worker processes (their stderr to ``log``)."""
    with LocalWorkers(jobs=min(jobs, len(tasks)), log=log) as workers:
        yield from workers.run(tasks)


class LocalWorkers:
    """A local pool of spawned worker processes, started (and warmed) before their tasks are known.

    A run starts it as soon as it knows that some reports will execute, and computes
    its all-district figures meanwhile: ``warm_up`` workers start their kernel and
    import the report stack (:func:`warm_up_worker`) on the other cores. Workers are
    spawned on demand, up to ``jobs``; the warmed ones are idle when the tasks are
    queued, so they take the first tasks.

    Parameters
    ----------
    jobs : int
        At most this many worker processes.
    log : Path
        File that receives the workers' standard error.
    warm_up : int
        Workers to start and warm now (at most ``jobs``).
    """

    def __init__(self, *, jobs: int, log: Path, warm_up: int = 0) -> None:
        log.parent.mkdir(parents=True, exist_ok=True)
        self.pool = cf.ProcessPoolExecutor(
            max_workers=jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_quiet_worker, initargs=(str(log),)
        )
        self.warming = [self.pool.submit(warm_up_worker) for _ in range(min(warm_up, jobs))]

    def run(self, tasks: list[dict]) -> Iterator[tuple[str, dict]]:
        """Queue ``tasks``; yield (district code, result) as they finish."""
        done, _ = cf.wait(self.warming)  # a warm-up that failed is harmless: the task starts its kernel again
        for future in done:
            if future.exception() is not None:
                logger.warning("작업자 준비 실패, 보고서 실행 때 다시 시작합니다 / a worker's warm-up failed: %s", future.exception())
        futures = {self.pool.submit(execute_district, t): t["district_code"] for t in tasks}
        for future in cf.as_completed(futures):
            yield futures[future], _result_of(future)

    def close(self) -> None:
        """Stop the workers (after their current task)."""
        self.pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> LocalWorkers:  # noqa: D105
        return self

    def __exit__(self, *exc) -> None:  # noqa: D105
        self.close()


def _result_of(future) -> dict:
    """A finished task's result, or a failed result when its worker died."""
    try:
        return future.result()
    except Exception as exc:  # the worker process itself died
        return {"status": "failed", "error": f"{type(exc).__name__}: {exc}", "seconds": 0.0}
