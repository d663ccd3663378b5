"""Write the hostile corpus to a folder: ``python tests/corpus/hostile/build_hostile_corpus.py DEST``.

Every case of the ``cases_*.py`` modules is written under ``DEST/<case name>/`` with
``DEST/EXPECTED.csv`` (case, outcome, rule, command, note). Nothing is committed: the
test builds the same cases in a temporary folder each time it runs.
"""

from __future__ import annotations

import csv
import importlib
import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import hostile  # noqa: E402


def all_cases() -> list[hostile.Case]:
    """Every case of every ``cases_*.py`` module, in file order; names are unique."""
    cases: list[hostile.Case] = []
    for module_path in sorted(HERE.glob("cases_*.py")):
        module = importlib.import_module(module_path.stem)
        cases.extend(module.CASES)
    names = [case.name for case in cases]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise ValueError(f"duplicate case names: {duplicated}")
    return cases


def expected_table(cases: list[hostile.Case]) -> str:
    """EXPECTED.csv: one row per case."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["case", "outcome", "rule", "command", "note"])
    for case in cases:
        outcome = "refuse" if isinstance(case.outcome, hostile.Refuse) else "accept"
        rule = getattr(case.outcome, "rule", "")
        writer.writerow([case.name, outcome, rule, " ".join(case.command), case.note])
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: build_hostile_corpus.py DEST\n")
        return 2
    dest = Path(argv[0])
    dest.mkdir(parents=True, exist_ok=True)
    cases = all_cases()
    for case in cases:
        folder = dest / case.name
        folder.mkdir(exist_ok=True)
        case.make(folder)
    (dest / "EXPECTED.csv").write_text(expected_table(cases), encoding="utf-8")
    sys.stdout.write(f"{len(cases)} cases written to {dest}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
