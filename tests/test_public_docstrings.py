"""Every name of ``sabo_eval.__all__`` has a numpydoc docstring with an Examples section,
and its examples run (issue 20: "every name in ``sabo_eval.__all__`` has a docstring with
an example"). Whatever ``__all__`` holds is covered: functions and classes by their
docstrings, other values (``__version__``, tables of labels) by the docstring written
below their assignment in the module that defines them.

The examples run from the repository's folder (they read ``data/sample``) against the
test warehouse of ``conftest.py`` (``$SABO_EVAL_DB``), with the globals of the module
that defines the name, as ``python -m doctest`` would give them.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import re
from pathlib import Path

import pytest
from pdoc.doc_ast import walk_tree

import sabo_eval

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = re.compile(r"^[ \t]*Examples\n[ \t]*-{8,}\n(?P<body>.*?)(?=^[ \t]*\w[^\n]*\n[ \t]*-{3,}\n|\Z)",
                      re.M | re.S)


def _defining_module(name: str):
    lazy = getattr(sabo_eval, "_LAZY", {})
    return importlib.import_module(f"sabo_eval.{lazy[name]}") if name in lazy else sabo_eval


def _docstring(name: str) -> str | None:
    """The docstring a reader of the reference sees for ``sabo_eval.<name>``."""
    value = getattr(sabo_eval, name)
    if callable(value) or inspect.ismodule(value):
        return inspect.getdoc(value)
    documented = walk_tree(_defining_module(name)).var_docstrings
    return inspect.cleandoc(documented[name]) if name in documented else None


def _examples(docstring: str | None) -> str:
    match = EXAMPLES.search(docstring or "")
    return match.group("body") if match else ""


def test_the_examples_section_is_found_and_ends_at_the_next_section():
    text = "Do.\n\nExamples\n--------\n>>> 1 + 1\n2\n\nNotes\n-----\n>>> not this\n"
    assert _examples(text) == ">>> 1 + 1\n2\n\n"
    assert _examples("Do.\n\n>>> 1 + 1\n2\n") == ""


def test_a_value_is_documented_by_the_docstring_below_it():
    assert _docstring("__version__").startswith("The package's version")


@pytest.mark.parametrize("name", sabo_eval.__all__)
def test_every_public_name_has_a_docstring_with_examples(name):
    docstring = _docstring(name)
    assert docstring, f"sabo_eval.{name} has no docstring"
    assert ">>>" in _examples(docstring), f"sabo_eval.{name}: no 'Examples' section with >>> lines"


@pytest.mark.parametrize("name", sabo_eval.__all__)
def test_the_examples_of_every_public_name_run(name, monkeypatch):
    monkeypatch.chdir(ROOT)
    value = getattr(sabo_eval, name)
    module = inspect.getmodule(value) if callable(value) else _defining_module(name)
    test = doctest.DocTestParser().get_doctest(_docstring(name), dict(vars(module)), f"sabo_eval.{name}",
                                              module.__file__, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    failures = []
    runner.run(test, out=failures.append)
    assert runner.summarize(verbose=False).failed == 0, "".join(failures)
