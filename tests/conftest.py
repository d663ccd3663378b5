"""Test helpers shared by every test folder.

The tests mirror the package's layout (``tests/intake``, ``tests/metrics``, …); the
shared helpers (``browser_support``, ``fixtures/build_fixtures``) live here in
``tests/`` and are importable from every folder.
"""

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
if str(TESTS) not in sys.path:
    sys.path.insert(0, str(TESTS))
