"""A real browser (headless Chromium, driven by Playwright) opens the run's pages
from file://: no console error, no network request, a screenshot is saved."""

import re
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


@pytest.mark.parametrize("page_name", ["index.html", "11110.html", "comparison.html", "11110_summary.html"])
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
        assert "월별 표 보기" in text and "김범수" not in text  # the monthly tables are folded under the chart
        assert "연구기획분과 회의참석률" in page_path.read_text(encoding="utf-8")


def test_no_report_of_the_run_references_an_external_url(run):
    pages = list(run.out_dir.glob("*.html"))
    assert {p.name for p in pages} == {"index.html", "11110.html", "comparison.html", "11110_summary.html"}
    for page in pages:
        assert external_references(page.read_text(encoding="utf-8")) == [], page.name


_SMALL_TEXT = """() => {
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || !el || el.offsetParent === null && getComputedStyle(el).position !== 'fixed') continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 11) small.push(size + 'px: ' + node.textContent.trim().slice(0, 40));
  }
  return small;
}"""


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("page_name", ["index.html", "11110.html", "comparison.html", "11110_summary.html"])
def test_page_fits_the_screen_and_no_text_is_tiny(run, chromium, page_name, width):
    """No horizontal page overflow (wide tables scroll in their box) and no DOM text under 11 px."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=[f for f in FLAGS if f != "--headless"])
        try:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto((run.out_dir / page_name).as_uri(), wait_until="load")
            overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
            small = page.evaluate(_SMALL_TEXT)
            hrefs = page.evaluate("() => [...document.querySelectorAll('nav.sabo-nav a')].map(a => a.getAttribute('href'))")
        finally:
            browser.close()
    assert overflow <= 0, f"{page_name} at {width}px scrolls sideways by {overflow}px"
    assert small == []
    if page_name == "11110.html":
        assert hrefs == ["index.html", "comparison.html", "11110.xlsx", "11110_summary.html"]
    elif page_name == "comparison.html":
        assert hrefs[0] == "index.html"
    elif page_name == "11110_summary.html":
        assert hrefs == ["11110.html", "index.html", "11110.xlsx"]


def _pdf_pages(pdf: bytes) -> int:
    """Pages of a PDF Chromium printed (its page objects are not compressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def _print_pdf(chromium: str, page_path: Path) -> bytes:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=[f for f in FLAGS if f != "--headless"])
        try:
            page = browser.new_page()
            page.goto(page_path.as_uri(), wait_until="load")
            return page.pdf(prefer_css_page_size=True, display_header_footer=False)
        finally:
            browser.close()


def test_district_report_prints_on_a4_with_running_head(run, chromium):
    """Printed to PDF: A4 pages, each with the report's title on top and its number at the bottom."""
    pdf = _print_pdf(chromium, run.out_dir / "11110.html")
    assert 1 <= _pdf_pages(pdf) <= 8, _pdf_pages(pdf)  # the minimal fixture (7 with the 요약 and trend sections)
    assert re.search(rb"/MediaBox\s*\[\s*0 0 59[45]\.\d+ 841\.\d+\s*\]", pdf), "not A4"
    html_page = (run.out_dir / "11110.html").read_text(encoding="utf-8")
    assert "@top-center" in html_page and "종로구" in html_page.split("@top-center", 1)[1][:200]
    assert "counter(page)" in html_page


SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    """수원시 2023 built from data/sample beside the other 2023 districts (as the demo builds it)."""
    root = tmp_path_factory.mktemp("sample")
    ingest(sorted(SAMPLE.glob("*_2023_*")) + sorted(SAMPLE.glob("41110_2022_*")), root / "w.duckdb")
    result = run_year(2023, db=root / "w.duckdb", out_dir=root / "reports", districts=["41110"], jobs=1, progress=False)
    assert [o.status for o in result.outcomes] == ["ok"]
    return result


def test_full_district_report_print_length(sample_run, chromium):
    """A full report prints on at most 12 A4 pages (issue 17), plus 2 for the self-evaluation sections of issue 22
    (project ratings, members' survey) when the district submitted them; 27 on Letter before the print stylesheet, 18 on
    A4 before the monthly tables were folded, and every omission is stated on the printed page."""
    pdf = _print_pdf(chromium, sample_run.out_dir / "41110.html")
    pages = _pdf_pages(pdf)
    page = (sample_run.out_dir / "41110.html").read_text(encoding="utf-8")
    self_evaluation = 2 if "사업별 적절성 평가" in page and "자체평가 설문" in page else 0
    assert 8 <= pages <= 12 + self_evaluation, pages
    assert re.search(r"<summary>월별 표 보기 \(분과·협의체 \d+개\)</summary>", page)
    assert "sabo-print-only'>월별 참석률 표는 위 그래프와 같은 값으로" in page.replace('"', "'")


@pytest.mark.parametrize("fixture_name", ["run", "sample_run"])
def test_summary_page_prints_on_one_a4_page(request, chromium, fixture_name):
    """The one-page summary beside each district report: exactly one A4 page, with the running head."""
    result = request.getfixturevalue(fixture_name)
    code = result.outcomes[0].district_code
    pdf = _print_pdf(chromium, result.out_dir / f"{code}_summary.html")
    assert _pdf_pages(pdf) == 1
    assert re.search(rb"/MediaBox\s*\[\s*0 0 59[45]\.\d+ 841\.\d+\s*\]", pdf), "not A4"
    page = (result.out_dir / f"{code}_summary.html").read_text(encoding="utf-8")
    assert '<html lang="ko">' in page and "요약:" in page and "전년" in page
    assert external_references(page) == []


@pytest.mark.parametrize(("fixture_name", "page_name"), [("run", "11110.html"), ("sample_run", "41110.html")])
def test_summary_is_on_the_first_screen(request, chromium, fixture_name, page_name):
    """At 1280×900 the 요약 heading and its first sentence start within the first 900 px."""
    from playwright.sync_api import sync_playwright

    result = request.getfixturevalue(fixture_name)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=[f for f in FLAGS if f != "--headless"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto((result.out_dir / page_name).as_uri(), wait_until="load")
            heading = page.evaluate("() => [...document.querySelectorAll('h2')].find(h => h.textContent.startsWith('요약'))"
                                    ".getBoundingClientRect().top")
            first = page.evaluate("() => document.querySelector('section.sabo-summary li').getBoundingClientRect().bottom")
        finally:
            browser.close()
    assert 0 <= heading < 900 and first < 900, (heading, first)


_STICKING_OUT = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll('table, figure, img, p, li')]
    .filter(e => e.offsetParent && e.getBoundingClientRect().right > width + 1)
    .map(e => e.tagName + ' ' + (e.querySelector('caption') || e).textContent.trim().slice(0, 30));
}"""


@pytest.mark.parametrize("page_name", ["41110.html", "41110_summary.html"])
def test_nothing_is_cut_off_at_the_printed_page_edge(sample_run, chromium, page_name):
    """Laid out for print at the A4 text width (186 mm ≈ 703 px), no table, figure or paragraph sticks out on the
    right, where the printout would cut it off (a side-by-side chart and table once did)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=[f for f in FLAGS if f != "--headless"])
        try:
            page = browser.new_page(viewport={"width": 703, "height": 1000})
            page.emulate_media(media="print")
            page.goto((sample_run.out_dir / page_name).as_uri(), wait_until="load")
            sticking_out = page.evaluate(_STICKING_OUT)
        finally:
            browser.close()
    assert sticking_out == []


#: A report file is at most this large (issue 17: reports stay self-contained and ≤ 1.5 MB).
MAX_REPORT_BYTES = 1_500_000


def test_sample_reports_stay_under_the_size_limit(sample_run):
    """수원시 (14 monthly tables, 8 funnels, the trend figure) and the 27-district comparison page's parts."""
    from sabo_eval.reports.comparison import ComparisonReport

    size = (sample_run.out_dir / "41110.html").stat().st_size
    assert size <= MAX_REPORT_BYTES, f"41110.html: {size:,} bytes"
    report = ComparisonReport(2023, sample_run.out_dir.parents[1] / "w.duckdb")
    parts = [report.title(), report.summary(), report.reading_guide(), report.outliers(), report.funnel_plots(), report.methods(),
             report.advisor_limits()]
    shown = sum(len(part.data.encode("utf-8")) for part in parts)
    assert shown + 100_000 <= MAX_REPORT_BYTES, f"comparison parts: {shown:,} bytes (+ the page around them)"
