"""Command line: parses arguments and calls the library (no logic of its own).

Commands: ``validate``, ``ingest``, ``run``, ``template``, ``demo``.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from pathlib import Path
from typing import NoReturn

from .errors import SaboEvalError

__all__ = ["main", "build_parser"]

logger = logging.getLogger("sabo_eval")


def _configure_logging(verbose: bool, log_file: Path | None = None) -> None:
    handlers: list[logging.Handler] = [logging.StreamHandler(sys.stderr)]
    if log_file is not None:
        from .run.publish import run_log_handler

        handler = run_log_handler(log_file)  # a full disk: said once, never a traceback
        if handler is not None:
            handlers.append(handler)
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=handlers,
        force=True,
    )


def _out(text: str) -> None:
    """Write user-facing output to stdout (the CLI's result, not a log line)."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _out_lines(lines: list[str]) -> None:
    """Write each line with :func:`_out`."""
    for line in lines:
        _out(line)


def cmd_validate(args: argparse.Namespace) -> int:
    """Validate submissions; print every problem as a table; 1 when any has errors.

    ``--out`` saves every file's problems as one table; ``--annotate`` writes a marked
    copy of the one workbook given.
    """
    from .errors import SubmissionError
    from .intake.problems import has_errors
    from .intake.summary import unreadable_lines, validation_lines
    from .intake.validation import validate

    _check_validate_outputs(args)
    found_under, status = _find_all(args.paths)
    everything = []
    for root, found in found_under.items():
        for path in found:
            try:
                sub = validate(path)
            except SubmissionError as err:  # one unreadable file does not stop the others
                _out_lines(unreadable_lines(path, err))
                status = 1
                continue
            except Exception as exc:  # a fault in one file: named, and the others are still validated
                from .fault_log import internal_problem

                _out_lines(validation_lines(path, [internal_problem(path.name, exc)], lang=args.lang))
                status = 1
                continue
            problems = sub.problems
            everything.extend(problems)
            _out_lines(validation_lines(path, problems, sub.accounting, lang=args.lang))
            status = max(status, int(has_errors(problems)))
            if args.annotate is not None:
                _annotate(path, problems, args.annotate)
        status = max(status, _report_unread(root, found))
    if args.out is not None:
        from .intake.problem_export import write_problems

        write_problems(everything, args.out)
        _out(f"문제 목록 {len(everything):,}건 저장: {args.out}")
        _out(f"problem table saved ({len(everything):,} row(s))")
    return status


def _check_validate_outputs(args: argparse.Namespace) -> None:
    """Refuse, before any work, an ``--out`` or ``--annotate`` that cannot be honoured."""
    if args.out is not None:
        from .intake.problem_export import check_export_path

        check_export_path(args.out)
    if args.annotate is None:
        return
    if len(args.paths) != 1:
        raise SaboEvalError(
            "--annotate에는 통합문서 하나만 주세요 (여러 파일은 하나씩 검토하세요)",
            "--annotate takes exactly one workbook; annotate several files one at a time",
        )
    from .intake.annotate import check_annotate_source

    check_annotate_source(args.paths[0], args.annotate)


def _annotate(path: Path, problems: list, out: Path) -> None:
    """Write the marked copy of ``path`` and say where it is."""
    from .intake.annotate import write_annotated

    marked = write_annotated(path, problems, out)
    _out(f"검토 사본: {out} — 문제 {len(problems):,}건 중 {marked:,}건을 셀에 표시, 전체 목록은 '검토결과' 시트")
    _out(f"annotated copy: {marked:,} of {len(problems):,} problem(s) marked at their cell, all listed in '검토결과'")


def _find_all(roots: list[Path]) -> tuple[dict[Path, list[Path]], int]:
    """The submissions under each path given; a path that cannot be used is named and skipped.

    Returns the submissions per usable path, and 2 when some path could not be used
    (missing, a FIFO or device), else 0: the other paths are still handled.
    """
    from .errors import SubmissionError
    from .intake.loaders import find_submissions

    found, status = {}, 0
    for root in roots:
        try:
            found[root] = find_submissions(root)
        except SubmissionError as err:
            _out(f"오류: {err.message_ko}")
            _out(f"error: {err.message_en}")
            status = 2
    return found, status


def _report_unread(root: str, found: list) -> int:
    """Print what ``root`` held that was not read; 1 when there was any."""
    from .intake.summary import unread_lines
    from .intake.text_sheets import refused_entries, stray_files

    lines = unread_lines(Path(root), found, stray_files(root), refused_entries(root))
    _out_lines(lines)
    return int(bool(lines))


def cmd_ingest(args: argparse.Namespace) -> int:
    """Validate and ingest; each submission in its own transaction."""
    from .intake.summary import any_rejected, ingest_lines
    from .warehouse.store import ingest, resolve_db_path

    found, status = _find_all(args.paths)
    if not found:  # nothing usable was given: the warehouse is not even opened
        return status
    results = ingest([p for paths in found.values() for p in paths], args.db)
    _out_lines(ingest_lines(results))
    unread = max((_report_unread(root, paths) for root, paths in found.items()), default=0)
    _out(f"창고: {resolve_db_path(args.db)}")
    return max(status, 1 if any_rejected(results) or unread else 0)


def cmd_run(args: argparse.Namespace) -> int:
    """Produce every district's report for a year; 1 when any district failed."""
    from .run.plan import check_district_codes, check_run_year
    from .run.runner import run_year
    from .run.summary import year_lines

    check_run_year(args.year)
    check_district_codes(args.district)
    result = run_year(
        args.year,
        db=args.db,
        out_dir=args.out,
        districts=args.district,
        jobs=args.jobs,
        mask_names=not args.show_names,
        use_cache=not args.no_cache,
        fail_district=args.fail_district,
        scheduler=args.scheduler,
        warm=not args.cold,
        scheduler_timeout=args.scheduler_timeout,
    )
    _out_lines(year_lines(result))
    return 1 if result.failed else 0


def cmd_pilot(args: argparse.Namespace) -> int:
    """Produce the pilot evaluation report (difference-in-differences)."""
    from .run.runner import run_pilot
    from .run.summary import pilot_failed, pilot_lines

    outcome = run_pilot(db=args.db, out_dir=args.out, use_cache=not args.no_cache)
    _out_lines(pilot_lines(outcome, args.out))
    return 1 if pilot_failed(outcome) else 0


def cmd_template(args: argparse.Namespace) -> int:
    """Write a submission workbook: blank, or carried over from the district's latest year (``--from-warehouse``)."""
    from .intake.template import write_template
    from .run.plan import check_district_codes

    if args.year is not None and not 2000 <= args.year <= 2100:
        raise SaboEvalError(
            f"서식의 연도는 2000~2100 사이여야 합니다: {args.year}", f"the template's year must be from 2000 to 2100: {args.year}"
        )
    check_district_codes([args.district] if args.district else None)
    if args.out.is_dir():
        raise SaboEvalError(
            f"서식 파일 경로가 폴더입니다: {args.out} — 파일 이름(예: 서식.xlsx)까지 쓰세요",
            f"the template path is a folder: {args.out}; give a file name (e.g. template.xlsx)",
        )
    prefill = _carried_over(args)
    try:
        path = write_template(args.out, year=args.year, district_code=args.district, prefill=prefill)
    except ValueError as exc:  # a year or district code that cannot be prefilled
        raise SaboEvalError(f"서식을 만들 수 없습니다: {exc}", f"cannot make the template: {exc}") from None
    except OSError as exc:
        raise SaboEvalError(
            f"서식 파일을 쓸 수 없습니다: {args.out} ({exc.strerror or exc}) — 쓸 수 있는 폴더를 고르세요",
            f"cannot write the template: {args.out} ({exc.strerror or exc}); choose a folder you can write to",
        ) from None
    _out(f"서식 파일을 만들었습니다 / template written: {path}")
    if prefill is not None:
        _out(f"{prefill.source_year}년에서 가져옴 / carried over from {prefill.source_year}: "
             f"위원 / members {len(prefill.rows['members']):,}, 분과 / subcommittees {len(prefill.subcommittees):,}, "
             f"세부사업 / plan items {len(prefill.rows['plan_items']):,}")
    return 0


def _carried_over(args: argparse.Namespace):
    """The carry-over of ``template --from-warehouse`` (None without it); needs --district and --year."""
    if not args.from_warehouse:
        if args.db is not None:
            raise SaboEvalError("--db는 --from-warehouse와 함께 씁니다", "--db is used with --from-warehouse")
        return None
    if args.district is None or args.year is None:
        raise SaboEvalError(
            "--from-warehouse에는 --district와 --year가 필요합니다 (예: --district 41110 --year 2024)",
            "--from-warehouse needs --district and --year (e.g. --district 41110 --year 2024)",
        )
    from .warehouse.carry_over import carry_over

    return carry_over(args.db, args.district, args.year)


def cmd_demo(args: argparse.Namespace) -> int:
    """Ingest the bundled sample into the demo's own warehouse and produce every report of its complete years."""
    from .run.demo import next_step_lines, run_demo

    index = run_demo(sample=args.sample, db=args.db, out_dir=args.out, jobs=args.jobs)
    _out_lines(next_step_lines(index))
    return 0


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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``sabo-eval``."""
    parser = _Parser(prog="sabo-eval", description="지역사회보장협의체 평가 도구 (sabo_eval) / "
                     "evaluation workbench for local community social security councils",
                     epilog=_EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"sabo-eval {_version()}",
                        help="버전을 보이고 끝냄 / show the version and exit")
    parser.add_argument("-v", "--verbose", action="store_true", help="자세한 기록 출력 / verbose log output")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, title="명령 / commands",
                                help="명령마다 'sabo-eval 명령 -h' / see 'sabo-eval COMMAND -h'")

    def with_db(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", type=_path, default=None, help="창고 파일 (기본: $SABO_EVAL_DB 또는 data/warehouse.duckdb) / "
                       "the warehouse file (default: $SABO_EVAL_DB or data/warehouse.duckdb)")

    def with_paths(p: argparse.ArgumentParser) -> None:
        p.add_argument("paths", nargs="+", type=_path, help="제출 자료 파일 또는 폴더(여럿 가능) / submission files or folders (one or more)")

    p = sub.add_parser("validate", help="제출 자료 검증 (오류가 있으면 종료 코드 1) / validate submissions (exit code 1 on errors)")
    with_paths(p)
    p.add_argument("--annotate", type=_path, default=None, metavar="OUT.xlsx",
                   help="문제 셀을 표시한 사본과 '검토결과' 시트를 씀 (.xlsx 하나만) / "
                        "write a copy with every problem cell marked and a '검토결과' sheet (one .xlsx only)")
    p.add_argument("--out", type=_path, default=None, metavar="problems.csv|xlsx",
                   help="문제 목록 전체를 .csv(UTF-8 BOM) 또는 .xlsx로 저장 / save the full problem table as .csv or .xlsx")
    p.add_argument("--lang", choices=("ko", "en"), default="ko",
                   help="화면 표의 언어 (기본: 한국어) / language of the terminal table (default: Korean)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("ingest", help="검증 후 창고에 입력 / validate and store in the warehouse")
    with_paths(p)
    with_db(p)
    p.set_defaults(func=cmd_ingest)

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
    with_db(p)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("pilot", help="시범사업 평가 보고서 (이중차분·단절 시계열) / the pilot evaluation report")
    _with_out(p)
    p.add_argument("--no-cache", action="store_true", help="바뀐 것이 없어도 다시 실행 / rerun even when nothing changed")
    with_db(p)
    p.set_defaults(func=cmd_pilot)

    p = sub.add_parser("template", help="제출 서식(xlsx) 만들기 / write a submission workbook")
    p.add_argument("out", type=_xlsx_path, help="만들 서식 파일 (.xlsx) / the workbook to write (.xlsx)")
    p.add_argument("--year", type=_year, default=None, help="미리 채울 연도 (예: 2024) / the year to prefill (e.g. 2024)")
    p.add_argument("--district", type=_district, default=None,
                   help="미리 채울 시군구코드 (예: 41110) / the district code to prefill (e.g. 41110)")
    p.add_argument("--from-warehouse", action="store_true",
                   help="창고에 있는 이 시군구의 최근 연도에서 제출정보·위원·분과·시행계획·지표를 가져옴 (--district, --year 필요) / "
                        "carry over info, members, subcommittees, plan and indicators from the district's latest year")
    p.add_argument("--db", type=_path, default=None,
                   help="--from-warehouse가 읽는 창고 파일 (기본: $SABO_EVAL_DB 또는 data/warehouse.duckdb) / "
                        "warehouse read by --from-warehouse")
    p.set_defaults(func=cmd_template)

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
    p.set_defaults(func=cmd_demo)
    return parser


def _with_out(p: argparse.ArgumentParser) -> None:
    """Add ``--out``, the report folder."""
    p.add_argument("--out", type=_path, default=Path("reports"),
                   help="보고서 폴더 (기본: reports) / the report folder (default: reports)")


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``sabo-eval``; returns the exit code.

    Every failure ends in a one-line message in Korean and English and a non-zero
    exit code: 2 for an error sabo_eval names (:class:`SaboEvalError`), and for an
    unexpected one, whose traceback goes to a file under
    :func:`sabo_eval.fault_log.log_dir` that the message names.
    """
    args = build_parser().parse_args(argv)
    try:
        _configure_logging(args.verbose, _log_file(args))
        from .settings import check_environment

        check_environment()
        return args.func(args)
    except SaboEvalError as exc:
        _out(f"오류: {exc.message_ko}")
        if exc.message_en:
            _out(f"error: {exc.message_en}")
        return 2
    except KeyboardInterrupt:
        _out("중단했습니다 / interrupted")
        return 130
    except Exception as exc:  # the last resort: no traceback reaches the user
        from .fault_log import write_traceback

        where = write_traceback(exc, f"sabo-eval {' '.join(sys.argv[1:] if argv is None else argv)}")
        shown = where or "(기록 파일을 쓸 수 없음 / no log file could be written)"
        _out(f"오류: 예기치 않은 오류({type(exc).__name__})로 중단했습니다 — 자세한 기록: {shown}")
        _out(f"error: stopped by an unexpected error ({type(exc).__name__}); details: {shown}")
        return 2


def _log_file(args: argparse.Namespace) -> Path | None:
    """The log file of a ``run``/``demo``/``pilot`` (one per run), its folder made; None for other commands."""
    if args.command not in ("run", "demo", "pilot"):
        return None
    from .run.publish import run_log_path

    log_file = run_log_path(args.out, args.command)
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        with open(log_file, "a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise SaboEvalError(
            f"보고서 폴더에 쓸 수 없습니다: {args.out} ({exc.strerror or exc}) — --out으로 쓸 수 있는 폴더를 고르세요",
            f"cannot write to the report folder {args.out} ({exc.strerror or exc}); choose a writable folder with --out",
        ) from None
    return log_file


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
