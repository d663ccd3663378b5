#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests when it is missing.
# Needs root (as in CI); elsewhere it says how, and the browser tests are skipped
# locally (they fail under CI=true instead of skipping).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium 설치 중 (브라우저 테스트용) / installing Chromium for the browser tests" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
  echo "Chromium이 없습니다: root로 'apt-get install chromium' 후 다시 실행하세요 / Chromium missing" >&2
fi
