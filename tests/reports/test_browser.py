"""A real browser (headless Chromium, driven by Playwright) opens the run's pages
from file://: no console error, no network request, a screenshot is saved."""

from pathlib import Path

import pytest
from browser_support import FLAGS, require_chromium

from sabo_eval.reports.export import external_references
from sabo_eval.run.runner import run_year
from sabo_eval.warehouse.store import ingest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
@pytest.fixture(scope="module")
def chromium():
    return require_chromium()


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser")
    ingest([FIXTURES / "good" / "11110_2023_minimal.xlsx"], root / "w.duckdb")
    result = run_year(2023, db=root / "w.duckdb", out_dir=root / "reports", jobs=1, progress=False)
    assert [o.status for o in result.outcomes] == ["ok"]
    return result


@pytest.mark.parametrize("page_name", ["index.html", "11110.html", "comparison.html"])
def test_page_opens_offline_without_errors(run, chromium, page_name, tmp_path):
    from playwright.sync_api import sync_playwright

    page_path = run.out_dir / page_name
    errors, requests = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=[f for f in FLAGS if f != "--headless"])
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("request", lambda request: requests.append(request.url))
            page.goto(page_path.as_uri(), wait_until="load")
            page.wait_for_timeout(500)
            shot = tmp_path / f"{page_name}.png"
            page.screenshot(path=str(shot), full_page=True)
            text = page.inner_text("body")
        finally:
            browser.close()
    assert errors == []
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
    assert shot.stat().st_size > 10_000
    assert "2023년" in text
    if page_name != "comparison.html":
        assert "종로구" in text
    if page_name == "11110.html":
        assert "연구기획분과 회의참석률" in text and "김범수" not in text


def test_no_report_of_the_run_references_an_external_url(run):
    pages = list(run.out_dir.glob("*.html"))
    assert {p.name for p in pages} == {"index.html", "11110.html", "comparison.html"}
    for page in pages:
        assert external_references(page.read_text(encoding="utf-8")) == [], page.name
