"""The 요약's words: 3–6 sentences with numbers, last year and place; a table with 전년."""

from __future__ import annotations

import os
import re

import pandas as pd
import pytest

from sabo_eval.metrics.summary import summary_facts
from sabo_eval.metrics.year_figures import compute_all_headlines, compute_all_indicator_values
from sabo_eval.reports.district import DistrictReport
from sabo_eval.reports.summary import format_change, summary_sentences, summary_table
from sabo_eval.warehouse.store import Warehouse


@pytest.fixture(scope="module")
def all_facts():
    """Facts of every sample district for 2022 and 2023."""
    out = {}
    with Warehouse(os.environ["SABO_EVAL_DB"], read_only=True) as wh:
        for year in (2022, 2023):
            now, before = compute_all_headlines(wh, year), compute_all_headlines(wh, year - 1)
            indicators = compute_all_indicator_values(wh, year)
            for code in now.index:
                out[(code, year)] = summary_facts(code, now, before, indicators)
    return out


@pytest.mark.parametrize(("change", "unit", "text"), [
    (-13.9066, "%", "▼ 13.9%p"), (33.04, "건/천 명", "▲ 33.0건/천 명"), (-0.04, "%", "변화 없음"), (float("nan"), "%", "-"),
])
def test_change_has_an_arrow_and_a_unit_and_never_minus_zero(change, unit, text):
    assert format_change(change, unit) == text


def test_every_sample_district_gets_three_to_six_sentences_with_numbers(all_facts):
    assert len(all_facts) >= 50
    for (code, year), facts in all_facts.items():
        sentences = summary_sentences(facts, code, year)
        assert 3 <= len(sentences) <= 6, (code, year, sentences)
        for sentence in sentences[1:]:
            assert re.search(r"\d", sentence) and sentence.endswith("."), sentence
            assert "-0.0" not in sentence and "nan" not in sentence
        table = summary_table(facts)
        assert list(table.columns) == ["지표", "올해", "전년", "변화", "비교 시군구 중 위치", "중앙값"]


def test_sentences_agree_with_the_table(all_facts):
    """Each fact sentence quotes the table row's value, last year and place."""
    for (code, year), facts in all_facts.items():
        table = summary_table(facts).set_index("지표")
        for sentence in summary_sentences(facts, code, year)[1:]:
            label = next(lab for lab in table.index if sentence.startswith(lab))
            row = table.loc[label]
            assert row["올해"] in sentence
            assert (f"전년({row['전년']})" if row["전년"] != "-" else "전년 자료 없음") in sentence
            assert row["비교 시군구 중 위치"].removesuffix("음") in sentence


@pytest.fixture(scope="module")
def suwon_2023():
    return DistrictReport("41110", 2023, os.environ["SABO_EVAL_DB"])


def test_suwon_2023_report_says_budget_execution_was_the_lowest(suwon_2023):
    report = suwon_2023
    html = report.summary().data
    assert "예산 집행률은 78.0%로 전년(91.9%)보다 13.9%p 낮아졌고, 비교 27곳 중 가장 낮습니다." in html
    assert html.index("예산 집행률은") < html.index("회의 참석률(합산)은")  # the call-out comes first
    assert re.search(r"<th[^>]*>전년</th>", html) and "▼ 13.9%p" in html
    assert any(caption.startswith("요약") for caption in report._exported)  # in the xlsx too


def test_few_districts_are_not_compared():
    headlines = pd.DataFrame(
        {"attendance_rate": [60.0, 50.0], "achievement": [100.0, 90.0], "execution_rate": [80.0, 70.0]}, index=["a", "b"]
    )
    previous = pd.DataFrame({"attendance_rate": [61.0], "achievement": [90.0], "execution_rate": [80.0]}, index=["a"])
    facts = summary_facts("a", headlines, previous)
    sentences = summary_sentences(facts, "가구", 2023)
    assert "2곳뿐이라 다른 시군구와 견주지 않습니다" in sentences[0]
    assert not any("번째" in s or "가장" in s for s in sentences)
    assert (summary_table(facts)["중앙값"] == "-").all()
    assert "성과지표 달성률은 100.0%로 전년(90.0%)보다 10.0%p 높아졌습니다." in sentences


def test_excellent_members_use_the_grid_labels_and_the_districts_own_name(suwon_2023):
    html = suwon_2023.excellent_members().data
    assert "<caption>수원시 우수위원 후보" in html
    shown = [c for c in suwon_2023._exported[next(k for k in suwon_2023._exported if "우수위원" in k)]["위원명"]]
    labels = set(suwon_2023.member_labels().values())
    assert shown and set(shown) <= labels and len(labels) == len(suwon_2023.member_labels())


def test_sasang_report_names_its_own_rule():
    report = DistrictReport("26530", 2023, os.environ["SABO_EVAL_DB"])
    html = report.excellent_members().data
    assert "사상구 우수위원 후보" in html and "수원시" not in html


def test_service_changes_carry_their_unit_and_never_read_minus_zero(suwon_2023):
    html = suwon_2023.services_section().data
    table = suwon_2023._exported[next(k for k in suwon_2023._exported if k.startswith("서비스 성과 지표"))]
    assert table["변화"].str.fullmatch(r"[▲▼] [\d,]+\.\d(%p|\S.*)|변화 없음|-").all(), table["변화"].tolist()
    assert "▼ 0.6%p" in html and "-0.0" not in table["변화"].tolist()
