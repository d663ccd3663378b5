"""The benchmark's small mode (what CI runs): every step runs and every figure is written; nothing is timed."""

from __future__ import annotations

import json

from benchmarks import run as bench
from sabo_eval.intake.readers import submission_hash
from sabo_eval.warehouse.store import Warehouse


def test_smoke_benchmark_produces_every_figure(tmp_path):
    results = tmp_path / "RESULTS.md"
    assert bench.main(["--smoke", "--out", str(tmp_path / "work"), "--results", str(results)]) == 0
    text = results.read_text(encoding="utf-8")
    for label in ("**P1**", "**P2**", "**P3**", "**P4**", "**P5** HTML", "**P5** peak memory", "**P6**", "## P6", "## Scaling"):
        assert label in text, label
    figures = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))["figures"]
    assert figures["P1"]["districts"] == 3 and all(figures["P1"]["identical"].values())  # naive and our reports agree
    assert figures["P2"]["all_cached"] is True
    assert figures["P3"]["districts"] == 3 and figures["P3"]["tables"]["meeting_rates"] > 0
    assert figures["P4"]["files"] == 3
    assert figures["P5"]["html_mb_max"] > 0 and figures["P5"]["kernel_mb_max"] > 0
    p6 = figures["P6"]  # one correction, re-ingested and run again
    assert p6["ingest_status"] == "replaced" and p6["change"]["before"] != p6["change"]["after"]
    assert p6["corrected_executed"] is True and p6["executed"] + p6["cached"] == p6["reports"] == 3
    assert p6["untouched"] == 2 and p6["untouched_identical"] + len(p6["untouched_changed"]) == 2
    assert set(p6["untouched_executed"]) <= set(p6["executed_reasons"]) - {p6["district"]}
    assert p6["rerun_s"] > 0 and p6["cold_s"] == figures["P1"]["run_s"]
    work = tmp_path / "work"  # the warehouse was restored: the district's current submission is the original workbook
    with Warehouse(work / "national.duckdb", read_only=True) as wh:
        current = wh.con.execute("SELECT submission_id FROM submissions WHERE is_current AND district_code = ? AND year = 2023",
                                 [p6["district"]]).fetchall()
    assert current == [(submission_hash(work / "national" / p6["workbook"]),)]
    assert (work / "national.stamp").exists() and not (work / "p6").exists()
    assert [(r["workers"], r["districts"]) for r in figures["scaling"]] == [(1, 1), (1, 3), (2, 1), (2, 3)]


def test_one_mark_corrected_and_nothing_else(tmp_path):
    """The P6 correction changes exactly one cell of the attendance sheet; a roster layout is passed over."""
    import openpyxl

    from benchmarks.incremental import change_one_mark, report_hashes

    source = tmp_path / "11110_2023_x.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "회의참석"
    for row in [("시군구코드", "회의ID", "위원ID", "참석여부"), ("11110", "m1", "M1", "△"), ("11110", "m1", "M2", "○"), ("11110", "m2", "M2", "○")]:
        sheet.append(row)
    workbook.create_sheet("예산").append(("항목", "금액"))
    workbook.save(source)
    change = change_one_mark(source, tmp_path / "out.xlsx")
    assert change == {"sheet": "회의참석", "row": 3, "record": ["11110", "m1", "M2"], "before": "○", "after": "×"}
    old = [list(r) for r in openpyxl.load_workbook(source)["회의참석"].iter_rows(values_only=True)]
    new = openpyxl.load_workbook(tmp_path / "out.xlsx")
    rows = [list(r) for r in new["회의참석"].iter_rows(values_only=True)]
    assert [(i, a, b) for i, (x, y) in enumerate(zip(old, rows, strict=True)) for a, b in zip(x, y, strict=True) if a != b] == [(2, "○", "×")]
    assert new.sheetnames == ["회의참석", "예산"]

    sheet["D1"] = "M3"  # a roster: no 참석여부 column
    workbook.save(source)
    assert change_one_mark(source, tmp_path / "roster.xlsx") is None and not (tmp_path / "roster.xlsx").exists()

    (tmp_path / "y").mkdir()
    for name in ("11110.html", "11110_summary.html", "11110.xlsx", "index.html", "comparison.html"):
        (tmp_path / "y" / name).write_text(name)
    hashes = report_hashes(tmp_path / "y")
    assert {code: sorted(pages) for code, pages in hashes.items()} == {
        "11110": ["11110.html", "11110_summary.html"], "comparison": ["comparison.html"]}
