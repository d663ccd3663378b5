"""What ``sabo-eval minutes`` prints about parsed minutes: topics, statements, unread lines (Korean first)."""

from __future__ import annotations

from .minutes import MinutesParse

__all__ = ["minutes_lines"]

_SHOWN_TEXT = 60


def _short(text: str) -> str:
    return text if len(text) <= _SHOWN_TEXT else text[: _SHOWN_TEXT - 1] + "…"


def minutes_lines(parse: MinutesParse) -> list[str]:
    """Lines describing one parsed minutes file: the event, each topic with its groups and statements, unread lines.

    Parameters
    ----------
    parse : MinutesParse

    Returns
    -------
    list of str

    Examples
    --------
    >>> from sabo_eval.intake.minutes import parse_minutes
    >>> lines = minutes_lines(parse_minutes("주제 1\\n역할은?\\n토론 조(1개조) : 3조\\n관 : 행정력", event_id="e"))
    >>> lines[1]
    '  주제 1: 역할은? — 조 1개(3조), 발언 1건 (역할 1)'
    """
    date = f", {parse.event_date}" if parse.event_date else ""
    name = f" {parse.event_name}" if parse.event_name else ""
    lines = [f"회의록 {parse.source or parse.event_id}: 행사 {parse.event_id}{name}{date} — 주제 {len(parse.topics)}개, "
             f"발언 {len(parse.statements)}건 / topics {len(parse.topics)}, statements {len(parse.statements)}"]  # fmt: skip
    statements = parse.statements
    for topic in parse.topics.itertuples():
        rows = statements[statements["topic_no"] == topic.topic_no]
        kinds = ", ".join(f"{k} {n}" for k, n in rows["kind"].value_counts(sort=False).items())
        groups = f"조 {topic.n_groups}개({topic.groups})" if topic.groups else "조 없음"
        lines.append(f"  주제 {topic.topic_no}: {_short(topic.topic or '(주제 문장 없음)')} — {groups}, "
                     f"발언 {len(rows)}건" + (f" ({kinds})" if kinds else ""))  # fmt: skip
    if len(parse.unparsed):
        lines.append(f"  읽지 못한 줄 {len(parse.unparsed)}건 (경고) / {len(parse.unparsed)} line(s) not read (warnings):")
        for row in parse.unparsed.itertuples():
            lines.append(f"    {row.line}행: {_short(row.text)} — {row.reason_ko} / {row.reason_en}")
    return lines
