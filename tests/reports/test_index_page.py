"""The run's index.html: 시도, links to reports, xlsx and years, sortable, operator details in a footer."""

from dataclasses import dataclass, field

from sabo_eval.reports.export import external_references
from sabo_eval.reports.index_page import province_name, render_index
from sabo_eval.run.publish import report_years, write_index


@dataclass
class Outcome:
    district_code: str
    district_name: str
    status: str = "ok"
    report: str | None = None
    failed_notebook: str | None = None
    error: str | None = None
    failing_cell: int | None = None
    failing_source: str | None = None
    headlines: dict = field(default_factory=dict)


def _outcomes():
    return [
        Outcome("11140", "중구", report="11140.html", headlines={"attendance_rate": 81.25, "execution_rate": float("nan")}),
        Outcome("26110", "중구", report="26110.html", headlines={"attendance_rate": 90.0}),
        Outcome("41110", "수원시", status="failed", error="boom"),
    ]


def test_province_tells_the_two_junggu_apart():
    page = render_index(2023, _outcomes())
    assert "<td>서울특별시</td><td><a href=\"11140.html\"" in page and "<td>부산광역시</td><td><a href=\"26110.html\"" in page
    assert province_name("41110") == "경기도" and province_name("99999") == ""


def test_each_district_links_its_report_and_xlsx_and_sorts_by_number():
    page = render_index(2023, _outcomes(), links={"시범사업 평가": "../pilot/pilot_evaluation.html"})
    assert 'href="11140.xlsx"' in page and 'href="26110.xlsx"' in page and 'href="41110.xlsx"' not in page
    assert 'href="11140_summary.html"' in page and 'href="41110_summary.html"' not in page  # failed: no summary either
    assert '<td class="num" data-sort="81.250">81.2%</td>' in page or '<td class="num" data-sort="81.250">81.3%</td>' in page
    assert 'data-sort="NaN">-</td>' in page
    assert 'table class="sabo-table sortable"' in page and "<script>" in page and "aria-sort" in page
    assert 'href="../pilot/pilot_evaluation.html"' in page
    assert external_references(page) == []


def test_operator_details_sit_in_the_footer_without_server_paths(tmp_path):
    page = render_index(2023, _outcomes())
    body, footer = page.split('<footer class="sabo-meta">')
    assert "manifest.json" not in body and "manifest.json" in footer.split("</footer>")[0]
    assert "실패 1" in footer and "생성 27" not in page
    assert str(tmp_path) not in page and "/tmp" not in page


def test_every_year_links_every_other_year_even_those_written_later(tmp_path):
    write_index(tmp_path / "2023", 2023, _outcomes())
    assert 'href="../2022/index.html"' not in (tmp_path / "2023" / "index.html").read_text(encoding="utf-8")
    write_index(tmp_path / "2022", 2022, _outcomes())
    assert report_years(tmp_path) == [2022, 2023]
    later = (tmp_path / "2023" / "index.html").read_text(encoding="utf-8")
    earlier = (tmp_path / "2022" / "index.html").read_text(encoding="utf-8")
    assert 'href="../2022/index.html"' in later and "<strong>2023년</strong>" in later
    assert 'href="../2023/index.html"' in earlier and "<strong>2022년</strong>" in earlier

    root = (tmp_path / "index.html").read_text(encoding="utf-8")  # the pilot report links here
    assert root.index('href="2023/index.html"') < root.index('href="2022/index.html"')


def test_each_headline_shows_its_change_from_last_year():
    previous = {"11140": {"attendance_rate": 91.9, "execution_rate": 80.0}, "26110": {}}
    page = render_index(2023, _outcomes(), previous=previous)
    assert '81.2%<br><span class="sabo-change">▼ 10.7%p</span></td>' in page  # 81.25 − 91.9 = −10.65 → 10.7 once rounded
    assert page.count("전년 없음") == 1  # 26110's attendance; a figure not shown this year gets no change
    assert "sabo-change\">" not in render_index(2023, _outcomes())  # no previous year given: no change shown


def test_the_index_sorts_by_a_headline_in_a_browser(tmp_path):
    """Click the 회의 참석률 header in Chromium: rows order by the figure, not by the change text under it."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from browser_support import FLAGS, require_chromium
    from playwright.sync_api import sync_playwright

    chromium = require_chromium()
    outcomes = _outcomes()[:2] + [Outcome("41110", "수원시", report="41110.html", headlines={"attendance_rate": 62.6})]
    page_path = tmp_path / "index.html"
    page_path.write_text(render_index(2023, outcomes, previous={"41110": {"attendance_rate": 64.3}}), encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=[f for f in FLAGS if f != "--headless"])
        try:
            page = browser.new_page()
            page.goto(page_path.as_uri(), wait_until="load")
            names = "() => [...document.querySelectorAll('tbody tr td:nth-child(2)')].map(td => td.textContent)"
            page.click("thead th:nth-child(3)")
            ascending = page.evaluate(names)
            page.click("thead th:nth-child(3)")
            descending = page.evaluate(names)
        finally:
            browser.close()
    assert ascending == ["수원시", "중구", "중구"] and descending == ["중구", "중구", "수원시"]


def test_the_discussion_reports_are_listed_under_their_heading_escaped_and_failures_marked():
    from sabo_eval.reports.index_page import render_index

    page = render_index(2023, [], discussions=[("민관협력 <종합>토론", "../discussions/2023_a.html", "ok"),
                                               ("실패한 행사", None, "failed")])
    assert "토론·워크숍 기록" in page and 'href="../discussions/2023_a.html"' in page
    assert "민관협력 &lt;종합&gt;토론" in page and "실패한 행사 (실패" in page
    assert "토론·워크숍 기록" not in render_index(2023, [])
