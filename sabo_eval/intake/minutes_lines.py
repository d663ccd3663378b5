"""The lines of discussion minutes: normalising them and recognising what each one is.

Minutes as secretariats write them (plain text, or text exported from HWP) mark their
structure with a few conventions — ``주제 N`` headings, ``토론 조(N개조) : 1조, 20조``
group lists, ``N안)`` sub-headings, ``관 :``/``민 :`` side prefixes, ``문제점 :`` /
``개선방안 :`` pairs, ``(공통의견)`` and ``N조 : … (지역)`` practice entries. This module
knows those patterns; :mod:`sabo_eval.intake.minutes` walks the lines with them.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "normalise_text",
    "topic_heading",
    "group_list",
    "group_numbers",
    "is_group_only",
    "is_subheading",
    "side_segments",
    "problem_kind",
    "group_entry",
    "strip_marker",
    "split_region",
    "leading_region",
    "is_continuation",
    "has_letters",
]

_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
_TOPIC = re.compile(r"^[\s■□●○◎◆◇▶▷\-*]*\[?\s*주제\s*(\d{1,2})\s*[\].:)]?\s*[:.]?\s*(.*)$")
_GROUPS = re.compile(r"^토론\s*조\s*(?:\(\s*(\d+)\s*개\s*조\s*\))?\s*:\s*(.*)$")
_GROUP_ONLY = re.compile(r"^(?:\d+\s*조\s*,?\s*)+$")
_GROUP_NO = re.compile(r"(\d+)\s*조")
_SUBHEADING = re.compile(r"^\d+\s*안\s*\)")
_SIDE = re.compile(r"^(관|민|공통)\s*:\s*(.*)$")
_SIDE_SPLIT = re.compile(r"\s+/\s+(?=(?:관|민|공통)\s*:)")
_PROBLEM = re.compile(r"^(문제점|개선\s*방안)\s*:\s*(.*)$")
_ENTRY = re.compile(r"^(\d{1,3})\s*조\s*:\s*(.*)$")
_MARKER = re.compile(r"^(?:->|=>|→|[-*•·○●□■◦▶▷※]|ㅇ(?=\s)|[Ee]x\)|\d{1,2}\))\s*")
_TRAILING_PAREN = re.compile(r"\s*\(([^()]+)\)\s*$")
_LEADING_REGION = re.compile(r"^([^:]{2,20}?)\s*:\s*(.+)$")
_PROVINCES = (
    "서울",
    "부산",
    "대구",
    "인천",
    "광주",
    "대전",
    "울산",
    "세종",
    "경기",
    "강원",
    "충북",
    "충남",
    "충청",
    "전북",
    "전남",
    "전라",
    "경북",
    "경남",
    "경상",
    "제주",
)


def normalise_text(raw: str) -> list[str]:
    """Split minutes into lines: BOM, CR/LF, tabs and full-width colons made plain.

    Leading white space is kept as one space (it marks a continuation line).

    Examples
    --------
    >>> normalise_text("\\ufeff주제1\\r\\n관：공적지원\\r\\n\\t사례발굴")
    ['주제1', '관:공적지원', ' 사례발굴']
    """
    text = raw.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = []
    for line in text.split("\n"):
        line = unicodedata.normalize("NFC", line).replace("：", ":").replace("\u200b", "")
        indented = bool(line) and line[0] in " \t\u3000\u00a0"
        line = _SPACES.sub(" ", line).strip()
        lines.append(f" {line}" if indented and line else line)
    return lines


def topic_heading(line: str) -> tuple[int, str] | None:
    """``(N, question written on the same line)`` for a ``주제 N`` heading, else ``None``.

    Examples
    --------
    >>> topic_heading("[주제 2] 문제점은?")
    (2, '문제점은?')
    >>> topic_heading("주제1.")
    (1, '')
    >>> topic_heading("주제에 대한 의견") is None
    True
    """
    match = _TOPIC.match(line.strip())
    return (int(match.group(1)), match.group(2).strip()) if match else None


def group_list(line: str) -> tuple[int | None, str] | None:
    """``(announced count, rest)`` for a ``토론 조(N개조) : …`` line, else ``None``.

    Examples
    --------
    >>> group_list("토론 조(5개조) : 1조, 20조")
    (5, '1조, 20조')
    """
    match = _GROUPS.match(line.strip())
    if not match:
        return None
    return (int(match.group(1)) if match.group(1) else None, match.group(2).strip())


def group_numbers(text: str) -> list[int]:
    """The group numbers named in ``text`` (``"4조, 5조,"`` → ``[4, 5]``).

    Examples
    --------
    >>> group_numbers("15조, 16조, 17조")
    [15, 16, 17]
    """
    return [int(n) for n in _GROUP_NO.findall(text)]


def is_group_only(line: str) -> bool:
    """Whether the line is nothing but group names (the wrapped part of a group list).

    Examples
    --------
    >>> is_group_only("15조, 16조, 17조, 25조, 26조")
    True
    """
    return bool(_GROUP_ONLY.match(line.strip()))


def is_subheading(line: str) -> bool:
    """Whether the line is an ``N안)`` sub-heading (a label, not a statement).

    Examples
    --------
    >>> is_subheading("4안) 우리 지역 내 우수사례"), is_subheading("1) 긴급지원")
    (True, False)
    """
    return bool(_SUBHEADING.match(line.strip()))


def side_segments(line: str) -> list[tuple[str, str]] | None:
    """``[(side, text), …]`` for ``관 : … / 민 : …`` lines, else ``None``.

    Examples
    --------
    >>> side_segments("관 : 공적지원 / 민 : 사례관리의 전문성")
    [('관', '공적지원'), ('민', '사례관리의 전문성')]
    """
    parts = _SIDE_SPLIT.split(line.strip())
    found = [_SIDE.match(part) for part in parts]
    if not found[0]:
        return None
    return [(m.group(1), m.group(2).strip()) for m in found if m]


def problem_kind(line: str) -> tuple[str, str] | None:
    """``("문제점"|"개선방안", text)`` for a problem or improvement line, else ``None``.

    Examples
    --------
    >>> problem_kind("개선 방안 : 소통 활성화")
    ('개선방안', '소통 활성화')
    """
    match = _PROBLEM.match(line.strip())
    return (match.group(1).replace(" ", ""), match.group(2).strip()) if match else None


def group_entry(line: str) -> tuple[str, str] | None:
    """``("N조", text)`` for an ``N조 : …`` entry line, else ``None`` (``제1조`` is no group).

    Examples
    --------
    >>> group_entry("11조 :")
    ('11조', '')
    >>> group_entry("제1조 : 목적") is None
    True
    """
    match = _ENTRY.match(line.strip())
    return (f"{int(match.group(1))}조", match.group(2).strip()) if match else None


def strip_marker(text: str) -> str:
    """The text without its list markers (``-``, ``*``, ``○``, ``□``, ``ㅇ``, ``->``, ``=>``, ``Ex)``, ``1)``).

    Examples
    --------
    >>> strip_marker("- 1) 전남 해남군 : 주택 신축 지원")
    '전남 해남군 : 주택 신축 지원'
    >>> strip_marker("ㅇ 이웃 돌봄"), strip_marker("ㅇㅇ동 사례")
    ('이웃 돌봄', 'ㅇㅇ동 사례')
    """
    text = text.strip()
    while True:
        shorter = _MARKER.sub("", text, count=1).strip()
        if shorter == text:
            return text
        text = shorter


def _is_region(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 3 and words[0].startswith(_PROVINCES) and len(text) <= 20


def split_region(text: str) -> tuple[str, str | None]:
    """``(text, region)`` when the text ends with a region in parentheses (``(부산시 모라3동)``).

    Examples
    --------
    >>> split_region("사례회의 정례화 (대구시)")
    ('사례회의 정례화', '대구시')
    >>> split_region("공동 사업 진행(협약체결)")
    ('공동 사업 진행(협약체결)', None)
    """
    match = _TRAILING_PAREN.search(text)
    if match and _is_region(match.group(1).strip()):
        return text[: match.start()].strip(), match.group(1).strip()
    return text, None


def leading_region(text: str) -> tuple[str, str | None]:
    """``(text, region)`` when the text starts with ``지역 : …`` (``전남 해남군 : …``).

    Examples
    --------
    >>> leading_region("전남 강진군 : 반찬제공")
    ('반찬제공', '전남 강진군')
    """
    match = _LEADING_REGION.match(text)
    if match and _is_region(match.group(1).strip()):
        return match.group(2).strip(), match.group(1).strip()
    return text, None


def is_continuation(line: str) -> bool:
    """Whether an indented line continues the previous statement (no marker of its own).

    Examples
    --------
    >>> is_continuation(" 사례발굴, 단순개입사례"), is_continuation(" 민 : 사례관리")
    (True, False)
    """
    if not line.startswith(" "):
        return False
    body = line.strip()
    structural = (topic_heading(body), group_list(body), side_segments(body), problem_kind(body), group_entry(body))
    return not any(structural) and not is_subheading(body) and strip_marker(body) == body


def has_letters(text: str) -> bool:
    """Whether the text has a letter or digit (not only punctuation or box-drawing).

    Examples
    --------
    >>> has_letters("-----"), has_letters("민관")
    (False, True)
    """
    return any(ch.isalnum() for ch in text)
