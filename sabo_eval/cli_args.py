"""The command line's arguments: every command's parser, argument types and one-line argument errors.

Every argument is documented in Korean and English (``-h``); a mistake in the
arguments is one line in both languages and exit code 2 (:class:`_Parser`).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import NoReturn

__all__ = ["build_parser"]


def _out(text: str) -> None:
    """Write user-facing output to stdout (the CLI's result, not a log line)."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line in Korean and English (exit code 2).

    Its own ``-h`` and the section titles are in Korean and English too.
    """

    def __init__(self, *args, **kwargs) -> None:
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "위치 인자 / positional arguments"
        self._optionals.title = "선택 인자 / options"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                              help="이 도움말을 보이고 끝냄 / show this help and exit")

    def error(self, message: str) -> NoReturn:
        korean, english = _argument_error(message)
        _out(f"오류: {korean} / error: {english} — 도움말 / help: {self.prog} -h")  # one line: the mistake is in one place
        raise SystemExit(2)


#: argparse's own messages and their Korean (the English is argparse's text).
_ARGPARSE_KOREAN = (
    (r"the following arguments are required: (.+)", "꼭 필요한 인자가 없습니다: {0}"),
    (r"unrecognized arguments: (.+)", "알 수 없는 인자입니다: {0}"),
    (r"argument (\S+): expected one argument", "인자 {0}에 값이 하나 필요합니다"),
    (r"argument (\S+): expected at least one argument", "인자 {0}에 값이 하나 이상 필요합니다"),
    (r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)", "인자 {0}의 값 {1}은(는) 고를 수 없습니다 (가능: {2})"),
    (r"argument (\S+): invalid (\w+) value: (.+)", "인자 {0}의 값이 올바른 형식이 아닙니다: {2}"),
    (r"argument (\S+): ignored explicit argument (.+)", "인자 {0}은(는) 값을 받지 않습니다: {1}"),
    (r"argument (\S+): not allowed with argument (.+)", "인자 {0}은(는) {1}과(와) 함께 쓸 수 없습니다"),
    (r"ambiguous option: (\S+) could match (.+)", "옵션 {0}이(가) 여럿({1})에 해당해 모호합니다"),
)


def _argument_error(message: str) -> tuple[str, str]:
    """The Korean and the English of an argument error (ours are "한국어 / English")."""
    argument = re.match(r"argument [^:]+: ", message)
    if " / " in message:  # our own checks give "한국어 / English" after argparse's "argument --x: "
        korean, english = message.split(" / ", 1)
        prefix = argument.group(0) if argument else ""
        name = prefix[len("argument "):-2]
        return f"인자 {name}: {korean[len(prefix):]}" if prefix else korean, prefix + english
    for pattern, korean in _ARGPARSE_KOREAN:
        match = re.fullmatch(pattern, message)
        if match:
            return korean.format(*match.groups()), message
    return message, message


def _version() -> str:
    """The installed package's version (the source's when it is not installed)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("sabo_eval")
    except PackageNotFoundError:
        from . import __version__

        return __version__


def _positive_int(text: str) -> int:
    """A count of at least 1 (``--jobs``)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"정수가 아닙니다: {text!r} / not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"1 이상이어야 합니다: {value} / must be at least 1: {value}")
    return value


def _seconds(text: str) -> float:
    """A positive, finite number of seconds (``--scheduler-timeout``)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"수가 아닙니다: {text!r} / not a number: {text!r}") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"0초보다 크고 3600초 이하여야 합니다: {text} / must be in (0, 3600] seconds: {text}")
    return value


#: The exit codes, as README's table gives them.
_EXIT_CODES = """종료 코드 / exit codes:
  0    완료 / done (자료가 빠진 절은 보고서가 그렇다고 밝힘 / sections without data say so)
  1    검증 오류, 입력 거부, 일부 보고서 실패 / validation errors, a refused submission, a report that failed
  2    아무것도 만들 수 없음: 잘못된 인자, 자료가 없는 연도·시군구, 창고·경로 문제, 예기치 않은 오류 /
       nothing could be produced: bad arguments, a year or district without data, warehouse or path problems,
       an unexpected error (its traceback in a log file the message names)
  130  중단 / interrupted"""


def _year(text: str) -> int:
    """A year written as a whole number (``--year``); its range is checked by each command."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"연도는 숫자로 씁니다(예: 2024): {text!r} / a year is a number (e.g. 2024): {text!r}") from None


def _template_year(text: str) -> int:
    """The template's year: a whole number from 2000 to 2100 (``24`` is a mistake, not 2024)."""
    year = _year(text)
    if not 2000 <= year <= 2100:
        raise argparse.ArgumentTypeError(
            f"서식의 연도는 2000~2100 사이의 네 자리 수입니다(예: 2024): {text!r} / "
            f"the template's year is a four-digit year from 2000 to 2100 (e.g. 2024): {text!r}"
        )
    return year


def _district(text: str) -> str:
    """A five-digit district code (``--district``)."""
    if not re.fullmatch(r"\d{5}", text.strip()):
        raise argparse.ArgumentTypeError(
            f"시군구코드는 5자리 숫자여야 합니다(예: 41110): {text!r} / district codes are five digits (e.g. 41110): {text!r}"
        )
    return text.strip()


def _path(text: str) -> Path:
    """A path that is not empty (``Path("")`` would be the current folder)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("경로가 비어 있습니다 / the path is empty")
    return Path(text)


def _xlsx_path(text: str) -> Path:
    """A path ending in ``.xlsx`` (a workbook sabo_eval writes)."""
    path = _path(text)
    if path.is_dir():  # the command names the folder
        return path
    if path.suffix.lower() != ".xlsx":
        raise argparse.ArgumentTypeError(
            f"파일 이름이 .xlsx로 끝나야 합니다(예: 제출서식.xlsx): {text!r} / the file name must end in .xlsx (e.g. template.xlsx): {text!r}"
        )
    return path


def build_parser(commands: Mapping[str, Callable[[argparse.Namespace], int]]) -> argparse.ArgumentParser:
    """The argument parser of ``sabo-eval``.

    Parameters
    ----------
    commands : mapping
        Command name → the function that carries it out (``args.func``).

    Returns
    -------
    argparse.ArgumentParser
    """
    parser = _Parser(prog="sabo-eval", description="지역사회보장협의체 평가 도구 (sabo_eval) / "
                     "evaluation workbench for local community social security councils",
                     epilog=_EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"sabo-eval {_version()}",
                        help="버전을 보이고 끝냄 / show the version and exit")
    parser.add_argument("-v", "--verbose", action="store_true", help="자세한 기록 출력 / verbose log output")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, title="명령 / commands",
                                help="명령마다 'sabo-eval 명령 -h' / see 'sabo-eval COMMAND -h'")
    for name, add in (("validate", _add_validate), ("ingest", _add_ingest), ("run", _add_run), ("pilot", _add_pilot),
                      ("template", _add_template), ("demo", _add_demo), ("minutes", _add_minutes)):
        add(sub).set_defaults(func=commands[name])
    return parser


def _with_db(p: argparse.ArgumentParser) -> None:
    """Add ``--db``, the warehouse."""
    p.add_argument("--db", type=_path, default=None, help="창고 파일 (기본: $SABO_EVAL_DB 또는 data/warehouse.duckdb) / "
                   "the warehouse file (default: $SABO_EVAL_DB or data/warehouse.duckdb)")


def _with_paths(p: argparse.ArgumentParser) -> None:
    """Add the submissions to read."""
    p.add_argument("paths", nargs="+", type=_path, help="제출 자료 파일 또는 폴더(여럿 가능) / submission files or folders (one or more)")


def _add_validate(sub) -> argparse.ArgumentParser:
    """``validate``: the problems of submissions; an annotated copy; the table saved."""
    p = sub.add_parser("validate", help="제출 자료 검증 (오류가 있으면 종료 코드 1) / validate submissions (exit code 1 on errors)")
    _with_paths(p)
    p.add_argument("--annotate", type=_path, default=None, metavar="OUT.xlsx",
                   help="문제 셀을 표시한 사본과 '검토결과' 시트를 씀 (.xlsx 하나만) / "
                        "write a copy with every problem cell marked and a '검토결과' sheet (one .xlsx only)")
    p.add_argument("--out", type=_path, default=None, metavar="problems.csv|xlsx",
                   help="문제 목록 전체를 .csv(UTF-8 BOM) 또는 .xlsx로 저장 / save the full problem table as .csv or .xlsx")
    p.add_argument("--lang", choices=("ko", "en"), default="ko",
                   help="화면 표의 언어 (기본: 한국어) / language of the terminal table (default: Korean)")
    return p


def _add_ingest(sub) -> argparse.ArgumentParser:
    """``ingest``: validated submissions into the warehouse."""
    p = sub.add_parser("ingest", help="검증 후 창고에 입력 / validate and store in the warehouse")
    _with_paths(p)
    _with_db(p)
    return p


def _add_run(sub) -> argparse.ArgumentParser:
    """``run``: a year's district reports."""
    p = sub.add_parser("run", help="연도별 시군구 보고서 생성 / produce a year's district reports")
    p.add_argument("--year", type=_year, required=True, help="보고서 연도 (예: 2024) / the report year (e.g. 2024)")
    p.add_argument("--district", action="append", type=_district,
                   help="시군구코드, 여러 번 지정 가능 (기본: 모두) / a district code, may be repeated (default: all)")
    p.add_argument("--jobs", type=_positive_int, default=None,
                   help="동시 실행 수 (기본: CPU 코어 수) / parallel reports (default: CPU cores)")
    _with_out(p)
    p.add_argument("--no-cache", action="store_true", help="변경 없는 시군구도 다시 실행 / rerun unchanged districts too")
    p.add_argument("--show-names", action="store_true", help="위원 이름을 가리지 않음 / do not mask members' names")
    p.add_argument("--scheduler", default=None, help="Dask 분산 스케줄러 주소 (예: tcp://127.0.0.1:8786) / "
                   "a Dask distributed scheduler address")
    p.add_argument("--scheduler-timeout", type=_seconds, default=None,
                   help="스케줄러 연결 대기 초 (기본: $SABO_EVAL_SCHEDULER_TIMEOUT 또는 10) / "
                   "seconds to wait for the scheduler (default: $SABO_EVAL_SCHEDULER_TIMEOUT or 10)")
    p.add_argument("--cold", action="store_true", help="시군구마다 커널을 새로 시작 (기본: 작업자마다 커널 하나를 계속 사용) / "
                   "a new kernel for each district (default: one kernel per worker)")
    p.add_argument("--fail-district", default=None, help="시험용: 이 시군구의 실행을 일부러 실패시킴 (장애 격리 확인) / "
                   "for tests: make this district's run fail (fault isolation)")
    p.add_argument("--codebook", type=Path, default=None,
                   help="주제 코드북 파일 (YAML/CSV, 기본: $SABO_EVAL_CODEBOOK 또는 내장 코드북) / "
                   "the theme codebook (YAML/CSV; default: $SABO_EVAL_CODEBOOK or the shipped one)")
    _with_db(p)
    return p


def _add_pilot(sub) -> argparse.ArgumentParser:
    """``pilot``: the pilot evaluation report."""
    p = sub.add_parser("pilot", help="시범사업 평가 보고서 (이중차분·단절 시계열) / the pilot evaluation report")
    _with_out(p)
    p.add_argument("--no-cache", action="store_true", help="바뀐 것이 없어도 다시 실행 / rerun even when nothing changed")
    _with_db(p)
    return p


def _add_template(sub) -> argparse.ArgumentParser:
    """``template``: the submission workbook, blank or carried over."""
    p = sub.add_parser("template", help="제출 서식(xlsx) 만들기 / write a submission workbook")
    p.add_argument("out", type=_xlsx_path, help="만들 서식 파일 (.xlsx) / the workbook to write (.xlsx)")
    p.add_argument("--year", type=_template_year, default=None, help="미리 채울 연도 (예: 2024) / the year to prefill (e.g. 2024)")
    p.add_argument("--district", type=_district, default=None,
                   help="미리 채울 시군구코드 (예: 41110) / the district code to prefill (e.g. 41110)")
    p.add_argument("--from-warehouse", action="store_true",
                   help="창고에 있는 이 시군구의 최근 연도에서 제출정보·위원·분과·시행계획·지표를 가져옴 (--district, --year 필요) / "
                        "carry over info, members, subcommittees, plan and indicators from the district's latest year")
    p.add_argument("--db", type=_path, default=None,
                   help="--from-warehouse가 읽는 창고 파일 (기본: $SABO_EVAL_DB 또는 data/warehouse.duckdb) / "
                        "warehouse read by --from-warehouse")
    return p


def _add_demo(sub) -> argparse.ArgumentParser:
    """``demo``: the sample into the demo's warehouse, and its reports."""
    p = sub.add_parser("demo", help="예시 자료를 데모 전용 창고에 입력 후 최근 완전한 연도의 보고서 생성 / "
                       "ingest the sample into the demo warehouse and produce its reports")
    p.add_argument("--sample", type=_path, default=Path("data/sample"),
                   help="예시 자료 폴더 (기본: data/sample) / the sample folder (default: data/sample)")
    _with_out(p)
    p.add_argument("--jobs", type=_positive_int, default=None,
                   help="동시 실행 수 (기본: CPU 코어 수) / parallel reports (default: CPU cores)")
    p.add_argument("--db", type=_path, default=None,
                   help="데모 전용 창고 (기본: data/demo.duckdb; 사용자 창고와 $SABO_EVAL_DB는 쓰지 않음) / "
                   "the demo's own warehouse (default: data/demo.duckdb; never the user's)")
    return p


def _add_minutes(sub) -> argparse.ArgumentParser:
    """``minutes``: discussion minutes (text) parsed and stored in the discussions table."""
    p = sub.add_parser("minutes", help="토론 회의록(텍스트)을 읽어 창고의 토론 기록에 저장 / "
                       "parse discussion minutes (text) and store them in the warehouse")
    p.add_argument("path", type=_path, help="회의록 파일(.txt) 또는 그 폴더 (행사목록.csv가 있으면 행사 정보를 읽음) / "
                   "a minutes file (.txt) or a folder of them (event details from its 행사목록.csv)")
    p.add_argument("--db", "--warehouse", dest="db", type=_path, default=None,
                   help="창고 파일 (기본: $SABO_EVAL_DB 또는 data/warehouse.duckdb) / "
                   "the warehouse file (default: $SABO_EVAL_DB or data/warehouse.duckdb)")
    p.add_argument("--event-id", default=None,
                   help="행사ID (파일 하나일 때만; 기본: 행사목록.csv 또는 파일 이름) / "
                   "the event id (one file only; default: 행사목록.csv or the file name)")
    p.add_argument("--check", action="store_true",
                   help="읽기만 하고 저장하지 않음 / parse and show only, store nothing")
    return p


def _with_out(p: argparse.ArgumentParser) -> None:
    """Add ``--out``, the report folder."""
    p.add_argument("--out", type=_path, default=Path("reports"),
                   help="보고서 폴더 (기본: reports) / the report folder (default: reports)")


