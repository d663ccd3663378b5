"""Realistic files, nothing lost: every accepted case puts into the warehouse exactly
the tables of its base file (every table of the district-year, every value), and
every refused case is refused for the right reason with the warehouse unchanged."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from sabo_eval.errors import ValidationFailed
from sabo_eval.intake.schemas import SCHEMAS
from sabo_eval.warehouse.store import Warehouse, ingest

REAL = Path(__file__).resolve().parents[1] / "corpus" / "real"
sys.path.insert(0, str(REAL))

import build_real_corpus  # noqa: E402
import corpus  # noqa: E402

CASES = build_real_corpus.all_cases()
HANGUL = re.compile("[\uac00-\ud7a3]")


def _tables(db: Path, district_code: str, year: int) -> dict[str, pd.DataFrame]:
    """Every canonical table of a district-year, in a stable row order."""
    out = {}
    with Warehouse(db, read_only=True) as wh:
        for name, schema in SCHEMAS.items():
            frame = wh.table(name, district_code, year)[schema.column_names]
            keys = [c for c in schema.column_names if c in frame]
            out[name] = frame.sort_values(keys, kind="stable", na_position="first").reset_index(drop=True)
    return out


@pytest.fixture(scope="module")
def base_tables(tmp_path_factory):
    """The tables of each unchanged base file, ingested once."""
    cache: dict[str, tuple[str, int, dict[str, pd.DataFrame]]] = {}

    def get(base: str):
        if base not in cache:
            db = tmp_path_factory.mktemp("base") / "base.duckdb"
            (result,) = ingest([corpus.base_path(base)], db)
            assert not isinstance(result, ValidationFailed), result
            cache[base] = (result.district_code, result.year, _tables(db, result.district_code, result.year))
        return cache[base]

    return get


def test_the_corpus_on_disk_is_the_defined_corpus():
    assert len(CASES) >= 3
    assert {p.name for p in corpus.FILES.iterdir()} == {c.name for c in CASES}
    assert corpus.EXPECTED.read_text(encoding="utf-8") == build_real_corpus.expected_table(CASES)


@pytest.mark.parametrize("case", [c for c in CASES if isinstance(c.outcome, corpus.Accept)], ids=lambda c: c.name)
def test_an_accepted_file_loads_every_value_of_its_base(case, base_tables, tmp_path):
    district_code, year, expected = base_tables(case.base)
    expected = {name: frame.copy() for name, frame in expected.items()}
    if case.outcome.adjust is not None:
        case.outcome.adjust(expected)
    db = tmp_path / "w.duckdb"
    (result,) = ingest([case.path], db)
    assert not isinstance(result, ValidationFailed), [(p.rule, p.sheet, p.row, p.column, p.value) for p in result.problems]
    assert (result.district_code, result.year) == (district_code, year)
    got = _tables(db, district_code, year)
    for name, schema in SCHEMAS.items():
        want = expected[name]
        keys = [c for c in schema.column_names if c in want]
        want = want.sort_values(keys, kind="stable", na_position="first").reset_index(drop=True)
        assert_frame_equal(got[name], want, check_dtype=False, obj=f"{case.name}: {name}")
    if case.outcome.warnings:
        from sabo_eval.intake.validation import validate

        rules = {p.rule for p in validate(case.path).problems if p.severity == "warning"}
        assert set(case.outcome.warnings) <= rules, rules


@pytest.mark.parametrize("case", [c for c in CASES if isinstance(c.outcome, corpus.Refuse)], ids=lambda c: c.name)
def test_a_refused_file_names_the_right_cause_and_changes_nothing(case, base_tables, tmp_path):
    base_db = tmp_path / "w.duckdb"
    (seed,) = ingest([corpus.base_path(corpus.JONGNO)], base_db)
    with Warehouse(base_db, read_only=True) as wh:
        before = wh.checksums()
    (result,) = ingest([case.path], base_db)
    assert isinstance(result, ValidationFailed), case.name
    expect = case.outcome
    errors = [p for p in result.problems if p.severity == "error"]
    matching = [p for p in errors if p.rule == expect.rule]
    assert matching, [(p.rule, p.sheet, p.row, p.column, p.reason_ko) for p in errors]
    if expect.sheet:
        matching = [p for p in matching if p.sheet == expect.sheet]
        assert matching, [(p.rule, p.sheet) for p in errors]
    if expect.row is not None:
        matching = [p for p in matching if p.row == expect.row]
        assert matching, [(p.rule, p.sheet, p.row) for p in errors]
    if expect.column:
        assert any(p.column == expect.column for p in matching), [(p.column, p.value) for p in matching]
    for problem in errors:
        assert HANGUL.search(problem.reason_ko) and re.search("[A-Za-z]{3,}", problem.reason_en), problem
    with Warehouse(base_db, read_only=True) as wh:
        assert wh.checksums() == before
