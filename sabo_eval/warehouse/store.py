"""The DuckDB warehouse: one embedded file holding every district-year submitted.

Each canonical table gets the provenance columns ``submission_id`` (the SHA-256 of
the submitted bytes), ``year`` (the submission's year), ``source_sheet`` and
``source_row``. The ``submissions`` table keeps every version ever ingested with its
hash, file name, time, row counts and the original bytes, so nothing submitted is
lost; exactly one version per district-year is current. Ingest is one transaction
per submission: an identical file changes nothing, a changed one replaces its
district-year atomically, and an invalid one is refused before anything is written.

This module holds :class:`Warehouse` (a connection and its read API) and
:func:`ingest`, the entry point that stores submission files. The file itself is
opened by :mod:`.connection`, written by :mod:`.batch`, and submissions are read
ahead by the worker processes of :mod:`.readers`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import functools
import hashlib
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from ..errors import SubmissionError, ValidationFailed, WarehouseError, WarehouseReadOnly
from ..fault_log import internal_problem
from ..intake.loaders import Submission, submission_hash, unsafe_file_name
from ..intake.problems import Problem
from ..intake.schemas import SCHEMAS
from ..intake.validation import validate
from .batch import IngestBatch, IngestResult, _Validated, prepare_rows
from .connection import (
    DB_ENV,
    DEFAULT_DB,
    connect,
    create_file,
    ensure_schema,
    lock_wait_seconds,
    resolve_db_path,
    table_columns,
    warehouse_errors,
)
from .readers import _reader_count, _Readers

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

#: :func:`ingest` commits its batch of valid submissions when it holds this many
#: submissions or rows (the bound on the work a crash can undo).
BATCH_SUBMISSIONS = 128
BATCH_ROWS = 500_000

_SUBMISSION_COLUMNS = ["submission_id", "district_code", "year", "file_name", "ingested_at", "is_current", "row_counts", "n_bytes"]
_HIDDEN_PROVENANCE = ("submission_id", "source_sheet", "source_row")


def _faults_explained(method):
    """A :class:`Warehouse` method whose DuckDB and disk failures are :class:`WarehouseError` subclasses."""

    @functools.wraps(method)
    def explained(self, *args, **kwargs):
        with warehouse_errors(self.path, writing=not self.read_only):
            return method(self, *args, **kwargs)

    return explained


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

    Examples
    --------
    Open the default warehouse (``$SABO_EVAL_DB``, else ``data/warehouse.duckdb``) for
    reading; closing it is left to the ``with`` block:

    >>> from sabo_eval import Warehouse
    >>> with Warehouse(read_only=True) as wh:
    ...     members = wh.table("members", district_code="41110", year=2023)
    >>> len(members), members["district_code"].unique().tolist()
    (250, ['41110'])
    """

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False, lock_wait: float | None = None):
        self.path = resolve_db_path(path)
        self.read_only = read_only
        self._tables: set[str] | None = None
        if read_only and not self.path.exists():
            raise WarehouseError(
                f"창고 파일이 없습니다: {self.path} — 먼저 'sabo-eval ingest'를 실행하세요",
                f"warehouse not found: {self.path}; run 'sabo-eval ingest' first",
            )
        _check_location(self.path, read_only)
        lock_wait = lock_wait_seconds(lock_wait)
        with warehouse_errors(self.path, writing=not read_only):  # full disk, corrupt file, read-only folder
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not read_only and not self.path.exists():
                create_file(self.path)
            self.con = connect(self.path, read_only, lock_wait)
            if not read_only:
                try:
                    ensure_schema(self.con)
                except BaseException:
                    self.con.close()
                    raise

    @contextmanager
    def snapshot(self) -> Iterator[Warehouse]:
        """Read inside one transaction: every read in the block sees the same state of the file.

        A report reads its data and the hash its cache key records inside one snapshot,
        so a concurrent ingest can never give a report that does not match its manifest.
        (Another process cannot write while this connection is open either; the
        transaction also holds within this process.)

        Yields
        ------
        Warehouse
            This warehouse.
        """
        with warehouse_errors(self.path, writing=not self.read_only):
            self.con.execute("BEGIN TRANSACTION")
        try:
            yield self
        finally:
            with contextlib.suppress(Exception):
                self.con.execute("COMMIT")

    def close(self) -> None:
        """Close the connection (writing what is left of its log into the file)."""
        with warehouse_errors(self.path, writing=not self.read_only):
            self.con.close()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------- writing

    def ingest(self, sub: Submission) -> IngestResult:
        """Write one validated submission in a single transaction.

        Parameters
        ----------
        sub : Submission
            A loaded and validated submission (see :func:`sabo_eval.intake.validation.validate`).

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

    #: The rows of one table of a submission, as warehouse columns (see :func:`.batch.prepare_rows`).
    _prepare = staticmethod(prepare_rows)

    # ----------------------------------------------------------------- reading

    @_faults_explained
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
        if not self.has_table(name):  # a warehouse older than the table, opened read-only: no rows
            return pd.DataFrame(columns=_columns_and_order(name, provenance)[0])
        where, params = [], []
        if district_code is not None:
            where.append("district_code = ?")
            params.append(str(district_code))
        if year is not None:
            where.append("year = ?")
            params.append(int(year))
        columns, order = _columns_and_order(name, provenance)
        sql = f"SELECT {', '.join(columns)} FROM {name}"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY " + ", ".join(order)
        return self.con.execute(sql, params).df()

    def has_table(self, name: str) -> bool:
        """Whether the file holds table ``name``.

        A warehouse written by an older version, opened read-only, lacks the tables
        added since (they are created when it is next opened for writing); readers
        treat a missing table as one without rows.

        Parameters
        ----------
        name : str
            A canonical table name.

        Returns
        -------
        bool
        """
        if not self.read_only:
            return True  # every table is created on opening for writing
        if self._tables is None:
            self._tables = {row[0] for row in self.con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        return name in self._tables

    @_faults_explained
    def query(self, sql: str, params: list | None = None) -> pd.DataFrame:
        """Run a read query and return a DataFrame.

        Parameters
        ----------
        sql : str
            A ``SELECT`` statement, with ``?`` placeholders.
        params : list, optional
            Values of the placeholders.

        Returns
        -------
        DataFrame
        """
        return self.con.execute(sql, params or []).df()

    @_faults_explained
    def current_submission(self, submission_id: str) -> IngestResult | None:
        """Return the current submission with this hash, as an ``unchanged`` result, if any.

        Parameters
        ----------
        submission_id : str
            SHA-256 of the submitted bytes.

        Returns
        -------
        IngestResult or None
        """
        row = self.con.execute(
            "SELECT district_code, year, file_name, row_counts FROM submissions WHERE is_current AND submission_id = ?",
            [submission_id],
        ).fetchone()
        if row is None:
            return None
        return IngestResult(row[2], row[0], int(row[1]), "unchanged", submission_id, json.loads(row[3]))

    @_faults_explained
    def district_years(self) -> pd.DataFrame:
        """Current submissions: one row per district-year with its file and hash."""
        return self.con.execute(
            "SELECT district_code, year, file_name, submission_id FROM submissions "
            "WHERE is_current ORDER BY district_code, year"
        ).df()

    @_faults_explained
    def row_counts(self) -> dict[str, int]:
        """Number of rows in every table, ``submissions`` included."""
        names = ["submissions", *SCHEMAS]
        return {n: self.con.execute(f"SELECT count(*) FROM {n}").fetchone()[0] for n in names}

    @_faults_explained
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

    @_faults_explained
    def district_data_hash(self, district_code: str, year: int) -> str:
        """Return a hash of the current submission ids of a district up to ``year`` (for caches).

        Parameters
        ----------
        district_code : str
        year : int
            Last year included.

        Returns
        -------
        str
            Hex SHA-256; it changes whenever one of those submissions is replaced.
        """
        rows = self.con.execute(
            "SELECT year, submission_id FROM submissions WHERE is_current AND district_code = ? AND year <= ? ORDER BY year",
            [district_code, year],
        ).fetchall()
        return hashlib.sha256(json.dumps(rows).encode()).hexdigest()

def _check_location(path: Path, read_only: bool) -> None:
    """Refuse a warehouse path that is a folder; make its folder (for writing), or say why not."""
    if path.is_dir():
        raise WarehouseError(
            f"창고 경로가 폴더입니다: {path} — --db에 창고 파일 경로(예: data/warehouse.duckdb)를 쓰세요",
            f"the warehouse path is a folder: {path}; give --db the path of a warehouse file (e.g. data/warehouse.duckdb)",
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        kind = WarehouseReadOnly if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM) else WarehouseError
        raise kind(
            f"창고 파일의 폴더를 만들 수 없습니다(쓸 수 없습니다): {path.parent} ({exc.strerror or exc}) — 쓸 수 있는 경로를 고르세요",
            f"cannot create the warehouse's folder {path.parent} ({exc.strerror or exc}); choose a writable path",
        ) from None


def _columns_and_order(name: str, provenance: bool) -> tuple[list[str], list[str]]:
    """The columns :meth:`Warehouse.table` selects from table ``name``, and its sort order."""
    if name == "submissions":
        return list(_SUBMISSION_COLUMNS), ["district_code", "year", "ingested_at"]
    columns = [c for c, _ in table_columns(name) if provenance or c not in _HIDDEN_PROVENANCE]
    order = list(dict.fromkeys(("district_code", "year", *SCHEMAS[name].key)))
    return columns, order


# --------------------------------------------------------------------------- ingest


@contextmanager
def _opened(db: Path | str | None, read_only: bool = False) -> Iterator[Warehouse]:
    wh = Warehouse(db, read_only=read_only)
    try:
        yield wh
    except BaseException:
        with contextlib.suppress(Exception):  # the first error is the one to report
            wh.close()
        raise
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
        :data:`~sabo_eval.warehouse.readers.MAX_INGEST_JOBS`; ``1`` reads them here).
        Results, problems and log lines do not depend on it.

    Returns
    -------
    list
        One :class:`IngestResult` per ingested submission, or the
        :class:`ValidationFailed` describing why one was refused.

    Raises
    ------
    WarehouseError
        When the warehouse cannot be written: locked, a full disk
        (:class:`~sabo_eval.errors.WarehouseFull`: what was not committed is not
        stored, the rest is unchanged), a truncated or corrupted file
        (:class:`~sabo_eval.errors.WarehouseCorrupt`), a read-only file or folder
        (:class:`~sabo_eval.errors.WarehouseReadOnly`).

    Examples
    --------
    Into a new warehouse of its own (without ``db``: ``$SABO_EVAL_DB``, else
    ``data/warehouse.duckdb``):

    >>> import tempfile
    >>> from pathlib import Path
    >>> from sabo_eval import ingest
    >>> db = Path(tempfile.mkdtemp()) / "예시.duckdb"
    >>> [result] = ingest(["data/sample/41110_2023_수원시.xlsx"], db, jobs=1)
    >>> result.status, result.district_code, result.year, result.row_counts["members"]
    ('added', '41110', 2023, 250)
    >>> ingest(["data/sample/41110_2023_수원시.xlsx"], db, jobs=1)[0].status
    'unchanged'
    """
    paths = [Path(p) for p in paths]
    # Workers start before the warehouse opens (so they do not inherit its connection)
    # and read the first submissions while this process waits for the file.
    readers = _Readers.start(paths, _reader_count(len(paths), jobs))
    try:
        with warehouse_errors(resolve_db_path(db)), _opened(db) as wh:
            return _ingest_all(wh, paths, readers)
    finally:
        if readers is not None:
            readers.close()


def _ingest_all(
    wh: Warehouse, paths: list[Path], readers: _Readers | None
) -> list[IngestResult | ValidationFailed]:
    """Ingest ``paths`` in order, committing a batch whenever it is full and at the end."""
    results: list[IngestResult | ValidationFailed] = []
    batch = wh.batch()
    try:
        for index, path in enumerate(paths):
            try:
                results.append(_ingest_one(wh, batch, readers, index, path))
            finally:
                if readers is not None:
                    readers.skip(index)  # its reading, if not used, is not needed any more
            if len(batch) >= BATCH_SUBMISSIONS or batch.n_rows >= BATCH_ROWS:
                batch.commit()
    finally:
        if readers is not None:
            readers.close()
        batch.commit()  # also what was staged before an unexpected error
    return results


def _ingest_one(
    wh: Warehouse, batch: IngestBatch, readers: _Readers | None, index: int, path: Path
) -> IngestResult | ValidationFailed:
    """Stage submission ``index`` into ``batch``: its result, or why it was refused."""
    try:
        if unsafe_file_name(path.name):
            raise SubmissionError(
                path.name,
                "파일 이름에 경로 문자('..', '/', '\\')나 제어 문자가 있습니다 — 이름을 바꿔 다시 제출하세요",
                "the file name holds path characters or control characters; rename the file",
            )
        known = batch.current_submission(submission_hash(path))
        validated = readers.take(index) if readers is not None else None
        if known is not None:  # identical to the current version: nothing to write
            result = _unchanged(known, path, validated)
            logger.info("%s: unchanged (%s %s)", path.name, known.district_code, known.year)
            return result
        if validated is None:
            validated = _Validated.of(validate(path), wh._prepare)
        return batch._add(validated)
    except ValidationFailed as failure:
        logger.warning("%s", failure.message_ko)
        return failure
    except SubmissionError as exc:
        logger.warning("%s", exc.message_ko)
        rule = "unsafe_file_name" if unsafe_file_name(path.name) else getattr(exc, "rule", None) or "unreadable_file"
        problem = Problem(path.name, "", None, "", "", exc.message_ko, exc.message_en, rule)
        return ValidationFailed(path.name, [problem])
    except Exception as exc:  # a fault in one submission: that submission's problem, the others go on
        logger.warning("%s: 예기치 않은 오류 / unexpected error (%s)", path.name, type(exc).__name__)
        return ValidationFailed(path.name, [internal_problem(path.name, exc)])


def _unchanged(known: IngestResult, path: Path, validated: _Validated | None) -> IngestResult:
    """An ``unchanged`` result with the file's warnings and accounting, so a re-run still shows them.

    The file is read again (or its reading ahead is used): nothing is written, but the
    user who ingests it again sees what they saw the first time.
    """
    if validated is None:
        sub = validate(path)
        problems, accounting = sub.problems, sub.accounting
    else:
        problems, accounting = validated.problems, validated.accounting
    warnings = [p for p in problems if p.severity != "error"]
    return dataclasses.replace(known, file_name=path.name, warnings=warnings, accounting=accounting)
