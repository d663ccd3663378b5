"""Hostile files and operator mistakes: every case runs as a real ``sabo-eval`` command
under a memory cap (1 GiB, the whole process group) and a time cap (60 s); it must end
with the expected outcome, a message instead of a traceback, and the warehouse unchanged
when refused. Cases are generated at test time (see ``tests/corpus/hostile``)."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from sabo_eval.warehouse.store import Warehouse, ingest

HOSTILE = Path(__file__).resolve().parents[1] / "corpus" / "hostile"
sys.path.insert(0, str(HOSTILE))

import build_hostile_corpus  # noqa: E402
import hostile  # noqa: E402

CASES = build_hostile_corpus.all_cases()
HANGUL = re.compile("[\uac00-\ud7a3]")


@pytest.fixture(scope="module")
def base_db(tmp_path_factory):
    """A warehouse holding the valid workbook, and its checksums."""
    db = tmp_path_factory.mktemp("hostile") / "base.duckdb"
    (result,) = ingest([hostile.GOOD], db)
    assert result.status == "added"
    with Warehouse(db, read_only=True) as wh:
        return db, wh.checksums()


def test_the_corpus_is_large_and_names_its_outcomes():
    assert len(CASES) >= 2
    table = build_hostile_corpus.expected_table(CASES)
    assert table.count("\n") == len(CASES) + 1


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_case_ends_as_expected_within_the_caps(case, base_db, tmp_path):
    base, before = base_db
    db = tmp_path / "w.duckdb"
    shutil.copy(base, db)
    folder = tmp_path / "case"
    folder.mkdir()
    path = case.make(folder)
    done = hostile.run_capped(hostile.command_argv(case, path, db, tmp_path / "reports"),
                              env=case.env, cwd=tmp_path)
    output = done.stdout + done.stderr
    assert not done.killed, f"{case.name}: killed over the {done.killed} cap (peak {done.peak_bytes >> 20} MiB)"
    assert done.peak_bytes <= hostile.MEMORY_CAP
    assert done.seconds <= hostile.TIME_CAP
    assert "Traceback" not in output, output[-3000:]
    if isinstance(case.outcome, hostile.Accept):
        assert done.returncode == 0, output[-3000:]
        return
    assert done.returncode != 0, output[-3000:]
    assert HANGUL.search(output), output[-3000:]
    if case.outcome.rule:
        assert re.search(rf"\b{re.escape(case.outcome.rule)}\b", done.stdout), output[-3000:]
    with Warehouse(db, read_only=True) as wh:
        assert wh.checksums() == before
