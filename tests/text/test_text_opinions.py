"""Themes of monitoring opinions with the departments' responses (sample 41110 2023)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from sabo_eval import load_submission
from sabo_eval.text.codebook import load_codebook, parse_codebook
from sabo_eval.text.opinions import STATUS_COLUMNS, opinion_theme_rows, opinion_themes

ROOT = Path(__file__).resolve().parents[2]
SUWON_2023 = ROOT / "data" / "sample" / "41110_2023_수원시.xlsx"


@pytest.fixture(scope="module")
def suwon_opinions():
    if not SUWON_2023.is_file():
        pytest.skip("sample data not generated")
    return load_submission(SUWON_2023).tables["opinions"]


def test_the_sample_opinions_raise_the_themes_a_reader_expects(suwon_opinions, monkeypatch):
    monkeypatch.delenv("SABO_EVAL_CODEBOOK", raising=False)
    table = opinion_themes(suwon_opinions, load_codebook()).set_index("label")
    assert table.index[0] == "성과지표"  # most opinions ask for performance indicators
    assert {"성과지표", "민관협력", "인력·인사이동", "사례관리", "예산·재정"} <= set(table.index)
    assert table.loc["성과지표", "n_opinions"] >= 5
    counts = table[STATUS_COLUMNS].sum(axis=1)
    assert (counts == table["n_opinions"]).all()
    assert table.loc["인력·인사이동", "미반영"] >= 1
    assert all(isinstance(e, str) and e for e in table["example"])


def test_a_duplicate_marker_is_not_coded(suwon_opinions):
    rows = opinion_theme_rows(suwon_opinions, load_codebook())
    assert "중복" not in set(rows["opinion"])
    assert {"item_code", "theme", "label", "matched_words", "status_ko"} <= set(rows.columns)


def test_status_counts_follow_the_metrics_rules():
    book = parse_codebook("themes:\n  - theme: indicators\n    label: 성과지표\n    keywords: [지표]\n")
    opinions = pd.DataFrame(
        {
            "opinion": ["성과지표 추가 요청", "지표 분할 필요", "지표 목표 상향", "예산 확대", "지표 검토"],
            "response": ["지표 추가하겠음", "분할 어려움", None, "반영함", "관련 부서와 검토 중입니다"],
            "response_status": [None, None, None, None, "reflected"],
        }
    )
    table = opinion_themes(opinions, book)
    assert table[["n_opinions", "n_responded", "반영", "미반영", "미회신", "검토중"]].values.tolist() == [[4, 3, 2, 1, 1, 0]]
    assert table["example"].tolist() == ["지표 검토"]


def test_a_district_without_opinions_gets_an_empty_table():
    empty = pd.DataFrame(columns=["district_code", "year", "item_code", "subcommittee", "opinion", "response", "response_status"])
    table = opinion_themes(empty, load_codebook())
    assert table.empty and table.columns.tolist()[:3] == ["theme", "label", "n_opinions"]
    assert opinion_theme_rows(empty, load_codebook()).empty
