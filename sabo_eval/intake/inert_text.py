"""Text written into the spreadsheets we hand out: shown as typed, never run.

Every xlsx the project writes (the tables beside each report, the submission
template) puts its text through this module, so a subcommittee called
``=cmd|' /C calc'!A0`` or ``=HYPERLINK("http://…","y")`` is a text cell wherever it
lands:

* cell values, headers and captions: :func:`put_text` writes an explicit string cell
  (``t="inlineStr"``, never an ``<f>`` formula element), with Excel's quote prefix
  when the text starts like a formula, so editing the cell in Excel keeps it text;
  characters XML cannot hold become ``�`` and Excel's ``_xHHHH_`` escapes are
  escaped, so the cell shows exactly what was typed;
* sheet titles: :func:`sheet_title` drops Excel's forbidden characters
  (``[]:*?/\\``), control characters and leading/trailing apostrophes, makes a
  formula-like start full-width (``=`` → ``＝``), keeps 31 characters and makes the
  title unique the way Excel compares them (ignoring case);
* list validations (drop-downs): :func:`list_formula` quotes every label as an Excel
  string literal;
* CSV: :func:`inert` prefixes ``'`` to a formula-like value.

It lives in ``intake`` because the template writer (``intake/template.py``) and the
report writer (``reports/xlsx.py``) both use it.
"""

from __future__ import annotations

import re

__all__ = [
    "FORMULA_STARTS",
    "MAX_SHEET_TITLE",
    "RESERVED_SHEET_TITLES",
    "inert",
    "is_formula_like",
    "list_formula",
    "put_text",
    "sheet_title",
    "xml_text",
]

#: A text starting with one of these may be run as a formula by a spreadsheet (the
#: full-width forms too: Korean and Japanese input methods turn them into the ASCII
#: ones when a cell is edited).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
#: Longest sheet title Excel opens (UTF-16 code units).
MAX_SHEET_TITLE = 31
#: Titles Excel keeps for itself (compared ignoring case).
RESERVED_SHEET_TITLES = frozenset({"history"})
#: The title used when nothing of a caption is left.
FALLBACK_SHEET_TITLE = "표"

#: Characters XML 1.0 (and so xlsx) cannot hold; openpyxl refuses them.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: Excel reads ``_x0041_`` in a string as the character U+0041; its ``_`` is escaped.
_EXCEL_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_FORBIDDEN_IN_TITLE = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f\ufffe\uffff]")
_FULL_WIDTH = str.maketrans({"=": "＝", "+": "＋", "-": "－", "@": "＠"})


def is_formula_like(text: object) -> bool:
    """Whether ``text`` (ignoring leading spaces) starts like a formula.

    Parameters
    ----------
    text : object
        Anything; only text can be formula-like.

    Returns
    -------
    bool
        True for ``=1``, ``+1``, ``-1+2``, ``@SUM(A1)``, ``\\t=1``, ``  =1``, ``＝1``.
    """
    if not isinstance(text, str):
        return False
    return text.startswith(FORMULA_STARTS) or text.lstrip(" \u3000\u00a0").startswith(FORMULA_STARTS)


def inert(value: object) -> object:
    """Make a value safe for CSV: prefix ``'`` when it could start a formula.

    Examples
    --------
    >>> inert("=1+1"), inert("종로구"), inert(3)
    ("'=1+1", '종로구', 3)
    """
    if is_formula_like(value):
        return "'" + value
    return value


def xml_text(text: str) -> str:
    """``text`` as a cell of an xlsx can hold it and Excel shows it.

    Characters XML cannot hold (control characters other than tab and line breaks)
    become ``�`` (U+FFFD), visibly; a literal ``_x0041_`` is escaped as
    ``_x005F_x0041_`` so that Excel shows it as typed instead of decoding it.
    """
    text = _NOT_XML.sub("\ufffd", text)
    return _EXCEL_ESCAPE.sub("_x005F_", text) if "_x" in text else text


def put_text(cell, text: object) -> None:
    """Write ``text`` into an openpyxl ``cell`` as a string cell, never a formula.

    Parameters
    ----------
    cell : openpyxl.cell.Cell
    text : object
        Converted with ``str``.

    Notes
    -----
    openpyxl makes any string starting with ``=`` a formula; the data type is set back
    to string after the value, so the cell is written as ``t="inlineStr"`` with no
    ``<f>`` element. A formula-like text also gets Excel's quote prefix (the ``'``
    Excel shows in the formula bar), so editing the cell keeps it text.
    """
    value = xml_text(str(text))
    cell.value = value
    cell.data_type = "s"
    if is_formula_like(value):
        cell.quotePrefix = True


def _utf16_cut(text: str, limit: int) -> str:
    """The longest start of ``text`` that is at most ``limit`` UTF-16 code units."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            return text[:index]
    return text


def _clean_title(caption: str) -> str:
    title = xml_text(_FORBIDDEN_IN_TITLE.sub(" ", str(caption)))
    title = re.sub(r"\s+", " ", title).strip(" '")
    if is_formula_like(title):
        title = title[0].translate(_FULL_WIDTH) + title[1:]
    return title


def sheet_title(caption: str, taken: set[str]) -> str:
    """A valid sheet title for ``caption``, unique among ``taken`` (which it joins).

    Parameters
    ----------
    caption : str
        Any text (a table caption built from submitted names).
    taken : set of str
        Titles already used, compared ignoring case as Excel does; the new title's
        case-folded form is added.

    Returns
    -------
    str
        At most :data:`MAX_SHEET_TITLE` characters, none of ``[]:*?/\\``, no control
        character, no apostrophe at either end, not starting like a formula, not
        ``History``; ``표`` when nothing is left; `` (2)``, `` (3)`` … added when
        the title is taken.
    """
    base = _utf16_cut(_clean_title(caption), MAX_SHEET_TITLE).rstrip(" '") or FALLBACK_SHEET_TITLE
    name, n = base, 2
    while name.casefold() in taken or name.casefold() in RESERVED_SHEET_TITLES:
        suffix = f" ({n})"
        name, n = _utf16_cut(base, MAX_SHEET_TITLE - len(suffix)).rstrip(" '") + suffix, n + 1
    taken.add(name.casefold())
    return name


def list_formula(labels: list[str] | tuple[str, ...]) -> str:
    """The ``formula1`` of a list validation offering ``labels``, each a string literal.

    Raises
    ------
    ValueError
        When a label holds a comma (Excel splits list items at commas) or the
        formula would exceed Excel's 255 characters.
    """
    bad = [label for label in labels if "," in label]
    if bad:
        raise ValueError(f"목록 값에 쉼표가 있습니다 / a list label holds a comma: {bad[0]!r}")
    formula = '"' + ",".join(xml_text(label).replace('"', '""') for label in labels) + '"'
    if len(formula) > 255:
        raise ValueError(f"목록이 너무 깁니다 / the list is longer than 255 characters: {formula[:40]}…")
    return formula
