"""Text cases: submitted text that looks like a formula, mathtext or markup is text.

These run the whole path a secretariat's text takes (``demo``: ingest the folder, then
produce its reports), so a label matplotlib would parse as mathtext, or a
subcommittee that would become a live formula, fails the command if it is not
handled. The xlsx written beside the report is checked element by element in
``tests/reports/test_output_safety.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from hostile import ROOT, Accept, Case

sys.path.insert(0, str(ROOT / "tests" / "fixtures"))

import hostile_text  # noqa: E402

#: ``demo`` ingests every submission of ``{path}`` and reports the latest complete year.
DEMO = ("demo", "--sample", "{path}", "--db", "{db}", "--out", "{out}", "--jobs", "1")


def _hostile_folder(folder: Path) -> Path:
    """The hostile-text submission, its district name (시군구명) mathtext and its province a DDE formula."""
    sample = folder / "sample"
    sample.mkdir()
    sheets = hostile_text.hostile_sheets()
    sheets["지역현황"][2][1] = hostile_text.HOSTILE["macro"]
    sheets["지역현황"][2][2] = hostile_text.HOSTILE["dde"]
    path = sample / "11110_2023_hostile_text.xlsx"
    hostile_text.build_fixtures.write_workbook(path, sheets, hostile_text.build_fixtures.MERGES)
    hostile_text.strings_only(path)
    return sample


#: One case only: ingesting and reporting takes 10-25 s, the cost of one real report.
CASES = [
    Case("text_formula_mathtext_everywhere", _hostile_folder, Accept(),
         "every free-text field (district name, subcommittees, members, roles, plan, indicators, opinions, services) "
         "holds =cmd|…, =HYPERLINK(…), +1, -1+2, @SUM, $\\undefinedmacro{x}$, $x^2$, []:*?/\\, 40-character names, "
         "A<B 또는 C>D or a spaced member name; ingest and the report succeed",
         command=DEMO),
]
