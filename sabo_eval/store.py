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

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from .errors import SubmissionError, ValidationFailed, WarehouseError, WarehouseLocked
from .loaders import Submission, submission_hash, unsafe_file_name
from .problems import Problem, has_errors
from .schemas import DATE, FLOAT, INT, SCHEMAS
from .validation import validate

__all__ = [
    "DEFAULT_DB",
    "DB_ENV",
    "resolve_db_path",
    "Warehouse",
    "IngestResult",
    "ingest",
]

logger = logging.getLogger(__name__)

DEFAULT_DB = Path("data") / "warehouse.duckdb"
DB_ENV = "SABO_EVAL_DB"
LOCK_WAIT_SECONDS = 30.0
LOCK_WAIT_ENV = "SABO_EVAL_LOCK_WAIT"

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

    def _ensure_schema(self) -> None:
        self.con.execute(
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
            self.con.execute(f"CREATE TABLE IF NOT EXISTS {name} ({cols})")

    # ----------------------------------------------------------------- writing

    def ingest(self, sub: Submission) -> IngestResult:
        """Write one validated submission in a single transaction.

        Parameters
        ----------
        sub : Submission
            A loaded and validated submission (see :func:`sabo_eval.validation.validate`).

        Returns
        -------
        IngestResult

        Raises
        ------
        ValidationFailed
            When the submission has errors; nothing is written.
        """
        if self.read_only:
            raise WarehouseError("읽기 전용으로 열린 창고입니다", "the warehouse is open read-only")
        if has_errors(sub.problems) or sub.district_code is None or sub.year is None:
            raise ValidationFailed(sub.file_name, sub.problems)
        frames = {name: self._prepare(name, sub) for name in SCHEMAS}
        counts = {name: len(frame) for name, frame in frames.items()}
        current = self.con.execute(
            "SELECT submission_id FROM submissions WHERE district_code = ? AND year = ? AND is_current",
            [sub.district_code, sub.year],
        ).fetchone()
        if current and current[0] == sub.content_hash:
            logger.info("%s: unchanged (%s %s)", sub.file_name, sub.district_code, sub.year)
            return IngestResult(sub.file_name, sub.district_code, sub.year, "unchanged", sub.content_hash, counts)
        status = "replaced" if current else "added"
        self.con.execute("BEGIN TRANSACTION")
        try:
            for name, frame in frames.items():
                self.con.execute(f"DELETE FROM {name} WHERE district_code = ? AND year = ?", [sub.district_code, sub.year])
                if frame.empty:
                    continue
                columns = [c for c, _ in _table_columns(name)]
                casts = ", ".join(f"CAST({c} AS {t}) AS {c}" for c, t in _table_columns(name))
                self.con.register("incoming", frame[columns])
                self.con.execute(f"INSERT INTO {name} SELECT {casts} FROM incoming")
                self.con.unregister("incoming")
            self.con.execute(
                "UPDATE submissions SET is_current = false WHERE district_code = ? AND year = ?",
                [sub.district_code, sub.year],
            )
            self.con.execute(
                "DELETE FROM submissions WHERE submission_id = ? AND district_code = ? AND year = ?",
                [sub.content_hash, sub.district_code, sub.year],
            )
            self.con.execute(
                "INSERT INTO submissions VALUES (?, ?, ?, ?, ?, true, ?, ?, ?, ?)",
                [
                    sub.content_hash,
                    sub.district_code,
                    sub.year,
                    sub.file_name,
                    dt.datetime.now(dt.UTC).replace(tzinfo=None),
                    json.dumps(counts, ensure_ascii=False),
                    json.dumps(sub.info, ensure_ascii=False, default=str),
                    len(sub.raw_bytes),
                    sub.raw_bytes,
                ],
            )
            self.con.execute("COMMIT")
        except Exception:
            self.con.execute("ROLLBACK")
            raise
        logger.info("%s: %s (%s %s)", sub.file_name, status, sub.district_code, sub.year)
        return IngestResult(sub.file_name, sub.district_code, sub.year, status, sub.content_hash, counts)

    @staticmethod
    def _prepare(name: str, sub: Submission) -> pd.DataFrame:
        frame = sub.tables.get(name)
        columns = [c for c, _ in _table_columns(name)]
        if frame is None or frame.empty:
            return pd.DataFrame(columns=columns)
        out = pd.DataFrame(index=frame.index)
        out["submission_id"] = sub.content_hash
        out["year"] = sub.year
        for col in SCHEMAS[name].columns:
            if col.name == "year":
                continue
            out[col.name] = frame[col.name]
        out["district_code"] = sub.district_code
        out["source_sheet"] = frame["_sheet"]
        out["source_row"] = frame["_row"]
        for col in SCHEMAS[name].columns:
            if col.kind == DATE:
                out[col.name] = pd.to_datetime(out[col.name], errors="coerce")
            elif col.kind in (INT, FLOAT):
                out[col.name] = pd.to_numeric(out[col.name], errors="coerce")
            elif col.name != "district_code":
                out[col.name] = out[col.name].astype(object)
        return out[columns].reset_index(drop=True)

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


@contextmanager
def _opened(db: Path | str | None, read_only: bool = False) -> Iterator[Warehouse]:
    wh = Warehouse(db, read_only=read_only)
    try:
        yield wh
    finally:
        wh.close()


def ingest(paths: list[Path | str], db: Path | str | None = None) -> list[IngestResult | ValidationFailed]:
    """Validate and ingest submissions, each in its own transaction.

    Parameters
    ----------
    paths : list of path-like
        Submissions (workbooks or CSV folders).
    db : path-like, optional
        Warehouse path; see :func:`resolve_db_path`.

    Returns
    -------
    list
        One :class:`IngestResult` per ingested submission, or the
        :class:`ValidationFailed` describing why one was refused.
    """
    results: list[IngestResult | ValidationFailed] = []
    with _opened(db) as wh:
        for path in map(Path, paths):
            try:
                if unsafe_file_name(path.name):
                    raise SubmissionError(
                        path.name,
                        "파일 이름에 경로 문자('..', '/', '\\')나 제어 문자가 있습니다 — 이름을 바꿔 다시 제출하세요",
                        "the file name holds path characters or control characters; rename the file",
                    )
                known = wh.current_submission(submission_hash(path))
                if known is not None:  # identical to the current version: nothing to do
                    logger.info("%s: unchanged (%s %s)", path.name, known.district_code, known.year)
                    results.append(dataclasses.replace(known, file_name=path.name))
                    continue
                results.append(wh.ingest(validate(path)))
            except ValidationFailed as failure:
                logger.warning("%s", failure.message_ko)
                results.append(failure)
            except SubmissionError as exc:
                logger.warning("%s", exc.message_ko)
                rule = "unsafe_file_name" if unsafe_file_name(path.name) else "unreadable_file"
                problem = Problem(path.name, "", None, "", "", exc.message_ko, exc.message_en, rule)
                results.append(ValidationFailed(path.name, [problem]))
    return results
