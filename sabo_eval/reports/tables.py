"""HTML tables of the reports: every header and cell escaped, bullets kept as lines."""

from __future__ import annotations

import html
import re
from collections.abc import Collection

import pandas as pd

__all__ = ["html_table", "list_lines", "numeric_columns", "folded", "not_submitted"]


#: A cell that reads as a number: sign or arrow, digits, decimals, a unit (91.9%, ▲3.2%p, 1,234명, 7.0억원).
_AMOUNT = r"[\d,]*\d(?:\.\d+)?(?:e[-+]?\d+)?"
_UNIT = r"(?:%p?|명|건|회|곳|개|가구|천\s*명|천원|만원|백만원|억원|원|점|배|일|개월|년)"
#: ... also a unit per a count (191.7건/천 명, 3.2명당), a range (60.1~70.2%), a ratio (1,234/5,678),
#: a count beside it (150명 (n=27)) and a small number in e-notation (1.4e-05).
_NUMBER = re.compile(
    rf"^[-+−▲▼△]?\s*{_AMOUNT}\s*(?:~\s*{_AMOUNT}|/\s*{_AMOUNT})?\s*(?:{_UNIT}(?:\s*/\s*(?:천|만|십만)?\s*{_UNIT})?|{_UNIT}?당)?(?:\s*\(n\s*=\s*[\d,]+\))?$"
)
#: Words a number column shows where there is no number (they do not make the column text).
_NO_NUMBER = frozenset({"변화 없음", "없음", "회의 없음", "해당 없음", "자료 없음", "전년 자료 없음", "전년 없음", "폐지"})
_NEGATIVE_ZERO = re.compile(r"^[-−](0(?:\.0+)?)(?=\s*(?:%p?|[가-힣]+)?$)")


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value))


def _text(value: object) -> str:
    """The cell's text; a value that rounds to zero is never shown as ``-0.0``."""
    if isinstance(value, float) and value == 0:
        value = 0.0  # -0.0 → 0.0
    return _NEGATIVE_ZERO.sub(r"\1", str(value))


def _cell(value: object) -> str:
    if _missing(value):
        return "-"
    return html.escape(_text(value)).replace("\n", "<br>")


def numeric_columns(frame: pd.DataFrame) -> list[bool]:
    """Whether each column holds numbers (by dtype, or every shown value reading as a number with its unit).

    Words that stand where a number is missing (``변화 없음``, ``회의 없음``) are left out
    of the judgement; a column of only such words is text.

    Numeric columns are right-aligned, text columns left-aligned.
    """
    flags = []
    for _name, column in frame.items():
        if pd.api.types.is_bool_dtype(column):
            flags.append(False)
        elif pd.api.types.is_numeric_dtype(column):
            flags.append(True)
        else:
            shown = [_text(v).strip() for v in column if not _missing(v) and str(v).strip() not in ("", "-")]
            numbers = [v for v in shown if v not in _NO_NUMBER]
            flags.append(bool(numbers) and all(_NUMBER.match(v) for v in numbers))
    return flags


def html_table(frame: pd.DataFrame, caption: str = "", css_class: str = "sabo-table", long_columns: Collection[str] = ()) -> str:
    """Render a table as HTML, escaping every header and cell.

    Line breaks inside a cell become ``<br>`` after escaping, so list structure in a
    text survives while no markup from the data reaches the page. Cells of numeric
    columns (:func:`numeric_columns`) get ``class="num"`` (right-aligned), the others
    ``class="txt"``; a negative zero is shown as ``0.0``.

    Parameters
    ----------
    frame : DataFrame
    caption : str
        Shown above the table (escaped).
    css_class : str
    long_columns : collection of str
        Columns of long free text (opinions): their cells also get ``class="long"``, so
        the printout gives them most of the width and lets only them break inside words.
    """
    kinds = ["num" if flag else "txt" for flag in numeric_columns(frame)]
    kinds = [f"{kind} long" if name in long_columns else kind for name, kind in zip(frame.columns, kinds, strict=True)]
    head = "".join(f'<th class="{kind}">{html.escape(str(c))}</th>' for c, kind in zip(frame.columns, kinds, strict=True))
    body = "".join(
        "<tr>" + "".join(f'<td class="{kind}">{_cell(v)}</td>' for v, kind in zip(row, kinds, strict=True)) + "</tr>"
        for row in frame.itertuples(index=False)
    )
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f'<table class="{html.escape(css_class, quote=True)}">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


_BULLET = re.compile(r"(?<=\S)[ \t]+(?=-\S)")


def list_lines(text: object) -> object:
    """Put each ``-`` bullet of a pasted list on its own line (seed 000's cells)."""
    return _BULLET.sub("\n", text) if isinstance(text, str) else text


def folded(content: str, label: str, print_note: str) -> str:
    """``content`` inside a closed ``<details>`` on screen, replaced by one stated line on paper.

    For tables that repeat what a chart or another table already shows: the reader
    opens them on screen; the printout leaves them out and says so (never silently).

    Parameters
    ----------
    content : str
        HTML (already escaped).
    label : str
        The summary line of the ``<details>`` (escaped here).
    print_note : str
        The sentence printed in its place (escaped here).

    Returns
    -------
    str
    """
    return (
        f'<details class="sabo-more"><summary>{html.escape(label)}</summary>{content}</details>'
        f'<p class="sabo-note sabo-print-only">{html.escape(print_note)}</p>'
    )


def not_submitted(what: str, sheets: str, year: int | None = None, *, consequence: str = "") -> str:
    """A section's paragraph saying which data the district did not submit.

    Parameters
    ----------
    what : str
        The data, as a reader names it (``"서비스 실적"``).
    sheets : str
        The submission sheets it comes from (``"서비스실적"``), so that a secretariat knows what to fill in.
    year : int, optional
        The report's year.
    consequence : str
        What the section therefore cannot show (a sentence, optional).

    Returns
    -------
    str
        ``<p class='sabo-missing'>이 시군구는 …을(를) 내지 않았습니다 (… 시트가 없거나 비어 있음). …</p>``
    """
    when = f"{year}년 " if year else ""
    text = f"이 시군구는 {when}{what} 자료를 내지 않았습니다({sheets} 시트가 없거나 비어 있음)."
    if consequence:
        text += " " + consequence
    return f"<p class='sabo-missing'>{html.escape(text)}</p>"
