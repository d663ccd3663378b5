"""HTML export: no code cells, no external references, atomic writes."""

import os
import re

import nbformat
import pytest

from sabo_eval.errors import ReportError
from sabo_eval.reports.export import external_references, notebook_to_html, write_atomic


def _executed_notebook():
    nb = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell("secret_code_marker = 1\nsecret_code_marker")
    code.outputs = [nbformat.v4.new_output("execute_result", data={"text/html": "<p>보고서 본문</p>", "text/plain": "x"}, execution_count=1)]
    nb.cells = [nbformat.v4.new_markdown_cell("## 제목 $x^2$"), code]
    return nb


def test_export_hides_code_and_links_nothing_external():
    page = notebook_to_html(_executed_notebook(), title="수원시 보고서")
    assert "보고서 본문" in page and "제목" in page
    assert "secret_code_marker" not in page
    assert external_references(page) == []
    assert "require.min.js" not in page and "mathjax" not in page.lower() and "mermaid.esm" not in page
    assert '<html lang="ko">' in page and "<title>수원시 보고서</title>" in page


@pytest.mark.parametrize(
    ("snippet", "found"),
    [
        ('<script src="https://cdn.example/x.js"></script>', True),
        ("<link href='//cdn.example/x.css'>", True),
        ("<style>@import url('https://fonts.example/a.css');</style>", True),
        ('<img src="data:image/png;base64,AAA">', False),
        ('<a href="11110.html">수원시</a>', False),
        ("/* see https://github.com/x in a comment */", False),
    ],
)
def test_external_references(snippet, found):
    assert bool(external_references(snippet)) is found


def test_export_refuses_a_page_with_an_external_reference():
    nb = _executed_notebook()
    nb.cells[1].outputs[0]["data"]["text/html"] = '<script src="https://cdn.example/x.js"></script>'
    with pytest.raises(ReportError, match="외부 주소"):
        notebook_to_html(nb)


def test_write_atomic_replaces_whole_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "r" / "a.html"
    write_atomic(target, "old")
    write_atomic(target, "새 내용")
    assert target.read_text(encoding="utf-8") == "새 내용"
    assert [p.name for p in target.parent.iterdir()] == ["a.html"]
    assert oct(os.stat(target).st_mode & 0o777) == "0o644"


def test_write_atomic_keeps_old_file_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "a.html"
    write_atomic(target, "old")

    def broken_replace(src, dst):
        raise OSError("disk full (injected)")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="injected"):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.html"]


def test_output_areas_are_focusable_and_hangul_is_not_escaped():
    page = notebook_to_html(_executed_notebook(), title="보고서")
    assert 'jp-OutputArea-output' in page and 'tabindex="0"' in page
    assert re.search(r'<div class="[^"]*jp-OutputArea-output[^"]*" tabindex="0"', page)
    assert "제목" in page and "&#51228;" not in page  # headings' character references become characters


def test_image_without_alt_text_is_refused():
    nb = _executed_notebook()
    nb.cells[1].outputs[0]["data"]["text/html"] = '<img src="data:image/png;base64,AAA">'
    with pytest.raises(ReportError, match="alt"):
        notebook_to_html(nb)
