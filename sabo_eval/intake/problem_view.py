"""The problem table as the terminal shows it: at most 100 columns, Korean or English.

East Asian wide characters take two terminal columns (:func:`display_width`). The reason
column wraps over as many lines as it needs; the short columns (sheet, column, value)
are shortened with ``…`` when too wide, and the table then says once that the full
text is in the ``--out`` or ``--annotate`` file. Each reason ends with the rule's
name in brackets (what to quote when asking for help). A problem that causes others shows
their count ("연관 오류 N건"); the related problems themselves are listed in those files,
not on the terminal (:mod:`.root_causes`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from .problems import ERROR, Problem

__all__ = ["display_width", "shorten", "wrap", "render_problems", "count_related", "TABLE_WIDTH", "CUT_NOTE"]

#: The widest line the terminal table writes.
TABLE_WIDTH = 100

#: Said once under a table in which some value was shortened.
CUT_NOTE = (
    "※ 줄인 값이 있습니다 — 전체 내용은 --out 표 또는 --annotate 사본에 있습니다\n"
    "  some values were shortened; the full text is in the --out table or the --annotate copy"
)

_SEVERITY = {"ko": {ERROR: "오류", "warning": "경고"}, "en": {ERROR: "error", "warning": "warn"}}
_HEADERS = {"ko": ("수준", "시트", "행", "열", "값", "사유"), "en": ("level", "sheet", "row", "column", "value", "reason")}
# Widths of the fixed columns (level, sheet, row, column, value); the reason takes the rest.
_WIDTHS = (5, 20, 5, 14, 14)
_GAP = " "
_KEEP = "\u00a0"
_BREAKS = re.compile(r"[ \t\r\n]+")


def display_width(text: str) -> int:
    """Terminal columns taken by ``text``: 2 for East Asian wide and full-width characters."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def shorten(text: str, width: int) -> tuple[str, bool]:
    """``text`` cut to ``width`` columns with a trailing ``…``, and whether it was cut."""
    text = " ".join(text.split())
    if display_width(text) <= width:
        return text, False
    out, used = [], 0
    for ch in text:
        w = display_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…", True


def wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines of at most ``width`` columns, at spaces where possible.

    A no-break space (``\\u00a0``) holds words together and is written as a space.
    """
    lines: list[str] = []
    line, used = "", 0
    for word in _BREAKS.split(text.strip()):
        for piece in _pieces(word, width):
            w = display_width(piece)
            if line and used + 1 + w > width:
                lines.append(line)
                line, used = "", 0
            line, used = (f"{line} {piece}", used + 1 + w) if line else (piece, w)
    if line or not lines:
        lines.append(line)
    return [line.replace(_KEEP, " ") for line in lines]


def _pieces(word: str, width: int) -> list[str]:
    """A word longer than ``width`` columns cut into pieces that fit."""
    pieces, piece, used = [], "", 0
    for ch in word:
        w = display_width(ch)
        if used + w > width:
            pieces.append(piece)
            piece, used = "", 0
        piece, used = piece + ch, used + w
    return [*pieces, piece] if piece else pieces


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def _reason(problem: Problem, lang: str) -> str:
    text = problem.reason_en if lang == "en" else problem.reason_ko
    text = f"{text} [{problem.rule}]"
    if problem.related:
        extra = f"(+{problem.related:,} related)" if lang == "en" else f"(연관 오류 {problem.related:,}건)"
        text = f"{extra.replace(' ', _KEEP)} {text}"
    return text


def render_problems(problems: Iterable[Problem], lang: str = "ko", width: int = TABLE_WIDTH) -> str:
    """The problems (related ones folded under their root) as a table of at most ``width`` columns.

    Parameters
    ----------
    problems : iterable of Problem
        Every problem; those with a ``root`` are counted on their root's line, not listed.
    lang : {"ko", "en"}
        Language of the headers, levels and reasons.
    width : int
        Widest line.

    Returns
    -------
    str
    """
    shown = sorted((p for p in problems if not p.root), key=_order)
    if not shown:
        return "문제가 없습니다 / no problems found"
    reason_width = width - sum(_WIDTHS) - len(_GAP) * len(_WIDTHS)
    widths = (*_WIDTHS, reason_width)
    lines = [_GAP.join(_pad(h, w) for h, w in zip(_HEADERS[lang], widths, strict=True)).rstrip()]
    cut = False
    for problem in shown:
        row_lines, was_cut = _problem_lines(problem, lang, widths)
        lines.extend(row_lines)
        cut = cut or was_cut
    if cut:
        lines.append(CUT_NOTE)
    return "\n".join(lines)


def _order(problem: Problem) -> tuple:
    return (problem.file, problem.sheet, -1 if problem.row is None else problem.row)


def _problem_lines(problem: Problem, lang: str, widths: Sequence[int]) -> tuple[list[str], bool]:
    """The lines of one problem (the reason wrapped), and whether a short column was cut."""
    row = "" if problem.row is None else str(problem.row)
    fixed = [_SEVERITY[lang].get(problem.severity, problem.severity), problem.sheet, row, problem.column, problem.value]
    cells, cut = [], False
    for text, w in zip(fixed, widths, strict=False):
        short, was_cut = shorten(str(text), w)
        cells.append(short)
        cut = cut or was_cut
    reason = wrap(_reason(problem, lang), widths[-1])
    first = _GAP.join(_pad(c, w) for c, w in zip([*cells, reason[0]], widths, strict=True)).rstrip()
    indent = " " * (sum(widths[:-1]) + len(_GAP) * (len(widths) - 1))
    return [first, *(indent + more for more in reason[1:])], cut


def count_related(problems: Sequence[Problem]) -> int:
    """How many problems are folded under a root."""
    return sum(bool(p.root) for p in problems)
