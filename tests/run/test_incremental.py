"""A correction cycle: one district re-ingested re-runs only what shows its figures; district runs merge."""

import json
import shutil
from pathlib import Path

import pytest

from sabo_eval.run.plan import REASONS
from sabo_eval.run.runner import run_year
from sabo_eval.warehouse.store import ingest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CSV = FIXTURES / "good" / "11110_2023_csv_utf8"


def _copy(root: Path, code: str, name: str) -> Path:
    """The CSV fixture as district ``code``."""
    copy = root / f"{code}_2023_copy"
    shutil.copytree(CSV, copy)
    for csv_file in copy.glob("*.csv"):
        text = csv_file.read_text(encoding="utf-8").replace("11110", code).replace("종로구", name).replace("△", "○")
        csv_file.write_text(text, encoding="utf-8")
    return copy


@pytest.fixture(scope="module")
def three_districts(tmp_path_factory):
    """A warehouse with 11110 (the xlsx fixture) and two CSV copies, 11140 and 11170."""
    root = tmp_path_factory.mktemp("incremental")
    copies = [_copy(root, "11140", "중구"), _copy(root, "11170", "용산구")]
    db = root / "w.duckdb"
    assert all(r.status == "added" for r in ingest([FIXTURES / "good" / "11110_2023_minimal.xlsx", *copies], db))
    return root, db, copies


def _manifest(out: Path) -> dict:
    return json.loads((out / "2023" / "manifest.json").read_text(encoding="utf-8"))


def test_district_run_merges_then_full_run_reuses_it_then_a_correction_reruns_what_shows_it(three_districts):
    root, db, copies = three_districts
    out = root / "reports"
    # one district first: the index and manifest list it alone (nothing else exists yet)
    first = run_year(2023, db=db, out_dir=out, districts=["11140"], jobs=1, progress=False)
    assert [(o.district_code, o.status, o.action, o.reason) for o in first.outcomes] == [("11140", "ok", "executed", REASONS["new"])]
    page_11140 = (out / "2023" / "11140.html").read_bytes()

    # the whole year: what the first run produced is not executed again
    full = run_year(2023, db=db, out_dir=out, jobs=2, progress=False)
    status = {o.district_code: o for o in full.outcomes}
    assert status["11140"].status == "cached" and status["11140"].reason == ""
    assert status["11110"].action == status["11170"].action == "executed"
    assert status["11110"].reason == REASONS["new"] and full.comparison.status == "ok"
    assert (out / "2023" / "11140.html").read_bytes() == page_11140
    pages = {c: (out / "2023" / f"{c}.html").read_bytes() for c in status}

    # a district run after the full run keeps every other entry in the manifest and the index
    again = run_year(2023, db=db, out_dir=out, districts=["11110"], jobs=1, progress=False)
    assert [o.status for o in again.outcomes] == ["cached"]
    manifest = _manifest(out)
    assert set(manifest["districts"]) == {"11110", "11140", "11170"}
    assert manifest["comparison"]["status"] in ("ok", "cached") and len(manifest["inputs"]) == 3
    index = (out / "2023" / "index.html").read_text(encoding="utf-8")
    for code in ("11110", "11140", "11170"):
        assert f'href="{code}.html"' in index, code
    assert 'href="comparison.html"' in index

    # one attendance mark corrected in 11170, re-ingested as a replacement
    roster = copies[1] / "출석부_연구기획분과.csv"
    roster.write_text(roster.read_text(encoding="utf-8").replace("M01,김범수,○,×,○", "M01,김범수,○,○,○"), encoding="utf-8")
    (result,) = ingest([copies[1]], db)
    assert result.status != "added" and result.status != "unchanged", result.status
    corrected = run_year(2023, db=db, out_dir=out, jobs=2, progress=False)
    status = {o.district_code: o for o in corrected.outcomes}
    assert status["11170"].action == "executed" and status["11170"].reason == REASONS["data"]
    assert corrected.comparison.action == "executed" and corrected.comparison.reason == REASONS["context"]
    manifest = _manifest(out)
    for code in ("11110", "11140"):
        entry = manifest["districts"][code]
        if entry["action"] == "cached":
            assert (out / "2023" / f"{code}.html").read_bytes() == pages[code]
        else:  # executed only because a median or a place it shows moved
            assert entry["reason"] == REASONS["display"], entry
    assert (out / "2023" / "11170.html").read_bytes() != pages["11170"]

    # nothing changed: everything cached, by the fast path
    last = run_year(2023, db=db, out_dir=out, jobs=2, progress=False)
    assert {o.status for o in last.outcomes} == {"cached"} and last.comparison.status == "cached"


def test_the_reason_names_the_first_input_that_changed():
    from sabo_eval.run.plan import DistrictOutcome, execution_reason

    now = DistrictOutcome("11110", "종로구", "pending", data_hash="d", display_digest="s", code_hash="c", parameters_hash="p")
    prior = {"status": "ok", "data_hash": "d", "display_digest": "s", "code_hash": "c", "parameters_hash": "p"}

    def reason(**changes):
        return execution_reason({**prior, **changes}, now, use_cache=True, report_exists=True)

    assert execution_reason(prior, now, use_cache=False, report_exists=True) == REASONS["disabled"]
    assert execution_reason(prior, now, use_cache=True, report_exists=False) == REASONS["new"]
    assert execution_reason(None, now, use_cache=True, report_exists=True) == REASONS["new"]
    assert reason(status="failed") == REASONS["failed"]
    assert reason(code_hash="old", data_hash="old") == REASONS["code"]
    assert reason(parameters_hash="old") == REASONS["parameters"]
    assert reason(data_hash="old", display_digest="old") == REASONS["data"]
    assert reason(display_digest="old") == REASONS["display"]
    assert reason() == REASONS["key"]


def test_two_district_runs_at_once_both_stay_listed(three_districts):
    from concurrent.futures import ThreadPoolExecutor

    root, db, _copies = three_districts
    out = root / "concurrent"
    with ThreadPoolExecutor(2) as pool:
        runs = [pool.submit(run_year, 2023, db=db, out_dir=out, districts=[code], jobs=1, progress=False,
                            comparison_notebook=None) for code in ("11110", "11140")]
        assert [r.result().outcomes[0].status for r in runs] == ["ok", "ok"]
    assert set(_manifest(out)["districts"]) == {"11110", "11140"}
    index = (out / "2023" / "index.html").read_text(encoding="utf-8")
    assert 'href="11110.html"' in index and 'href="11140.html"' in index


def test_a_changed_codebook_is_the_reason_when_code_and_settings_are_unchanged():
    from sabo_eval.run.plan import DistrictOutcome, execution_reason

    now = DistrictOutcome("11110", "종로구", "pending", data_hash="d", code_hash="c", parameters_hash="p", codebook_digest="new")
    prior = {"status": "ok", "data_hash": "d", "display_digest": "", "code_hash": "c", "parameters_hash": "p", "codebook_digest": "old"}
    assert execution_reason(prior, now, use_cache=True, report_exists=True) == REASONS["codebook"] == "코드북 변경 / codebook changed"
    assert execution_reason({**prior, "code_hash": "old"}, now, use_cache=True, report_exists=True) == REASONS["code"]
