#!/bin/sh
# sabo_eval 오프라인 설치 / offline install of sabo_eval (Linux, macOS)
#
# 휠 폴더(make wheelhouse)에서 네트워크 없이 새 가상환경에 설치합니다.
# Installs from the wheelhouse folder into a new virtual environment, with no network.
#
#   sh install.sh [가상환경 폴더 / venv folder]      (기본 / default: $HOME/sabo-eval-venv)
#   WHEELS=폴더 sh install.sh                        (휠 폴더 / the wheel folder; default: this script's folder)
#   PYTHON=python3.11 sh install.sh                  (사용할 파이썬 / the Python to use)
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
WHEELS=${WHEELS:-$HERE}
VENV=${1:-"$HOME/sabo-eval-venv"}
PYTHON=${PYTHON:-python3}

if ! ls "$WHEELS"/sabo_eval-*.whl >/dev/null 2>&1; then
    echo "오류: 휠 폴더에 sabo_eval 휠이 없습니다: $WHEELS ('make wheelhouse'로 만드세요)"
    echo "error: no sabo_eval wheel in the wheel folder: $WHEELS (build it with 'make wheelhouse')"
    exit 2
fi
if [ -e "$VENV" ]; then
    echo "오류: 이미 있는 폴더입니다: $VENV — 다른 폴더를 지정하세요"
    echo "error: the folder already exists: $VENV; give another one"
    exit 2
fi
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --isolated --no-index --find-links "$WHEELS" sabo_eval
"$VENV/bin/sabo-eval" --version
echo "설치했습니다 / installed: $VENV/bin/sabo-eval"
echo "다음 / next: $VENV/bin/sabo-eval template 제출서식.xlsx --district 41110 --year 2024"
