"""The district report's monitoring-opinion themes: which themes, the replies per theme, an example, the xlsx table."""

import os
from pathlib import Path

import pandas as pd
import pytest

from sabo_eval.reports.opinion_themes import CAPTION, opinion_theme_table, opinion_themes_section
from sabo_eval.text.codebook import DEFAULT_CODEBOOK, load_codebook
from sabo_eval.warehouse.store import Warehouse


@pytest.fixture(scope="module")
def opinions_41110():
    """The sample's 41110 2023 monitoring opinions (seed 000's layout)."""
    with Warehouse(os.environ["SABO_EVAL_DB"], read_only=True) as wh:
        return wh.table("opinions", "41110", 2023)


def test_the_opinions_of_41110_2023_are_sorted_into_themes_with_the_replies_per_theme(opinions_41110):
    table = opinion_theme_table(opinions_41110, load_codebook())
    assert len(opinions_41110) == 9
    assert table["주제"].iloc[0] == "성과지표"  # most opinions ask for indicators
    counts = table["의견 수"].str.removesuffix("건").astype(int)
    assert counts.iloc[0] == counts.max() >= 5
    statuses = table[["반영", "부분반영", "미반영", "검토중", "미회신"]].apply(lambda c: c.str.removesuffix("건").astype(int))
    assert (statuses.sum(axis=1) <= counts).all()  # 중복 is shown only when some opinion has it
    assert {"예산·재정", "민관협력"} <= set(table["주제"])
    assert all("찾은 낱말:" in example for example in table["예시 의견"])


def test_the_section_leads_with_a_sentence_and_gives_its_table_to_the_xlsx(opinions_41110):
    page, tables = opinion_themes_section(opinions_41110, None, 2023)
    assert page.startswith("<p>모니터링 의견 9건 중 ")
    assert "가장 많이 제기된 주제는 성과지표" in page
    assert DEFAULT_CODEBOOK.name in page and load_codebook().digest[:12] in page  # the coding is explained once
    assert list(tables) == [CAPTION] and len(tables[CAPTION]) >= 5


def test_another_codebook_gives_other_themes(opinions_41110, tmp_path):
    mine = Path(tmp_path) / "mine.yaml"
    mine.write_text("themes:\n  - theme: staffing\n    label: 인력\n    keywords: [인력, 인원, 담당자]\n", encoding="utf-8")
    table = opinion_theme_table(opinions_41110, load_codebook(mine))
    assert list(table["주제"]) == ["인력"]
    page, _ = opinion_themes_section(opinions_41110, mine, 2023)
    assert "mine.yaml" in page


def test_a_district_without_opinions_is_told_so():
    empty = pd.DataFrame(columns=["district_code", "year", "item_code", "opinion", "response", "response_status"])
    page, tables = opinion_themes_section(empty, None, 2023)
    assert "모니터링 의견" in page and "내지 않았습니다" in page and tables == {}
