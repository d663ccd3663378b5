"""Build the realistic-files corpus (run: python tests/corpus/real/build_real_corpus.py).

Writes every case of the ``cases_*.py`` modules to ``files/`` and the
expected-outcome table ``EXPECTED.csv`` (one row per case: what must happen).
Deterministic: building twice gives the same bytes.
"""

from __future__ import annotations

import csv
import importlib
import io
import logging
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402

logger = logging.getLogger("build_real_corpus")
COLUMNS = ["file", "base", "outcome", "rule", "sheet", "row", "column", "warnings", "adjusted", "note"]


def all_cases() -> list[corpus.Case]:
    """Every case of every ``cases_*.py`` module, in module then list order."""
    cases = []
    for module_path in sorted(HERE.glob("cases_*.py")):
        cases.extend(importlib.import_module(module_path.stem).CASES)
    names = [c.name for c in cases]
    duplicated = {n for n in names if names.count(n) > 1}
    if duplicated:
        raise ValueError(f"case names used twice: {sorted(duplicated)}")
    return cases


def expected_table(cases: list[corpus.Case]) -> str:
    """The expected-outcome table as CSV text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for case in cases:
        o = case.outcome
        if isinstance(o, corpus.Refuse):
            row = ["refuse", o.rule, o.sheet, "" if o.row is None else o.row, o.column, "", ""]
        else:
            row = ["accept", "", "", "", "", ";".join(o.warnings), "yes" if o.adjust else ""]
        writer.writerow([case.name, case.base, *row, case.note])
    return out.getvalue()


def main() -> None:
    cases = all_cases()
    if corpus.FILES.exists():
        shutil.rmtree(corpus.FILES)
    for case in cases:
        corpus.build(case)
    corpus.EXPECTED.write_text(expected_table(cases), encoding="utf-8")
    logger.info("%d cases written to %s", len(cases), corpus.FILES)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    main()
