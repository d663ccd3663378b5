"""Clear ends of the yearly run (issue 18, item 3), through the real command line.

A request that can produce nothing (an unknown district, a year outside the accepted
range or without data) ends in a one-line Korean/English message, exit code 2 and
nothing written to the year's folder. Districts whose valid files leave out a part
(an empty 서비스실적 sheet, with or without its header; no 연차별 시행계획; no
meetings) get their report, whose sections say which data was not submitted — also
when no district of the year has any service row (this ended in a pandas KeyError).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.gaps import VARIANTS, variant

ROOT = Path(__file__).resolve().parents[2]


def cli(*args: str) -> subprocess.CompletedProcess:
    """``sabo-eval`` in a fresh process, as an operator runs it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "sabo_eval.cli", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=600, check=False)


def _text(page: Path) -> str:
    import html
    import re

    text = re.sub(r"<style.*?</style>|<script.*?</script>", "", page.read_text(encoding="utf-8"), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text)))


def _one_line_refusal(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    lines = [line for line in done.stdout.splitlines() if line.startswith(("오류:", "error:"))]
    assert [line.split(":")[0] for line in lines] == ["오류", "error"], done.stdout
    return done.stdout


@pytest.fixture(scope="module")
def gaps(tmp_path_factory):
    """A warehouse of four districts without service rows (one without a plan, one without meetings), run once."""
    root = tmp_path_factory.mktemp("ends")
    files = root / "files"
    files.mkdir()
    for code, (name, emptied, headerless) in VARIANTS.items():
        variant(files / f"{code}_2023.xlsx", code, name, emptied, headerless)
    db, out = root / "w.duckdb", root / "reports"
    ingested = cli("ingest", str(files), "--db", str(db))
    assert ingested.returncode == 0, ingested.stdout + ingested.stderr
    done = cli("run", "--year", "2023", "--db", str(db), "--out", str(out), "--jobs", "2")
    return db, out, done


def test_a_year_without_any_service_row_gets_every_report(gaps):
    _db, out, done = gaps
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    manifest = json.loads((out / "2023" / "manifest.json").read_text(encoding="utf-8"))
    assert {c: d["status"] for c, d in manifest["districts"].items()} == dict.fromkeys(VARIANTS, "ok")
    assert manifest["comparison"]["status"] == "ok"
    comparison = _text(out / "2023" / "comparison.html")
    assert "어느 곳도 서비스 실적 자료(서비스실적 시트)를 내지 않아 비교할 지표가 없습니다" in comparison


@pytest.mark.parametrize("code", list(VARIANTS))
def test_each_report_says_that_the_district_submitted_no_service_data(gaps, code):
    _db, out, _done = gaps
    page = _text(out / "2023" / f"{code}.html")
    assert "이 시군구는 2023년 서비스 실적 자료를 내지 않았습니다(서비스실적 시트가 없거나 비어 있음)" in page


def test_a_district_without_a_plan_or_meetings_is_told_in_its_sections(gaps):
    _db, out, _done = gaps
    no_plan = _text(out / "2023" / "11200.html")
    assert "이 시군구는 2023년 연차별 시행계획 자료를 내지 않았습니다(시행계획·성과지표 시트가 없거나 비어 있음)" in no_plan
    assert "이 시군구는 2023년 예산 자료를 내지 않았습니다" in no_plan
    assert "이 시군구는 2023년 모니터링 의견 자료를 내지 않았습니다" in no_plan
    assert "회의 참석 자료를 내지 않았습니다" not in no_plan  # its meetings are there
    no_meetings = _text(out / "2023" / "11215.html")
    assert "이 시군구는 2023년 회의 참석 자료를 내지 않았습니다(회의목록·출석부·회의참석 시트가 없거나 비어 있음)" in no_meetings
    assert "참석률을 분석할 수 없습니다" in no_meetings
    assert "연차별 시행계획 자료를 내지 않았습니다" not in no_meetings  # its plan is there


def _tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and "logs" not in p.parts}


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--year", "2023", "--district", "99999"], "99999"),
        (["--year", "2023", "--district", "11140", "--district", "99999"], "99999"),
        (["--year", "1999"], "2000"),
        (["--year", "2022"], "2023"),  # no data: the years that have data are named
    ],
)
def test_a_run_that_can_produce_nothing_is_refused_and_writes_nothing(gaps, args, said):
    db, out, _done = gaps
    before = _tree(out)
    refused = cli("run", *args, "--db", str(db), "--out", str(out))
    assert said in _one_line_refusal(refused)
    assert _tree(out) == before  # the year's reports, index and manifest untouched, no new year folder
    assert not (out / "1999").exists() and not (out / "2022").exists()


def test_a_missing_warehouse_is_refused(tmp_path):
    db = tmp_path / "empty.duckdb"
    made = cli("ingest", str(tmp_path / "nothing-here"), "--db", str(db))
    assert made.returncode == 2 and "Traceback" not in made.stdout + made.stderr
    refused = cli("run", "--year", "2023", "--db", str(db), "--out", str(tmp_path / "r"))
    _one_line_refusal(refused)
    assert not (tmp_path / "r" / "2023").exists()
