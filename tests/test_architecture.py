"""The limits docs/architecture.md promises: module sizes, function sizes, layering."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "sabo_eval"
MODULES = sorted(PACKAGE.rglob("*.py"))

#: Rank of each layer in the data flow; a module may import its own rank or lower.
LAYERS = {"intake": 0, "warehouse": 1, "metrics": 2, "stats": 2, "text": 2, "analysis": 3, "reports": 3, "run": 4}
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 60


def _layer(module: Path) -> str | None:
    parts = module.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 and parts[0] in LAYERS else None


def _functions(tree: ast.AST):
    """Each function with its length in lines, signature and body, not counting its docstring."""
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                length -= first.end_lineno - first.lineno + 1
            yield node, length


def _imported_layers(module: Path) -> set[str]:
    """Layers a module imports from (at the top or inside functions)."""
    package = ".".join(module.relative_to(ROOT).with_suffix("").parts[:-1])
    return _layers_in(module.read_text(encoding="utf-8"), package)


def _layers_in(source: str, package: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        names = []
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                names.append(".".join([*base, node.module] if node.module else base))
            elif node.module:
                names.append(node.module)
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        for name in names:
            parts = name.split(".")
            if parts[0] == "sabo_eval" and len(parts) > 1 and parts[1] in LAYERS:
                found.add(parts[1])
    return found


def test_the_package_has_modules_to_check():
    assert len(MODULES) > 30
    assert {_layer(m) for m in MODULES} >= set(LAYERS)


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_over_the_size_limit(module):
    lines = module.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_MODULE_LINES, f"{module.name}: {lines} lines"


@pytest.mark.parametrize("module", sorted((PACKAGE / "run").rglob("*.py")), ids=lambda p: p.name)
def test_the_yearly_run_has_no_long_function(module):
    long = [(f.name, n) for f, n in _functions(ast.parse(module.read_text(encoding="utf-8"))) if n > MAX_FUNCTION_LINES]
    assert not long, long


@pytest.mark.parametrize("module", [m for m in MODULES if _layer(m)], ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_layer_imports_only_the_layers_before_it(module):
    own = LAYERS[_layer(module)]
    later = sorted(layer for layer in _imported_layers(module) if LAYERS[layer] > own)
    assert not later, f"{module.relative_to(PACKAGE)} imports {later}"


def test_function_length_leaves_out_the_docstring():
    source = "def f(a):\n    \"\"\"Doc.\n\n    More.\n    \"\"\"\n    return a\n\n\ndef g():\n    x = 1\n    return x\n"
    assert [(f.name, n) for f, n in _functions(ast.parse(source))] == [("f", 2), ("g", 3)]


@pytest.mark.parametrize(
    ("source", "package", "layers"),
    [
        ("from ..reports.masking import mask_name\n", "sabo_eval.intake", {"reports"}),
        ("def f():\n    from sabo_eval.run import runner\n", "sabo_eval.metrics", {"run"}),
        ("from . import parsing\nfrom ..errors import SubmissionError\n", "sabo_eval.intake", {"intake"}),
        ("import sabo_eval.warehouse.store\n", "sabo_eval.reports", {"warehouse"}),
    ],
)
def test_the_layer_check_sees_relative_absolute_and_late_imports(source, package, layers):
    assert _layers_in(source, package) == layers


def test_the_public_api_is_what_all_names_even_after_every_module_is_loaded():
    import importlib
    import pkgutil

    import sabo_eval

    for info in pkgutil.walk_packages(sabo_eval.__path__, "sabo_eval."):
        if not info.name.startswith("sabo_eval.sampledata.__main__"):
            importlib.import_module(info.name)
    from sabo_eval import Warehouse, WarehouseView, ingest, load_submission, mask_name, validate

    assert callable(ingest) and ingest.__module__ == "sabo_eval.warehouse.store"
    assert callable(validate) and callable(load_submission) and isinstance(Warehouse, type) and isinstance(WarehouseView, type)
    assert "Warehouse" not in sabo_eval.__all__  # the storage layer keeps names as submitted: analysis goes through the view
    assert mask_name("김범수") == "김*수"
    assert all(hasattr(sabo_eval, name) for name in sabo_eval.__all__)
