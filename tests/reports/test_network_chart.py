"""The word network chart: every group of words on the canvas, labels readable, a message without edges."""

import networkx as nx

from sabo_eval.reports import charts
from sabo_eval.reports.network_chart import network_chart, packed


def _graph() -> nx.Graph:
    graph = nx.Graph()
    graph.add_edge("민관협력", "주민센터", weight=4)
    graph.add_edge("주민센터", "복지관", weight=2)
    graph.add_edge("정보", "공유", weight=3)  # a second, separate group
    for word, count in {"민관협력": 6, "주민센터": 5, "복지관": 3, "정보": 3, "공유": 3}.items():
        graph.nodes[word]["count"] = count
    return graph


def test_separate_groups_get_their_own_part_of_the_canvas():
    graph = _graph()
    far = {"민관협력": (0, 0), "주민센터": (0.1, 0), "복지관": (0.1, 0.1), "정보": (50, 50), "공유": (51, 50)}
    placed = packed(graph, far)
    assert set(placed) == set(far)
    assert all(0 <= x <= 1 and 0 <= y <= 1 for x, y in placed.values())
    assert max(placed[w][0] for w in ("민관협력", "주민센터", "복지관")) <= 0.72 < min(placed[w][0] for w in ("정보", "공유"))


def test_no_label_reads_under_10_points_and_an_empty_graph_says_so():
    graph = _graph()
    fig = network_chart(graph, nx.spring_layout(graph, seed=1))
    assert charts.small_texts(fig, charts.DPI) == []
    labels = {t.get_text() for t in fig.axes[0].texts}
    assert labels == set(graph.nodes)
    empty = network_chart(nx.Graph(), {})
    assert "연결망을 그릴 수 없습니다" in empty.axes[0].texts[0].get_text()
