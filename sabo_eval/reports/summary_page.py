"""The one-page printed summary beside each district report: ``<code>_summary.html``.

A council member who wants the conclusion on paper prints this page: the report's
title, the 요약 sentences and the summary table (this year, last year, change, place
among the compared districts), and links back to the full report, the year's index
and the xlsx. It is cut from the exported report itself, so it shows exactly the
numbers the report shows (all from :mod:`sabo_eval.metrics.summary`) and costs no
computation. Self-contained: its own small stylesheet, no script, no external URL.
"""

from __future__ import annotations

import html
import re

from .export import external_references
from .navigation import print_style

__all__ = ["SUMMARY_SUFFIX", "summary_page_name", "summary_page"]

#: ``<code>`` + this is the summary page's file name.
SUMMARY_SUFFIX = "_summary.html"

_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.DOTALL)
_META = re.compile(r"<p class=['\"]sabo-meta['\"]>(.*?)</p>", re.DOTALL)
_SECTION = re.compile(r"<section class=['\"]sabo-summary['\"][^>]*>.*?</section>", re.DOTALL)
_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_ANCHOR = re.compile(r"<a class=['\"]anchor-link['\"][^>]*>.*?</a>", re.DOTALL)

_STYLE = """<style type="text/css">
  body { font-family: "Malgun Gothic", "맑은 고딕", "Apple SD Gothic Neo", "NanumGothic", sans-serif; color: #222;
         max-width: 960px; margin: 0 auto; padding: 0 16px; line-height: 1.55; font-size: 15px; word-break: keep-all; overflow-wrap: anywhere; }
  h1 { font-size: 1.5em; margin: 0.6em 0 0.2em 0; }
  h2 { font-size: 1.2em; margin: 1em 0 0.3em 0; }
  .sabo-nav { display: flex; flex-wrap: wrap; gap: 0.3em 1.4em; padding: 0.6em 0; border-bottom: 1px solid #c8c8c8; }
  .sabo-nav a { color: #1a4f8b; text-decoration: none; }
  .sabo-meta, .sabo-note { color: #555; font-size: 0.9em; }
  .sabo-findings { padding-left: 1.3em; margin: 0.4em 0 0.8em 0; }
  .sabo-findings li { margin: 0.25em 0; }
  .sabo-box { overflow-x: auto; max-width: 100%; }
  table.sabo-table { border-collapse: collapse; margin: 0.4em 0 1em 0; font-size: 0.92em; }
  table.sabo-table caption { text-align: left; font-weight: bold; padding: 0.3em 0; }
  table.sabo-table th, table.sabo-table td { border: 1px solid #c8c8c8; padding: 3px 8px; text-align: left; }
  table.sabo-table th { background: #eef2f7; text-align: center; }
  table.sabo-table td.num { text-align: right; font-variant-numeric: tabular-nums; }
  /* Values never wrap (191.7건/천 명); on a phone the table scrolls inside its box. */
  table.sabo-table td:not(:first-child), table.sabo-table th { white-space: nowrap; }
  table.sabo-table td:first-child { min-width: 8em; }
  @page { size: A4; margin: 15mm 14mm 14mm 14mm; }
  @media print {
    body { max-width: none; padding: 0; font-size: 11.5pt; }
    .sabo-nav { display: none; }
    h1 { font-size: 16pt; } h2 { font-size: 13pt; break-after: avoid; }
    table.sabo-table { font-size: 9.5pt; width: 100%; } tr { break-inside: avoid; }
    /* Paper cannot scroll: the table fits the A4 width, text cells wrap between words, numbers stay whole. */
    .sabo-box { overflow: visible; }
    table.sabo-table th, table.sabo-table td { padding: 2px 5px; }
    table.sabo-table td:not(.num), table.sabo-table th { white-space: normal; }
    table.sabo-table td:first-child { min-width: 0; }
  }
</style>"""


def summary_page_name(code: str) -> str:
    """The summary page's file name beside the report: ``41110`` → ``41110_summary.html``."""
    return f"{code}{SUMMARY_SUFFIX}"


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub("", _ANCHOR.sub("", fragment))).split())


def summary_page(report_page: str, code: str) -> str | None:
    """The one-page summary of an exported district report.

    Parameters
    ----------
    report_page : str
        The district report as exported (:func:`sabo_eval.reports.export.notebook_to_html`),
        holding the ``<section class="sabo-summary">`` that
        :meth:`sabo_eval.reports.district.DistrictReport.summary` writes.
    code : str
        The district code: the links go to ``<code>.html`` and ``<code>.xlsx`` beside it.

    Returns
    -------
    str or None
        The page (``lang="ko"``, no script, no external reference, A4 with the running
        head and page number); None when ``report_page`` has no summary section (the
        comparison and pilot reports).
    """
    section = _SECTION.search(report_page)
    if section is None:
        return None
    heading = _H1.search(report_page)
    title = _plain(heading.group(1)) if heading else _plain((_TITLE.search(report_page) or section).group(0))
    meta = _META.search(report_page)
    esc = html.escape
    links = (("전체 보고서", f"{code}.html"), ("보고서 목록", "index.html"), ("표 내려받기 (xlsx)", f"{code}.xlsx"))
    bar = "".join(f'<a href="{esc(href, quote=True)}">{esc(label)}</a>' for label, href in links)
    body = section.group(0).replace("<table", '<div class="sabo-box"><table', 1).replace("</table>", "</table></div>", 1)
    page = (
        '<!DOCTYPE html>\n<html lang="ko"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)} — 요약</title>{_STYLE}{print_style(f'{title} — 요약')}</head><body>"
        f'<nav class="sabo-nav" aria-label="보고서 이동">{bar}</nav>'
        f"<h1>{esc(title)}</h1>"
        + (f"<p class='sabo-meta'>{meta.group(1)}</p>" if meta else "")
        + "<h2>요약</h2>"
        "<p class='sabo-note'>올해 주요 지표를 전년, 같은 해 비교할 수 있는 시군구들과 견주었습니다. "
        "▲는 전년보다 높아진 것, ▼는 낮아진 것입니다.</p>"
        + body
        + f"<p class='sabo-note'>회의 참석, 성과지표, 예산, 서비스 성과의 세부 내용과 계산 방법은 전체 보고서({esc(code)}.html)에 있습니다.</p>"
        "</body></html>\n"
    )
    if external_references(page):  # cannot happen with the report's own text; refuse rather than publish it
        return None
    return page
