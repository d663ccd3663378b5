#!/usr/bin/env python
"""Regenerate ``data/sample/`` with the deterministic generator (``make sample``).

The generator is the :mod:`sabo_eval.sampledata` package; this entry point only makes
``data/sample`` of this checkout the default output folder. Options: ``--out DIR``,
``--check``, ``--determinism``, ``--no-generate`` (see ``--help``).
"""

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from sabo_eval.sampledata import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(default_out=REPO_ROOT / "data" / "sample"))
