"""Build the HTML reference of the public API from the docstrings (run: make docs).

pdoc (the maintained ``pdoc``, not ``pdoc3``) renders ``sabo_eval`` and its public
subpackages with numpydoc docstrings into ``build/docs/`` (generated, git-ignored);
open ``build/docs/index.html`` in a web browser. The pages need no network: no CDN
scripts (pdoc's MathJax and Mermaid stay off), search runs from a local file.

The build itself is offline and headless: matplotlib uses its file backend (no
display), and while pdoc imports the package every socket connection to anything
but this computer raises ``OSError`` — a module that needed the network on import
would make the build fail loudly instead of hanging on a closed office network.

Usage: ``python scripts/build_docs.py [--out DIR]``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import importlib.util
import ipaddress
import logging
import os
import pkgutil
import socket
import sys
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "build" / "docs"
#: Our pdoc templates: the front page listing the documented subpackages.
TEMPLATES = ROOT / "docs" / "pdoc"

#: The documented modules: the top level (its ``__all__``) and the public subpackages
#: with their public modules. A subpackage not present in this checkout is skipped
#: with a warning.
PUBLIC_MODULES = (
    "sabo_eval",
    "sabo_eval.analysis",
    "sabo_eval.intake",
    "sabo_eval.warehouse",
    "sabo_eval.metrics",
    "sabo_eval.stats",
    "sabo_eval.reports",
    "sabo_eval.run",
)

#: pdoc's exclusion of private modules (a name part starting with ``_``), which pdoc
#: would otherwise reach when it walks a package without ``__all__``.
EXCLUDE_PRIVATE = r"!.*\._"

logger = logging.getLogger("build_docs")


def _is_local(address: object) -> bool:
    """Whether a socket address points at this computer (Unix socket or loopback).

    Examples
    --------
    >>> _is_local(("127.0.0.1", 80)), _is_local(("localhost", 80)), _is_local(("8.8.8.8", 53))
    (True, True, False)
    """
    if not isinstance(address, tuple):
        return True
    host = str(address[0])
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


@contextlib.contextmanager
def no_network() -> Iterator[None]:
    """Refuse socket connections to other computers while the block runs.

    Examples
    --------
    >>> with no_network():
    ...     try:
    ...         socket.create_connection(("192.0.2.1", 80), timeout=1)
    ...     except OSError as error:
    ...         print(error)
    network access refused while building the documentation: ('192.0.2.1', 80)
    """
    original = socket.socket.connect, socket.socket.connect_ex

    def refuse(connect):
        def guarded(sock, address):
            if not _is_local(address):
                raise OSError(f"network access refused while building the documentation: {address}")
            return connect(sock, address)

        return guarded

    socket.socket.connect, socket.socket.connect_ex = (refuse(f) for f in original)
    try:
        yield
    finally:
        socket.socket.connect, socket.socket.connect_ex = original


def available_modules(names: Sequence[str] = PUBLIC_MODULES) -> list[str]:
    """The modules of ``names`` present in this checkout, in order.

    Examples
    --------
    >>> available_modules(["sabo_eval", "sabo_eval.no_such_module"])
    ['sabo_eval']
    """
    found = []
    for name in names:
        if importlib.util.find_spec(name) is None:
            logger.warning("%s: not in this checkout, not documented", name)
        else:
            found.append(name)
    return found


def documented_modules(roots: Sequence[str] = PUBLIC_MODULES) -> list[str]:
    """Every public module under ``roots``: each root present and its submodules.

    A package's ``__all__`` decides what its own page shows, not which of its modules
    get a page (pdoc would follow ``__all__``): every module whose name has no part
    starting with ``_`` is documented. ``sabo_eval`` itself is documented without its
    subpackages beyond ``roots``.

    Examples
    --------
    >>> modules = documented_modules(["sabo_eval", "sabo_eval.metrics"])
    >>> modules[:2], "sabo_eval.metrics.attendance_rates" in modules, "sabo_eval.metrics._sums" in modules
    (['sabo_eval', 'sabo_eval.metrics'], True, False)
    """
    found = []
    for root in available_modules(roots):
        found.append(root)
        package = importlib.import_module(root)
        if root == "sabo_eval" or not hasattr(package, "__path__"):
            continue
        for info in pkgutil.walk_packages(package.__path__, f"{root}."):
            if not any(part.startswith("_") for part in info.name.split(".")):
                found.append(info.name)
    return list(dict.fromkeys(found))


def resolve_lazy_names(module_name: str = "sabo_eval") -> None:
    """Put the lazily loaded names of a module's ``__all__`` into its namespace.

    ``sabo_eval`` loads most of its API on first use (PEP 562); pdoc reads a module's
    namespace, so every name of ``__all__`` is loaded once before pdoc looks.

    Examples
    --------
    >>> resolve_lazy_names("sabo_eval")
    >>> "mask_name" in vars(importlib.import_module("sabo_eval"))
    True
    """
    module = importlib.import_module(module_name)
    for name in getattr(module, "__all__", ()):
        if name not in vars(module):
            setattr(module, name, getattr(module, name))


def lend_value_docstrings(package: str = "sabo_eval") -> None:
    """Show a re-exported value (a table, a constant) with the docstring of its module.

    A function or class carries its docstring; a value such as a dict does not, and
    pdoc looks for the docstring below the assignment in the page's own module. For
    each lazily loaded name of ``package`` that is a value, the docstring written in
    its defining module is added to what pdoc read from ``package`` (pdoc keeps one
    reading of each module's syntax tree, so the addition is what it renders).

    Examples
    --------
    >>> from pdoc.doc_ast import walk_tree
    >>> lend_value_docstrings("sabo_eval")
    >>> "__version__" in walk_tree(importlib.import_module("sabo_eval")).var_docstrings
    True
    """
    from pdoc.doc_ast import walk_tree

    module = importlib.import_module(package)
    own = walk_tree(module).var_docstrings
    for name, where in getattr(module, "_LAZY", {}).items():
        if callable(getattr(module, name)):
            continue
        written = walk_tree(importlib.import_module(f"{package}.{where}")).var_docstrings.get(name)
        if written:
            own.setdefault(name, written)


def build(out_dir: Path = DEFAULT_OUT, modules: Sequence[str] = PUBLIC_MODULES) -> Path:
    """Render the reference of ``modules`` into ``out_dir``; return its ``index.html``.

    Examples
    --------
    >>> import tempfile
    >>> index = build(Path(tempfile.mkdtemp()), ["sabo_eval"])  # doctest: +SKIP
    >>> index.name  # doctest: +SKIP
    'index.html'
    """
    os.environ["MPLBACKEND"] = "Agg"
    os.environ.pop("DISPLAY", None)
    sys.path.insert(0, str(ROOT))
    import pdoc
    import pdoc.render

    import sabo_eval

    pdoc.render.configure(docformat="numpy", math=False, mermaid=False, search=True,
                          template_directory=TEMPLATES, footer_text=f"sabo_eval {sabo_eval.__version__}")
    with no_network(), warnings.catch_warnings():
        # Each module is named once; pdoc notes modules it also reached through a package.
        warnings.filterwarnings("ignore", message="The module specification .* adds a module named")
        names = documented_modules(modules)
        for name in names:
            resolve_lazy_names(name)
        lend_value_docstrings()
        pdoc.pdoc(*names, EXCLUDE_PRIVATE, output_directory=Path(out_dir))
    index = Path(out_dir) / "index.html"
    logger.info("API reference: %s (%d modules)", index, len(names))
    return index


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: ``python scripts/build_docs.py [--out DIR]``.

    Examples
    --------
    >>> main(["--out", "build/docs"])  # doctest: +SKIP
    """
    parser = argparse.ArgumentParser(description="API reference (HTML) from the docstrings, with pdoc.")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: build/docs)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    build(args.out)


if __name__ == "__main__":
    main()
