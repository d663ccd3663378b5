"""What a person sees: user text from a workbook is shown as text, never run.

The report is produced by a real run (papermill + nbconvert) and opened in a real
browser (headless Chromium); the DOM the browser builds is checked.
"""

import subprocess
from pathlib import Path

import pytest
from browser_support import FLAGS, require_chromium
from fixtures import build_fixtures

from sabo_eval.run.runner import run_year
from sabo_eval.warehouse.store import ingest

PAYLOAD = "<script>alert(1)</script> 지표 추가 요청"
IMAGE = "<img src=x onerror=alert(2)>"


@pytest.fixture(scope="module")
def browser():
    return require_chromium()


def dump_dom(browser: str, page: Path, profile: Path) -> str:
    """The DOM after Chromium has parsed the page and run its scripts."""
    result = subprocess.run(
        [
            browser, *FLAGS, f"--user-data-dir={profile}", "--virtual-time-budget=3000", "--dump-dom", page.as_uri(),
        ],
        capture_output=True, text=True, timeout=120, check=True,
    )
    return result.stdout


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")

    def change(sheets):
        sheets["모니터링의견"][1][4] = PAYLOAD
        sheets["모니터링의견"][1][5] = IMAGE
        sheets["시행계획"][1][6] = "<b onmouseover=alert(3)>통합돌봄</b> 구축"

    workbook = build_fixtures.write_workbook(root / "11110_2023_hostile.xlsx", build_fixtures.variant(change), build_fixtures.MERGES)
    (result,) = ingest([workbook], root / "w.duckdb")
    assert result.status == "added"
    run = run_year(2023, db=root / "w.duckdb", out_dir=root / "reports", jobs=1, progress=False)
    assert run.outcomes[0].status == "ok", run.outcomes[0].error
    return root / "reports" / "2023" / "11110.html"


def test_script_in_a_cell_is_visible_text_and_never_an_element(hostile_report, browser, tmp_path):
    dom = dump_dom(browser, hostile_report, tmp_path / "profile")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 지표 추가 요청" in dom  # shown as typed
    assert "<script>alert(1)" not in dom
    assert "&lt;img src=x onerror=alert(2)&gt;" in dom
    assert "onerror=" not in dom.replace("onerror=alert(2)&gt;", "")
    # a tag with an event handler is not formatting: kept as the submitter's text, shown escaped, never an element
    assert "&lt;b onmouseover=alert(3)&gt;통합돌봄 구축" in dom
    assert "onmouseover" not in dom.replace("&lt;b onmouseover=alert(3)&gt;", "")


def test_no_script_element_in_the_file_carries_user_text(hostile_report):
    page = hostile_report.read_text(encoding="utf-8")
    assert "alert(1)" in page and "<script>alert(1)" not in page
