"""What a report's cache key is made of besides data: package versions and code hashes."""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from .. import __version__

__all__ = ["versions", "package_code_hash", "git_commit", "notebook_code_hash"]

_VERSIONED = ("sabo_eval", "papermill", "nbconvert", "pandas", "statsmodels", "seaborn", "matplotlib", "duckdb", "numpy")


def versions() -> dict[str, str]:
    """Versions of Python and of the packages a report depends on.

    Returns
    -------
    dict
        Package name → version (``"not installed"`` when missing).
    """
    out = {"python": platform.python_version()}
    for name in _VERSIONED:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = __version__ if name == "sabo_eval" else "not installed"
    out["sabo_eval code"] = package_code_hash()
    return out


def package_code_hash(root: Path | None = None) -> str:
    """Hash of the package's own files (code, templates, catalogues): a changed template re-runs the reports.

    A version number changes only at a release; between releases a report made by
    other code must not be taken from the cache.

    Parameters
    ----------
    root : Path, optional
        The package folder (default: the installed ``sabo_eval``).

    Returns
    -------
    str
        SHA-256 hex digest over every file's relative path and bytes (``__pycache__`` left out).
    """
    root = Path(root) if root is not None else Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def git_commit() -> str | None:
    """The commit of the package's checkout (None outside a git checkout).

    Returns
    -------
    str or None
    """
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5, cwd=Path(__file__).parent, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None


def notebook_code_hash(notebook: Path) -> str:
    """Hash of the notebook's cell sources (outputs and metadata do not count).

    Parameters
    ----------
    notebook : Path
        An ``.ipynb`` file.

    Returns
    -------
    str
        SHA-256 hex digest.
    """
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    sources = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in cells]
    return hashlib.sha256("\n#--cell--\n".join(sources).encode()).hexdigest()
