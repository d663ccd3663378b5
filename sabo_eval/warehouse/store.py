"""The DuckDB warehouse: one embedded file holding every district-year submitted.

Each canonical table gets the provenance columns ``submission_id`` (the SHA-256 of
the submitted bytes), ``year`` (the submission's year), ``source_sheet`` and
``source_row``. The ``submissions`` table keeps every version ever ingested with its
hash, file name, time, row counts and the original bytes, so nothing submitted is
lost; exactly one version per district-year is current. Ingest is one transaction
per submission: an identical file changes nothing, a changed one replaces its
district-year atomically, and an invalid one is refused before anything is written.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import hashlib
import json
import logging
import os
import pickle
import signal
import sys
import time
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from ..errors import SubmissionError, ValidationFailed, WarehouseError, WarehouseLocked
from ..ingest.loaders import Submission, submission_hash, unsafe_file_name
from ..ingest.problems import Problem, has_errors
from ..ingest.schemas import DATE, FLOAT, INT, SCHEMAS
from ..ingest.validation import validate

__all__ = [
    "DEFAULT_DB",
    "DB_ENV",
    "resolve_db_path",
    "Warehouse",
    "IngestResult",
    "IngestBatch",
    "ingest",
]

logger = logging.getLogger(__name__)

DEFAULT_DB = Path("data") / "warehouse.duckdb"
DB_ENV = "SABO_EVAL_DB"
LOCK_WAIT_SECONDS = 30.0
LOCK_WAIT_ENV = "SABO_EVAL_LOCK_WAIT"
#: :func:`ingest` commits its batch of valid submissions when it holds this many
#: submissions or rows (the bound on the work a crash can undo).
BATCH_SUBMISSIONS = 128
BATCH_ROWS = 500_000

_SQL_TYPES = {INT: "BIGINT", FLOAT: "DOUBLE", DATE: "DATE"}
_PROVENANCE = ("submission_id", "year", "source_sheet", "source_row")


def resolve_db_path(db: Path | str | None = None) -> Path:
    """Return the warehouse path: the argument, else ``$SABO_EVAL_DB``, else the default.

    Parameters
    ----------
    db : path-like, optional
        Explicit path (the CLI's ``--db``).

    Notes
    -----
    The default ``data/warehouse.duckdb`` is looked up in the working directory and
    then in its parents, so a notebook running in ``notebooks/`` finds the project's.
    """
    if db:
        return Path(db).expanduser().resolve()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser().resolve()
    # From a sub-folder (a notebook opened in notebooks/), use the project's warehouse.
    for folder in (Path.cwd(), *Path.cwd().parents):
        if (folder / DEFAULT_DB).exists():
            return (folder / DEFAULT_DB).resolve()
    return DEFAULT_DB.resolve()


def _table_columns(name: str) -> list[tuple[str, str]]:
    """(column, SQL type) of a warehouse table, provenance first."""
    schema = SCHEMAS[name]
    columns = [("submission_id", "VARCHAR"), ("year", "INTEGER")]
    for col in schema.columns:
        if col.name == "year":
            continue
        columns.append((col.name, _SQL_TYPES.get(col.kind, "VARCHAR")))
    columns += [("source_sheet", "VARCHAR"), ("source_row", "INTEGER")]
    return columns


@dataclass(frozen=True)
class IngestResult:
    """What ingesting one submission did.

    Attributes
    ----------
    file_name : str
    district_code : str
    year : int
    status : str
        ``added`` (first data for this district-year), ``replaced`` (a changed
        submission replaced the previous one) or ``unchanged`` (identical file).
    submission_id : str
    row_counts : dict
    """

    file_name: str
    district_code: str
    year: int
    status: str
    submission_id: str
    row_counts: dict[str, int]


class Warehouse:
    """A connection to the warehouse file.

    Parameters
    ----------
    path : path-like, optional
        Database file; see :func:`resolve_db_path`.
    read_only : bool
        Open for reading only (what notebooks do); many readers may coexist.
    lock_wait : float, optional
        Seconds to keep retrying while another process holds the file
        (default ``$SABO_EVAL_LOCK_WAIT`` or 30).

    Raises
    ------
    WarehouseLocked
        When the file stays locked for longer than ``lock_wait``.
    """

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False, lock_wait: float | None = None):
        self.path = resolve_db_path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise WarehouseError(
                f"창고 파일이 없습니다: {self.path} — 먼저 'sabo-eval ingest'를 실행하세요",
                f"warehouse not found: {self.path}; run 'sabo-eval ingest' first",
            )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if lock_wait is None:
            lock_wait = float(os.environ.get(LOCK_WAIT_ENV, LOCK_WAIT_SECONDS))
        if not read_only and not self.path.exists():
            self._create()
        self.con = self._connect(lock_wait)
        if not read_only:
            self._ensure_schema()

    def _connect(self, lock_wait: float) -> duckdb.DuckDBPyConnection:
        deadline = time.monotonic() + lock_wait
        delay = 0.1
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=self.read_only)
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                    if "lock" in str(exc).lower():
                        raise WarehouseLocked(
                            f"창고가 다른 작업에 사용 중입니다({lock_wait:.0f}초 대기 후 중단): {self.path}",
                            f"the warehouse is locked by another process (gave up after {lock_wait:.0f} s): {self.path}",
                        ) from exc
                    raise WarehouseError(
                        f"창고를 열 수 없습니다: {exc}", f"cannot open the warehouse: {exc}"
                    ) from exc
                time.sleep(delay)
                delay = min(delay * 2, 1.0)

    def close(self) -> None:
        """Close the connection."""
        self.con.close()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------- schema

    def _create(self) -> None:
        """Create the warehouse file with its tables, all at once.

        The file is built under a temporary name and linked into place when complete,
        so that a process killed meanwhile never leaves a warehouse without its tables
        (a process that loses the race to create it just uses the other's).
        """
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.creating")
        for leftover in (temporary, temporary.with_name(temporary.name + ".wal")):
            leftover.unlink(missing_ok=True)
        try:
            con = duckdb.connect(str(temporary))
            try:
                self._ensure_schema(con)
            finally:
                con.close()
            try:
                os.link(temporary, self.path)
            except FileExistsError:
                pass  # created meanwhile by another process
            except OSError:  # no hard links on this file system: move it unless created meanwhile
                if not self.path.exists():
                    os.replace(temporary, self.path)
        except (duckdb.Error, OSError) as exc:
            logger.debug("could not create %s in one step (%s); creating it in place", self.path, exc)
        finally:
            temporary.unlink(missing_ok=True)

    def _ensure_schema(self, con: duckdb.DuckDBPyConnection | None = None) -> None:
        """Create the tables that are missing, in one transaction."""
        con = con or self.con
        con.execute("BEGIN TRANSACTION")
        try:
            self._create_tables(con)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise

    @staticmethod
    def _create_tables(con: duckdb.DuckDBPyConnection) -> None:
        con.execute(
            """
            CREATE TABLE IF NOT EXISTS submissions (
                submission_id VARCHAR NOT NULL,
                district_code VARCHAR NOT NULL,
                year INTEGER NOT NULL,
                file_name VARCHAR NOT NULL,
                ingested_at TIMESTAMP NOT NULL,
                is_current BOOLEAN NOT NULL,
                row_counts VARCHAR NOT NULL,
                info VARCHAR NOT NULL,
                n_bytes BIGINT NOT NULL,
                original BLOB NOT NULL,
                PRIMARY KEY (submission_id, district_code, year)
            )
            """
        )
        for name in SCHEMAS:
            cols = ", ".join(f"{c} {t}" for c, t in _table_columns(name))
            con.execute(f"CREATE TABLE IF NOT EXISTS {name} ({cols})")

    # ----------------------------------------------------------------- writing

    def ingest(self, sub: Submission) -> IngestResult:
        """Write one validated submission in a single transaction.

        Parameters
        ----------
        sub : Submission
            A loaded and validated submission (see :func:`sabo_eval.ingest.validation.validate`).

        Returns
        -------
        IngestResult

        Raises
        ------
        ValidationFailed
            When the submission has errors; nothing is written.
        """
        batch = self.batch()
        result = batch.add(sub)
        batch.commit()
        return result

    def batch(self) -> IngestBatch:
        """Start an :class:`IngestBatch`: submissions staged in memory, written in one transaction."""
        if self.read_only:
            raise WarehouseError("읽기 전용으로 열린 창고입니다", "the warehouse is open read-only")
        return IngestBatch(self)

    @staticmethod
    def _prepare(name: str, sub: Submission) -> dict[str, Sequence]:
        """The rows of one table of a submission, as warehouse columns (values not yet typed).

        Empty when the submission has no row for the table. Values are typed for the
        whole batch at once by :func:`_typed_frame`.
        """
        frame = sub.tables.get(name)
        if frame is None or frame.empty:
            return {}
        n = len(frame)
        cells = frame.to_numpy(dtype=object)
        position = {column: k for k, column in enumerate(frame.columns)}
        out: dict[str, Sequence] = {"submission_id": [sub.content_hash] * n, "year": [sub.year] * n}
        for col in SCHEMAS[name].columns:
            if col.name != "year":
                out[col.name] = cells[:, position[col.name]]
        out["district_code"] = [sub.district_code] * n
        out["source_sheet"] = cells[:, position["_sheet"]]
        out["source_row"] = cells[:, position["_row"]]
        return out

    # ----------------------------------------------------------------- reading

    def table(
        self,
        name: str,
        district_code: str | None = None,
        year: int | None = None,
        *,
        provenance: bool = False,
    ) -> pd.DataFrame:
        """Return a canonical table, optionally for one district and/or year.

        Parameters
        ----------
        name : str
            Canonical table name (``members``, ``attendance``, …) or ``submissions``.
        district_code : str, optional
        year : int, optional
        provenance : bool
            Keep ``submission_id``, ``source_sheet`` and ``source_row``.

        Returns
        -------
        DataFrame
            Date columns as ``datetime64``; a fresh frame the caller may change.
        """
        if name not in SCHEMAS and name != "submissions":
            raise KeyError(name)
        where, params = [], []
        if district_code is not None:
            where.append("district_code = ?")
            params.append(str(district_code))
        if year is not None:
            where.append("year = ?")
            params.append(int(year))
        if name == "submissions":
            columns = ["submission_id", "district_code", "year", "file_name", "ingested_at", "is_current", "row_counts", "n_bytes"]
            order = ["district_code", "year", "ingested_at"]
        else:
            columns = [c for c, _ in _table_columns(name) if provenance or c not in ("submission_id", "source_sheet", "source_row")]
            order = list(dict.fromkeys(("district_code", "year", *SCHEMAS[name].key)))
        sql = f"SELECT {', '.join(columns)} FROM {name}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY " + ", ".join(order)
        return self.con.execute(sql, params).df()

    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """Run a read query and return a DataFrame."""
        return self.con.execute(sql, params or []).df()

    def current_submission(self, submission_id: str) -> IngestResult | None:
        """The current submission with this hash, as an ``unchanged`` result, if any."""
        row = self.con.execute(
            "SELECT district_code, year, file_name, row_counts FROM submissions WHERE is_current AND submission_id = ?",
            [submission_id],
        ).fetchone()
        if row is None:
            return None
        return IngestResult(row[2], row[0], int(row[1]), "unchanged", submission_id, json.loads(row[3]))

    def district_years(self) -> pd.DataFrame:
        """Current submissions: one row per district-year with its file and hash."""
        return self.con.execute(
            "SELECT district_code, year, file_name, submission_id FROM submissions "
            "WHERE is_current ORDER BY district_code, year"
        ).df()

    def row_counts(self) -> dict[str, int]:
        """Number of rows in every table, ``submissions`` included."""
        names = ["submissions", *SCHEMAS]
        return {n: self.con.execute(f"SELECT count(*) FROM {n}").fetchone()[0] for n in names}

    def checksums(self) -> dict[str, str]:
        """A content hash of every table (order-independent), for before/after checks."""
        out = {}
        for name in ["submissions", *SCHEMAS]:
            rows = self.con.execute(f"SELECT * FROM {name}").fetchall()
            digest = hashlib.sha256()
            for line in sorted(repr(r) for r in rows):
                digest.update(line.encode())
            out[name] = digest.hexdigest()
        return out

    def district_data_hash(self, district_code: str, year: int) -> str:
        """Hash of the current submission ids of a district up to ``year`` (for caches)."""
        rows = self.con.execute(
            "SELECT year, submission_id FROM submissions WHERE is_current AND district_code = ? AND year <= ? ORDER BY year",
            [district_code, year],
        ).fetchall()
        return hashlib.sha256(json.dumps(rows).encode()).hexdigest()


def _typed_frame(name: str, parts: list[dict[str, Sequence]]) -> pd.DataFrame | None:
    """One frame of a table's rows from several submissions, typed as the warehouse expects.

    Dates become ``datetime64`` and numbers ``int64``/``float64`` (unreadable values
    NULL), exactly as each submission's rows were converted one by one; ``None`` when
    there is no row.
    """
    parts = [part for part in parts if part]
    if not parts:
        return None
    kinds = {col.name: col.kind for col in SCHEMAS[name].columns}
    data = {}
    for column, _sql_type in _table_columns(name):
        values = np.concatenate([np.asarray(part[column], dtype=object) for part in parts]) if len(parts) > 1 else np.asarray(parts[0][column], dtype=object)
        kind = kinds.get(column)
        if kind == DATE:
            data[column] = pd.to_datetime(pd.Series(values, dtype=object, copy=False), errors="coerce")
        elif kind in (INT, FLOAT):
            data[column] = pd.to_numeric(pd.Series(values, dtype=object, copy=False), errors="coerce")
        elif column in ("year", "source_row"):
            data[column] = pd.Series(values.astype("int64"), copy=False)
        else:
            data[column] = pd.Series(values, dtype=object, copy=False)
    return pd.DataFrame(data, copy=False)


@dataclass
class _Validated:
    """What storing a validated submission takes (what the reading workers send back).

    ``tables`` holds the rows as warehouse columns (see :meth:`Warehouse._prepare`), or
    ``None`` for a submission that is refused (errors, or no district or year).
    """

    file_name: str
    content_hash: str
    raw_bytes: bytes
    district_code: str | None
    year: int | None
    info: dict
    problems: list[Problem]
    tables: dict[str, dict[str, Sequence]] | None

    @classmethod
    def of(cls, sub: Submission, prepare=None) -> _Validated:
        refused = has_errors(sub.problems) or sub.district_code is None or sub.year is None
        prepare = prepare or Warehouse._prepare
        tables = None if refused else {name: prepare(name, sub) for name in SCHEMAS}
        return cls(sub.file_name, sub.content_hash, sub.raw_bytes, sub.district_code, sub.year, sub.info, sub.problems, tables)


@dataclass
class _Staged:
    """A submission accepted into a batch, waiting for the batch's transaction."""

    submission_id: str
    district_code: str
    year: int
    file_name: str
    ingested_at: dt.datetime
    row_counts: str
    info: str
    original: bytes
    tables: dict[str, dict[str, Sequence]]
    n_rows: int


class IngestBatch:
    """Submissions written to the warehouse together, in one transaction.

    :meth:`add` checks a submission against the warehouse as it stands with the
    submissions added before it (so a district-year submitted twice is replaced, an
    identical file is ``unchanged``) and keeps its rows in memory; :meth:`commit`
    writes everything in a single transaction: each submission is in the warehouse
    entirely or not at all, and a crash before the commit leaves the warehouse as it
    was. Writing many submissions at once spares a transaction, a flush to disk and
    some twenty statements per submission.

    Parameters
    ----------
    warehouse : Warehouse
        Opened for writing; the batch reads its current submissions once.
    """

    def __init__(self, warehouse: Warehouse) -> None:
        self.warehouse = warehouse
        self.staged: list[_Staged] = []
        self.n_rows = 0
        self._written: list[_Staged] = []  # written into the open transaction, not committed
        self._open = False
        # The current submission of every district-year: (submission id, file name, row counts).
        self._current: dict[tuple[str, int], tuple[str, str, str]] = {}
        self._by_hash: dict[str, list[tuple[str, int]]] = {}
        rows = warehouse.con.execute(
            "SELECT district_code, year, submission_id, file_name, row_counts FROM submissions WHERE is_current"
        ).fetchall()
        for district_code, year, submission_id, file_name, row_counts in rows:
            key = (district_code, year)
            if key not in self._current:
                self._current[key] = (submission_id, file_name, row_counts)
                self._by_hash.setdefault(submission_id, []).append(key)

    def __len__(self) -> int:
        """Submissions in the batch (staged or written, not committed)."""
        return len(self.staged) + len(self._written)

    def current_submission(self, submission_id: str) -> IngestResult | None:
        """The current submission with this hash (the batch's included), as an ``unchanged`` result."""
        for key in self._by_hash.get(submission_id, ()):
            current = self._current.get(key)
            if current is not None and current[0] == submission_id:
                return IngestResult(current[1], key[0], int(key[1]), "unchanged", submission_id, json.loads(current[2]))
        return None

    def add(self, sub: Submission) -> IngestResult:
        """Stage one validated submission (nothing is written before :meth:`commit`).

        Raises
        ------
        ValidationFailed
            When the submission has errors; nothing is staged.
        """
        return self._add(_Validated.of(sub, self.warehouse._prepare))

    def _add(self, sub: _Validated) -> IngestResult:
        if sub.tables is None:
            raise ValidationFailed(sub.file_name, sub.problems)
        tables = sub.tables
        counts = {name: len(columns["source_row"]) if columns else 0 for name, columns in tables.items()}
        key = (sub.district_code, sub.year)
        current = self._current.get(key)
        if current and current[0] == sub.content_hash:
            logger.info("%s: unchanged (%s %s)", sub.file_name, sub.district_code, sub.year)
            return IngestResult(sub.file_name, sub.district_code, sub.year, "unchanged", sub.content_hash, counts)
        status = "replaced" if current else "added"
        row_counts = json.dumps(counts, ensure_ascii=False)
        staged = _Staged(
            sub.content_hash,
            sub.district_code,
            sub.year,
            sub.file_name,
            dt.datetime.now(dt.UTC).replace(tzinfo=None),
            row_counts,
            json.dumps(sub.info, ensure_ascii=False, default=str),
            sub.raw_bytes,
            tables,
            sum(counts.values()),
        )
        self.staged.append(staged)
        self.n_rows += staged.n_rows
        self._current[key] = (sub.content_hash, sub.file_name, row_counts)
        self._by_hash.setdefault(sub.content_hash, []).append(key)
        logger.info("%s: %s (%s %s)", sub.file_name, status, sub.district_code, sub.year)
        return IngestResult(sub.file_name, sub.district_code, sub.year, status, sub.content_hash, counts)

    def flush(self) -> None:
        """Write the staged submissions into the batch's transaction (not yet committed).

        Nothing is visible to others, nor kept after a crash, before :meth:`commit`.
        (Each write costs about as much whatever its size, so :func:`ingest` writes once
        per batch.)
        """
        staged, self.staged = self.staged, []
        if not staged:
            return
        con = self.warehouse.con
        try:
            if not self._open:
                con.execute("BEGIN TRANSACTION")
                self._open = True
            self._write_rows(staged)
        except Exception:
            if not self._recover(staged):
                raise
            return
        self._written.extend(staged)

    def commit(self) -> None:
        """Write the staged submissions and commit the batch's transaction; start afresh.

        When the transaction fails, it is rolled back and its submissions are written
        again one transaction each, in order, up to the one that fails (whose error is
        raised): exactly what writing them one by one would have left.
        """
        self.flush()
        if self._open:
            try:
                self.warehouse.con.execute("COMMIT")
            except Exception:
                if not self._recover([]):
                    raise
            self._open = False
        self._written, self.n_rows = [], 0

    def _recover(self, failed: list[_Staged]) -> bool:
        """Roll back the batch's transaction and write its submissions one transaction each.

        Returns whether that was done (``False``: a single submission, whose error the
        caller raises); raises the error of the first submission that cannot be written.
        """
        pending, self._written, self.staged, self.n_rows = [*self._written, *failed], [], [], 0
        if self._open:
            self._open = False
            with contextlib.suppress(Exception):
                self.warehouse.con.execute("ROLLBACK")
        if len(pending) <= 1:
            return False
        logger.debug("batch of %d failed; writing one by one", len(pending))
        con = self.warehouse.con
        for one in pending:
            con.execute("BEGIN TRANSACTION")
            try:
                self._write_rows([one])
                con.execute("COMMIT")
            except Exception:
                with contextlib.suppress(Exception):
                    con.execute("ROLLBACK")
                raise
        return True

    def _write_rows(self, staged: list[_Staged]) -> None:
        """The statements writing staged submissions, inside an open transaction."""
        con = self.warehouse.con
        keys: dict[tuple[str, int], int] = {}  # district-year → its last staged submission
        for i, one in enumerate(staged):
            keys[(one.district_code, one.year)] = i
        finals = sorted(keys.values())
        kept: dict[tuple[str, str, int], int] = {}  # the same file staged twice: its last staging wins
        for i, one in enumerate(staged):
            kept[(one.submission_id, one.district_code, one.year)] = i
        rows = sorted(kept.values())
        key_frame = pd.DataFrame(
            {"district_code": [k[0] for k in keys], "year": pd.Series([k[1] for k in keys], dtype="int64")}
        )
        submissions = pd.DataFrame(
            {
                "submission_id": [staged[i].submission_id for i in rows],
                "district_code": [staged[i].district_code for i in rows],
                "year": pd.Series([staged[i].year for i in rows], dtype="int64"),
                "file_name": [staged[i].file_name for i in rows],
                "ingested_at": pd.Series([staged[i].ingested_at for i in rows], dtype="datetime64[us]"),
                "is_current": [keys[(staged[i].district_code, staged[i].year)] == i for i in rows],
                "row_counts": [staged[i].row_counts for i in rows],
                "info": [staged[i].info for i in rows],
                "n_bytes": pd.Series([len(staged[i].original) for i in rows], dtype="int64"),
                "original": pd.Series([staged[i].original for i in rows], dtype=object),
            }
        )
        try:
            con.register("ingest_keys", key_frame)
            for name in SCHEMAS:
                con.execute(
                    f"DELETE FROM {name} USING ingest_keys k WHERE {name}.district_code = k.district_code AND {name}.year = k.year"
                )
                frame = _typed_frame(name, [staged[i].tables[name] for i in finals])
                if frame is None:
                    continue
                casts = ", ".join(f"CAST({c} AS {t}) AS {c}" for c, t in _table_columns(name))
                con.register("incoming", frame)
                con.execute(f"INSERT INTO {name} SELECT {casts} FROM incoming")
                con.unregister("incoming")
            con.execute(
                "UPDATE submissions SET is_current = false FROM ingest_keys k "
                "WHERE submissions.district_code = k.district_code AND submissions.year = k.year"
            )
            con.register("incoming", submissions)
            con.execute(
                "DELETE FROM submissions USING incoming s WHERE submissions.submission_id = s.submission_id "
                "AND submissions.district_code = s.district_code AND submissions.year = s.year"
            )
            con.execute(
                "INSERT INTO submissions SELECT submission_id, district_code, CAST(year AS INTEGER), file_name, "
                "CAST(ingested_at AS TIMESTAMP), is_current, row_counts, info, n_bytes, CAST(original AS BLOB) FROM incoming"
            )
        finally:
            with contextlib.suppress(Exception):
                con.unregister("incoming")
            with contextlib.suppress(Exception):
                con.unregister("ingest_keys")


# --------------------------------------------------------------------------- reading workers

#: Worker processes that read and validate submissions while this process writes the
#: warehouse (``1`` reads them here, one after the other). Default: one per core, at most 4.
INGEST_JOBS_ENV = "SABO_EVAL_INGEST_JOBS"
MAX_INGEST_JOBS = 4
#: Submissions each worker reads ahead of the writer.
READ_AHEAD = 8


def _reader_count(n_paths: int, jobs: int | None = None) -> int:
    """How many reading workers :func:`ingest` starts (0: none, read in this process)."""
    if jobs is None:
        text = os.environ.get(INGEST_JOBS_ENV, "").strip()
        try:
            jobs = int(text) if text else min(len(os.sched_getaffinity(0)), MAX_INGEST_JOBS)
        except (ValueError, AttributeError):
            jobs = 1
    # Workers are forked (they start at once, with everything imported): only where
    # fork is safe, and not from a daemonic process (which may not have children).
    import multiprocessing

    if jobs < 2 or n_paths < 3 or not sys.platform.startswith("linux") or multiprocessing.current_process().daemon:
        return 0
    return min(jobs, n_paths)


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
    """Set up a reading worker: its log records go to the writer, Ctrl-C is the writer's."""
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


def _raise_portable(error: object) -> None:
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
        import multiprocessing

        self._cf = cf
        self.paths = paths
        self.ahead = jobs * READ_AHEAD
        self.pool: cf.ProcessPoolExecutor | None = cf.ProcessPoolExecutor(
            jobs, mp_context=multiprocessing.get_context("fork"), initializer=_start_reader
        )
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
            logger.warning("reading workers stopped; reading the remaining submissions in this process")
            self.close()
            return None
        except Exception as exc:  # the result could not come back: read this one here
            logger.debug("%s: reading worker failed (%s); reading in this process", self.paths[index].name, exc)
            return None
        for record in records:
            # Logged now, by this process: as if read here (time, process and thread).
            fields = {k: v for k, v in vars(record).items() if k not in _RECORD_CONTEXT}
            logging.getLogger(record.name).handle(logging.makeLogRecord(fields))
        if kind == "raise":
            _raise_portable(value)
        return value  # type: ignore[return-value]

    def close(self) -> None:
        """Stop the workers (submissions not yet read are dropped)."""
        if self.pool is not None:
            pool, self.pool = self.pool, None
            for future in self.futures.values():
                future.cancel()
            self.futures.clear()
            pool.shutdown(wait=True, cancel_futures=True)


@contextmanager
def _opened(db: Path | str | None, read_only: bool = False) -> Iterator[Warehouse]:
    wh = Warehouse(db, read_only=read_only)
    try:
        yield wh
    finally:
        wh.close()


def ingest(
    paths: list[Path | str], db: Path | str | None = None, *, jobs: int | None = None
) -> list[IngestResult | ValidationFailed]:
    """Validate and ingest submissions; each is stored entirely or not at all.

    Valid submissions are written together, in one transaction per
    :data:`BATCH_SUBMISSIONS` submissions (see :class:`IngestBatch`): a crash or a
    kill loses the uncommitted batch as a whole, never part of a submission.

    Parameters
    ----------
    paths : list of path-like
        Submissions (workbooks or CSV folders).
    db : path-like, optional
        Warehouse path; see :func:`resolve_db_path`.
    jobs : int, optional
        Worker processes reading and validating the submissions while this process
        writes (default ``$SABO_EVAL_INGEST_JOBS``, else one per core, at most
        :data:`MAX_INGEST_JOBS`; ``1`` reads them here). Results, problems and log
        lines do not depend on it.

    Returns
    -------
    list
        One :class:`IngestResult` per ingested submission, or the
        :class:`ValidationFailed` describing why one was refused.
    """
    paths = [Path(p) for p in paths]
    # Workers start before the warehouse opens (so they do not inherit its connection)
    # and read the first submissions while this process waits for the file.
    readers = _Readers.start(paths, _reader_count(len(paths), jobs))
    results: list[IngestResult | ValidationFailed] = []
    try:
        with _opened(db) as wh:
            batch = wh.batch()
            try:
                for index, path in enumerate(paths):
                    try:
                        if unsafe_file_name(path.name):
                            raise SubmissionError(
                                path.name,
                                "파일 이름에 경로 문자('..', '/', '\\')나 제어 문자가 있습니다 — 이름을 바꿔 다시 제출하세요",
                                "the file name holds path characters or control characters; rename the file",
                            )
                        known = batch.current_submission(submission_hash(path))
                        if known is not None:  # identical to the current version: nothing to do
                            logger.info("%s: unchanged (%s %s)", path.name, known.district_code, known.year)
                            results.append(dataclasses.replace(known, file_name=path.name))
                            continue
                        validated = readers.take(index) if readers is not None else None
                        if validated is None:
                            validated = _Validated.of(validate(path), wh._prepare)
                        results.append(batch._add(validated))
                    except ValidationFailed as failure:
                        logger.warning("%s", failure.message_ko)
                        results.append(failure)
                    except SubmissionError as exc:
                        logger.warning("%s", exc.message_ko)
                        rule = "unsafe_file_name" if unsafe_file_name(path.name) else "unreadable_file"
                        problem = Problem(path.name, "", None, "", "", exc.message_ko, exc.message_en, rule)
                        results.append(ValidationFailed(path.name, [problem]))
                    finally:
                        if readers is not None:
                            readers.skip(index)  # its reading, if not used, is not needed any more
                    if len(batch) >= BATCH_SUBMISSIONS or batch.n_rows >= BATCH_ROWS:
                        batch.commit()
            finally:
                if readers is not None:
                    readers.close()
                batch.commit()  # also what was staged before an unexpected error
    finally:
        if readers is not None:
            readers.close()
    return results
