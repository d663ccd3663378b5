"""Fault cases: a damaged warehouse given to ``ingest`` and ``run`` (the harness's own warehouse is not used).

Each case writes a warehouse holding the valid workbook and then damages it: the
command must end with one Korean/English message saying what to do (restore from a
backup, or rebuild from the submissions), never a DuckDB traceback.
"""

from __future__ import annotations

from pathlib import Path

from hostile import GOOD, ROOT, Case, Refuse

#: A changed submission for the same district-year as the base (ingesting it rewrites that district-year).
REPLACING = ROOT / "data" / "sample" / "11110_2023_종로구.xlsx"


def _warehouse(folder: Path) -> Path:
    """A warehouse holding the valid workbook, built in ``folder``."""
    from sabo_eval.warehouse.store import ingest

    db = folder / "source.duckdb"
    (result,) = ingest([GOOD], db, jobs=1)
    assert result.status == "added"
    return db


def _corrupted(name: str):
    """A ``make`` writing the warehouse with its middle half overwritten (its headers intact)."""

    def make(folder: Path) -> Path:
        raw = bytearray(_warehouse(folder).read_bytes())
        n = len(raw)
        raw[n // 4 : 3 * n // 4] = bytes((i * 131 + 7) % 251 for i in range(3 * n // 4 - n // 4))
        path = folder / name
        path.write_bytes(bytes(raw))
        return path

    return make


def _tail_cut(name: str):
    """A ``make`` writing the warehouse without its last block (as a copy cut short by a full disk)."""

    def make(folder: Path) -> Path:
        raw = _warehouse(folder).read_bytes()
        path = folder / name
        path.write_bytes(raw[: len(raw) - 200_000])
        return path

    return make


CASES = [
    Case("corrupt_block_run.duckdb", _corrupted("corrupt_block_run.duckdb"), Refuse(),
         "a warehouse with a corrupted block given to run (was a DuckDB 'Corrupt database file' traceback)",
         command=("run", "--year", "2023", "--db", "{path}", "--out", "{out}", "--jobs", "1")),
    Case("corrupt_block_ingest.duckdb", _corrupted("corrupt_block_ingest.duckdb"), Refuse(),
         "a changed submission ingested into a warehouse with a corrupted block",
         command=("ingest", str(REPLACING), "--db", "{path}")),
    Case("tail_cut_run.duckdb", _tail_cut("tail_cut_run.duckdb"), Refuse(),
         "a warehouse whose last block is cut off, given to run",
         command=("run", "--year", "2023", "--db", "{path}", "--out", "{out}", "--jobs", "1")),
]
