"""Opening the warehouse file: where it is, its tables, waiting for its lock, its faults.

:func:`resolve_db_path` finds the file, :func:`create_file` builds a new one with all
its tables at once, :func:`ensure_schema` adds tables that are missing, and
:func:`connect` opens it, retrying while another process holds the lock.
:func:`warehouse_errors` turns what the file system and DuckDB raise for a full disk,
a truncated or corrupted file and a read-only file or folder into
:class:`~sabo_eval.errors.WarehouseError` subclasses saying what happened and what to do.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from ..errors import (
    WarehouseCorrupt,
    WarehouseError,
    WarehouseFull,
    WarehouseLocked,
    WarehouseReadOnly,
)
from ..intake.schemas import DATE, FLOAT, INT, SCHEMAS
from ..settings import env_number

__all__ = [
    "DEFAULT_DB",
    "DB_ENV",
    "LOCK_WAIT_SECONDS",
    "LOCK_WAIT_ENV",
    "resolve_db_path",
    "lock_wait_seconds",
    "table_columns",
    "create_file",
    "ensure_schema",
    "connect",
    "warehouse_failure",
    "warehouse_errors",
]

logger = logging.getLogger(__name__)

DEFAULT_DB = Path("data") / "warehouse.duckdb"
DB_ENV = "SABO_EVAL_DB"
LOCK_WAIT_SECONDS = 30.0
LOCK_WAIT_ENV = "SABO_EVAL_LOCK_WAIT"
#: The longest wait ``$SABO_EVAL_LOCK_WAIT`` may ask for (a day); more is refused.
MAX_LOCK_WAIT = 86_400.0

_SQL_TYPES = {INT: "BIGINT", FLOAT: "DOUBLE", DATE: "DATE"}
#: DuckDB's "Could not set lock on file" / "Conflicting lock is held" (the word, not "block").
_LOCKED = re.compile(r"\block\b", re.IGNORECASE)

_SUBMISSIONS_DDL = """
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

#: Discussion minutes (``sabo-eval minutes``, :mod:`.minutes_store`): one row per statement, order kept.
_DISCUSSIONS_DDL = """
            CREATE TABLE IF NOT EXISTS discussions (
                event_id VARCHAR NOT NULL, event_name VARCHAR, event_date DATE, host VARCHAR,
                year INTEGER, topic_no INTEGER NOT NULL, topic VARCHAR, "group" VARCHAR, groups VARCHAR,
                region VARCHAR, side VARCHAR, kind VARCHAR NOT NULL, text VARCHAR NOT NULL,
                seq INTEGER NOT NULL, pair INTEGER, line INTEGER,
                PRIMARY KEY (event_id, seq)
            )
            """
_DISCUSSION_EVENTS_DDL = """
            CREATE TABLE IF NOT EXISTS discussion_events (
                event_id VARCHAR PRIMARY KEY, event_name VARCHAR, event_date DATE, host VARCHAR,
                year INTEGER, source VARCHAR, n_topics INTEGER NOT NULL, n_statements INTEGER NOT NULL,
                n_unparsed INTEGER NOT NULL, stored_at TIMESTAMP NOT NULL
            )
            """


def resolve_db_path(db: Path | str | None = None) -> Path:
    """Return the warehouse path: the argument, else ``$SABO_EVAL_DB``, else the default.

    Parameters
    ----------
    db : path-like, optional
        Explicit path (the CLI's ``--db``).

    Returns
    -------
    Path
        Absolute path of the warehouse file (which may not exist yet).

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


def lock_wait_seconds(lock_wait: float | None = None) -> float:
    """Return how long to wait for a locked warehouse.

    Parameters
    ----------
    lock_wait : float, optional
        Explicit number of seconds.

    Returns
    -------
    float
        ``lock_wait``, else ``$SABO_EVAL_LOCK_WAIT``, else :data:`LOCK_WAIT_SECONDS`.

    Raises
    ------
    EnvironmentValueError
        When ``$SABO_EVAL_LOCK_WAIT`` is no number from 0 to :data:`MAX_LOCK_WAIT`.
    """
    if lock_wait is None:
        lock_wait = env_number(LOCK_WAIT_ENV, LOCK_WAIT_SECONDS, minimum=0, maximum=MAX_LOCK_WAIT)
    return lock_wait


def table_columns(name: str) -> list[tuple[str, str]]:
    """Return the (column, SQL type) pairs of a warehouse table, provenance first.

    Parameters
    ----------
    name : str
        Canonical table name (a key of :data:`sabo_eval.intake.schemas.SCHEMAS`).

    Returns
    -------
    list of tuple
        ``submission_id`` and ``year``, the schema's columns, then ``source_sheet``
        and ``source_row``.
    """
    schema = SCHEMAS[name]
    columns = [("submission_id", "VARCHAR"), ("year", "INTEGER")]
    for col in schema.columns:
        if col.name == "year":
            continue
        columns.append((col.name, _SQL_TYPES.get(col.kind, "VARCHAR")))
    columns += [("source_sheet", "VARCHAR"), ("source_row", "INTEGER")]
    return columns


def _create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Run the ``CREATE TABLE IF NOT EXISTS`` of every table."""
    con.execute(_SUBMISSIONS_DDL)
    con.execute(_DISCUSSIONS_DDL)
    con.execute(_DISCUSSION_EVENTS_DDL)
    for name in SCHEMAS:
        cols = ", ".join(f"{c} {t}" for c, t in table_columns(name))
        con.execute(f"CREATE TABLE IF NOT EXISTS {name} ({cols})")


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the tables that are missing, in one transaction.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        A connection open for writing.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        _create_tables(con)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def create_file(path: Path) -> None:
    """Create the warehouse file with its tables, all at once.

    The file is built under a temporary name and linked into place when complete,
    so that a process killed meanwhile never leaves a warehouse without its tables
    (a process that loses the race to create it just uses the other's). When that
    cannot be done, nothing is created here and the caller creates it in place.

    Parameters
    ----------
    path : Path
        Where the warehouse file goes.
    """
    temporary = path.with_name(f".{path.name}.{os.getpid()}.creating")
    for leftover in (temporary, temporary.with_name(temporary.name + ".wal")):
        leftover.unlink(missing_ok=True)
    try:
        con = duckdb.connect(str(temporary))
        try:
            ensure_schema(con)
        finally:
            con.close()
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass  # created meanwhile by another process
        except OSError:  # no hard links on this file system: move it unless created meanwhile
            if not path.exists():
                os.replace(temporary, path)
    except (duckdb.Error, OSError) as exc:
        logger.debug("could not create %s in one step (%s); creating it in place", path, exc)
    finally:
        temporary.unlink(missing_ok=True)


def connect(path: Path, read_only: bool, lock_wait: float) -> duckdb.DuckDBPyConnection:
    """Open the warehouse file, retrying while another process holds its lock.

    Parameters
    ----------
    path : Path
        The warehouse file.
    read_only : bool
        Open for reading only.
    lock_wait : float
        Seconds to keep retrying while the file is locked.

    Returns
    -------
    duckdb.DuckDBPyConnection

    Raises
    ------
    WarehouseLocked
        When the file stays locked for longer than ``lock_wait``.
    WarehouseError
        When the file cannot be opened for another reason.
    """
    deadline = time.monotonic() + lock_wait
    delay = 0.1
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            try:
                _check_length(con, path)
            except BaseException:
                con.close()
                raise
            return con
        except duckdb.IOException as exc:
            locked = _LOCKED.search(str(exc)) is not None
            if not locked or time.monotonic() >= deadline:
                if locked:
                    raise WarehouseLocked(
                        f"창고가 다른 작업에 사용 중입니다({lock_wait:.0f}초 대기 후 중단): {path}",
                        f"the warehouse is locked by another process (gave up after {lock_wait:.0f} s): {path}",
                    ) from exc
                raise warehouse_failure(exc, path, writing=not read_only) from exc
            time.sleep(delay)
        except duckdb.Error as exc:  # a corrupted block read while opening
            raise warehouse_failure(exc, path, writing=not read_only) from exc
            delay = min(delay * 2, 1.0)


# --------------------------------------------------------------------------- faults

#: Bytes before the first block of a DuckDB file: the file header and two database headers.
_HEADER_BYTES = 3 * 4096


def _check_length(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Raise ``duckdb.IOException`` when the file is too short to hold the blocks its header says are used.

    DuckDB opens a truncated file and fails only when a query reaches a missing block
    (or, when no query does, answers as if the data were not there). Free blocks at
    the end may be cut off legitimately, so only the used ones are counted. Skipped
    while a write-ahead log is waiting beside the file (its blocks are not in the file yet).
    """
    wal = Path(f"{path}.wal")
    if wal.exists() and wal.stat().st_size > 0:
        return
    try:
        block_size, used_blocks = con.execute("SELECT block_size, used_blocks FROM pragma_database_size()").fetchone()
        size = os.path.getsize(path)
    except (duckdb.Error, OSError, TypeError):  # nothing to compare: the queries will tell
        return
    needed = _HEADER_BYTES + int(block_size) * int(used_blocks)
    if used_blocks and size < needed:
        raise duckdb.IOException(f"database file is truncated: {size} bytes, its {used_blocks} used blocks need {needed}")


_FULL = ("no space left", "disk full", "disk quota exceeded", "file too large")
_CORRUPT = (
    "corrupt database file", "could not read enough bytes", "not a valid duckdb database", "checksum",
    "failure while replaying wal", "database file is truncated",
)
_READ_ONLY = ("read-only file system", "permission denied", "operation not permitted")
_FULL_ERRNO = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_READ_ONLY_ERRNO = {errno.EROFS, errno.EACCES, errno.EPERM}


def _detail(exc: BaseException) -> str:
    """The first line of an error's text, shortened (what DuckDB or the system said)."""
    lines = str(exc).strip().splitlines()
    text = lines[0] if lines else type(exc).__name__
    return text if len(text) <= 200 else text[:199] + "…"


def warehouse_failure(exc: BaseException, path: Path | str, *, writing: bool) -> WarehouseError:
    """The :class:`~sabo_eval.errors.WarehouseError` for a failure of the warehouse file.

    Parameters
    ----------
    exc : BaseException
        What DuckDB (``duckdb.Error``) or the system (``OSError``) raised.
    path : path-like
        The warehouse file.
    writing : bool
        Whether the failing operation wrote (an ingest) or only read (a run).

    Returns
    -------
    WarehouseError
        :class:`~sabo_eval.errors.WarehouseFull`, :class:`~sabo_eval.errors.WarehouseCorrupt`,
        :class:`~sabo_eval.errors.WarehouseReadOnly`, or a plain ``WarehouseError``; each
        message says what happened and what to do, in Korean and English.
    """
    text, code, detail = str(exc).lower(), getattr(exc, "errno", None), _detail(exc)
    if code in _FULL_ERRNO or any(k in text for k in _FULL):
        return WarehouseFull(
            f"창고가 있는 디스크의 공간이 부족합니다: {path} ({detail}). 저장을 마치지 못한 제출 자료는 창고에 "
            "조금도 들어가지 않았고 창고의 기존 자료는 그대로입니다. 디스크 공간을 확보한 뒤 같은 명령을 다시 "
            "실행하세요(이미 저장된 파일은 '변경 없음'으로 넘어갑니다).",
            f"the disk holding the warehouse is full: {path} ({detail}). No submission whose storing did not "
            "finish is in the warehouse, even in part, and its earlier data is unchanged. Free some disk space and "
            "run the same command again (files already stored are reported as unchanged).",
        )
    if any(k in text for k in _CORRUPT):
        return WarehouseCorrupt(
            f"창고 파일이 손상되었습니다(파일이 잘렸거나 일부 블록이 깨졌습니다): {path} ({detail}). 손상된 창고는 "
            "믿을 수 없으니 그대로 쓰지 마세요. 백업이 있으면 백업에서 복원하세요. 백업이 없으면 이 파일을 다른 "
            "이름으로 옮겨 두고 제출 자료 폴더를 다시 입력하여('sabo-eval ingest <폴더>') 창고를 새로 만드세요. "
            "창고의 submissions 표에도 제출 원본이 있지만, 손상된 파일에서 꺼낸 원본은 믿을 수 없습니다.",
            f"the warehouse file is corrupt (truncated, or a block is damaged): {path} ({detail}). A corrupt "
            "warehouse cannot be trusted: do not keep using it. Restore it from a backup; without one, move this "
            "file aside and ingest the submissions folder again ('sabo-eval ingest <folder>') to rebuild it. The "
            "warehouse's submissions table holds the original files too, but originals read from a corrupt file "
            "cannot be trusted.",
        )
    if code in _READ_ONLY_ERRNO or any(k in text for k in _READ_ONLY):
        also = " 보고서 만들기(run)는 읽기만 하므로 할 수 있습니다." if writing else ""
        also_en = " Producing reports (run) only reads it and still works." if writing else ""
        return WarehouseReadOnly(
            f"창고 파일이나 그 폴더에 쓸 수 없습니다(읽기 전용이거나 권한이 없습니다): {path} ({detail}). 창고는 "
            f"바뀌지 않았습니다. 파일과 폴더에 쓰기 권한을 주거나, 쓸 수 있는 곳의 창고를 --db로 지정하세요.{also}",
            f"the warehouse file or its folder cannot be written (read-only, or no permission): {path} ({detail}). "
            f"The warehouse was not changed. Make the file and its folder writable, or give a writable warehouse "
            f"with --db.{also_en}",
        )
    return WarehouseError(f"창고 작업이 실패했습니다: {path} ({detail})", f"the warehouse operation failed: {path} ({detail})")


@contextmanager
def warehouse_errors(path: Path | str, *, writing: bool = True) -> Iterator[None]:
    """Raise what DuckDB and the file system raise inside the block as :func:`warehouse_failure` errors.

    Parameters
    ----------
    path : path-like
        The warehouse file (named in the message).
    writing : bool
        Whether the block writes the warehouse.

    Raises
    ------
    WarehouseError
        For any ``duckdb.Error``, and for an ``OSError`` of a full disk or a
        read-only file system about the warehouse file, a file beside it or a folder
        above it (other errors, such as an unreadable submission, pass unchanged).
    """
    try:
        yield
    except duckdb.Error as exc:
        raise warehouse_failure(exc, path, writing=writing) from exc
    except OSError as exc:
        if exc.errno not in _FULL_ERRNO | _READ_ONLY_ERRNO or not _about_warehouse(exc.filename, Path(path)):
            raise
        raise warehouse_failure(exc, path, writing=writing) from exc


def _about_warehouse(filename: object, path: Path) -> bool:
    """Whether an ``OSError``'s file is the warehouse, a file beside it (its ``.wal``) or a folder above it."""
    if not filename:
        return False
    try:
        failed = Path(os.fsdecode(filename)).resolve()
        path = path.resolve()
    except (OSError, TypeError, ValueError):
        return False
    return failed == path or failed.parent == path.parent or failed in path.parents
