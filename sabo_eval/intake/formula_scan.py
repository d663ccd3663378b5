"""What a formula reaches outside the workbook, read token by token as Excel reads it.

A formula is split into its tokens (text in double quotes, sheet names in single
quotes, ``[…]`` references, names and operators) and is *unsafe* when any token:

* is the DDE operator ``|`` (``=cmd|' /C calc'!A0``), outside quotes;
* calls a function that fetches, runs or discloses something (:data:`UNSAFE_FUNCTIONS`:
  ``RTD``, ``WEBSERVICE``, ``FILTERXML``, ``IMAGE``, ``HYPERLINK``, ``INFO``, ``CELL``,
  ``CALL``, ``REGISTER``, ``EXEC`` …), also written with Excel's stored prefixes
  (``_xlfn.IMAGE``) or as a user-defined function of an add-in (``_xludf.…``);
* refers to another workbook: ``[1]Sheet!A1``, ``'[1]Sheet 1'!A1``,
  ``'C:\\path\\[Book.xlsx]Sheet'!A1``, or in OpenDocument ``['file:///…'#$Sheet1.A1]``.

Text inside double quotes is data, never a call: ``="a|b"`` and ``="HYPERLINK"`` are
safe. Structured references (``Table1[Column]``, ``[@Column]``) are not external.
"""

from __future__ import annotations

import re

__all__ = ["UNSAFE_FUNCTIONS", "unsafe_reason"]

#: Functions that reach outside the workbook, run code or disclose the machine.
UNSAFE_FUNCTIONS = frozenset({
    "RTD", "DDE", "DDEAUTO", "WEBSERVICE", "FILTERXML", "IMAGE", "HYPERLINK", "INFO", "CELL",
    "CALL", "REGISTER", "REGISTER.ID", "EXEC", "EXECUTE", "INITIATE", "POKE", "REQUEST", "TERMINATE",
    "FOPEN", "FWRITE", "FWRITELN", "FREAD", "FREADLN", "FCLOSE", "FILES", "DIRECTORY", "RUN",
    "SHELL", "IMPORTXML", "IMPORTDATA", "IMPORTHTML", "IMPORTFEED", "IMPORTRANGE", "STOCKHISTORY",
    "CUBEVALUE", "CUBEMEMBER", "CUBESET", "CUBEMEMBERPROPERTY", "CUBERANKEDMEMBER", "CUBEKPIMEMBER",
    "CUBESETCOUNT", "GETPIVOTDATA", "WEBQUERY", "PY", "COM.MICROSOFT.WEBSERVICE",
})
#: Prefixes Excel stores before newer functions' names.
_PREFIXES = ("_xlfn._xlws.", "_xlfn.", "_xlws.", "com.microsoft.", "org.openoffice.", "of:")
_NAME = re.compile(r"[A-Za-z_\\][\w.]*", re.ASCII)
#: A ``[…]`` at the start of a reference holding a workbook (``[1]``, ``[Book.xlsx]``).
_EXTERNAL_BOOK = re.compile(r"\[(\d+|[^\]]*\.(?:xl\w*|ods|csv|txt)|[^\]]*[\\/][^\]]*)\]", re.I)


def unsafe_reason(formula: str) -> str | None:
    """Why a formula is unsafe (``"DDE"``, ``"WEBSERVICE()"``, ``"external workbook"`` …), or None.

    Parameters
    ----------
    formula : str
        The formula as stored (with or without its leading ``=``; OpenDocument's
        ``of:=`` prefix allowed).

    Returns
    -------
    str or None
    """
    text = formula
    i, n = 0, len(text)
    previous = ""  # the last significant character outside strings
    while i < n:
        ch = text[i]
        if ch == '"':  # text: skip to the closing quote ("" is an escaped quote)
            i = _skip_quoted(text, i, '"')
            previous = '"'
            continue
        if ch == "'":  # a quoted sheet (or workbook) name before '!'
            end = _skip_quoted(text, i, "'")
            if _EXTERNAL_BOOK.search(text[i:end]) or "://" in text[i:end]:
                return "external workbook"
            i, previous = end, "'"
            continue
        if ch == "|":
            return "DDE"
        if ch == "[":
            end = _bracket_end(text, i)
            body = text[i:end]
            if previous not in _NAME_END and (_EXTERNAL_BOOK.match(body) or "'#" in body):
                return "external workbook"  # [1]Sheet!A1; OpenDocument ['file:///x.ods'#$Sheet1.A1]
            if "://" in body:
                return "external workbook"
            i, previous = end, "]"
            continue
        match = _NAME.match(text, i) if (ch.isalpha() or ch in "_\\") else None
        if match:
            name = match.group(0)
            after = text[match.end():].lstrip(" ")
            if after.startswith("(") and _is_unsafe_function(name):
                return f"{_bare(name)}()"
            i, previous = match.end(), "a"
            continue
        if not ch.isspace():
            previous = ch
        i += 1
    return None


#: Characters after which ``[`` belongs to a name (a structured reference such as ``Table1[Col]``).
_NAME_END = set("a]") | {"@"}


def _bare(name: str) -> str:
    """A function name without Excel's stored prefixes, upper-case."""
    lowered = name.lower()
    for prefix in _PREFIXES:
        if lowered.startswith(prefix):
            return name[len(prefix):].upper()
    return name.upper()


def _is_unsafe_function(name: str) -> bool:
    """Whether a called name is an unsafe function or an add-in's user-defined function."""
    if name.lower().startswith("_xludf."):
        return True
    return _bare(name) in UNSAFE_FUNCTIONS


def _skip_quoted(text: str, start: int, quote: str) -> int:
    """The index just after the quoted run starting at ``start`` (doubled quotes escape)."""
    i = start + 1
    while i < len(text):
        if text[i] == quote:
            if i + 1 < len(text) and text[i + 1] == quote:
                i += 2
                continue
            return i + 1
        i += 1
    return len(text)


def _bracket_end(text: str, start: int) -> int:
    """The index just after the ``]`` closing the ``[`` at ``start`` (nesting and quotes allowed)."""
    depth, i = 0, start
    while i < len(text):
        ch = text[i]
        if ch == "'":
            i = _skip_quoted(text, i, "'")
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(text)
