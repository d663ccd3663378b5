"""Faults of the warehouse file: a full disk, a truncated or corrupted file, a read-only file.

Each ends in one Korean/English message saying what happened and what to do, never
a traceback, and the data already stored stays as it was. The disk is a real small
tmpfs and the read-only folder a real read-only bind mount; where mounting is not
permitted the same fault is injected into DuckDB instead.
"""

import errno
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from small_disk import read_only_view, small_disk

from sabo_eval.errors import WarehouseCorrupt, WarehouseError, WarehouseFull, WarehouseReadOnly
from sabo_eval.warehouse import batch as batch_module
from sabo_eval.warehouse.connection import warehouse_errors, warehouse_failure
from sabo_eval.warehouse.store import Warehouse, ingest

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "tests" / "fixtures" / "good" / "11110_2023_minimal.xlsx"
SAMPLE = ROOT / "data" / "sample"
OTHER = [SAMPLE / "11140_2023_중구.xlsx", SAMPLE / "11140_2022_중구.xlsx"]  # a district the base does not hold
REPLACING = SAMPLE / "11110_2023_종로구.xlsx"  # replaces the base's 11110 2023
HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A warehouse holding the valid workbook (11110, 2023), and its checksums."""
    db = tmp_path_factory.mktemp("faults") / "base.duckdb"
    (result,) = ingest([GOOD], db)
    assert result.status == "added"
    with Warehouse(db, read_only=True) as wh:
        return db, wh.checksums()


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "sabo_eval.cli", *args], env=env, cwd=cwd, capture_output=True,
                          text=True, timeout=300, check=False)


def _assert_message(done: subprocess.CompletedProcess, *words: str) -> None:
    output = done.stdout + done.stderr
    assert done.returncode == 2, output[-3000:]
    assert "Traceback" not in output, output[-3000:]
    assert "오류:" in done.stdout and "error:" in done.stdout and HANGUL.search(done.stdout)
    for word in words:
        assert word in done.stdout, (word, done.stdout[-3000:])


def _checksums(db: Path) -> dict:
    with Warehouse(db, read_only=True) as wh:
        return wh.checksums()


# ----------------------------------------------------------------------------- full disk


def test_a_full_disk_during_an_ingest_is_a_message_and_the_warehouse_is_unchanged(base, tmp_path, monkeypatch):
    db, before = base
    disk = tmp_path / "disk"
    with small_disk(disk, db.stat().st_size + 96 * 1024) as mounted:
        if not mounted:  # no right to mount here: the same failure, injected at the commit
            return _full_disk_injected(db, tmp_path, monkeypatch, before)
        shutil.copy(db, disk / "w.duckdb")
        done = _cli("ingest", *map(str, OTHER), "--db", str(disk / "w.duckdb"), cwd=tmp_path)
        _assert_message(done, "디스크", "공간", "Free some disk space", "unchanged")
        assert _checksums(disk / "w.duckdb") == before  # old data intact, nothing half-written
        with pytest.raises(WarehouseFull):
            ingest(OTHER, disk / "w.duckdb", jobs=1)
        assert _checksums(disk / "w.duckdb") == before
        shutil.copy(disk / "w.duckdb", tmp_path / "moved.duckdb")  # space found: the same file takes the ingest
    results = ingest(OTHER, tmp_path / "moved.duckdb", jobs=1)
    assert [r.status for r in results] == ["added", "added"]


def _full_disk_injected(db: Path, tmp_path: Path, monkeypatch, before: dict) -> None:
    copy = tmp_path / "w.duckdb"
    shutil.copy(db, copy)

    def no_space(self):
        raise duckdb.IOException(f'Could not write file "{copy}.wal": No space left on device')

    monkeypatch.setattr(batch_module.IngestBatch, "commit", no_space)
    with pytest.raises(WarehouseFull, match="full"):
        ingest(OTHER, copy, jobs=1)
    assert _checksums(copy) == before


# ----------------------------------------------------------------------------- corrupt file


def _truncated(db: Path, folder: Path) -> Path:
    path = folder / "truncated.duckdb"
    path.write_bytes(db.read_bytes()[: db.stat().st_size // 3])
    return path


def _corrupted(db: Path, folder: Path) -> Path:
    """The warehouse with its middle half overwritten (header blocks intact)."""
    raw = bytearray(db.read_bytes())
    n = len(raw)
    raw[n // 4 : 3 * n // 4] = bytes((i * 131 + 7) % 251 for i in range(3 * n // 4 - n // 4))
    path = folder / "corrupted.duckdb"
    path.write_bytes(bytes(raw))
    return path


@pytest.mark.parametrize("damage", [_truncated, _corrupted], ids=["truncated", "corrupted_block"])
def test_a_damaged_warehouse_says_what_happened_and_what_to_do(base, tmp_path, damage):
    db, _ = base
    bad = damage(db, tmp_path)
    commands = [
        ("ingest", str(REPLACING), "--db", str(bad)),
        ("run", "--year", "2023", "--db", str(bad), "--out", str(tmp_path / "reports"), "--jobs", "1"),
    ]
    if damage is _truncated:
        commands.append(("pilot", "--db", str(bad), "--out", str(tmp_path / "reports")))
    for command in commands:
        kept = bad.read_bytes()
        done = _cli(*command, cwd=tmp_path)
        _assert_message(done, "손상", "백업", "submissions", "Restore it from a backup", "ingest the submissions folder again")
        assert bad.read_bytes() == kept, command[0]  # a damaged file is not written further
    with pytest.raises(WarehouseCorrupt), Warehouse(bad, read_only=True) as wh:
        wh.checksums()


# ----------------------------------------------------------------------------- read-only


def test_a_read_only_warehouse_refuses_an_ingest_clearly_and_still_gives_reports(base, tmp_path, monkeypatch):
    db, before = base
    source, view = tmp_path / "source", tmp_path / "view"
    source.mkdir()
    shutil.copy(db, source / "w.duckdb")
    with read_only_view(source, view) as mounted:
        if not mounted:
            return _read_only_injected(source / "w.duckdb", monkeypatch, before)
        done = _cli("ingest", *map(str, OTHER), "--db", str(view / "w.duckdb"), cwd=tmp_path)
        _assert_message(done, "쓸 수 없습니다", "Read-only file system", "run")
        assert _checksums(view / "w.duckdb") == before
        done = _cli("ingest", str(GOOD), "--db", str(view / "new" / "w.duckdb"), cwd=tmp_path)  # a new one there
        _assert_message(done, "쓸 수 없습니다")
        out = tmp_path / "reports"
        done = _cli("run", "--year", "2023", "--db", str(view / "w.duckdb"), "--out", str(out), "--jobs", "1", cwd=tmp_path)
        assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
        assert "종로구" in (out / "2023" / "11110.html").read_text(encoding="utf-8")


def _read_only_injected(db: Path, monkeypatch, before: dict) -> None:
    real = duckdb.connect

    def connect(path, read_only=False, **kwargs):
        if not read_only:
            raise duckdb.IOException(f'Cannot open file "{path}": Permission denied')
        return real(path, read_only=read_only, **kwargs)

    monkeypatch.setattr(duckdb, "connect", connect)
    with pytest.raises(WarehouseReadOnly):
        ingest(OTHER, db, jobs=1)
    monkeypatch.undo()
    assert _checksums(db) == before


# ----------------------------------------------------------------------------- classification


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (OSError(errno.ENOSPC, "No space left on device", "/data/w.duckdb.wal"), WarehouseFull),
        (duckdb.IOException('Could not write file "w.duckdb.wal": No space left on device'), WarehouseFull),
        (duckdb.IOException('Could not read enough bytes from file "w.duckdb": attempted to read 4096'), WarehouseCorrupt),
        (duckdb.Error("Corrupt database file: computed checksum 1 does not match stored checksum 2"), WarehouseCorrupt),
        (duckdb.IOException('The file "w.duckdb" exists, but it is not a valid DuckDB database file!'), WarehouseCorrupt),
        (OSError(errno.EROFS, "Read-only file system", "/data"), WarehouseReadOnly),
        (duckdb.IOException('Cannot open file "w.duckdb": Permission denied'), WarehouseReadOnly),
    ],
)
def test_failures_are_classified_with_what_to_do(error, kind):
    failure = warehouse_failure(error, "/data/w.duckdb", writing=True)
    assert type(failure) is kind
    assert failure.message_ko and failure.message_en and "/data/w.duckdb" in failure.message_ko
    assert "\n" not in str(failure)


def test_an_unreadable_submission_is_not_called_a_read_only_warehouse(tmp_path):
    with pytest.raises(PermissionError), warehouse_errors(tmp_path / "w" / "w.duckdb"):  # about another file: unchanged
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "in" / "x.xlsx"))
    with pytest.raises(WarehouseReadOnly), warehouse_errors(tmp_path / "w" / "w.duckdb"):
        raise PermissionError(errno.EACCES, "Permission denied", str(tmp_path / "w"))
    with pytest.raises(WarehouseError), warehouse_errors(tmp_path / "w.duckdb"):
        raise duckdb.ConversionException("Conversion Error: value out of range")
