"""Shared set-up of the browser tests: Debian's Chromium, headless and offline."""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
#: Headless, sandbox off (root in CI), and no background traffic to other hosts.
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def require_chromium() -> str:
    """The Chromium executable; skips locally and fails under CI when it is missing."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("CI에는 Chromium이 필요합니다 (make test가 설치) / Chromium is required in CI")
        pytest.skip("Chromium이 없습니다 (make test가 root일 때 설치합니다)")
    return CHROMIUM
