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

from .errors import ReportError

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


def notebook_to_html(notebook: nbformat.NotebookNode | str | Path, *, title: str | None = None) -> str:
    """Convert an executed notebook to self-contained HTML without input cells.

    Parameters
    ----------
    notebook : NotebookNode or path-like
        The executed notebook.
    title : str, optional
        The page ``<title>``.

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
    from nbconvert import HTMLExporter

    if not isinstance(notebook, nbformat.NotebookNode):
        notebook = nbformat.read(str(notebook), as_version=4)
    if title:
        notebook.metadata["title"] = title
    for i, cell in enumerate(notebook.cells):  # papermill's injected cell has a random id
        cell["id"] = f"cell-{i}"
    exporter = HTMLExporter(
        template_name="sabo_report",
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    exporter.require_js_url = ""
    exporter.mathjax_url = ""
    exporter.mermaid_js_url = ""
    page, _resources = exporter.from_notebook_node(notebook)
    page = page.replace('<html lang="en">', '<html lang="ko">', 1)
    leaks = external_references(page)
    if leaks:
        raise ReportError(
            f"보고서에 외부 주소가 남아 있습니다: {leaks[0]}", f"the report still references an external URL: {leaks[0]}"
        )
    return page


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
