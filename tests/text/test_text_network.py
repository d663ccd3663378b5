"""Co-occurrence network: counts on a hand example, Jaccard, limits, deterministic layout."""

from __future__ import annotations

import pandas as pd
import pytest

from sabo_eval.text.network import cooccurrence, edges_table, layout

# statements as noun lists: 복지관·주민센터 together in 3 statements, 복지관·협력 and 주민센터·협력 in 2, 협력·예산 in 1
FRAME = pd.DataFrame(
    {
        "nouns": [
            ["복지관", "주민센터", "협력", "복지관"],
            ["복지관", "주민센터"],
            ["복지관", "주민센터", "협력"],
            ["협력", "예산"],
            ["예산"],
        ]
    }
)


def test_cooccurrence_counts_statements_not_repetitions():
    graph = cooccurrence(FRAME, min_count=1)
    assert graph["복지관"]["주민센터"]["weight"] == 3
    assert graph["복지관"]["협력"]["weight"] == 2
    assert graph["협력"]["예산"]["weight"] == 1 and graph["주민센터"]["협력"]["weight"] == 2
    assert graph.nodes["복지관"]["count"] == 3 and graph.nodes["협력"]["count"] == 3
    # Jaccard: statements with both / statements with either = 2 / (3 + 3 - 2)
    assert graph["복지관"]["협력"]["jaccard"] == pytest.approx(0.5)


def test_min_count_top_words_and_edges_limit_the_graph():
    graph = cooccurrence(FRAME, min_count=2)
    assert sorted(graph.edges()) == [("복지관", "주민센터"), ("복지관", "협력"), ("주민센터", "협력")]
    assert cooccurrence(FRAME, min_count=1, edges=1).number_of_edges() == 1
    small = cooccurrence(FRAME, min_count=1, top_words=2)
    assert set(small.nodes) == {"복지관", "주민센터"}  # 복지관, 주민센터, 협력: 3 statements each; ties go by word order
    assert cooccurrence(pd.DataFrame({"nouns": [["혼자"]]})).number_of_nodes() == 0


def test_edges_table_is_sorted_strongest_first():
    table = edges_table(cooccurrence(FRAME, min_count=1))
    assert table.iloc[0][["source", "target", "weight"]].tolist() == ["복지관", "주민센터", 3]
    assert table["weight"].is_monotonic_decreasing and len(table) == 4


def test_the_layout_is_deterministic():
    graph = cooccurrence(FRAME, min_count=1)
    first, second = layout(graph), layout(cooccurrence(FRAME, min_count=1))
    pd.testing.assert_frame_equal(first, second)
    assert set(first["word"]) == set(graph.nodes) and first[["x", "y"]].abs().max().max() <= 1.0 + 1e-9
    assert layout(cooccurrence(pd.DataFrame({"nouns": [[]]}))).empty


def test_text_is_analysed_when_no_nouns_are_given():
    frame = pd.DataFrame({"text": ["복지관과 주민센터의 협력", "주민센터와 복지관이 함께", "예산 부족"]})
    graph = cooccurrence(frame, min_count=2)
    assert graph["복지관"]["주민센터"]["weight"] == 2
