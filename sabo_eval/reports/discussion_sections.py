"""Tables of the discussion report built from the ``discussions`` rows: topics with their groups, themes by side.

A topic's groups are those the minutes announce for it (``토론 조(5개조) : 1조, 20조, …``);
a topic without such a list (the practices of seed 003's topic 4) counts the groups
its statements name. Groups sort by their number (2조 before 10조).
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["SIDES", "group_key", "joined_groups", "topic_table", "theme_side_table"]

#: The speaker sides as columns, in this order; a statement without one is ``미표시``.
SIDES = ("관", "민", "공통", "미표시")
_NUMBER = re.compile(r"\d+")


def group_key(group: str) -> tuple[int, str]:
    """Sort key of a group name: its number first (``"2조"`` before ``"10조"``), then the text."""
    found = _NUMBER.search(str(group))
    return (int(found.group()) if found else 10**6, str(group))


def joined_groups(text: object) -> list[str]:
    """The groups of an announced list (``"1조, 20조, 23조"`` → ``["1조", "20조", "23조"]``)."""
    if not isinstance(text, str):
        return []
    return [part.strip() for part in re.split(r"[,，、]", text) if part.strip()]


def topic_table(statements: pd.DataFrame) -> pd.DataFrame:
    """One row per topic: ``topic_no``, ``topic``, ``n_groups``, ``groups``, ``n_statements``.

    Parameters
    ----------
    statements : DataFrame
        ``discussions`` rows of one event.

    Returns
    -------
    DataFrame
        A topic's groups are its announced list (``groups``) when there is one, else
        the groups its statements name.
    """
    rows = []
    for topic_no, part in statements.groupby("topic_no", sort=True):
        announced = next((joined_groups(v) for v in part["groups"] if joined_groups(v)), [])
        spoken = sorted(set(part["group"].dropna().astype(str)), key=group_key)
        groups = announced or spoken
        topic = next((str(v) for v in part["topic"] if isinstance(v, str) and v.strip()), "")
        rows.append({"topic_no": int(topic_no), "topic": topic, "n_groups": len(groups), "groups": ", ".join(groups),
                     "n_statements": len(part)})
    return pd.DataFrame(rows, columns=["topic_no", "topic", "n_groups", "groups", "n_statements"])


def theme_side_table(long: pd.DataFrame) -> pd.DataFrame:
    """Statements per theme and side (관/민/공통/미표시) with the total, most frequent theme first.

    Parameters
    ----------
    long : DataFrame
        :func:`sabo_eval.text.codebook.theme_long` rows (``label``, ``side``).

    Returns
    -------
    DataFrame
        ``분류``, one column per side with statements (none when no statement states
        its side), and ``계``.
    """
    if long.empty:
        return pd.DataFrame(columns=["분류", *SIDES, "계"])
    sides = long["side"].where(long["side"].isin(SIDES[:3]), "미표시")
    table = pd.crosstab(long["label"], sides).reindex(columns=list(SIDES), fill_value=0)
    if not table[list(SIDES[:3])].to_numpy().any():  # no statement of the topic states its side
        table = table[[]]
    else:
        table = table.loc[:, (table.sum() > 0) | (table.columns.isin(SIDES[:2]))]
    table["계"] = long.groupby("label").size().reindex(table.index)
    table = table.sort_values("계", ascending=False, kind="stable")
    return table.rename_axis(None, axis=1).reset_index().rename(columns={"label": "분류"})
