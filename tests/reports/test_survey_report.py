"""The district report's 자체평가 설문 section, on the sample warehouse (수원시 2023: a survey in 2022 and 2023).

What is shown is checked against an independent computation from the public API's
answers (:func:`sabo_eval.survey_values`): each item's mean with its t interval and
positive share, and Cronbach's α per domain with its Feldt interval (formulas written
out here, not the package's). Suppression: the sample's item answered by four members
shows no number anywhere, and a higher threshold hides more.
"""

from __future__ import annotations

import os
import re

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import sabo_eval as se
from sabo_eval.reports import charts
from sabo_eval.reports.district import DistrictReport
from sabo_eval.reports.survey import ITEM_SHEET
from sabo_eval.reports.survey_charts import LIKERT_COLOURS, likert_chart, likert_rows

SMALL_ITEM = "Q13"  # the sample's item answered by 4 members (tests/sampledata; data/README.md)


@pytest.fixture(scope="module")
def suwon():
    return DistrictReport("41110", 2023, os.environ["SABO_EVAL_DB"])


@pytest.fixture(scope="module")
def section(suwon):
    return suwon.survey().data


@pytest.fixture(scope="module")
def answers():
    values = se.survey_values(districts=["41110"], years=[2023])
    items = se.survey_items(districts=["41110"], years=[2023])
    return values, items


def _rows(html: str, caption: str) -> list[list[str]]:
    """The cells of the table with ``caption`` (text only)."""
    start = html.index(f"<caption>{caption}</caption>")
    body = html[start: html.index("</table>", start)]
    return [[re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", body) if "<td" in row]


def test_summary_sentences_come_first_with_the_response_rate(section, suwon):
    assert section.startswith("<ul class='sabo-findings'>")
    first = re.search(r"<li>(.*?)</li>", section).group(1)
    assert first.startswith("위원 ") and "응답률" in first
    rates = {r[1]: r for r in _rows(section, "응답률 (재임 위원 대비, 민간·공공)")}
    assert set(rates) == {"전체", "민간", "공공"}
    members = suwon._tables["members"]
    assert int(rates["전체"][2].rstrip("명")) <= len(members)  # members in office of the year
    respondents = se.survey_responses(districts=["41110"], years=[2023])["respondent"].nunique()
    assert rates["전체"][3] == f"{respondents}명"
    assert rates["전체"][4] == f"{respondents / int(rates['전체'][2].rstrip('명')) * 100:.1f}%"


def test_item_means_and_intervals_equal_an_independent_computation(section, answers):
    values, _ = answers
    shown = {r[0]: r for r in _rows(section, "문항별 결과")}
    checked = 0
    for item, part in values[values["value"].notna()].groupby("item"):
        if len(part) < 5 or part["scale"].iloc[0] == "yesno":
            continue
        x = part["value"].to_numpy(float)
        half = stats.t.ppf(0.975, len(x) - 1) * x.std(ddof=1) / np.sqrt(len(x))
        mean_cell = f"{x.mean():.2f} [{x.mean() - half:.2f}~{x.mean() + half:.2f}]"
        top = {"likert5": 4, "appropriateness": 3}[part["scale"].iloc[0]]
        share = (x >= top).mean() * 100
        assert shown[item][4] == f"{len(x)}명"
        assert shown[item][5] == mean_cell, item
        assert shown[item][6].startswith(f"{share:.1f}% ["), item
        checked += 1
    assert checked >= 10


def test_alpha_per_domain_equals_an_independent_computation(section, answers):
    values, items = answers
    shown = {r[0]: r for r in _rows(section, "영역별 내적 일관성 (크론바흐 α)")}
    likert = items[items["scale"].isin(["likert5", "5점"])]
    checked = 0
    for domain, part in likert.groupby("domain"):
        if len(part) < 2:
            continue
        wide = values[values["item"].isin(part["item"])].pivot(index="respondent", columns="item", values="value").dropna()
        n, k = wide.shape
        alpha = k / (k - 1) * (1 - wide.var(ddof=1).sum() / wide.sum(axis=1).var(ddof=1))
        low = 1 - (1 - alpha) * stats.f.isf(0.025, n - 1, (n - 1) * (k - 1))  # Feldt
        high = 1 - (1 - alpha) * stats.f.isf(0.975, n - 1, (n - 1) * (k - 1))
        assert shown[domain][2] == f"{n}명"
        # pingouin reports the interval to 3 decimals; shown to 2
        assert shown[domain][3] == f"{alpha:.2f} [{round(low, 3):.2f}~{round(high, 3):.2f}]", domain
        assert (shown[domain][4] != "충분") == (alpha < 0.7)
        checked += 1
    assert checked == 3
    assert "크론바흐 α 0.45 &lt; 0.70" in section  # the plain warning of the low domain


def test_a_suppressed_item_shows_no_number_anywhere(suwon, section, answers):
    values, items = answers
    wording = items.loc[items["item"] == SMALL_ITEM, "wording"].iloc[0]
    assert values.loc[(values["item"] == SMALL_ITEM) & values["value"].notna(), "respondent"].nunique() < 5
    (row,) = [r for r in _rows(section, "문항별 결과") if r[0] == SMALL_ITEM]
    assert row[4:] == ["-", "응답 5명 미만 — 표시하지 않음", "-", "-"]  # n, mean, top box, last year: nothing shown
    assert section.count(wording) == 1  # listed once, in the item table, nowhere else
    for caption, table in suwon._exported.items():
        for _, shown in table.iterrows():
            cells = [str(v) for v in shown]
            if SMALL_ITEM in cells or wording in cells:
                assert caption == ITEM_SHEET
                rest = [c for c in cells if c not in (SMALL_ITEM, wording, "분과장 문항", "5점")]
                assert all(c in ("-", "응답 5명 미만 — 표시하지 않음") for c in rest), rest


def test_a_higher_threshold_hides_more_items(answers):
    values, _ = answers
    counts = values[values["value"].notna()].groupby("item")["respondent"].nunique()
    threshold = int(counts.median()) + 1
    report = DistrictReport("41110", 2023, os.environ["SABO_EVAL_DB"])
    html = report.survey(min_n=threshold).data
    hidden = [r[0] for r in _rows(html, "문항별 결과") if r[5] == f"응답 {threshold}명 미만 — 표시하지 않음"]
    assert sorted(hidden) == sorted(counts[counts < threshold].index) and len(hidden) > 1
    for item in hidden:
        assert not any(r[0] == item for r in _rows(html, "민간 − 공공 위원의 평균 차이"))
    assert f"응답이 {threshold}명 미만인 문항 {len(hidden)}개" in html
    sheet = report._exported[ITEM_SHEET]
    assert (sheet.loc[sheet["문항번호"].isin(hidden), "n"] == "-").all()


def test_sector_difference_and_change_from_last_year(section):
    sector = _rows(section, "민간 − 공공 위원의 평균 차이")
    assert sector and all(re.fullmatch(r"[+-]\d\.\d\d \[[+-]\d\.\d\d~[+-]\d\.\d\d\]", r[4]) for r in sector)
    change = _rows(section, "전년 대비 문항 평균의 변화")
    assert change and all(r[2].endswith("(2022년)") for r in change)
    assert "소속(협의체·분과) 사이" in section


def test_a_district_without_a_survey_gets_one_sentence():
    html = DistrictReport("11110", 2023, os.environ["SABO_EVAL_DB"]).survey().data
    assert html.startswith("<p class='sabo-missing'>") and "자체평가 설문" in html and "<table" not in html


def test_the_likert_chart_centres_the_neutral_answer_and_reads_at_10_points():
    summary = pd.DataFrame({
        "survey": "s", "item": ["Q1", "Q2"], "wording": ["아주 긴 문항 문장이 두 줄로 접혀서 보이는지 확인하는 문항입니다", "짧은 문항"],
        "scale": "likert5", "suppressed": False,
        **{f"share_{label}": [10.0, 0.0] for label in ("매우 그렇지 않다", "그렇지 않다")},
        "share_보통": [30.0, 50.0], "share_그렇다": [30.0, 25.0], "share_매우 그렇다": [20.0, 25.0],
    })
    fig = likert_chart(likert_rows(summary))
    neutral = [p for p in fig.axes[0].patches if p.get_facecolor()[:3] == pytest.approx(
        tuple(int(LIKERT_COLOURS[2][i:i + 2], 16) / 255 for i in (1, 3, 5)))]
    assert [round(p.get_x() + p.get_width() / 2, 6) for p in neutral] == [0.0, 0.0]
    assert charts.small_texts(fig, charts.DPI, tight=False) == []
    charts.png_bytes(fig, tight=False)  # closes it
