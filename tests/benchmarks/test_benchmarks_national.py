"""The national benchmark generator: valid, deterministic, prefix-stable and cached."""

from __future__ import annotations

import json

import pytest

from benchmarks import national
from sabo_eval.intake.loaders import unsafe_file_name
from sabo_eval.intake.problems import ERROR
from sabo_eval.intake.validation import validate
from sabo_eval.warehouse.store import IngestResult, Warehouse, ingest

YEARS = (2022, 2023)


@pytest.fixture(scope="module")
def small_set(tmp_path_factory):
    """3 districts × 2 years, written in this process (with a stamp)."""
    out = tmp_path_factory.mktemp("national-a")
    return out, national.ensure_national(out, 3, YEARS, jobs=1)


def _bytes(paths):
    return {p.name: p.read_bytes() for p in paths}


def test_districts_are_unique_and_safe():
    every = national.districts()
    assert len(every) == national.N_DISTRICTS == 229
    assert len({d.code for d in every}) == 229
    assert all(len(d.code) == 5 and d.code.isdigit() for d in every)
    assert len({(d.province, d.name) for d in every}) == 229
    assert not any(unsafe_file_name(f"{d.code}_2023_{d.name}.xlsx") for d in every)
    assert all(d.population > 1_000 and 0 < d.share65 < 1 and d.n_dongs > 0 for d in every)
    assert national.districts(5) == every[:5]
    with pytest.raises(ValueError):
        national.districts(230)


def test_small_set_ingests_without_errors(small_set, tmp_path):
    out, paths = small_set
    assert [p.name for p in paths] == sorted(p.name for p in paths)
    assert len(paths) == 3 * len(YEARS)
    results = ingest(paths, tmp_path / "national.duckdb")
    failed = [r for r in results if not isinstance(r, IngestResult)]
    assert failed == [], [
        (f.file, [p for p in f.problems if p.severity == ERROR][:3]) for f in failed
    ]
    assert {r.status for r in results} == {"added"}
    stamp = json.loads((out / national.STAMP_NAME).read_text(encoding="utf-8"))
    assert {r.file_name: r.row_counts["attendance"] for r in results} == stamp["files"]
    with Warehouse(tmp_path / "national.duckdb", read_only=True) as wh:
        counts = wh.query(
            "SELECT district_code, year, count(*) AS n FROM attendance GROUP BY ALL ORDER BY ALL"
        )
        tables = wh.row_counts()
    assert len(counts) == 3 * len(YEARS)
    assert counts["n"].between(1_500, 4_000).all(), counts
    for table in (
        "members",
        "meetings",
        "plan_items",
        "indicators",
        "budget",
        "opinions",
        "services",
    ):
        assert tables[table] > 0, table
    # Warnings are allowed but should stay rare.
    warnings = [p for path in paths for p in validate(path).problems if p.severity != ERROR]
    assert len(warnings) <= len(paths), warnings[:5]


def test_output_is_deterministic_whatever_the_number_of_jobs(small_set, tmp_path):
    _out, paths = small_set
    other = national.generate(tmp_path, n_districts=3, years=YEARS, jobs=2)
    assert _bytes(other) == _bytes(paths)


def test_smaller_set_is_a_prefix(small_set, tmp_path):
    _out, paths = small_set
    fewer = national.generate(tmp_path, n_districts=2, years=YEARS, jobs=1)
    assert len(fewer) == 2 * len(YEARS)
    full = _bytes(paths)
    assert all(full[name] == data for name, data in _bytes(fewer).items())


def test_ensure_national_uses_the_stamp(tmp_path):
    first = national.ensure_national(tmp_path, 2, (2023,), jobs=1)
    mtimes = {p: p.stat().st_mtime_ns for p in first}
    assert national.ensure_national(tmp_path, 2, (2023,), jobs=1) == first
    assert {p: p.stat().st_mtime_ns for p in first} == mtimes  # nothing rewritten
    # Other parameters regenerate and drop workbooks that are no longer part of the set.
    fewer = national.ensure_national(tmp_path, 1, (2023,), jobs=1)
    assert len(fewer) == 1
    assert sorted(tmp_path.glob("*.xlsx")) == fewer
    stamp = json.loads((tmp_path / national.STAMP_NAME).read_text(encoding="utf-8"))
    assert stamp["n_districts"] == 1 and stamp["years"] == [2023]


def test_cli_rejects_bad_years(tmp_path):
    assert national.main(["--out", str(tmp_path), "--districts", "1", "--years", "2999"]) == 2
    assert not list(tmp_path.iterdir())
