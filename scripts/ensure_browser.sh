#!/usr/bin/env bash
# Install Debian's Chromium and a Korean font for the browser tests when they are missing.
# Needs root (as in CI); elsewhere it says how, and the browser tests are skipped
# locally (they fail under CI=true instead of skipping). The font (fonts-nanum) makes the
# browser draw Hangul as readers' PCs do (Malgun Gothic / NanumGothic): without it pages
# measured for print show boxes instead of letters.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if ! (command -v fc-list >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi nanum); then
  missing+=(fonts-nanum)
fi
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "설치 중 (브라우저 테스트용): ${missing[*]} / installing for the browser tests: ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "없음: ${missing[*]} — root로 'apt-get install ${missing[*]}' 후 다시 실행하세요 / missing: ${missing[*]}" >&2
fi
