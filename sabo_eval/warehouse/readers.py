"""Worker processes that read and validate submissions while the ingest writes.

:class:`_Readers` hands the writer (:func:`sabo_eval.warehouse.store.ingest`) each
submission validated by a forked worker, in the order of the submissions. What a
worker logs is captured and logged again by the writer when it takes the result, and
what a worker raises travels back to be raised there, so results, problems and log
lines are those of reading the submissions one after the other in one process.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import signal
import sys
import traceback
from pathlib import Path

from ..errors import SubmissionError
from ..intake.loaders import unsafe_file_name
from ..intake.validation import validate
from ..processes import die_with_parent
from ..settings import env_number
from .batch import _Validated

__all__ = ["INGEST_JOBS_ENV", "MAX_INGEST_JOBS", "READ_AHEAD", "ingest_jobs_setting"]

logger = logging.getLogger(__name__)

#: Worker processes that read and validate submissions while this process writes the
#: warehouse (``1`` reads them here, one after the other). Default: one per core, at most 4.
INGEST_JOBS_ENV = "SABO_EVAL_INGEST_JOBS"
MAX_INGEST_JOBS = 4
#: Submissions each worker reads ahead of the writer.
READ_AHEAD = 8


def ingest_jobs_setting() -> int | None:
    """The number of reading workers ``$SABO_EVAL_INGEST_JOBS`` asks for (None: unset).

    Raises
    ------
    EnvironmentValueError
        When the value is no whole number from 1 to 64.
    """
    jobs = env_number(INGEST_JOBS_ENV, 0, minimum=1, maximum=64, integer=True)
    return jobs or None


def _reader_count(n_paths: int, jobs: int | None = None) -> int:
    """How many reading workers :func:`ingest` starts (0: none, read in this process)."""
    if jobs is None:
        jobs = ingest_jobs_setting()
        if jobs is None:
            try:
                jobs = min(len(os.sched_getaffinity(0)), MAX_INGEST_JOBS)
            except AttributeError:
                jobs = 1
    # Workers are forked (they start at once, with everything imported): only where
    # fork is safe, and not from a daemonic process (which may not have children).
    import multiprocessing

    if jobs < 2 or n_paths < 3 or not sys.platform.startswith("linux") or multiprocessing.current_process().daemon:
        return 0
    return min(jobs, n_paths)


# --------------------------------------------------------------------------- in a worker

_CAPTURED: list[logging.LogRecord] = []
_RECORD_CONTEXT = frozenset(
    {"created", "msecs", "relativeCreated", "process", "processName", "thread", "threadName", "taskName"}
)


def _capture_record(self: logging.Logger, record: logging.LogRecord) -> None:
    """``Logger.handle`` of a reading worker: keep the record for the writer to log."""
    if self.disabled:
        return
    try:
        record.msg = record.getMessage()  # made portable, as logging.handlers.QueueHandler does
    except Exception:  # a malformed call: logged as written rather than raised in the reader
        record.msg = f"{record.msg!r} % {record.args!r}"
    record.args = None
    if record.exc_info:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.exc_info = None
    _CAPTURED.append(record)


def _start_reader() -> None:
    """Set up a reading worker: it dies with the writer, its log records go to the writer, Ctrl-C is the writer's."""
    die_with_parent()  # a writer killed (kill -9) leaves no reading worker behind
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.Logger.handle = _capture_record  # type: ignore[method-assign]
    gc.freeze()  # what the worker inherited is never garbage: not scanned again
    # A submission makes many short-lived containers (rows, sets): collect less often.
    gc.set_threshold(5_000, 50, 100)


def _read_submission(path: Path) -> tuple[str, object, list[logging.LogRecord]]:
    """Validate one submission in a worker: (``ok``, _Validated) or (``raise``, error), and its log records."""
    _CAPTURED.clear()
    try:
        outcome: tuple[str, object] = ("ok", _Validated.of(validate(path)))
    except Exception as exc:  # sent back and raised by the writer, as if raised there
        outcome = ("raise", _portable_error(exc))
    return outcome[0], outcome[1], list(_CAPTURED)


def _portable_error(exc: Exception) -> object:
    """An exception as it can travel between processes: itself, or its class, args and attributes."""
    note = "".join(traceback.format_exception(exc))
    try:
        pickle.loads(pickle.dumps(exc))
        return exc, note
    except Exception:
        pass
    try:
        state = (type(exc), exc.args, dict(vars(exc)))
        pickle.loads(pickle.dumps(state))
        return state, note
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}"), note


# --------------------------------------------------------------------------- in the writer


def _raise_portable(error: object) -> None:
    """Raise, in the writer, an error made portable by :func:`_portable_error`."""
    found, note = error  # type: ignore[misc]
    if isinstance(found, BaseException):
        exc = found
    else:
        cls, args, state = found
        exc = cls.__new__(cls)
        exc.args = args
        exc.__dict__.update(state)
    if not isinstance(exc, SubmissionError):
        exc.add_note(f"(raised while reading in a worker process)\n{note}")
    raise exc


def _log_again(records: list[logging.LogRecord]) -> None:
    """Log a worker's records in this process, as if read here (time, process and thread)."""
    for record in records:
        fields = {k: v for k, v in vars(record).items() if k not in _RECORD_CONTEXT}
        logging.getLogger(record.name).handle(logging.makeLogRecord(fields))


def _reading_pool(jobs: int):
    """A pool of ``jobs`` forked reading workers."""
    import concurrent.futures as cf
    import multiprocessing

    return cf.ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=_start_reader)


def _read_alone(path: Path) -> tuple[str, object, list[logging.LogRecord]]:
    """:func:`_read_submission` in a process of its own; a process that dies refuses the submission.

    Raises
    ------
    SubmissionError
        With rule ``internal_error`` when the process reading ``path`` stops before it answers.
    """
    import concurrent.futures as cf

    with _reading_pool(1) as alone:
        try:
            return alone.submit(_read_submission, path).result()
        except cf.process.BrokenProcessPool:
            error = SubmissionError(
                path.name,
                "이 파일을 읽던 프로세스가 비정상 종료되었습니다(메모리 초과, 강제 종료 또는 라이브러리 오류) — "
                "이 자료만 받지 않았습니다. 파일을 Excel에서 열어 다시 저장해 제출하세요",
                "the process reading this file stopped abnormally (memory exhausted, killed, or a library crash); "
                "only this submission was refused. Save the file again from Excel and resubmit",
            )
            error.rule = "internal_error"  # type: ignore[attr-defined]
            raise error from None


class _Readers:
    """Worker processes validating the submissions ahead of the writer, in order.

    Each submission is read by one worker; :meth:`take` gives its result in the order of
    the submissions, logging what the worker logged at that point, so results, problems
    and log lines are those of reading the submissions one after the other here. A
    submission the writer does not need (identical to the current version) is dropped.
    """

    @classmethod
    def start(cls, paths: list[Path], jobs: int) -> _Readers | None:
        """Workers for ``paths``, or ``None`` (none asked for, or they cannot start)."""
        if not jobs:
            return None
        try:
            return cls(paths, jobs)
        except (OSError, RuntimeError, ValueError) as exc:  # no processes to be had: read here
            logger.debug("no reading workers (%s); reading in this process", exc)
            return None

    def __init__(self, paths: list[Path], jobs: int) -> None:
        import concurrent.futures as cf

        self._cf = cf
        self.paths = paths
        self.jobs = jobs
        self.ahead = jobs * READ_AHEAD
        self.pool: cf.ProcessPoolExecutor | None = _reading_pool(jobs)
        self.futures: dict[int, cf.Future] = {}
        self.submitted = 0
        try:
            self._fill(0)
        except BaseException:
            self.close()
            raise

    def _fill(self, current: int) -> None:
        if self.pool is None:
            return
        while self.submitted < len(self.paths) and self.submitted < current + self.ahead:
            path = self.paths[self.submitted]
            if not unsafe_file_name(path.name):  # refused before reading
                self.futures[self.submitted] = self.pool.submit(_read_submission, path)
            self.submitted += 1

    def skip(self, index: int) -> None:
        """The writer is done with submission ``index`` (its reading, if not taken, is dropped)."""
        future = self.futures.pop(index, None)
        if future is not None:
            future.cancel()
        self._fill(index + 1)

    def take(self, index: int) -> _Validated | None:
        """The validated submission ``index`` (``None``: read it here), its worker's logs emitted."""
        future = self.futures.pop(index, None)
        self._fill(index + 1)
        if future is None or future.cancelled():
            return None
        try:
            kind, value, records = future.result()
        except self._cf.process.BrokenProcessPool:
            # A worker died (killed, out of memory, a crash in a library): this submission is read
            # again alone, in a process of its own, never here, and the others in a new pool.
            logger.warning("%s: a reading worker stopped; reading it again in a process of its own", self.paths[index].name)
            self._restart(index + 1)
            kind, value, records = _read_alone(self.paths[index])
        except Exception as exc:  # the result could not come back: read this one here
            logger.debug("%s: reading worker failed (%s); reading in this process", self.paths[index].name, exc)
            return None
        _log_again(records)
        if kind == "raise":
            _raise_portable(value)
        return value  # type: ignore[return-value]

    def _restart(self, first: int) -> None:
        """A new pool after the old one broke, reading ahead from submission ``first``."""
        broken, self.pool = self.pool, None
        if broken is not None:
            broken.shutdown(wait=False, cancel_futures=True)
        self.futures.clear()
        try:
            self.pool = _reading_pool(self.jobs)
        except (OSError, RuntimeError, ValueError) as exc:  # no processes to be had: read here
            logger.debug("no new reading workers (%s); reading in this process", exc)
            return
        self.submitted = first
        self._fill(first)

    def close(self) -> None:
        """Stop the workers (submissions not yet read are dropped)."""
        if self.pool is not None:
            pool, self.pool = self.pool, None
            for future in self.futures.values():
                future.cancel()
            self.futures.clear()
            pool.shutdown(wait=True, cancel_futures=True)
