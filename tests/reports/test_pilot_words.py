"""The pilot page's words: each statistical term explained once, before the numbers that use it."""

import json
from pathlib import Path

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "pilot_evaluation.ipynb"
TERMS = ("이중차분", "무작위화(순열) 추론", "95% 신뢰구간", "p값", "군집 표준오차(CR1)", "야생 군집 부트스트랩")


def markdown() -> list[str]:
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]


def test_each_term_is_explained_once_in_plain_words():
    text = "\n".join(markdown())
    for term in TERMS:
        assert text.count(f"**{term}**") == 1, term


def test_terms_are_explained_before_the_estimate_table():
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    estimate = next(i for i, c in enumerate(cells) if "report.estimate()" in "".join(c["source"]))
    before = "".join("".join(c["source"]) for c in cells[:estimate] if c["cell_type"] == "markdown")
    for term in TERMS:
        assert f"**{term}**" in before, term


def test_provenance_names_no_hash_algorithm():
    source = (Path(__file__).resolve().parents[2] / "sabo_eval" / "reports" / "pilot.py").read_text(encoding="utf-8")
    assert "SHA-256" not in source and "파일 식별값(앞 12자리)" in source
