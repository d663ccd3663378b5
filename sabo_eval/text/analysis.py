"""Analyses of coded statements: theme counts, words, keyness, pairs, practices, quotes.

Frames in, frames out. Statements are ``discussions`` rows (see docs/architecture.md);
a *coded* frame is one returned by :func:`sabo_eval.text.codebook.code_texts`.

Keyness is the log-likelihood G² of Rayson & Garside (2000, "Comparing corpora using
frequency profiling"): for a word with frequency ``a`` in the group's nouns and ``b``
in the other groups', and ``c``, ``d`` the numbers of nouns of the group and of the
rest, ``E1 = c(a+b)/(c+d)``, ``E2 = d(a+b)/(c+d)`` and
``G² = 2(a ln(a/E1) + b ln(b/E2))`` (a term with a zero frequency counts 0). Words
used relatively more in the group than in the rest (``a/c > b/d``) are its
characteristic words. TF-IDF treats each group as one document:
``tf = a / c`` and ``idf = ln(n_groups / groups using the word)``.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import pandas as pd

from .codebook import Codebook
from .tokens import morphemes, noun_lists

__all__ = [
    "ACTORS",
    "log_likelihood",
    "theme_counts",
    "word_frequencies",
    "keyness",
    "problem_pairs",
    "practices",
    "collaborators",
    "quotes",
    "uncoded",
]

#: Actor nouns → the collaborator they name (in catalogue order).
ACTORS = {
    "복지관": ("복지관",), "사회복지관": ("복지관",), "종합사회복지관": ("복지관",), "거점복지관": ("복지관",),
    "복지관장": ("복지관",), "주민센터": ("주민센터",), "행정복지센터": ("주민센터",), "면사무소": ("주민센터",),
    "맞춤형복지팀": ("주민센터",), "동": ("동",), "동장": ("동",), "읍면동": ("동",), "구": ("구",), "구청": ("구",),
    "시": ("시",), "시청": ("시",), "공공": ("관",), "공무원": ("관",), "관": ("관",), "민": ("민",), "민관": ("민", "관"),
    "협의체": ("협의체",), "보장협의체": ("협의체",), "동보장협의체": ("협의체",), "읍면동보장협의체": ("협의체",),
    "지역사회보장협의체": ("협의체",), "사회보장협의체": ("협의체",), "통장": ("통장",), "복지통장": ("통장",),
    "이장": ("이장",), "복지이장": ("이장",), "자원봉사센터": ("자원봉사센터",), "건강가정지원센터": ("건강가정지원센터",),
    "건강증진복지센터": ("건강증진복지센터",), "장애인협회": ("장애인협회",), "주민": ("주민",), "활동가": ("주민",),
}
_ACTOR_ORDER = list(dict.fromkeys(label for labels in ACTORS.values() for label in labels))
_NOUN_TAGS = {"NNG", "NNP"}
_BULLET = re.compile(r"^(?:\s*(?:->|=>|[-*•·※]|\d+\)))+\s*")
_META = ("themes", "matched", "nouns")


def log_likelihood(a: float, b: float, c: float, d: float) -> float:
    """Rayson & Garside's log-likelihood G² of a word's frequencies ``a``, ``b`` in corpora of ``c``, ``d`` words.

    Examples
    --------
    >>> round(log_likelihood(10, 5, 100, 200), 4)  # 2·(10 ln 2 + 5 ln ½) = 10 ln 2
    6.9315
    """
    total = c + d
    if total <= 0 or a + b <= 0:
        return 0.0
    g2 = 0.0
    for observed, size in ((a, c), (b, d)):
        expected = size * (a + b) / total
        if observed > 0 and expected > 0:
            g2 += observed * math.log(observed / expected)
    return 2.0 * g2


def _nouns(frame: pd.DataFrame, text_col: str = "text") -> list[list[str]]:
    if "nouns" in frame:
        return [list(n) if isinstance(n, list | tuple) else [] for n in frame["nouns"]]
    return noun_lists(frame[text_col])


def _keys(frame: pd.DataFrame, by: str | list[str] | None) -> list[str]:
    keys = [by] if isinstance(by, str) else list(by or [])
    missing = [k for k in keys if k not in frame]
    if missing:
        raise KeyError(f"no column {missing}")
    return keys


def _filled(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    out = frame.copy()
    for key in keys:
        if out[key].dtype == object or isinstance(out[key].dtype, pd.StringDtype):
            out[key] = out[key].astype(object).where(out[key].notna(), "(미기재)")
    return out


def theme_counts(coded: pd.DataFrame, by: str | list[str] | None = "topic_no", codebook: Codebook | None = None) -> pd.DataFrame:
    """Statements per theme, by topic, side (관/민), region or any columns.

    Parameters
    ----------
    coded : DataFrame
        A coded frame (``themes`` column).
    by : str or list of str or None
        Grouping columns; None counts over all statements. Missing values are "(미기재)".
    codebook : Codebook, optional
        Gives labels and the theme order, and themes without statements (count 0).

    Returns
    -------
    DataFrame
        ``<by>``, ``theme``, ``label``, ``n_statements`` (statements with the theme),
        ``n_total`` (statements in the group), ``share`` (``n_statements / n_total``).
    """
    keys = _keys(coded, by)
    frame = _filled(coded, keys)
    themes = list(codebook.themes["theme"]) if codebook is not None else sorted({t for ts in frame["themes"] for t in ts})
    labels = codebook.labels if codebook is not None else {}
    groups = frame.groupby(keys, sort=True, dropna=False) if keys else [((), frame)]
    rows = []
    for key, part in groups:
        values = key if isinstance(key, tuple) else (key,)
        counts = Counter(t for ts in part["themes"] for t in set(ts))
        for theme in themes:
            n = counts.get(theme, 0)
            rows.append((*values, theme, labels.get(theme, theme), n, len(part), n / len(part) if len(part) else 0.0))
    return pd.DataFrame(rows, columns=[*keys, "theme", "label", "n_statements", "n_total", "share"])


def word_frequencies(frame: pd.DataFrame, by: str | list[str] | None = "topic_no", top: int = 20, text_col: str = "text") -> pd.DataFrame:
    """The most frequent nouns per group.

    Returns
    -------
    DataFrame
        ``<by>``, ``rank``, ``word``, ``count`` (occurrences) and ``n_statements``
        (statements using it); ties by statements, then by word.
    """
    keys = _keys(frame, by)
    work = _filled(frame, keys).assign(_nouns=_nouns(frame, text_col))
    groups = work.groupby(keys, sort=True, dropna=False) if keys else [((), work)]
    rows = []
    for key, part in groups:
        values = key if isinstance(key, tuple) else (key,)
        counts = Counter(w for ws in part["_nouns"] for w in ws)
        docs = Counter(w for ws in part["_nouns"] for w in set(ws))
        ranked = sorted(counts, key=lambda w: (-counts[w], -docs[w], w))[:top]
        rows.extend((*values, i + 1, w, counts[w], docs[w]) for i, w in enumerate(ranked))
    return pd.DataFrame(rows, columns=[*keys, "rank", "word", "count", "n_statements"])


def keyness(frame: pd.DataFrame, by: str = "topic_no", top: int = 20, min_count: int = 2, text_col: str = "text") -> pd.DataFrame:
    """The characteristic nouns of each group against the others (G² and TF-IDF, module docs).

    Parameters
    ----------
    frame : DataFrame
        Statements (coded or not).
    by : str
        The grouping column (topic by default).
    top : int
        Words kept per group, by G² (then TF-IDF, then word).
    min_count : int
        Words used fewer times in the group are left out.

    Returns
    -------
    DataFrame
        ``<by>``, ``rank``, ``word``, ``count``, ``count_rest``, ``g2``, ``tfidf``; only
        words used relatively more in the group than in the rest.
    """
    work = _filled(frame, [by]).assign(_nouns=_nouns(frame, text_col))
    per_group = {key: Counter(w for ws in part["_nouns"] for w in ws) for key, part in work.groupby(by, sort=True, dropna=False)}
    overall = sum(per_group.values(), Counter())
    total = sum(overall.values())
    n_groups = len(per_group)
    rows = []
    for key, counts in per_group.items():
        c = sum(counts.values())
        d = total - c
        scored = []
        for word, a in counts.items():
            b = overall[word] - a
            if a < min_count or (d > 0 and a / c <= b / d):
                continue
            groups_using = sum(1 for other in per_group.values() if word in other)
            tfidf = (a / c) * math.log(n_groups / groups_using) if c else 0.0
            scored.append((word, a, b, log_likelihood(a, b, c, d), tfidf))
        scored.sort(key=lambda s: (-s[3], -s[4], s[0]))
        rows.extend((key, i + 1, *s) for i, s in enumerate(scored[:top]))
    return pd.DataFrame(rows, columns=[by, "rank", "word", "count", "count_rest", "g2", "tfidf"])


def _ordered(statements: pd.DataFrame) -> pd.DataFrame:
    return statements.sort_values("seq", kind="stable") if "seq" in statements else statements


def _joined(texts: pd.Series) -> str | None:
    values = [str(t).strip() for t in texts if isinstance(t, str) and t.strip()]
    return "\n".join(values) if values else None


def problem_pairs(statements: pd.DataFrame) -> pd.DataFrame:
    """Each problem (문제점) with its improvement (개선방안), matched by ``pair`` within a topic.

    Returns
    -------
    DataFrame
        ``event_id``, ``topic_no``, ``pair``, ``group``, ``problem``, ``improvement``
        (None when the minutes give none), ``line``; in the minutes' order. A
        statement without ``pair`` stands alone.
    """
    rows = _ordered(statements[statements["kind"].isin(["문제점", "개선방안"])]).copy()
    if "event_id" not in rows:
        rows["event_id"] = None
    rows["_pair"] = [p if pd.notna(p) else f"_{i}" for i, p in zip(range(len(rows)), rows["pair"], strict=True)]
    out = []
    for (event, topic, _), part in rows.groupby(["event_id", "topic_no", "_pair"], sort=False, dropna=False):
        out.append(
            {
                "event_id": event,
                "topic_no": topic,
                "pair": part["pair"].iloc[0] if pd.notna(part["pair"].iloc[0]) else None,
                "group": part["group"].dropna().iloc[0] if "group" in part and part["group"].notna().any() else None,
                "problem": _joined(part.loc[part["kind"] == "문제점", "text"]),
                "improvement": _joined(part.loc[part["kind"] == "개선방안", "text"]),
                "line": part["line"].min() if "line" in part else None,
            }
        )
    return pd.DataFrame(out, columns=["event_id", "topic_no", "pair", "group", "problem", "improvement", "line"])


def collaborators(texts: list[str]) -> list[str]:
    """Actors named in the texts (the :data:`ACTORS` dictionary), in catalogue order."""
    found = set()
    for text in texts:
        for form, tag, _, _ in morphemes(text):
            if tag in _NOUN_TAGS and form in ACTORS:
                found.update(ACTORS[form])
    return [actor for actor in _ACTOR_ORDER if actor in found]


def practices(statements: pd.DataFrame) -> pd.DataFrame:
    """The catalogue of good practices (kind 사례): one row per group's entry.

    Returns
    -------
    DataFrame
        ``event_id``, ``topic_no``, ``group``, ``region`` (regions stated, joined by
        ", "), ``what`` (the entry's first statement without its bullet), ``details``
        (the following statements, one a line), ``collaborators`` (actors named:
        복지관, 주민센터, 동, 구, 시, 협의체, 통장 …, joined by ", "),
        ``n_statements``, ``line``; in the minutes' order.
    """
    rows = _ordered(statements[statements["kind"] == "사례"]).copy()
    if "event_id" not in rows:
        rows["event_id"] = None
    rows["_group"] = [g if pd.notna(g) else f"_{i}" for i, g in zip(range(len(rows)), rows["group"], strict=True)]
    out = []
    for (event, topic, _), part in rows.groupby(["event_id", "topic_no", "_group"], sort=False, dropna=False):
        texts = [t for t in part["text"] if isinstance(t, str) and t.strip()]
        regions = list(dict.fromkeys(r for r in part.get("region", pd.Series(dtype=object)) if isinstance(r, str) and r.strip()))
        cleaned = [_BULLET.sub("", t).strip() for t in texts]
        out.append(
            {
                "event_id": event,
                "topic_no": topic,
                "group": part["group"].iloc[0] if pd.notna(part["group"].iloc[0]) else None,
                "region": ", ".join(regions) or None,
                "what": cleaned[0] if cleaned else None,
                "details": "\n".join(cleaned[1:]) or None,
                "collaborators": ", ".join(collaborators(texts)) or None,
                "n_statements": len(part),
                "line": part["line"].min() if "line" in part else None,
            }
        )
    columns = ["event_id", "topic_no", "group", "region", "what", "details", "collaborators", "n_statements", "line"]
    return pd.DataFrame(out, columns=columns)


def quotes(coded: pd.DataFrame, per_theme: int = 3, min_chars: int = 15, codebook: Codebook | None = None) -> pd.DataFrame:
    """Representative statements per theme: the shortest informative ones first.

    A statement is informative when its text has at least ``min_chars`` characters
    (spaces excluded); informative statements come first, each kind ordered by
    length, then by the minutes' order — the same frame always gives the same quotes.

    Returns
    -------
    DataFrame
        ``theme``, ``label``, ``rank``, ``text``, ``matched_words`` and the context
        columns present (``topic_no``, ``group``, ``region``, ``side``, ``kind``, ``seq``, ``line``).
    """
    labels = codebook.labels if codebook is not None else {}
    order = list(codebook.themes["theme"]) if codebook is not None else sorted({t for ts in coded["themes"] for t in ts})
    context = [c for c in ("topic_no", "group", "region", "side", "kind", "seq", "line") if c in coded]
    rows = []
    for position, (index, text) in enumerate(zip(coded.index, coded["text"], strict=True)):
        size = len(re.sub(r"\s+", "", text)) if isinstance(text, str) else 0
        for theme in coded.at[index, "themes"]:
            words = ", ".join(coded.at[index, "matched"].get(theme, []))
            rows.append((order.index(theme) if theme in order else len(order), theme, size < min_chars, size, position, text, words, index))
    rows.sort(key=lambda r: r[:5])
    out, taken = [], Counter()
    for _, theme, _, _, _, text, words, index in rows:
        if taken[theme] < per_theme:
            taken[theme] += 1
            extra = {c: coded.at[index, c] for c in context}
            out.append({"theme": theme, "label": labels.get(theme, theme), "rank": taken[theme], "text": text, "matched_words": words, **extra})
    return pd.DataFrame(out, columns=["theme", "label", "rank", "text", "matched_words", *context])


def uncoded(coded: pd.DataFrame) -> pd.DataFrame:
    """Statements that got no theme (to list in the report and to improve the codebook)."""
    empty = [len(t) == 0 for t in coded["themes"]]
    return coded.loc[empty].drop(columns=[c for c in _META if c in coded])
