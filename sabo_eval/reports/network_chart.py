"""The word co-occurrence network of a discussion drawn as a readable chart.

Positions come from :mod:`sabo_eval.text.network` (a fixed-seed layout, so the chart
is the same every run); this module only draws: circles sized by how often a word
occurs, lines as wide and dark as the pair co-occurs, every label at 10.5 pt on a
white box so that no label reads under :data:`~sabo_eval.reports.charts.MIN_CHART_POINTS`
on the page and lines do not run through the text. Embedded as a palette PNG by
:func:`sabo_eval.reports.charts.figure_html`.
"""

from __future__ import annotations

import math

import matplotlib.figure
import matplotlib.pyplot as plt

from . import charts

__all__ = ["network_chart", "packed", "NETWORK_SIZE", "LABEL_POINTS"]

#: Figure size, inches: 9.5 in at 110 dpi is narrower than the report's column (never scaled down).
NETWORK_SIZE = (9.5, 7.0)
#: Label size: above 10 pt as shown.
LABEL_POINTS = 10.5


def _scaled(values: list[float], low: float, high: float) -> list[float]:
    """``values`` mapped linearly onto ``[low, high]`` (all ``high`` when they are equal)."""
    if not values:
        return []
    smallest, largest = min(values), max(values)
    if largest == smallest:
        return [high for _ in values]
    return [low + (high - low) * (v - smallest) / (largest - smallest) for v in values]


def _box(positions: dict, nodes: list, box: tuple[float, float, float, float]) -> dict:
    """``nodes``' positions scaled and moved to fill ``box`` (x0, y0, x1, y1), aspect kept, centred."""
    xs, ys = [positions[n][0] for n in nodes], [positions[n][1] for n in nodes]
    width, height = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    x0, y0, x1, y1 = box
    scale = min((x1 - x0) / width, (y1 - y0) / height)
    dx = x0 + ((x1 - x0) - width * scale) / 2 - min(xs) * scale
    dy = y0 + ((y1 - y0) - height * scale) / 2 - min(ys) * scale
    if len(nodes) == 1:
        return {nodes[0]: ((x0 + x1) / 2, (y0 + y1) / 2)}
    return {n: (positions[n][0] * scale + dx, positions[n][1] * scale + dy) for n in nodes}


def packed(graph, positions: dict) -> dict:
    """The layout's positions with each connected group of words given its own part of the canvas.

    A spring layout pushes separate groups far apart and squeezes the largest into a
    corner; here the largest group fills the left three quarters and the others are
    stacked on the right, each keeping its own layout's shape.
    """
    import networkx as nx

    groups = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    groups = [[n for n in g if n in positions] for g in groups]
    groups = [g for g in groups if g]
    if len(groups) <= 1:
        return _box(positions, groups[0], (0.0, 0.0, 1.0, 1.0)) if groups else {}
    out = _box(positions, groups[0], (0.0, 0.0, 0.72, 1.0))
    rest = groups[1:]
    total = sum(max(len(g), 2) for g in rest)
    top = 1.0
    for group in rest:
        height = max(len(group), 2) / total
        out.update(_box(positions, group, (0.8, top - height + 0.04, 1.0, top - 0.04)))
        top -= height
    return out


def network_chart(graph, positions: dict, *, counts: dict[str, float] | None = None) -> matplotlib.figure.Figure:
    """Draw a co-occurrence graph at the given positions.

    Parameters
    ----------
    graph : networkx.Graph
        Nodes are words; edges carry ``weight`` (how many statements hold both words).
    positions : dict
        Word → (x, y), e.g. from :func:`sabo_eval.text.network.layout`.
    counts : dict, optional
        Word → frequency (node size); default the node attribute ``count``, else its degree.

    Returns
    -------
    Figure
        A message figure when the graph has no edge.
    """
    charts.use_korean_font()
    fig, ax = plt.subplots(figsize=NETWORK_SIZE)
    ax.set_axis_off()
    if graph is None or graph.number_of_edges() == 0:
        ax.text(0.5, 0.5, "함께 나온 낱말 쌍이 없어 연결망을 그릴 수 없습니다", ha="center", va="center", fontsize=12)
        return fig
    positions = packed(graph, positions)
    nodes = [n for n in graph.nodes if n in positions]
    counts = counts or {n: graph.nodes[n].get("count", graph.degree(n)) for n in nodes}
    edges = [(a, b, float(d.get("weight", 1))) for a, b, d in graph.edges(data=True) if a in positions and b in positions]
    for (a, b, _w), width, shade in zip(edges, _scaled([w for *_, w in edges], 1.0, 6.0),
                                         _scaled([w for *_, w in edges], 0.45, 0.9), strict=True):
        (x1, y1), (x2, y2) = positions[a], positions[b]
        ax.plot([x1, x2], [y1, y2], color=(0.25, 0.4, 0.6, shade), linewidth=width, zorder=1, solid_capstyle="round")
    sizes = _scaled([math.sqrt(float(counts.get(n, 1))) for n in nodes], 120, 1400)
    xs, ys = [positions[n][0] for n in nodes], [positions[n][1] for n in nodes]
    ax.scatter(xs, ys, s=sizes, color="#f2b35b", edgecolors="#a86b12", linewidths=0.8, zorder=2)
    for node, x, y in zip(nodes, xs, ys, strict=True):
        ax.text(x, y, str(node), ha="center", va="center", fontsize=LABEL_POINTS, zorder=3,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.75})
    ax.set_xlim(-0.08, 1.08)
    ax.set_ylim(-0.08, 1.08)
    return fig
