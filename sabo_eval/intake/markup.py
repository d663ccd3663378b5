"""Formatting markup in text cells: the tags office tools paste are read, all else is text.

Cells copied from web systems or Word carry list and formatting markup
(``<ul><li>…</li></ul>``, ``<br>``, ``<span style=…>``, ``&nbsp;``). :func:`html_to_text`
turns exactly that into plain text with its list structure; every other character is
the submitter's text and is kept as written (and escaped wherever it is shown):

* a tag is recognised only when it is one of :data:`FORMATTING_TAGS`, written as HTML
  writes it (``<b>``, ``</B>``, ``<br/>``, ``<span style="color:red">``) with only the
  presentational attributes of :data:`FORMATTING_ATTRIBUTES`; so ``A<B 또는 C>D`` and
  ``x<b and c>y`` are text, not a ``<b>`` tag;
* ``<script>``, ``<style>``, ``<img …>``, comments and anything unclosed are text —
  nothing after them is dropped;
* entities are decoded only when complete (``&amp;``, ``&nbsp;``, ``&#49;``, with
  the ``;``): ``R&D`` and ``AT&notice`` stay as written;
* when a cell holds recognised tags, spaces are laid out as HTML shows them: runs of
  spaces and tabs become one space, lines are trimmed and empty lines dropped.
"""

from __future__ import annotations

import html
import re

__all__ = ["FORMATTING_TAGS", "FORMATTING_ATTRIBUTES", "BLOCK_TAGS", "TAG", "ENTITY", "html_to_text"]

#: Tags that start a new line (and end one when closed).
BLOCK_TAGS = frozenset({"p", "div", "br", "tr", "ul", "ol", "table", "tbody", "thead"})
#: Tags that only format text (a table cell adds a space).
INLINE_TAGS = frozenset({"span", "b", "strong", "i", "em", "u", "font", "sup", "sub", "td", "th", "o:p"})
#: Every tag :func:`html_to_text` reads; ``li`` becomes a ``•`` line.
FORMATTING_TAGS = BLOCK_TAGS | INLINE_TAGS | {"li"}
#: Attributes a recognised tag may carry (what office tools and web editors write).
FORMATTING_ATTRIBUTES = frozenset({
    "style", "class", "id", "lang", "dir", "title", "align", "valign", "color", "face", "size",
    "width", "height", "colspan", "rowspan", "nowrap", "border", "bgcolor", "type", "start", "value",
    "cellpadding", "cellspacing", "x:str", "x:num", "xml:lang",
})

_NAMES = "|".join(sorted((re.escape(t) for t in FORMATTING_TAGS), key=len, reverse=True))
_ATTR_NAMES = "|".join(sorted((re.escape(a) for a in FORMATTING_ATTRIBUTES), key=len, reverse=True))
_VALUE = r"""(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=`]+)"""
_ATTRIBUTE = rf"(?:\s+(?:{_ATTR_NAMES})(?:\s*=\s*{_VALUE})?)"
#: A recognised tag: ``<name attrs>``, ``<name/>`` or ``</name>``, case ignored.
TAG = re.compile(rf"<(?:(?P<name>{_NAMES})(?P<attrs>{_ATTRIBUTE}*)\s*/?|/(?P<end>{_NAMES})\s*)>", re.IGNORECASE)
#: A complete character reference: named, decimal or hexadecimal, with its ``;``.
ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")


#: Characters that can stand for a bullet made here (control characters are refused in cells).
_BULLET_MARKS = "".join(map(chr, [*range(0x00, 0x09), *range(0x0E, 0x20), *range(0xE000, 0xF900)]))


def _decode(text: str) -> str:
    """``text`` with its complete entities decoded (unknown names stay as written)."""
    return ENTITY.sub(lambda m: html.unescape(m.group(0)), text) if "&" in text else text


def _tag_text(match: re.Match, bullet: str) -> str:
    """What a recognised tag becomes: a line break, a bullet line, a space or nothing."""
    name = (match.group("name") or match.group("end")).lower()
    closing = match.group("end") is not None
    if name == "li":
        return "\n" if closing else "\n" + bullet + " "
    if name in BLOCK_TAGS:
        return "\n"
    return " " if name in ("td", "th") and not closing else ""


def html_to_text(text: str) -> str:
    """Drop formatting HTML from a cell, keep its text and list structure.

    ``<ul><li>가</li><li>나</li></ul>`` becomes ``"• 가\\n• 나"``; ``<br>`` becomes a
    line break; complete entities are decoded. Everything that is not a recognised
    formatting tag (``<script>alert(1)</script>``, ``A<B 또는 C>D``, an unclosed
    ``<style>``) stays in the text as written, to be escaped by whatever displays it.

    Parameters
    ----------
    text : str
        Cell text that may hold an HTML fragment.

    Returns
    -------
    str
        Plain text; only entities decoded when the cell holds no recognised tag.
    """
    if not TAG.search(text):
        return _decode(text)
    bullet = next(c for c in _BULLET_MARKS if c not in text)  # marks the bullets made here
    parts, last = [], 0
    for match in TAG.finditer(text):
        parts.append(_decode(text[last:match.start()]))
        parts.append(_tag_text(match, bullet))
        last = match.end()
    parts.append(_decode(text[last:]))
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in "".join(parts).split("\n")]
    return "\n".join(line for line in lines if line and line != bullet).replace(bullet, "•")
