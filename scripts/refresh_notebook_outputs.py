"""Refresh the stored outputs that nbval compares (run: make notebook-outputs).

Executes each notebook in ``notebooks/`` as it is (default parameters) against the
test warehouse built from ``data/sample`` (the same one ``make test`` uses), keeps
the outputs of the cells marked ``# NBVAL_CHECK_OUTPUT`` and clears every other
output, so the notebooks stay small and their diffs readable.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

logger = logging.getLogger("refresh_notebook_outputs")


def refresh(notebook: Path) -> None:
    """Execute ``notebook`` and keep only the outputs nbval checks."""
    nb = nbformat.read(str(notebook), as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(notebook.parent)}}).execute()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if "NBVAL_CHECK_OUTPUT" not in cell.source:
            cell.outputs = []
            cell.execution_count = None
        cell.metadata.pop("execution", None)
    nbformat.write(nb, str(notebook))
    logger.info("refreshed %s", notebook.relative_to(ROOT))


def main() -> None:
    """Build the test warehouse as conftest does, then refresh every notebook."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    import conftest

    conftest.pytest_configure(None)
    os.environ["SABO_EVAL_DB"] = str(conftest.TEST_DB)
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        refresh(notebook)


if __name__ == "__main__":
    main()
