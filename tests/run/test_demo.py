"""The demo job: the sample's complete years, in its own warehouse (issue 18, item 4)."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.gaps import NO_COUNCIL, variant

from sabo_eval.run.demo import (
    PILOT_LINK,
    complete_years,
    ingest_sample_minutes,
    latest_complete_year,
    next_step_lines,
)
from sabo_eval.run.runner import run_year
from sabo_eval.warehouse.store import Warehouse, ingest


def test_complete_years_of_the_sample():
    db = os.environ["SABO_EVAL_DB"]
    assert complete_years(db) == [2023, 2022]  # 2021 holds Seoul services only
    assert latest_complete_year(db) == 2023


# ---------------------------------------------------------------- the demo's own warehouse (issue 18, item 4)

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = ROOT / "tests" / "fixtures" / "good" / "11110_2023_minimal.xlsx"


def _cli(cwd: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, **env, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "sabo_eval.cli", *args], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=600, check=False)


def _districts(db: Path) -> set[str]:
    with Warehouse(db, read_only=True) as wh:
        return set(wh.query("SELECT DISTINCT district_code FROM submissions")["district_code"])


@pytest.fixture(scope="module")
def after_real_use(tmp_path_factory):
    """A project folder whose user warehouse holds a district without council data; the demo run there once.

    With one warehouse for both, no year had council data for every district and the
    demo failed ("모든 시군구의 자료가 갖춰진 연도가 없습니다").
    """
    root = tmp_path_factory.mktemp("demo")
    sample = root / "data" / "sample"
    sample.mkdir(parents=True)
    shutil.copy(MINIMAL, sample / MINIMAL.name)
    user_db = root / "data" / "warehouse.duckdb"
    code, name, emptied = NO_COUNCIL
    mine = variant(root / f"{code}_2023.xlsx", code, name, emptied)
    assert [r.status for r in ingest([mine], user_db)] == ["added"]
    done = _cli(root, {"SABO_EVAL_DB": str(user_db)}, "demo", "--jobs", "1")
    return root, user_db, done


def test_the_demo_succeeds_after_a_user_ingested_other_districts(after_real_use):
    root, user_db, done = after_real_use
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert (root / "reports" / "2023" / "11110.html").exists()
    assert _districts(root / "data" / "demo.duckdb") == {"11110"}  # the demo's own warehouse
    assert _districts(user_db) == {NO_COUNCIL[0]}  # the user's is untouched
    manifest = json.loads((root / "reports" / "2023" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["warehouse"] == str((root / "data" / "demo.duckdb").resolve())
    last = done.stdout.splitlines()[-5:]  # where the index is, how to open it, the next command
    assert last[0].endswith("index.html"), done.stdout
    assert (root / "reports" / "2023" / "index.html").resolve().as_uri() in last[1]
    assert last[3].strip().startswith("sabo-eval template ")


def test_the_next_step_names_the_index_its_address_and_the_template_command(tmp_path):
    index = tmp_path / "reports" / "2023" / "index.html"
    lines = next_step_lines(index)
    assert str(index) in lines[0]
    assert index.resolve().as_uri() in lines[1] and lines[1].startswith("여는 법")
    assert any("sabo-eval template 제출서식.xlsx --district" in line for line in lines)
    assert all(re.search("[\uac00-\ud7a3]", line) for line in lines if not line.startswith("  "))


def test_complete_years_count_only_the_given_districts(after_real_use):
    root, _user_db, _done = after_real_use
    both = root / "both.duckdb"
    code, name, emptied = NO_COUNCIL
    ingest([MINIMAL, variant(root / "again.xlsx", code, name, emptied)], both)
    assert complete_years(both) == []  # what made the demo fail
    assert complete_years(both, ["11110"]) == [2023]


def test_a_later_run_keeps_the_recorded_pilot_link(after_real_use):
    root, _user_db, _done = after_real_use
    out, db = root / "reports", root / "data" / "demo.duckdb"
    pilot = out / "pilot" / "pilot_evaluation.html"
    pilot.parent.mkdir(parents=True, exist_ok=True)
    pilot.write_text("<html></html>", encoding="utf-8")
    label, href = PILOT_LINK
    run_year(2023, db=db, out_dir=out, links={label: href}, progress=False)  # as the demo does
    manifest = json.loads((out / "2023" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["links"] == {label: href}
    plain = _cli(root, {}, "run", "--year", "2023", "--db", str(db), "--jobs", "1")  # no links given
    assert plain.returncode == 0, plain.stdout + plain.stderr
    index = (out / "2023" / "index.html").read_text(encoding="utf-8")
    assert f'href="{href}"' in index and label in index
    pilot.unlink()  # a link to a report no longer there is dropped
    run_year(2023, db=db, out_dir=out, progress=False)
    assert href not in (out / "2023" / "index.html").read_text(encoding="utf-8")


def test_the_demo_stores_the_sample_minutes(tmp_path):
    sample = Path(__file__).resolve().parents[2] / "data" / "sample"
    db = tmp_path / "demo.duckdb"
    parsed = ingest_sample_minutes(sample, db)
    assert [p.event_id for p in parsed] == ["2023_민관협력_종합토론"]
    with Warehouse(db, read_only=True) as wh:
        assert wh.query("SELECT count(*) AS n FROM discussions")["n"].iloc[0] == len(parsed[0].statements) == 83
    assert ingest_sample_minutes(tmp_path, tmp_path / "none.duckdb") == []  # no discussions folder: nothing
    assert not (tmp_path / "none.duckdb").exists()
