"""The benchmark's small mode (what CI runs): every step runs and every figure is written; nothing is timed."""

from __future__ import annotations

import json

from benchmarks import run as bench


def test_smoke_benchmark_produces_every_figure(tmp_path):
    results = tmp_path / "RESULTS.md"
    assert bench.main(["--smoke", "--out", str(tmp_path / "work"), "--results", str(results)]) == 0
    text = results.read_text(encoding="utf-8")
    for label in ("**P1**", "**P2**", "**P3**", "**P4**", "**P5** HTML", "**P5** peak memory", "## Scaling"):
        assert label in text, label
    figures = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))["figures"]
    assert figures["P1"]["districts"] == 3 and all(figures["P1"]["identical"].values())  # naive and our reports agree
    assert figures["P2"]["all_cached"] is True
    assert figures["P3"]["districts"] == 3 and figures["P3"]["tables"]["meeting_rates"] > 0
    assert figures["P4"]["files"] == 3
    assert figures["P5"]["html_mb_max"] > 0 and figures["P5"]["kernel_mb_max"] > 0
    assert [(r["workers"], r["districts"]) for r in figures["scaling"]] == [(1, 1), (1, 3), (2, 1), (2, 3)]
