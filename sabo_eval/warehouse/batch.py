"""Writing submissions into the warehouse: staged in memory, committed in one transaction.

A validated submission becomes rows laid out as warehouse columns
(:func:`prepare_rows`); an :class:`IngestBatch` stages such submissions, decides
whether each adds, replaces or leaves unchanged its district-year, and writes them in a
single transaction. Each submission is stored entirely or not at all; a batch whose
transaction fails is written again one submission per transaction, up to the failure.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pandas as pd

from ..errors import ValidationFailed
from ..intake.loaders import Submission
from ..intake.problems import Problem, has_errors
from ..intake.schemas import DATE, FLOAT, INT, SCHEMAS
from .connection import table_columns

if TYPE_CHECKING:
    from .store import Warehouse

__all__ = ["IngestResult", "IngestBatch", "prepare_rows"]

logger = logging.getLogger(__name__)


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
    warnings : list of Problem
        The submission's warnings (it had no errors).
    accounting : list
        Per sheet, rows loaded, set aside and ignored (:class:`~sabo_eval.intake.accounting.SheetAccount`).
    """

    file_name: str
    district_code: str
    year: int
    status: str
    submission_id: str
    row_counts: dict[str, int]
    warnings: list = field(default_factory=list, compare=False)
    accounting: list = field(default_factory=list, compare=False)


def prepare_rows(name: str, sub: Submission) -> dict[str, Sequence]:
    """Return the rows of one table of a submission as warehouse columns (values not yet typed).

    Parameters
    ----------
    name : str
        Canonical table name.
    sub : Submission
        A loaded submission.

    Returns
    -------
    dict
        Column name → values; empty when the submission has no row for the table.
        Values are typed for the whole batch at once by :func:`_typed_frame`.
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
    for column, _sql_type in table_columns(name):
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

    ``tables`` holds the rows as warehouse columns (see :func:`prepare_rows`), or
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
    accounting: list = field(default_factory=list)

    @classmethod
    def of(cls, sub: Submission, prepare: Callable[[str, Submission], dict] | None = None) -> _Validated:
        refused = has_errors(sub.problems) or sub.district_code is None or sub.year is None
        prepare = prepare or prepare_rows
        tables = None if refused else {name: prepare(name, sub) for name in SCHEMAS}
        return cls(
            sub.file_name, sub.content_hash, sub.raw_bytes, sub.district_code, sub.year, sub.info, sub.problems, tables,
            sub.accounting,
        )


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
        """Return the current submission with this hash (the batch's included), if any.

        Parameters
        ----------
        submission_id : str
            SHA-256 of the submitted bytes.

        Returns
        -------
        IngestResult or None
            An ``unchanged`` result naming the district-year it is current for.
        """
        for key in self._by_hash.get(submission_id, ()):
            current = self._current.get(key)
            if current is not None and current[0] == submission_id:
                return IngestResult(current[1], key[0], int(key[1]), "unchanged", submission_id, json.loads(current[2]))
        return None

    def add(self, sub: Submission) -> IngestResult:
        """Stage one validated submission (nothing is written before :meth:`commit`).

        Parameters
        ----------
        sub : Submission
            A loaded and validated submission.

        Returns
        -------
        IngestResult

        Raises
        ------
        ValidationFailed
            When the submission has errors; nothing is staged.
        """
        return self._add(_Validated.of(sub, self.warehouse._prepare))

    def _add(self, sub: _Validated) -> IngestResult:
        if sub.tables is None:
            failure = ValidationFailed(sub.file_name, sub.problems)
            failure.accounting = sub.accounting
            raise failure
        extra = {"warnings": [p for p in sub.problems if p.severity != "error"], "accounting": sub.accounting}
        tables = sub.tables
        counts = {name: len(columns["source_row"]) if columns else 0 for name, columns in tables.items()}
        key = (sub.district_code, sub.year)
        current = self._current.get(key)
        if current and current[0] == sub.content_hash:
            logger.info("%s: unchanged (%s %s)", sub.file_name, sub.district_code, sub.year)
            return IngestResult(sub.file_name, sub.district_code, sub.year, "unchanged", sub.content_hash, counts, **extra)
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
        return IngestResult(sub.file_name, sub.district_code, sub.year, status, sub.content_hash, counts, **extra)

    def flush(self) -> None:
        """Write the staged submissions into the batch's transaction (not yet committed).

        Nothing is visible to others, nor kept after a crash, before :meth:`commit`.
        (Each write costs about as much whatever its size, so
        :func:`sabo_eval.warehouse.store.ingest` writes once per batch.)
        """
        staged, self.staged = self.staged, []
        if not staged:
            return
        con = self.warehouse.con
        try:
            if not self._open:
                con.execute("BEGIN TRANSACTION")
                self._open = True
            _write_rows(con, staged)
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
                _write_rows(con, [one])
                con.execute("COMMIT")
            except Exception:
                with contextlib.suppress(Exception):
                    con.execute("ROLLBACK")
                raise
        return True


# --------------------------------------------------------------------------- statements


def _write_rows(con: duckdb.DuckDBPyConnection, staged: list[_Staged]) -> None:
    """The statements writing staged submissions, inside an open transaction."""
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
    submissions = _submissions_frame(staged, rows, keys)
    try:
        con.register("ingest_keys", key_frame)
        _replace_tables(con, [staged[i] for i in finals])
        _replace_submissions(con, submissions)
    finally:
        with contextlib.suppress(Exception):
            con.unregister("incoming")
        with contextlib.suppress(Exception):
            con.unregister("ingest_keys")


def _submissions_frame(staged: list[_Staged], rows: list[int], keys: dict[tuple[str, int], int]) -> pd.DataFrame:
    """The ``submissions`` rows of the staged submissions ``rows``; the last of each district-year is current."""
    return pd.DataFrame(
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


def _replace_tables(con: duckdb.DuckDBPyConnection, finals: list[_Staged]) -> None:
    """Replace the rows of the district-years in ``ingest_keys`` by those of ``finals``, table by table."""
    for name in SCHEMAS:
        con.execute(
            f"DELETE FROM {name} USING ingest_keys k WHERE {name}.district_code = k.district_code AND {name}.year = k.year"
        )
        frame = _typed_frame(name, [one.tables[name] for one in finals])
        if frame is None:
            continue
        casts = ", ".join(f"CAST({c} AS {t}) AS {c}" for c, t in table_columns(name))
        con.register("incoming", frame)
        con.execute(f"INSERT INTO {name} SELECT {casts} FROM incoming")
        con.unregister("incoming")


def _replace_submissions(con: duckdb.DuckDBPyConnection, submissions: pd.DataFrame) -> None:
    """Make the district-years in ``ingest_keys`` not current, then write ``submissions`` (replacing same ids)."""
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
