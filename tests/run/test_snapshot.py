"""One snapshot per report: a run racing ingests never publishes a report that does not match its manifest.

A separate process replaces district 11110's 2023 data again and again, alternating
two versions (A and B, whose budgets differ), while the test runs ``run_year`` for that
district repeatedly. After every run the report's figure and its provenance must be
those of the version the manifest records (data hash and submission id); after A is
put back, a "cached" report must be A's.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from sabo_eval.intake.loaders import submission_hash
from sabo_eval.run.runner import run_year
from sabo_eval.warehouse.store import Warehouse, ingest

ROOT = Path(__file__).resolve().parents[2]
CSV = ROOT / "tests" / "fixtures" / "good" / "11110_2023_csv_utf8"
RUNS = 5
BUDGET = re.compile(r"변경\(없으면 계획\)예산 ([\d,]+)")
#: The budget base each version's report shows (planned 10,000 → 77,777 for item I-1-1).
SHOWN = {"A": "18,000", "B": "85,777"}

INGESTER = textwrap.dedent(
    """
    import random, sys, time
    from pathlib import Path
    from sabo_eval.warehouse.store import ingest
    db, a, b, stop = sys.argv[1:5]
    rng = random.Random(15)
    while not Path(stop).exists():
        for version in (b, a):
            ingest([version], db, jobs=1)
            time.sleep(rng.uniform(0.2, 1.5))
    """
)


def _versions(folder: Path) -> tuple[Path, Path]:
    a, b = folder / "11110_2023_a", folder / "11110_2023_b"
    shutil.copytree(CSV, a)
    shutil.copytree(CSV, b)
    budget = b / "예산.csv"
    text = budget.read_text(encoding="utf-8")
    changed = text.replace('I-1-1,"10,000",,9500', 'I-1-1,"77,777",,9500').replace("합계,17000,", "합계,84777,")
    assert changed != text
    budget.write_text(changed, encoding="utf-8")
    return a, b


def _data_hash(db: Path) -> str:
    with Warehouse(db, read_only=True) as wh:
        return wh.district_data_hash("11110", 2023)


def _check_report_matches_manifest(out: Path, known: dict[str, dict]) -> str:
    """The version the report shows; asserts the manifest records that same version."""
    year_dir = out / "2023"
    page = (year_dir / "11110.html").read_text(encoding="utf-8")
    manifest = json.loads((year_dir / "manifest.json").read_text(encoding="utf-8"))
    shown = [v for v, figure in SHOWN.items() if BUDGET.search(page) and BUDGET.search(page).group(1) == figure]
    assert len(shown) == 1, BUDGET.search(page)
    version = shown[0]
    (recorded,) = [i["submission_id"] for i in manifest["inputs"] if i["district_code"] == "11110"]
    assert recorded == known[version]["submission_id"], f"report shows {version}, manifest records another input"
    assert known[version]["submission_id"][:12] in page  # the provenance table: the submission it read
    assert manifest["districts"]["11110"]["data_hash"] == known[version]["data_hash"]
    return version


def test_runs_racing_ingests_always_match_their_manifest_and_never_serve_a_stale_cache(tmp_path):
    a, b = _versions(tmp_path)
    db, out = tmp_path / "w.duckdb", tmp_path / "reports"
    (scratch_b,) = ingest([b], tmp_path / "b.duckdb", jobs=1)
    assert scratch_b.status == "added"
    assert ingest([a], db, jobs=1)[0].status == "added"
    known = {
        "A": {"submission_id": submission_hash(a), "data_hash": _data_hash(db)},
        "B": {"submission_id": submission_hash(b), "data_hash": _data_hash(tmp_path / "b.duckdb")},
    }
    stop = tmp_path / "stop"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    ingester = subprocess.Popen([sys.executable, "-c", INGESTER, str(db), str(a), str(b), str(stop)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seen = []
    try:
        time.sleep(1.0)
        for _ in range(RUNS):
            result = run_year(2023, db=db, out_dir=out, jobs=1, progress=False, comparison_notebook=None)
            assert result.outcomes[0].status in ("ok", "cached"), result.outcomes[0].error
            seen.append((result.outcomes[0].status, _check_report_matches_manifest(out, known)))
    finally:
        stop.touch()
        try:
            _, errors = ingester.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            ingester.kill()
            _, errors = ingester.communicate()
    assert ingester.returncode == 0, errors[-3000:]
    assert ingest([a], db, jobs=1)[0].status in ("replaced", "unchanged")  # A is back
    again = run_year(2023, db=db, out_dir=out, jobs=1, progress=False, comparison_notebook=None)
    assert _check_report_matches_manifest(out, known) == "A", (again.outcomes[0].status, seen)
    assert again.outcomes[0].cache_key and again.outcomes[0].data_hash == known["A"]["data_hash"]


def test_the_pilot_report_is_keyed_with_the_data_it_read(tmp_path):
    from sabo_eval.run.runner import run_pilot
    from sabo_eval.warehouse.district_data import all_data_hash

    db = tmp_path / "w.duckdb"
    shutil.copy(os.environ["SABO_EVAL_DB"], db)
    with Warehouse(db, read_only=True) as wh:
        before = all_data_hash(wh)
    first = run_pilot(db=db, out_dir=tmp_path)
    assert first.status == "ok", first.error
    manifest = json.loads((tmp_path / "pilot" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["pilot"]["data_hash"] == before == first.data_hash
    assert run_pilot(db=db, out_dir=tmp_path).status == "cached"
    assert ingest([CSV], db, jobs=1)[0].status == "replaced"  # 11110 2023: the notebook reads every year's months
    assert run_pilot(db=db, out_dir=tmp_path).status == "ok"
