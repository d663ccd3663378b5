"""The yearly run with real papermill and nbconvert executions."""

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from sabo_eval.reports.export import external_references
from sabo_eval.run.runner import run_year
from sabo_eval.warehouse.store import ingest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="module")
def two_districts(tmp_path_factory):
    """A warehouse with the minimal fixture for 11110 and a copy of it as 11140."""
    root = tmp_path_factory.mktemp("run")
    copy = root / "11140_2023_copy"
    shutil.copytree(FIXTURES / "good" / "11110_2023_csv_utf8", copy)
    for csv_file in copy.glob("*.csv"):
        csv_file.write_text(csv_file.read_text(encoding="utf-8").replace("11110", "11140").replace("종로구", "중구").replace("△", "○"), encoding="utf-8")
    db = root / "w.duckdb"
    results = ingest([FIXTURES / "good" / "11110_2023_minimal.xlsx", copy], db)
    assert all(r.status == "added" for r in results)
    return root, db


def test_run_produces_self_contained_masked_reports_then_caches(two_districts):
    root, db = two_districts
    out = root / "reports"
    result = run_year(2023, db=db, out_dir=out, jobs=2, progress=False)
    assert [o.status for o in result.outcomes] == ["ok", "ok"]
    page = (out / "2023" / "11110.html").read_text(encoding="utf-8")
    assert "종로구 2023년 지역사회보장협의체 평가 보고서" in page
    assert "연구기획분과 회의참석률" in page
    for section in ("월별 참석률", "실무분과 비교", "위원별 참석 현황", "우수위원 후보", "실무분과의 평균 참석률은"):
        assert section in page, section
    other = (out / "2023" / "11140.html").read_text(encoding="utf-8")
    assert "소*이" in other and "소현이" not in other  # excellent member listed, name masked
    assert "김범수" not in page and "소현이" not in page
    assert "DistrictReport(" not in page  # no code cells
    assert external_references(page) == []
    assert 'alt="' in page and "data:image/png;base64," in page
    index = (out / "2023" / "index.html").read_text(encoding="utf-8")
    assert 'href="11110.html"' in index and 'href="11140.html"' in index
    assert 'href="comparison.html"' in index and (out / "2023" / "comparison.html").exists()
    assert result.comparison.status == "ok"
    manifest = json.loads((out / "2023" / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["districts"]) == {"11110", "11140"}
    assert manifest["versions"]["papermill"] and len(manifest["inputs"]) == 2

    again = run_year(2023, db=db, out_dir=out, jobs=2, progress=False)
    assert [o.status for o in again.outcomes] == ["cached", "cached"]
    assert (out / "2023" / "11110.html").read_text(encoding="utf-8") == page


def test_show_names_and_one_failing_district_does_not_stop_the_other(two_districts, tmp_path):
    _root, db = two_districts
    notebook = tmp_path / "failing.ipynb"
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('district_code = "00000"\nyear = 2023\nwarehouse = None\nmask_names = True\nrun_context = None')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        params,
        nbformat.v4.new_code_cell('if district_code == "11110":\n    raise ValueError("잘못된 자료 (injected)")'),
        nbformat.v4.new_markdown_cell("## 정상"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, notebook)
    shown = run_year(2023, db=db, out_dir=tmp_path / "names", districts=["11140"], mask_names=False, progress=False)
    assert shown.outcomes[0].status == "ok"
    assert "소현이" in (tmp_path / "names" / "2023" / "11140.html").read_text(encoding="utf-8")
    result = run_year(2023, db=db, out_dir=tmp_path / "out", jobs=2, notebook=notebook, progress=False)
    status = {o.district_code: o for o in result.outcomes}
    assert status["11140"].status == "ok"
    assert status["11110"].status == "failed"
    assert "잘못된 자료" in status["11110"].error
    kept = tmp_path / "out" / "2023" / "failed" / "11110.ipynb"
    assert kept.exists()
    assert not (tmp_path / "out" / "2023" / "11110.html").exists()
    index = (tmp_path / "out" / "2023" / "index.html").read_text(encoding="utf-8")
    assert "실패한 시군구 (1곳)" in index and "잘못된 자료" in index


def test_forced_failure_in_the_real_notebook_is_isolated_and_listed(two_districts, tmp_path):
    from sabo_eval.cli import main

    _root, db = two_districts
    out = tmp_path / "out"
    code = main(["run", "--year", "2023", "--db", str(db), "--out", str(out), "--fail-district", "11110"])
    assert code == 1
    year_dir = out / "2023"
    assert (year_dir / "11140.html").exists() and (year_dir / "11140.xlsx").exists()
    assert not (year_dir / "11110.html").exists()
    kept = year_dir / "failed" / "11110.ipynb"
    assert kept.exists() and nbformat.read(kept, as_version=4).metadata["papermill"]["exception"]
    index = (year_dir / "index.html").read_text(encoding="utf-8")
    assert "실패한 시군구 (1곳)" in index and "In [" in index and "테스트용 강제 오류" in index
    manifest = json.loads((year_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["districts"]["11110"]["status"] == "failed"
    assert manifest["districts"]["11140"]["status"] == "ok"


def test_tables_workbook_beside_the_report_is_inert(two_districts, tmp_path):
    from openpyxl import load_workbook

    root, db = two_districts
    out = root / "reports" / "2023"
    if not (out / "11110.xlsx").exists():
        run_year(2023, db=db, out_dir=root / "reports", jobs=2, progress=False)
    wb = load_workbook(out / "11110.xlsx")
    assert "연구기획분과 회의참석률" in wb.sheetnames
    sheet = wb["연구기획분과 회의참석률"]
    assert [c.value for c in sheet[2]] == ["월", "합", "민", "관"]
    formulas = [c.coordinate for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_dask_scheduler_gives_the_same_reports_as_the_local_run(two_districts, tmp_path):
    from distributed import LocalCluster

    _root, db = two_districts
    local = run_year(2023, db=db, out_dir=tmp_path / "local", jobs=2, progress=False)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        dask = run_year(2023, db=db, out_dir=tmp_path / "dask", scheduler=cluster.scheduler_address, progress=False)
    assert [o.status for o in dask.outcomes] == ["ok", "ok"] == [o.status for o in local.outcomes]
    for code in ("11110", "11140"):
        a = (tmp_path / "local" / "2023" / f"{code}.html").read_text(encoding="utf-8")
        b = (tmp_path / "dask" / "2023" / f"{code}.html").read_text(encoding="utf-8")
        assert a == b, code
    manifest = json.loads((tmp_path / "dask" / "2023" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["scheduler"] == cluster.scheduler_address


def test_interrupted_run_leaves_complete_reports_and_the_next_run_finishes(two_districts, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    _root, db = two_districts
    out = tmp_path / "out"
    command = [sys.executable, "-m", "sabo_eval.cli", "run", "--year", "2023", "--db", str(db), "--out", str(out), "--jobs", "1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while not list((out / "2023").glob("*.html")) and time.monotonic() < deadline:
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)  # the whole run, kernels included
    process.wait()
    for page in (out / "2023").glob("*.html"):
        assert page.read_text(encoding="utf-8").rstrip().endswith("</html>"), page.name  # complete, never partial
    result = run_year(2023, db=db, out_dir=out, jobs=2, progress=False)
    assert {o.status for o in result.outcomes} <= {"ok", "cached"}
    assert all((out / "2023" / f"{code}.html").exists() for code in ("11110", "11140"))
    logs = list((out / "logs").glob("run-*.log")) if (out / "logs").exists() else []
    assert logs  # the CLI wrote its own log file for the interrupted run


def test_pilot_report_is_produced_once_and_cached(tmp_path):
    import os

    from sabo_eval.run.runner import run_pilot

    first = run_pilot(db=os.environ["SABO_EVAL_DB"], out_dir=tmp_path)
    assert first is not None and first.status == "ok", first and first.error
    page = (tmp_path / "pilot" / "pilot_evaluation.html").read_text(encoding="utf-8")
    assert "이중차분" in page and "95%" in page and external_references(page) == []
    again = run_pilot(db=os.environ["SABO_EVAL_DB"], out_dir=tmp_path)
    assert again.status == "cached"


def test_cold_runs_give_the_reports_of_warm_runs_and_record_memory(two_districts, tmp_path):
    """``warm=False`` (a kernel per district, ``sabo-eval run --cold``) is the same report, byte for byte."""
    _root, db = two_districts
    warm = run_year(2023, db=db, out_dir=tmp_path / "warm", jobs=1, progress=False, comparison_notebook=None)
    cold = run_year(2023, db=db, out_dir=tmp_path / "cold", jobs=1, progress=False, comparison_notebook=None, warm=False)
    for code in ("11110", "11140"):
        assert (tmp_path / "warm" / "2023" / f"{code}.html").read_bytes() == (tmp_path / "cold" / "2023" / f"{code}.html").read_bytes()
    assert all(o.kernel_peak_mb and 100 < o.kernel_peak_mb < 2000 for o in warm.outcomes)  # the warm kernel's peak memory
    assert all(o.kernel_peak_mb is None and o.worker_peak_mb for o in cold.outcomes)
    manifest = json.loads((tmp_path / "warm" / "2023" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["warm"] is True and manifest["districts"]["11110"]["kernel_peak_mb"] > 0


def test_a_folder_written_from_another_warehouse_is_named_in_the_log(tmp_path, caplog):
    """The demo's folder run again from the user's warehouse: the log says the index changes hands."""
    import json
    import logging
    from types import SimpleNamespace

    from sabo_eval.run.runner import _warn_other_warehouse

    year_dir = tmp_path / "2023"
    year_dir.mkdir()
    (year_dir / "manifest.json").write_text(json.dumps({"warehouse": str(tmp_path / "demo.duckdb")}), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="sabo_eval.run.runner"):
        _warn_other_warehouse(SimpleNamespace(year_dir=year_dir, db_path=tmp_path / "demo.duckdb"))
    assert not caplog.records
    with caplog.at_level(logging.WARNING, logger="sabo_eval.run.runner"):
        _warn_other_warehouse(SimpleNamespace(year_dir=year_dir, db_path=tmp_path / "warehouse.duckdb"))
    assert len(caplog.records) == 1
    assert "다른 창고" in caplog.text and "demo.duckdb" in caplog.text and "--out" in caplog.text


def test_the_reports_sure_to_run_are_those_whose_own_inputs_changed(tmp_path):
    """sure_to_run: queued tasks, plus undecided districts with new data/code/parameters or no report."""
    from types import SimpleNamespace

    from sabo_eval.run.plan import sure_to_run

    def outcome(data="d"):
        return SimpleNamespace(data_hash=data, code_hash="c", parameters_hash="p")

    prior = {"data_hash": "d", "code_hash": "c", "parameters_hash": "p", "status": "ok"}
    for code in ("11110", "11140", "11170"):
        (tmp_path / f"{code}.html").write_text("x", encoding="utf-8")
    plan = SimpleNamespace(
        tasks=[{"district_code": "comparison"}], undecided=["11110", "11140", "11170", "11200"], year_dir=tmp_path, use_cache=True,
        priors={"11110": prior, "11140": prior, "11170": {**prior, "status": "failed"}, "11200": prior},
        outcomes={"11110": outcome(), "11140": outcome("corrected"), "11170": outcome(), "11200": outcome()},
    )
    # comparison queued; 11140 corrected; 11170 failed last time; 11200 has no report; 11110 may stay cached
    assert sure_to_run(plan) == 4
    plan.use_cache = False
    assert sure_to_run(plan) == 5
