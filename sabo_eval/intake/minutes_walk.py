"""One pass over the lines of discussion minutes: the state and the rule for each kind of line.

:class:`Walk` holds what the pass has found (topics, statements, unread lines) and
where it is (the current topic and group, an open topic question or group list, the
problem/improvement pair); :func:`walk_line` handles one line. The rules are listed in
:mod:`sabo_eval.intake.minutes`.
"""

from __future__ import annotations

import re

from . import minutes_lines as ml

__all__ = ["Walk", "walk_line", "MAX_LINE"]

MAX_LINE = 5_000
_COMMON = re.compile(r"^\(\s*공통\s*의견\s*\)\s*(.*)$")


class Walk:
    """The state of one pass over the lines.

    Attributes
    ----------
    topics : list of dict
        One per ``주제 N`` heading: number, question lines, groups, announced count, line.
    rows : list of dict
        The statements found, in order.
    unparsed : list of dict
        ``line, text, reason_ko, reason_en`` of the lines that are no statement.
    title : str or None
        The first line before the first topic.
    """

    def __init__(self) -> None:
        self.topics: list[dict] = []
        self.rows: list[dict] = []
        self.unparsed: list[dict] = []
        self.title: str | None = None
        self.question_open = False  # collecting the topic question
        self.groups_open = False  # a group list that may wrap onto the next line
        self.group: str | None = None
        self.pair = 0
        self.pair_has_problem = False

    @property
    def topic(self) -> dict | None:
        return self.topics[-1] if self.topics else None

    def skip(self, number: int, line: str, ko: str, en: str) -> None:
        self.unparsed.append({"line": number, "text": line.strip(), "reason_ko": ko, "reason_en": en})

    def add(self, number: int, text: str, kind: str, side: str | None = None, pair: int | None = None) -> None:
        text, region = text.strip(), None
        if self.group is not None:
            text, region = ml.leading_region(text)
            text, region2 = ml.split_region(text)
            region = region or region2
        if not ml.has_letters(text):
            self.skip(number, text, "내용이 없는 발언", "statement without text")
            return
        topic = self.topic
        self.rows.append({
            "topic_no": topic["topic_no"], "group": self.group, "region": region, "side": side,
            "kind": kind, "text": text, "pair": pair, "line": number,
        })  # fmt: skip

    def start_topic(self, number: int, line: str, topic_no: int, question: str) -> None:
        if any(t["topic_no"] == topic_no for t in self.topics):
            self.skip(number, line, f"주제 {topic_no}이(가) 이미 나왔습니다", f"topic {topic_no} appears twice")
            return
        self.topics.append({"topic_no": topic_no, "question": [question] if question else [], "groups": [],
                            "announced": None, "line": number})  # fmt: skip
        self.question_open = not question
        self.groups_open = False
        self.group, self.pair, self.pair_has_problem = None, 0, False


def _kind_of_side(topic: dict) -> str:
    return "역할" if "역할" in " ".join(topic["question"]) else "의견"


def _kind_of_entry(topic: dict) -> str:
    return "사례" if "사례" in " ".join(topic["question"]) else "의견"


def _structured(walk: Walk, number: int, body: str) -> bool:
    """Handle a line with a marker of its own; ``False`` when it is a free line."""
    topic = walk.topic
    if (segments := ml.side_segments(body)) is not None:
        for side, text in segments:
            if ml.has_letters(text):
                walk.add(number, text, _kind_of_side(topic), side)
            else:
                walk.skip(number, body, "내용이 없는 발언", "statement without text")
    elif (problem := ml.problem_kind(body)) is not None:
        kind, text = problem
        if kind == "문제점" or not walk.pair_has_problem:
            walk.pair += 1
        walk.pair_has_problem = kind == "문제점" or walk.pair_has_problem
        walk.add(number, text, kind, pair=walk.pair)
    elif (common := _COMMON.match(body)) is not None:
        walk.add(number, common.group(1), "공통의견", "공통")
    elif (entry := ml.group_entry(body)) is not None:
        walk.group = entry[0]
        if entry[0] not in topic["groups"] and topic["announced"] is None:
            topic.setdefault("entries", []).append(entry[0])
        if entry[1]:
            walk.add(number, ml.strip_marker(entry[1]), _kind_of_entry(topic))
    else:
        return False
    return True


def _heading_parts(walk: Walk, number: int, line: str, body: str) -> bool:
    """Topic headings, the topic question, group lists and sub-headings; ``True`` when handled."""
    if (heading := ml.topic_heading(body)) is not None:
        walk.start_topic(number, line, *heading)
        return True
    if walk.topic is None:
        if walk.title is None:
            walk.title = body
        else:
            walk.skip(number, line, "첫 주제(주제 N) 앞의 줄", "line before the first topic heading")
        return True
    if (groups := ml.group_list(body)) is not None:
        walk.question_open = False
        walk.topic["announced"] = groups[0]
        walk.topic["groups"] += [f"{n}조" for n in ml.group_numbers(groups[1])]
        walk.groups_open = groups[1].endswith(",") or not groups[1]
        if not ml.group_numbers(groups[1]) and not walk.groups_open:
            walk.skip(number, line, "조가 적히지 않은 토론 조 목록", "group list without groups")
        return True
    if walk.groups_open and ml.is_group_only(body):
        walk.topic["groups"] += [f"{n}조" for n in ml.group_numbers(body)]
        walk.groups_open = body.endswith(",")
        return True
    walk.groups_open = False
    if ml.is_subheading(body):
        walk.question_open, walk.group = False, None
        return True
    if walk.question_open and not _looks_structured(body):
        walk.topic["question"].append(body)
        return True
    walk.question_open = False
    return False


def _looks_structured(body: str) -> bool:
    parts = (ml.side_segments(body), ml.problem_kind(body), ml.group_entry(body), _COMMON.match(body))
    return any(part is not None for part in parts)


def walk_line(walk: Walk, number: int, line: str) -> None:
    """Take one (normalised) line into ``walk``: a heading, a statement, a continuation or an unread line.

    Parameters
    ----------
    walk : Walk
        The pass so far (changed in place).
    number : int
        The line's number (1-based).
    line : str
        The line as :func:`~.minutes_lines.normalise_text` gives it (a leading space marks indentation).

    Examples
    --------
    >>> walk = Walk()
    >>> for number, line in enumerate(["주제 1", "질문", "관 : 행정력"], start=1):
    ...     walk_line(walk, number, line)
    >>> [(row["side"], row["text"]) for row in walk.rows]
    [('관', '행정력')]
    """
    body = line.strip()
    if not body:
        walk.question_open = walk.question_open and not walk.topic["question"]
        return
    if len(body) > MAX_LINE:
        walk.skip(number, body[:200], f"너무 긴 줄({len(body):,}자)", f"line too long ({len(body):,} characters)")
    elif "\ufffd" in body or not ml.has_letters(body):
        walk.skip(number, line, "글자가 깨졌거나 내용이 없는 줄", "garbled line or line without text")
    elif _heading_parts(walk, number, line, body):
        return
    elif ml.is_continuation(line) and walk.rows and walk.rows[-1]["topic_no"] == walk.topic["topic_no"]:
        walk.rows[-1]["text"] += " " + body
    elif not _structured(walk, number, body):
        kind = _kind_of_entry(walk.topic) if walk.group else "의견"
        walk.add(number, ml.strip_marker(body), kind)
