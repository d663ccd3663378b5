"""Co-occurrence network of the main nouns (KH Coder style), with a fixed layout.

Units are statements: two nouns co-occur when one statement uses both (a statement
counts once however often it repeats them). The nodes are the ``top_words`` nouns
used by the most statements (at least ``min_count``; ties by word); an edge joins two
of them used together in at least ``min_count`` statements. Its ``weight`` is that
count and its ``jaccard`` the Jaccard coefficient (statements with both / statements
with either). The ``edges`` strongest edges are kept (by count, then Jaccard, then
words), and the nodes they join. Everything is sorted, so the same statements give
the same graph, and :func:`layout` with its fixed seed the same drawing.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import networkx as nx
import pandas as pd

from .tokens import noun_lists

__all__ = ["LAYOUT_SEED", "cooccurrence", "edges_table", "layout"]

#: Seed of the spring layout (deterministic drawings).
LAYOUT_SEED = 21


def _statement_nouns(frame: pd.DataFrame, text_col: str) -> list[set[str]]:
    if "nouns" in frame:
        return [set(n) if isinstance(n, list | tuple) else set() for n in frame["nouns"]]
    return [set(n) for n in noun_lists(frame[text_col])]


def cooccurrence(frame: pd.DataFrame, top_words: int = 40, edges: int = 60, min_count: int = 2, text_col: str = "text") -> nx.Graph:
    """The co-occurrence graph of the main nouns of the statements (module rules).

    Parameters
    ----------
    frame : DataFrame
        Statements (a ``nouns`` column is used when present, else ``text_col`` is analysed).
    top_words : int
        Nouns considered, by number of statements.
    edges : int
        Edges kept, strongest first.
    min_count : int
        Least number of statements for a noun and for an edge.

    Returns
    -------
    networkx.Graph
        Nodes carry ``count`` (statements using the noun); edges ``weight`` (statements
        using both) and ``jaccard``.
    """
    units = _statement_nouns(frame, text_col)
    docs = Counter(word for unit in units for word in unit)
    words = sorted((w for w in docs if docs[w] >= min_count), key=lambda w: (-docs[w], w))[:top_words]
    chosen = set(words)
    pairs = Counter(pair for unit in units for pair in combinations(sorted(unit & chosen), 2))
    kept = [(a, b, n, n / (docs[a] + docs[b] - n)) for (a, b), n in pairs.items() if n >= min_count]
    kept.sort(key=lambda e: (-e[2], -e[3], e[0], e[1]))
    kept = kept[:edges]
    graph = nx.Graph()
    for word in sorted({w for a, b, _, _ in kept for w in (a, b)}, key=lambda w: (-docs[w], w)):
        graph.add_node(word, count=docs[word])
    for a, b, n, jaccard in kept:
        graph.add_edge(a, b, weight=n, jaccard=round(jaccard, 4))
    return graph


def edges_table(graph: nx.Graph) -> pd.DataFrame:
    """The graph's edges: ``source``, ``target``, ``weight``, ``jaccard``, strongest first."""
    rows = [(a, b, data.get("weight", 1), data.get("jaccard")) for a, b, data in graph.edges(data=True)]
    rows = [(min(a, b), max(a, b), w, j) for a, b, w, j in rows]
    rows.sort(key=lambda r: (-r[2], -(r[3] or 0), r[0], r[1]))
    return pd.DataFrame(rows, columns=["source", "target", "weight", "jaccard"])


def layout(graph: nx.Graph, seed: int = LAYOUT_SEED) -> pd.DataFrame:
    """Node positions of a spring layout with a fixed seed (the same graph, the same drawing).

    Returns
    -------
    DataFrame
        ``word``, ``x``, ``y`` (in [-1, 1]), ``count``; one row per node.
    """
    if graph.number_of_nodes() == 0:
        return pd.DataFrame(columns=["word", "x", "y", "count"])
    positions = nx.spring_layout(graph, seed=seed, weight="weight")
    rows = [(word, float(x), float(y), graph.nodes[word].get("count", 0)) for word, (x, y) in positions.items()]
    return pd.DataFrame(rows, columns=["word", "x", "y", "count"])
