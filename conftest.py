"""Session set-up shared by the unit tests and the notebook tests (nbval).

Before collection, the bundled sample (``data/sample``) is ingested into
``build/test-warehouse.duckdb`` (rebuilt only when the sample changes) and
``SABO_EVAL_DB`` points at it (with the sample minutes of ``data/sample/discussions``), so that notebooks executed by nbval — which runs the
stored notebook as it is, without parameters — read the same data as the tests.
"""

from __future__ import annotations

import os

# numpy's OpenBLAS threads stall on this 2-core machine when other processes are busy
# (kernels, browsers): one thread each is faster here. Set before numpy is imported.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import hashlib  # noqa: E402
from pathlib import Path

ROOT = Path(__file__).resolve().parent
SAMPLE = ROOT / "data" / "sample"
TEST_DB = ROOT / "build" / "test-warehouse.duckdb"


def _sample_digest() -> str:
    digest = hashlib.sha256()
    for path in sorted(SAMPLE.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(SAMPLE)).encode())
            digest.update(path.read_bytes())
    for module in sorted((ROOT / "sabo_eval").rglob("*.py")):
        digest.update(module.read_bytes())
    return digest.hexdigest()


def pytest_configure(config) -> None:  # noqa: D103
    from sabo_eval.intake.loaders import find_submissions
    from sabo_eval.warehouse.minutes_store import store_minutes_folder
    from sabo_eval.warehouse.store import ingest

    stamp = TEST_DB.with_suffix(".stamp")
    digest = _sample_digest()
    if not (TEST_DB.exists() and stamp.exists() and stamp.read_text() == digest):
        TEST_DB.parent.mkdir(parents=True, exist_ok=True)
        for leftover in (TEST_DB, TEST_DB.with_suffix(".duckdb.wal")):
            leftover.unlink(missing_ok=True)
        results = ingest(find_submissions(SAMPLE), TEST_DB)
        failed = [r for r in results if not hasattr(r, "status")]
        if failed:
            raise RuntimeError(f"sample data does not validate: {failed[0]}")
        store_minutes_folder(SAMPLE / "discussions", TEST_DB)  # the sample minutes (discussions tables)
        stamp.write_text(digest)
    os.environ["SABO_EVAL_DB"] = str(TEST_DB)
