@echo off
rem sabo_eval 오프라인 설치 / offline install of sabo_eval (Windows)
rem
rem 휠 폴더(make wheelhouse PLATFORM=win_amd64)에서 네트워크 없이 새 가상환경에 설치합니다.
rem Installs from the wheelhouse folder into a new virtual environment, with no network.
rem
rem   install.bat [가상환경 폴더 / venv folder]   (기본 / default: %USERPROFILE%\sabo-eval-venv)
rem   set PYTHON=C:\Python311\python.exe        (사용할 파이썬 3.11 / the Python 3.11 to use)
chcp 65001 >nul
setlocal
set "WHEELS=%~dp0."
set "VENV=%~1"
if "%VENV%"=="" set "VENV=%USERPROFILE%\sabo-eval-venv"
if "%PYTHON%"=="" (
    where py >nul 2>nul && (set "PYTHON=py -3.11") || (set "PYTHON=python")
)
if not exist "%WHEELS%\sabo_eval-*.whl" (
    echo 오류: 휠 폴더에 sabo_eval 휠이 없습니다: %WHEELS%
    echo error: no sabo_eval wheel in the wheel folder: %WHEELS%
    exit /b 2
)
if exist "%VENV%" (
    echo 오류: 이미 있는 폴더입니다: %VENV% - 다른 폴더를 지정하세요
    echo error: the folder already exists: %VENV%; give another one
    exit /b 2
)
%PYTHON% -m venv "%VENV%" || goto :fail
"%VENV%\Scripts\python.exe" -m pip install --isolated --no-index --find-links "%WHEELS%" sabo_eval || goto :fail
"%VENV%\Scripts\sabo-eval.exe" --version || goto :fail
echo 설치했습니다 / installed: %VENV%\Scripts\sabo-eval.exe
echo 다음 / next: "%VENV%\Scripts\sabo-eval.exe" template 제출서식.xlsx --district 41110 --year 2024
exit /b 0

:fail
echo 오류: 설치하지 못했습니다 - 파이썬 3.11 64비트가 설치되어 있는지 확인하세요
echo error: the install failed; check that 64-bit Python 3.11 is installed
exit /b 1
