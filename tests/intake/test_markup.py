"""Formatting markup in cells: recognised tags read, every other character kept."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sabo_eval.intake.markup import ENTITY, TAG, html_to_text
from sabo_eval.intake.parsing import MAX_CELL_LENGTH, clean_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("기준: A<B 또는 C>D 인 사업은 재검토", "기준: A<B 또는 C>D 인 사업은 재검토"),
        ("x<b and c>y", "x<b and c>y"),
        ("<b>굵게</b> 그리고 A<B 또는 C>D", "굵게 그리고 A<B 또는 C>D"),
        ("<style>p { color: red }", "<style>p { color: red }"),
        ("앞<style>이 뒤 글자는 남습니다", "앞<style>이 뒤 글자는 남습니다"),
        ("<p>문단</p><style>닫히지 않음", "문단\n<style>닫히지 않음"),
        ("<!-- 메모 --><b>x</b>", "<!-- 메모 -->x"),
        ("<![if !supportLists]>1.<![endif]> 항목", "<![if !supportLists]>1.<![endif]> 항목"),
        ("AT&notice", "AT&notice"),
        ("&not 그대로 &amp; 바뀜", "&not 그대로 & 바뀜"),
        ("&unknown; 그대로", "&unknown; 그대로"),
        ("<span style=\"color:red\" class='x'>빨강</span>", "빨강"),
        ("<SPAN STYLE=color:red>빨강</SPAN>", "빨강"),
        ("<span onclick=\"x()\">클릭</span>", "<span onclick=\"x()\">클릭"),  # an event handler is not formatting: text
        ("<li>•</li><li>가</li>", "• •\n• 가"),
        ("<br>•<br>x", "•\nx"),
        ("<td nowrap>a</td><td>b</td>", "a b"),
        ("a<br />b<BR/>c", "a\nb\nc"),
        ("<o:p></o:p>본문", "본문"),
    ],
)
def test_only_formatting_markup_is_read(text, expected):
    assert html_to_text(text) == expected


def test_a_full_length_script_cell_is_kept_whole():
    cell = "<script>" + "가" * (MAX_CELL_LENGTH - len("<script>"))
    assert clean_text(cell) == cell
    assert len(clean_text(cell)) == MAX_CELL_LENGTH


def test_clean_text_keeps_comparison_signs():
    assert clean_text("  기준: A<B 또는 C>D 인 사업은 재검토 ") == "기준: A<B 또는 C>D 인 사업은 재검토"


def _expected_visible(text: str) -> str:
    """The characters a reader must still see: ``text`` without recognised tags, entities decoded."""
    kept = TAG.sub(" ", text)
    return ENTITY.sub(lambda m: html.unescape(m.group(0)), kept)


def _letters(text: str) -> str:
    return re.sub(r"[\s\u00a0•]", "", text)


FRAGMENTS = st.sampled_from([
    "<b>", "</b>", "<B>", "<br>", "<br/>", "<li>", "</li>", "<ul>", "<p class=x>", "</p>", "<span style=\"a:b\">",
    "<td>", "<B 또는 C>", "<b and c>", "<style>", "</style>", "<script>", "<!--", "-->", "<", ">", "/", "=", "\"", "'",
    "&", ";", "&amp;", "&nbsp;", "&lt;", "&not", "&#49;", "&#x41;", "가", "나", "a", "B", " ", "\t", "\n", "•", "<br •>",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(FRAGMENTS, max_size=30).map("".join))
def test_cleaning_never_drops_a_character_outside_a_recognised_tag(text):
    out = html_to_text(text)
    assert _letters(out) == _letters(_expected_visible(text))
    assert out.count("•") >= _expected_visible(text).count("•")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=60))
def test_text_without_recognised_tags_only_has_complete_entities_decoded(text):
    if not TAG.search(text):
        assert html_to_text(text) == ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
