"""The one-page summary beside a district report: cut from the report, self-contained, linked back."""

import re
from pathlib import Path

from sabo_eval.reports.export import external_references
from sabo_eval.reports.summary_page import summary_page, summary_page_name
from sabo_eval.run.publish import publish_report

REPORT = (
    '<html lang="ko"><head><title>수원시 2023년 보고서</title></head><body>'
    "<h1>수원시 2023년 지역사회보장협의체 평가 보고서</h1>"
    "<p class='sabo-meta'>시군구코드 41110 · 평가기준일 2023-11-17</p>"
    "<h2 id='요약'>요약<a class='anchor-link' href='#요약'>¶</a></h2>"
    "<section class='sabo-summary' id='summary'><ul class='sabo-findings'><li>예산 집행률은 78.0%로 "
    "전년(91.9%)보다 13.9%p 낮아졌고, 비교 27곳 중 가장 낮습니다.</li><li>&lt;script&gt;는 글자</li></ul>"
    '<table class="sabo-table"><caption>요약</caption><thead><tr><th class="txt">지표</th><th class="num">올해</th></tr></thead>'
    '<tbody><tr><td class="txt">예산 집행률</td><td class="num">78.0%</td></tr></tbody></table></section>'
    "<h2>1. 개요</h2><p>이 문단은 요약 쪽에 없어야 합니다.</p></body></html>"
)


def test_summary_page_holds_the_sentences_table_and_links_back():
    page = summary_page(REPORT, "41110")
    assert page is not None
    assert page.startswith("<!DOCTYPE html>") and '<html lang="ko">' in page
    assert "<h1>수원시 2023년 지역사회보장협의체 평가 보고서</h1>" in page
    assert "비교 27곳 중 가장 낮습니다" in page and '<td class="num">78.0%</td>' in page
    assert "&lt;script&gt;" in page and "<script" not in page  # the report's escaping is kept, no script added
    assert "이 문단은 요약 쪽에 없어야" not in page
    nav = page[page.index("<nav") : page.index("</nav>")]
    assert re.findall(r'href="([^"]+)"', nav) == ["41110.html", "index.html", "41110.xlsx"]
    assert "@top-center" in page and "counter(page)" in page and "size: A4" in page
    assert external_references(page) == []


def test_reports_without_a_summary_section_get_no_summary_page():
    assert summary_page("<html><body><h1>시군구 비교</h1></body></html>", "comparison") is None


def test_publishing_a_district_report_writes_its_summary_beside_it(tmp_path: Path):
    tables = tmp_path / "t.xlsx"
    tables.write_bytes(b"xlsx")
    publish_report(tmp_path, "41110", REPORT, tables)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["41110.html", "41110.xlsx", summary_page_name("41110")]
    assert "비교 27곳 중" in (tmp_path / "41110_summary.html").read_text(encoding="utf-8")
    publish_report(tmp_path, "comparison", "<html><body><h1>비교</h1></body></html>", tmp_path / "none.xlsx")
    assert not (tmp_path / "comparison_summary.html").exists()
