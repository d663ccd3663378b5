"""Publishing on a full disk: the previous index.html, manifest.json and reports stay as they were.

The reports folder is a real small tmpfs, filled to the last byte after a first run;
a second run must end with one Korean/English message (no traceback) and leave every
file of the first run byte for byte (they are written to a temporary file and renamed).
"""

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from small_disk import fill, small_disk

from sabo_eval.errors import OutputError
from sabo_eval.run import publish
from sabo_eval.run.runner import run_year
from sabo_eval.warehouse.store import ingest

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "tests" / "fixtures" / "good" / "11110_2023_minimal.xlsx"
KEPT = ("index.html", "manifest.json", "11110.html", "11110.xlsx", "comparison.html")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    db = tmp_path_factory.mktemp("publish") / "w.duckdb"
    (result,) = ingest([GOOD], db)
    assert result.status == "added"
    return db


def test_a_full_reports_disk_keeps_the_previous_index_manifest_and_reports(warehouse, tmp_path):
    out = tmp_path / "reports"
    with small_disk(out, 24 << 20) as mounted:
        if not mounted:
            pytest.skip("mount not permitted here (the injected variant below covers the writes)")
        first = run_year(2023, db=warehouse, out_dir=out, jobs=1, progress=False)
        assert [o.status for o in first.outcomes] == ["ok"]
        before = {name: (out / "2023" / name).read_bytes() for name in KEPT}
        fill(out)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        done = subprocess.run([sys.executable, "-m", "sabo_eval.cli", "run", "--year", "2023", "--db", str(warehouse),
                               "--out", str(out), "--jobs", "1", "--no-cache"], env=env, capture_output=True,
                              text=True, timeout=600, check=False)
        output = done.stdout + done.stderr
        assert done.returncode != 0, output[-3000:]
        assert "Traceback" not in output, output[-3000:]
        assert "오류:" in done.stdout and "index.html" in done.stdout and "unchanged" in done.stdout, output[-3000:]
        after = {name: (out / "2023" / name).read_bytes() for name in KEPT}
        assert after == before
        assert not [p.name for p in (out / "2023").iterdir() if p.name.endswith(".tmp")]  # no temporary file left


def test_index_and_manifest_writes_that_fail_leave_the_previous_files(tmp_path, monkeypatch):
    year_dir = tmp_path / "2023"
    publish.write_manifest(year_dir / "manifest.json", {"run": 1})
    publish.write_index(year_dir, 2023, [])
    before = {p.name: p.read_bytes() for p in year_dir.iterdir()}
    real = os.fsync

    def no_space(fd):  # injected: the disk fills while the new file is flushed
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(OutputError, match="unchanged"):
        publish.write_manifest(year_dir / "manifest.json", {"run": 2})
    with pytest.raises(OutputError):
        publish.write_index(year_dir, 2023, [])
    with pytest.raises(OSError):
        publish.publish_report(year_dir, "11110", "<html>new</html>", tmp_path / "none.xlsx")
    monkeypatch.setattr(os, "fsync", real)
    assert {p.name: p.read_bytes() for p in year_dir.iterdir()} == before  # nothing replaced, no temporary file


def test_the_all_district_figures_are_keyed_on_the_trend_years_too(tmp_path):
    """An earlier year's correction changes the key of the figures (its headlines are in history.json)."""
    import json

    from sabo_eval.warehouse.district_data import context_data_hashes, year_data_hashes
    from sabo_eval.warehouse.store import Warehouse

    db = os.environ["SABO_EVAL_DB"]
    with Warehouse(db, read_only=True) as wh:
        hashes = context_data_hashes(wh, 2023, 4)
        this_year, last_year = year_data_hashes(wh, 2023), year_data_hashes(wh, 2022)
    assert {k: v for k, v in hashes.items() if ":" not in k} == this_year
    assert {k.split(":")[1]: v for k, v in hashes.items() if k.startswith("2022:")} == last_year
    seen = []
    path = tmp_path / "_run" / "headlines.json"
    path.parent.mkdir()
    publish.run_context(db, 2023, path, lambda h: seen.append(h) or "k")
    assert seen == [hashes, {k: v for k, v in hashes.items() if ":" in k}]  # the figures', then the earlier years'
    history = json.loads(path.with_name("history.json").read_text(encoding="utf-8"))
    assert sorted(history) == ["2021", "2022"] and "41110" in history["2022"] and "41110" not in history.get("2021", {})


def test_a_changed_template_changes_the_code_hash_of_the_cache_key(tmp_path):
    """Between releases the cache must not hand out reports made by other code or templates."""
    from sabo_eval.run.plan import package_code_hash, versions

    package = Path(__file__).resolve().parents[2] / "sabo_eval"
    copy = tmp_path / "sabo_eval"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = package_code_hash(copy)
    assert before == package_code_hash(package)
    template = next(copy.rglob("*.j2"))
    template.write_text(template.read_text(encoding="utf-8") + "\n<!-- changed -->", encoding="utf-8")
    assert package_code_hash(copy) != before
    (copy / "reports" / "new_module.py").write_text("X = 1\n", encoding="utf-8")
    assert len({before, package_code_hash(copy)}) == 2
    assert versions()["sabo_eval code"] == package_code_hash()


def test_the_index_shows_each_headline_change_from_last_year(tmp_path):
    """The run's history.json feeds the index: ▲/▼ with %p under each figure, '전년 없음' where last year is missing."""
    import json

    history = tmp_path / "_run" / "history.json"
    assert publish.last_year_headlines(history, 2023) is None
    history.parent.mkdir()
    history.write_text(json.dumps({"2022": {"41110": {"execution_rate": 91.92, "attendance_rate": None}}}), encoding="utf-8")
    previous = publish.last_year_headlines(history, 2023)
    assert previous["41110"]["execution_rate"] == 91.92
    assert previous["41110"]["attendance_rate"] != previous["41110"]["attendance_rate"]  # NaN: no change shown
    assert publish.last_year_headlines(history, 2022) is None
    history.write_text("{not json", encoding="utf-8")
    assert publish.last_year_headlines(history, 2023) is None


def test_a_correction_of_this_year_leaves_the_earlier_years_figures_alone(tmp_path, monkeypatch):
    """history.json is keyed on the earlier years: a new key for this year only does not recompute it."""
    from sabo_eval.metrics import year_figures

    db = os.environ["SABO_EVAL_DB"]
    path = tmp_path / "_run" / "headlines.json"
    path.parent.mkdir()
    calls = []
    real = year_figures.compute_headline_history
    monkeypatch.setattr(year_figures, "compute_headline_history", lambda wh, year: calls.append(year) or real(wh, year))

    def key_with(suffix):
        return lambda hashes: "|".join(f"{k}={v}" for k, v in sorted(hashes.items())) + suffix

    publish.run_context(db, 2023, path, key_with(""))
    history = path.with_name("history.json").read_bytes()
    assert calls == [2023]
    # this year's data "changed" (its key differs) but not the earlier years': history kept
    publish.run_context(db, 2023, path, lambda h: key_with("")(h) + ("+2023" if any(":" not in k for k in h) else ""))
    assert calls == [2023] and path.with_name("history.json").read_bytes() == history
    # an earlier year "changed": recomputed
    publish.run_context(db, 2023, path, key_with("+all"))
    assert calls == [2023, 2023]
