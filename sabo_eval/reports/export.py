"""Export an executed notebook to one self-contained HTML file (no code, no CDN).

nbconvert's ``lab`` template links require.js, MathJax and mermaid on a CDN; an
office PC in a separated network would wait on them. The ``sabo_report`` template
shipped in ``sabo_eval/templates`` removes those links, code cells are excluded, and
the result is checked for any remaining external reference before it is written.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ReportError
from .navigation import add_navigation

if TYPE_CHECKING:  # nbformat and nbconvert are imported when a page is exported
    import nbformat

__all__ = ["TEMPLATE_DIR", "notebook_to_html", "external_references", "write_atomic"]

TEMPLATE_DIR = Path(__file__).parent / "templates"
_EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']\s*(?:https?:)?//""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+url\(\s*["']?(?:https?:)?//""", re.IGNORECASE)


def external_references(page: str) -> list[str]:
    """Return the snippets of ``page`` that load something from another host."""
    hits = []
    for pattern in (_EXTERNAL, _CSS_IMPORT):
        for match in pattern.finditer(page):
            hits.append(page[match.start() : match.start() + 80])
    return hits


def notebook_to_html(
    notebook: nbformat.NotebookNode | str | Path, *, title: str | None = None, links: list[tuple[str, str]] | None = None
) -> str:
    """Convert an executed notebook to self-contained HTML without input cells.

    Parameters
    ----------
    notebook : NotebookNode or path-like
        The executed notebook.
    title : str, optional
        The page ``<title>``, also printed at the top of every page.
    links : list of (label, href), optional
        The bar of links at the top (:func:`sabo_eval.reports.navigation.page_links`);
        with it the page also gets a table of contents from its headings.

    Returns
    -------
    str
        The HTML page.

    Raises
    ------
    ReportError
        When the page would still reference an external URL.
    """
    import nbformat

    if not isinstance(notebook, nbformat.NotebookNode):
        notebook = nbformat.read(str(notebook), as_version=4)
    if title:
        notebook.metadata["title"] = title
    for i, cell in enumerate(notebook.cells):  # papermill's injected cell has a random id
        cell["id"] = f"cell-{i}"
    page, _resources = _exporter().from_notebook_node(notebook)
    page = page.replace('<html lang="en">', '<html lang="ko">', 1)
    if links is not None:
        page = add_navigation(page, links, title)
    leaks = external_references(page)
    if leaks:
        raise ReportError(
            f"보고서에 외부 주소가 남아 있습니다: {leaks[0]}", f"the report still references an external URL: {leaks[0]}"
        )
    return page


_EXPORTER = None
_OUTPUT_DIV = re.compile(r'<div class="((?:[^"]*\s)?jp-OutputArea-output(?:\s[^"]*)?)"')
_IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\balt=)[^>]*>")
_NUMERIC_REFERENCE = re.compile(r"&#(x[0-9a-fA-F]+|[0-9]+);")


def _unescape_non_ascii(match: re.Match) -> str:
    """``&#51228;`` → ``제``: only characters with no meaning in HTML (above ASCII)."""
    code = match.group(1)
    value = int(code[1:], 16) if code[0] in "xX" else int(code)
    return chr(value) if 127 < value < 0x110000 and not 0xD800 <= value <= 0xDFFF else match.group(0)


def _report_exporter_class():
    """nbconvert's HTML exporter without its BeautifulSoup pass over the whole page.

    ``HTMLExporter.from_notebook_node`` parses the finished page only to add
    ``tabindex="0"`` to output areas and a placeholder alt text to images without
    one (and, on the way, turns character references into characters); on a
    report of a megabyte that parse costs more than the rest of the export. Here
    the output areas get their ``tabindex`` by a pattern, non-ASCII character
    references become characters, and an image without alt text is an error (every
    chart of the report describes itself).
    """
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class ReportHTMLExporter(HTMLExporter):
        """The HTML exporter of the reports."""

        def from_notebook_node(self, nb, resources=None, **kw):  # noqa: D102
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter("highlight_code", self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter(
                "filter_data_type", WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources)
            )
            page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            missing = _IMG_WITHOUT_ALT.search(page)
            if missing:
                raise ReportError(
                    f"대체 텍스트가 없는 그림이 있습니다: {missing.group(0)[:80]}", f"an image has no alt text: {missing.group(0)[:80]}"
                )
            page = _NUMERIC_REFERENCE.sub(_unescape_non_ascii, page)  # markdown headings escape Hangul
            return _OUTPUT_DIV.sub(r'<div class="\1" tabindex="0"', page), resources

    return ReportHTMLExporter


def _exporter():
    """The process's HTML exporter (built once: loading the templates is the slow part).

    Images are already embedded by the report (``data:`` URIs in HTML outputs), so
    nbconvert's ``embed_images`` pass (a BeautifulSoup parse of the whole page) is
    off; :func:`external_references` still refuses any page that links elsewhere.
    """
    global _EXPORTER  # noqa: PLW0603
    if _EXPORTER is None:
        exporter = _report_exporter_class()(
            template_name="sabo_report",
            extra_template_basedirs=[str(TEMPLATE_DIR)],
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            embed_images=False,
        )
        exporter.require_js_url = ""
        exporter.mathjax_url = ""
        exporter.mermaid_js_url = ""
        _EXPORTER = exporter
    return _EXPORTER


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and an atomic rename.

    A reader sees either the old file or the complete new one, never a partial file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = "wb" if isinstance(data, bytes) else "w"
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode, **({} if isinstance(data, bytes) else {"encoding": "utf-8"})) as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
