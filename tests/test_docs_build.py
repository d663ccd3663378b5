"""``make docs`` (issue 20, part 4): ``scripts/build_docs.py`` renders the public API with
pdoc, offline, into a folder; the pages exist, show every public name with its example,
and load nothing from the network."""

from __future__ import annotations

import importlib.util
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from script_support import load_script

import sabo_eval

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "build_docs.py"


build_docs = load_script("build_docs")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The reference built as ``make docs`` builds it, into a temporary folder."""
    out = tmp_path_factory.mktemp("docs")
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(out)], cwd=ROOT, check=True,
                   capture_output=True, timeout=600)
    return out


def _page(out: Path, module: str) -> str:
    return (out / f"{module.replace('.', '/')}.html").read_text(encoding="utf-8")


def _sections(page: str) -> dict[str, str]:
    """Each documented member's HTML, by name (pdoc writes ``<section id="name">``)."""
    parts = re.split(r'<section id="([^"]+)">', page)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def _packages_here() -> list[str]:
    return [m for m in build_docs.PUBLIC_MODULES if importlib.util.find_spec(m) is not None]


def test_the_required_subpackages_are_documented():
    assert {"sabo_eval", "sabo_eval.analysis", "sabo_eval.metrics", "sabo_eval.stats", "sabo_eval.reports",
            "sabo_eval.warehouse", "sabo_eval.intake"} <= set(build_docs.PUBLIC_MODULES)


def test_the_index_links_every_documented_subpackage(built):
    index = (built / "index.html").read_text(encoding="utf-8")
    assert "sabo_eval API 참조 / API reference" in index
    for module in _packages_here():
        assert f'href="{module.replace(".", "/")}.html"' in index, module
        assert (built / f"{module.replace('.', '/')}.html").is_file(), module
    assert (built / "search.js").is_file()


def test_the_top_page_shows_every_public_name_with_its_example(built):
    sections = _sections(_page(built, "sabo_eval"))
    for name in sabo_eval.__all__:
        assert name in sections, f"{name} is not on sabo_eval.html"
        assert '<h6 id="examples">Examples</h6>' in sections[name], f"{name}: no rendered Examples"
    assert '<h6 id="parameters">Parameters</h6>' in sections["WarehouseView"]  # numpydoc, not raw text
    assert "----------" not in sections["WarehouseView"].split('<div class="docstring">')[1]


def test_each_lazily_loaded_name_is_on_the_page_of_its_module(built):
    for name, module in sabo_eval._LAZY.items():
        page = built / f"sabo_eval/{module.replace('.', '/')}.html"
        assert page.is_file(), f"{name}: sabo_eval.{module} is not documented"
        assert f'<section id="{name}">' in page.read_text(encoding="utf-8"), name


@pytest.mark.parametrize(("module", "names"), [
    ("sabo_eval.metrics.attendance", ["attendance_records"]),
    ("sabo_eval.metrics.attendance_rates", ["rate_percent"]),  # not in sabo_eval.metrics.__all__
    ("sabo_eval.warehouse.store", ["Warehouse", "ingest"]),
    ("sabo_eval.intake.loaders", ["load_submission"]),
    ("sabo_eval.reports.masking", ["mask_name"]),
    ("sabo_eval.stats.funnel", ["funnel"]),
])
def test_subpackage_pages_hold_their_functions(built, module, names):
    sections = _sections(_page(built, module))
    assert set(names) <= set(sections), sorted(sections)


def test_the_analysis_api_is_documented_when_present(built):
    if importlib.util.find_spec("sabo_eval.analysis") is None:
        pytest.skip("sabo_eval.analysis is not in this checkout yet")
    modules = build_docs.documented_modules(["sabo_eval.analysis"])
    assert len(modules) > 1
    for module in modules:
        assert (built / f"{module.replace('.', '/')}.html").is_file(), module


def test_no_page_loads_anything_from_the_network(built):
    remote = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=[\"']?(?:https?:)?//", re.I)
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        assert not remote.search(page.read_text(encoding="utf-8")), page.relative_to(built)


def test_private_modules_are_left_out(built):
    assert not list(built.rglob("_*.html"))
    assert (ROOT / "sabo_eval" / "metrics" / "_sums.py").is_file()


def test_the_build_refuses_the_network_but_not_this_computer():
    original = socket.socket.connect
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        with build_docs.no_network():
            with pytest.raises(OSError, match="network access refused"):
                socket.create_connection(("192.0.2.1", 80), timeout=1)
            with socket.create_connection(server.getsockname(), timeout=5) as local:
                assert local.getpeername() == server.getsockname()
    assert socket.socket.connect is original


def test_a_missing_module_is_skipped_with_a_warning(caplog):
    with caplog.at_level("WARNING", logger="build_docs"):
        assert build_docs.available_modules(["sabo_eval", "sabo_eval.no_such"]) == ["sabo_eval"]
    assert "sabo_eval.no_such" in caplog.text


def test_build_output_is_git_ignored():
    ignored = subprocess.run(["git", "check-ignore", "-q", "build/docs/index.html"], cwd=ROOT)
    assert ignored.returncode == 0
