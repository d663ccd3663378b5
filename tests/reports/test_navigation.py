"""The way around a report: link bar, table of contents, running head; table alignment."""

import nbformat
import pandas as pd
import pytest

from sabo_eval.reports.export import external_references, notebook_to_html
from sabo_eval.reports.navigation import add_navigation, contents_entries, page_links, print_style
from sabo_eval.reports.tables import html_table, numeric_columns


def _notebook():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 수원시 2023년 보고서"),
        nbformat.v4.new_markdown_cell("## 1. 개요"),
        nbformat.v4.new_markdown_cell("### 1.1 회의 참석"),
        nbformat.v4.new_markdown_cell("## 2. 예산 <집행>"),
    ]
    return nb


@pytest.mark.parametrize(
    ("code", "hrefs"),
    [
        ("41110", ["index.html", "comparison.html", "41110.xlsx", "41110_summary.html"]),
        ("comparison", ["index.html", "comparison.xlsx"]),
        ("pilot_evaluation", ["../index.html"]),
    ],
)
def test_every_report_links_back_to_its_index(code, hrefs):
    assert [href for _, href in page_links(code)] == hrefs


def test_exported_district_page_has_link_bar_contents_and_running_head():
    page = notebook_to_html(_notebook(), title='수원시 "2023년" 보고서', links=page_links("41110"))
    body = page[page.index("<body") :]
    nav = body[: body.index("</nav>")]
    assert 'href="index.html"' in nav and 'href="comparison.html"' in nav and 'href="41110.xlsx"' in nav
    entries = contents_entries(page)
    assert [(level, text) for level, _, text in entries] == [(2, "1. 개요"), (3, "1.1 회의 참석"), (2, "2. 예산 <집행>".replace("<", "&lt;").replace(">", "&gt;"))]
    toc = body[body.index('class="sabo-toc"') :]
    for _, anchor, _ in entries:  # each entry points at a heading that exists
        assert f'href="#{anchor}"' in toc and f'id="{anchor}"' in page
    # the bar and the contents come before the first heading
    assert body.index('class="sabo-nav"') < body.index('class="sabo-toc"') < body.index("<h1")
    assert '@top-center { content: "수원시 \\"2023년\\" 보고서"' in page and "counter(page)" in page
    assert external_references(page) == []


def test_page_without_links_is_left_as_exported():
    page = notebook_to_html(_notebook(), title="x")
    assert "sabo-nav" not in page.split("</style>")[-1] and "@top-center" not in page


def test_running_head_cannot_close_the_style_element():
    assert "</style>" not in print_style("</style><script>")[:-len("</style>")]
    assert add_navigation("<p>no body</p>", [("a", "b")]) == "<p>no body</p>"


def test_text_columns_left_numbers_right_and_no_negative_zero():
    frame = pd.DataFrame(
        {"사업명": ["가 사업", "나 사업"], "달성률": ["91.9%", "-0.0%p"], "회의": [3, 4], "변화": [-0.0, 1.5], "비고": ["확인 필요", "12"]}
    )
    assert numeric_columns(frame) == [False, True, True, True, False]
    page = html_table(frame)
    assert '<td class="txt">가 사업</td><td class="num">91.9%</td><td class="num">3</td><td class="num">0.0</td>' in page
    assert "-0.0" not in page and '<td class="num">0.0%p</td>' in page
    assert '<td class="txt">12</td>' in page  # a column with any text is a text column


def test_summary_trend_and_service_numbers_are_right_aligned_words_for_a_missing_number_aside():
    frame = pd.DataFrame({
        "지표": ["예산 집행률", "돌봄SOS 서비스", "긴급복지 지원가구"],
        "올해": ["78.0%", "191.7건/천 명", "4.8 가구/천 명"],
        "변화": ["▼ 13.9%p", "변화 없음", "▼ 0.1가구/천 명"],
        "중앙값": ["87.2% (n=27)", "7건 (n=27)", "-"],
        "95% 신뢰구간": ["60.1~70.2%", "-", "-"],
        "분자/분모": ["1,234/5,678", "12/30", "0/4"],
        "달성률": ["95.5%", "폐지", "107.5%"],
        "τ²": ["0.0016", "1.4e-05", "2.1e-03"],
        "위치": ["비교 27곳 중 가장 낮음", "한계 안 (우연 범위)", "비교 안 함(위 설명)"],
        "사업번호": ["I-1-1", "I-1-2", "II-4-2-1"],
    })
    assert numeric_columns(frame) == [False, True, True, True, True, True, True, True, False, False]
    assert numeric_columns(pd.DataFrame({"변화": ["변화 없음", "-"]})) == [False]  # only words: text
