"""The bad-input corpus: every case is refused with a located, bilingual problem,
and the warehouse is left exactly as it was (checksum of every table)."""

import csv
import re
import shutil
from pathlib import Path

import pytest

from sabo_eval.errors import ValidationFailed
from sabo_eval.warehouse.store import Warehouse, ingest

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "bad"
GOOD = Path(__file__).resolve().parents[1] / "fixtures" / "good" / "11110_2023_minimal.xlsx"
with open(CORPUS / "EXPECTED.csv", encoding="utf-8") as handle:
    CASES = list(csv.DictReader(handle))
HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.fixture(scope="module")
def base_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("corpus") / "base.duckdb"
    (result,) = ingest([GOOD], db)
    assert result.status == "added"
    with Warehouse(db, read_only=True) as wh:
        return db, wh.checksums()


def test_the_corpus_has_at_least_50_listed_cases():
    listed = {case["file"] for case in CASES}
    present = {p.name for p in CORPUS.iterdir() if p.name != "EXPECTED.csv"}
    assert len(CASES) >= 50
    assert listed == present


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_bad_submission_is_refused_with_a_located_problem(case, base_db, tmp_path):
    base, before = base_db
    db = tmp_path / "w.duckdb"
    shutil.copy(base, db)
    (result,) = ingest([CORPUS / case["file"]], db)
    assert isinstance(result, ValidationFailed), case["file"]
    errors = [p for p in result.problems if p.severity == "error"]
    matching = [p for p in errors if p.rule == case["rule"]]
    assert matching, [(p.rule, p.sheet, p.row, p.column) for p in errors]
    if case["sheet"]:
        matching = [p for p in matching if p.sheet == case["sheet"]]
        assert matching, case
    if case["row"]:
        matching = [p for p in matching if p.row == int(case["row"])]
        assert matching, case
    if case["column"]:
        assert any(p.column == case["column"] for p in matching), [(p.column, p.value) for p in matching]
    for problem in errors:
        assert problem.file == Path(case["file"]).name
        assert HANGUL.search(problem.reason_ko), problem  # Korean first
        assert re.search("[A-Za-z]{3,}", problem.reason_en), problem  # and English
    with Warehouse(db, read_only=True) as wh:
        assert wh.checksums() == before
