"""The way around a report: a bar of links back to the year's pages, a table of
contents built from the page's own headings, and the running head of the printout.

Everything is added to the exported HTML in Python, so the page needs no script:
the bar and the contents are plain links, and the printed page's header (title)
and footer (page number) are CSS ``@page`` margin boxes.
"""

from __future__ import annotations

import html
import re

__all__ = ["page_links", "contents_entries", "add_navigation", "print_style"]

#: Headings that go into the table of contents (nbconvert gives markdown headings an ``id``).
_HEADING = re.compile(r'<h([23])\s+id="([^"]+)"[^>]*>(.*?)</h\1>', re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_BODY_OPEN = re.compile(r"<body[^>]*>")
_DISTRICT_CODE = re.compile(r"\d{5}")


def page_links(code: str) -> list[tuple[str, str]]:
    """The links of a report's top bar, relative to the report's own folder.

    Parameters
    ----------
    code : str
        The district code of a district report, ``"comparison"``, or the name of a
        report in a folder of its own (the pilot evaluation, one level below the
        year folders).

    Returns
    -------
    list of (label, href)
        District reports link to the year's index, the comparison report, their
        own xlsx and their one-page summary (``<code>_summary.html``); the comparison report to the index and its xlsx; any other report
        to the reports' root folder.
    """
    if _DISTRICT_CODE.fullmatch(code):
        return [("보고서 목록", "index.html"), ("시군구 비교", "comparison.html"), ("표 내려받기 (xlsx)", f"{code}.xlsx"),
                ("요약 1쪽 인쇄용", f"{code}_summary.html")]
    if code == "comparison":
        return [("보고서 목록", "index.html"), ("표 내려받기 (xlsx)", "comparison.xlsx")]
    return [("보고서 목록", "../index.html")]


def contents_entries(page: str) -> list[tuple[int, str, str]]:
    """The ``h2``/``h3`` headings of an exported page, in order.

    Returns
    -------
    list of (level, anchor, text)
        ``anchor`` as written in the page (already escaped), ``text`` without tags
        and without nbconvert's ``¶`` anchor link.
    """
    entries = []
    for match in _HEADING.finditer(page):
        text = _TAG.sub("", match.group(3).replace("¶", "")).strip()
        if text:
            entries.append((int(match.group(1)), match.group(2), text))
    return entries


def _contents_block(entries: list[tuple[int, str, str]]) -> str:
    """The table of contents: top-level headings as a list, their sub-headings nested."""
    if not entries:
        return ""
    items, open_sub = [], False
    for level, anchor, text in entries:
        link = f'<a href="#{anchor}">{text}</a>'
        if level == 2:
            if open_sub:
                items.append("</ol></li>")
                open_sub = False
            elif items:
                items.append("</li>")
            items.append(f"<li>{link}")
        else:
            if not open_sub:
                items.append("<ol>" if items else "<li><ol>")
                open_sub = True
            items.append(f"<li>{link}</li>")
    items.append("</ol></li>" if open_sub else "</li>")
    return f'<nav class="sabo-toc" aria-label="목차"><details open><summary>목차</summary><ol>{"".join(items)}</ol></details></nav>'


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal (quotes, backslashes and line breaks escaped)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ").replace("<", "\\3c ")
    return f'"{escaped}"'


def print_style(title: str) -> str:
    """The printout's running head: ``title`` at the top of every A4 page, the page number at the bottom."""
    return (
        '<style type="text/css">@page { @top-center { content: '
        + _css_string(title)
        + '; font-size: 9pt; color: #555; } @bottom-right { content: counter(page) " / " counter(pages);'
        " font-size: 9pt; color: #555; } }</style>"
    )


def add_navigation(page: str, links: list[tuple[str, str]], title: str | None = None) -> str:
    """Insert the link bar and the table of contents at the top of ``page``'s body.

    Parameters
    ----------
    page : str
        An exported report.
    links : list of (label, href)
        See :func:`page_links`; labels and addresses are escaped.
    title : str, optional
        Printed at the top of every page when given.

    Returns
    -------
    str
        The page; unchanged when it has no ``<body>``.
    """
    esc = html.escape
    bar = "".join(f'<a href="{esc(href, quote=True)}">{esc(label)}</a>' for label, href in links)
    block = f'<nav class="sabo-nav" aria-label="보고서 이동">{bar}</nav>' if bar else ""
    block += _contents_block(contents_entries(page))
    match = _BODY_OPEN.search(page)
    if match is None:
        return page
    page = page[: match.end()] + block + page[match.end() :]
    if title:
        page = page.replace("</head>", print_style(title) + "</head>", 1)
    return page
