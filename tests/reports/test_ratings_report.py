"""The district report's 사업별 적절성 평가 section, on the sample warehouse (사상구 2023, seed 001)."""

from __future__ import annotations

import os
import re

import pytest

import sabo_eval as se
from sabo_eval.metrics import achievement, ratings
from sabo_eval.reports.district import DistrictReport
from sabo_eval.reports.ratings import RATING_SHEET

STRATEGY_CAPTION = "추진전략별 단계별 평가(적절/보통/부적절 사업 수)와 달성률"


@pytest.fixture(scope="module")
def sasang():
    return DistrictReport("26530", 2023, os.environ["SABO_EVAL_DB"])


@pytest.fixture(scope="module")
def section(sasang):
    return sasang.project_ratings().data


def _rows(html: str, caption: str) -> list[list[str]]:
    start = html.index(f"<caption>{caption}</caption>")
    body = html[start: html.index("</table>", start)]
    return [[re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", body) if "<td" in row]


def test_summary_sentences_give_the_share_appropriate_of_every_stage(section):
    first = re.search(r"<li>(.*?)</li>", section).group(1)
    rated = se.project_ratings(districts=["26530"], years=[2023])
    for stage in ("계획수립", "이행점검", "결과확인"):
        part = rated[rated["stage"] == stage]
        n, good = part["item_code"].nunique(), int((part["rating"] == "적절").sum())
        assert f"{stage} {n}개 중 적절 {good}개({good / n * 100:.1f}%)" in first
    assert "달성률과 일치" in section


def test_stage_by_strategy_counts_sit_beside_the_strategy_achievement(sasang, section):
    rows = {r[0]: r for r in _rows(section, STRATEGY_CAPTION)}
    plan = sasang._tables["plan_items"]
    strategies = achievement.strategy_achievement(sasang._items)
    assert set(rows) == set(strategies["strategy"])
    for strategy, rate in zip(strategies["strategy"], strategies["achievement"], strict=True):
        assert rows[strategy][-1] == f"{rate:.1f}%"
    shares = ratings.rating_shares(sasang._tables["project_ratings"], plan)
    for _, s in shares.iterrows():
        column = ["계획수립", "이행점검", "결과확인"].index(s["stage"]) + 1
        assert rows[s["strategy"]][column] == f"{s['n_적절']} / {s['n_보통']} / {s['n_부적절']}"


def test_the_disagreements_list_the_worst_items_first(sasang, section):
    rows = _rows(section, "평가와 달성률이 가장 어긋나는 세부사업 (차이가 큰 순, 최대 10개)")
    versus = ratings.ratings_vs_achievement(sasang._tables["project_ratings"], sasang._items)
    worst = ratings.rating_disagreements(versus)
    assert len(worst) >= 1 and rows[0][0] == worst["item_code"].iloc[0]
    gaps = [float(r[-1].removesuffix("%p")) for r in rows]
    assert gaps == sorted(gaps, reverse=True) and all(g > 0 for g in gaps)
    first = versus.set_index("item_code").loc[rows[0][0]]
    assert rows[0][2:6] == [first["rating_계획수립"], first["rating_이행점검"], first["rating_결과확인"], f"{first['achievement']:.1f}%"]
    assert f"{worst['item_code'].iloc[0]}" in section and "달성률 50% 미만이거나" in section


def test_every_rated_item_goes_to_the_xlsx_sheet(sasang, section):
    sheet = sasang._exported[RATING_SHEET]
    assert len(sheet) == se.project_ratings(districts=["26530"], years=[2023])["item_code"].nunique()
    assert list(sheet.columns[:5]) == ["사업번호", "세부사업명", "계획수립", "이행점검", "결과확인"]


def test_a_district_without_ratings_gets_one_sentence():
    html = DistrictReport("41110", 2022, os.environ["SABO_EVAL_DB"]).project_ratings().data
    assert html.startswith("<p class='sabo-missing'>") and "사업평가" in html and "<table" not in html
