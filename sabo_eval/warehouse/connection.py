"""Opening the warehouse file: where it is, its tables, and waiting for its lock.

:func:`resolve_db_path` finds the file, :func:`create_file` builds a new one with all
its tables at once, :func:`ensure_schema` adds tables that are missing, and
:func:`connect` opens it, retrying while another process holds the lock.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import duckdb

from ..errors import WarehouseError, WarehouseLocked
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
]

logger = logging.getLogger(__name__)

DEFAULT_DB = Path("data") / "warehouse.duckdb"
DB_ENV = "SABO_EVAL_DB"
LOCK_WAIT_SECONDS = 30.0
LOCK_WAIT_ENV = "SABO_EVAL_LOCK_WAIT"
#: The longest wait ``$SABO_EVAL_LOCK_WAIT`` may ask for (a day); more is refused.
MAX_LOCK_WAIT = 86_400.0

_SQL_TYPES = {INT: "BIGINT", FLOAT: "DOUBLE", DATE: "DATE"}

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
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower() or time.monotonic() >= deadline:
                if "lock" in str(exc).lower():
                    raise WarehouseLocked(
                        f"창고가 다른 작업에 사용 중입니다({lock_wait:.0f}초 대기 후 중단): {path}",
                        f"the warehouse is locked by another process (gave up after {lock_wait:.0f} s): {path}",
                    ) from exc
                raise WarehouseError(
                    f"창고를 열 수 없습니다: {exc}", f"cannot open the warehouse: {exc}"
                ) from exc
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
