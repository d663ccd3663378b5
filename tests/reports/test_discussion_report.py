"""The discussion report of seed 003's minutes: summary first, topics with their groups, themes, practices, Korean."""

import os
import re

import pytest

from sabo_eval.errors import ReportError
from sabo_eval.reports.discussion import DiscussionReport

EVENT = "2023_민관협력_종합토론"
TOPIC_4_GROUPS = [1, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 15, 16, 17, 18, 20, 21, 23, 25, 27, 28, 29, 30, 31]


@pytest.fixture(scope="module")
def report():
    """The report of the sample minutes in the test warehouse (read once: the analyser loads its model)."""
    return DiscussionReport(os.environ["SABO_EVAL_DB"], EVENT)


@pytest.fixture(scope="module")
def parts(report):
    """Every section's HTML, by method name."""
    names = ["title", "summary", "coding_note", "topic_sections", "network", "problems", "practice_catalogue",
             "uncoded_list", "unparsed", "provenance"]
    return {name: getattr(report, name)().data for name in names}


def test_four_topics_with_their_announced_groups_and_the_24_groups_of_topic_4(report):
    topics = report.topics()
    assert topics["topic_no"].tolist() == [1, 2, 3, 4]
    assert topics["n_groups"].tolist() == [5, 13, 10, 24]
    assert topics.loc[0, "groups"] == "1조, 20조, 23조, 24조, 29조"
    assert topics.loc[3, "groups"] == ", ".join(f"{n}조" for n in TOPIC_4_GROUPS)
    assert topics["n_statements"].sum() == len(report.statements) and (topics["n_statements"] > 0).all()


def test_the_summary_comes_first_with_the_counts_in_korean_sentences(report, parts):
    sentences = report.summary_sentences()
    assert sentences[0].startswith("2023년 6월 15일 민관협력 종합토론")
    assert "4개 주제를" in sentences[0] and f"발언 {len(report.statements)}건" in sentences[0]
    assert sentences[1] == "주제별 토론 조: 주제 1 5개조; 주제 2 13개조; 주제 3 10개조; 주제 4 24개조."
    assert re.match(r"가장 많이 나온 분류는 \S+ \d+건", sentences[2])
    assert re.match(r"우수사례 24건이 지역 \d+곳에서", sentences[3])
    assert "분류" in sentences[4]
    assert parts["summary"].index("sabo-findings") < parts["summary"].index("<table")


def test_every_topic_has_its_groups_themes_words_and_quotes_with_the_matched_words(parts):
    page = parts["topic_sections"]
    for n in (1, 2, 3, 4):
        assert f'id="topic-{n}"' in page and f"주제 {n}: 분류별 발언 수" in page and f"주제 {n}: 특징 낱말" in page
    assert "토론 조 5개: 1조, 20조, 23조, 24조, 29조" in page
    assert "찾은 낱말" in page and "G2(특징도)" in page
    assert "<th class=\"num\">관</th>" in page and "<th class=\"num\">민</th>" in page  # topic 1 states sides


def test_the_practices_are_listed_with_their_regions_and_collaborators(report, parts):
    practices = report.practices()
    assert len(practices) == 24
    region = dict(zip(practices["group"], practices["region"], strict=True))
    assert region["1조"] == "서울시 서초구" and region["3조"] == "부산시"
    assert region["4조"] == "부산시 모라3동" and region["21조"] == "강원도 횡성군"
    page = parts["practice_catalogue"]
    assert "우수사례 목록 (24건)" in page and "부산시 모라3동" in page and "함께한 기관" in page


def test_problems_with_improvements_uncoded_statements_and_the_note_on_coding(report, parts):
    assert "문제점과 개선방안 (" in parts["problems"] and "수평관계 인식변화 필요" in parts["problems"]
    assert "(개선방안 없음)" in parts["problems"]  # a problem without an improvement says so
    uncoded = report.uncoded()
    assert f"분류되지 않은 발언 ({len(uncoded)}건)" in parts["uncoded_list"] or uncoded.empty
    assert "codebook.yaml" in parts["coding_note"] and report.codebook.digest[:12] in parts["coding_note"]
    assert "읽지 못한 줄" in parts["unparsed"] or "모든 줄을 읽었습니다" in parts["unparsed"]


def test_the_network_is_a_chart_with_alt_text_and_its_pairs_go_to_the_xlsx(report, parts, tmp_path):
    assert parts["network"].count("<img alt=\"") == 1 and "동시출현 연결망" in parts["network"]
    path = tmp_path / "t.xlsx"
    report.save_tables(path)
    from openpyxl import load_workbook

    sheets = load_workbook(path).sheetnames
    assert len(sheets) >= 10 and any("우수사례" in s for s in sheets)


def test_an_unknown_event_is_refused_in_korean_and_english():
    with pytest.raises(ReportError, match="토론 기록이 없습니다"):
        DiscussionReport(os.environ["SABO_EVAL_DB"], "2023_없는_행사")


def test_the_theme_table_splits_by_side_only_when_statements_state_one():
    import pandas as pd

    from sabo_eval.reports.discussion_sections import theme_side_table

    stated = pd.DataFrame({"label": ["정보공유", "정보공유", "예산·재정"], "side": ["관", "민", None]})
    table = theme_side_table(stated)
    assert table.columns.tolist() == ["분류", "관", "민", "미표시", "계"]
    assert table.iloc[0].tolist() == ["정보공유", 1, 1, 0, 2]
    unstated = theme_side_table(stated.assign(side=None))
    assert unstated.columns.tolist() == ["분류", "계"] and unstated["계"].tolist() == [2, 1]
