"""Command line: parses arguments and calls the library (no logic of its own).

Commands: ``validate``, ``ingest``, ``run``, ``template``, ``demo``.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

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
    """Validate submissions; print every problem as a table; 1 when any has errors."""
    from .errors import SubmissionError
    from .intake.loaders import find_submissions
    from .intake.problems import has_errors
    from .intake.summary import unreadable_lines, validation_lines
    from .intake.validation import validate

    status = 0
    for root in args.paths:
        found = find_submissions(root)
        for path in found:
            try:
                sub = validate(path)
            except SubmissionError as err:  # one unreadable file does not stop the others
                _out_lines(unreadable_lines(path, err))
                status = 1
                continue
            problems = sub.problems
            _out_lines(validation_lines(path, problems, sub.accounting))
            status = max(status, int(has_errors(problems)))
        status = max(status, _report_unread(root, found))
    return status


def _report_unread(root: str, found: list) -> int:
    """Print what ``root`` held that was not read; 1 when there was any."""
    from .intake.summary import unread_lines
    from .intake.text_sheets import stray_files

    lines = unread_lines(Path(root), found, stray_files(root))
    _out_lines(lines)
    return int(bool(lines))


def cmd_ingest(args: argparse.Namespace) -> int:
    """Validate and ingest; each submission in its own transaction."""
    from .intake.loaders import find_submissions
    from .intake.summary import any_rejected, ingest_lines
    from .warehouse.store import ingest, resolve_db_path

    found = {root: find_submissions(root) for root in args.paths}
    results = ingest([p for paths in found.values() for p in paths], args.db)
    _out_lines(ingest_lines(results))
    unread = max((_report_unread(root, paths) for root, paths in found.items()), default=0)
    _out(f"창고: {resolve_db_path(args.db)}")
    return 1 if any_rejected(results) or unread else 0


def cmd_run(args: argparse.Namespace) -> int:
    """Produce every district's report for a year; 1 when any district failed."""
    from .run.plan import check_district_codes
    from .run.runner import run_year
    from .run.summary import year_lines

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
    """Write a blank submission workbook."""
    from .intake.template import write_template

    path = write_template(args.out, year=args.year, district_code=args.district)
    _out(f"서식 파일을 만들었습니다 / template written: {path}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Ingest the bundled sample and produce every report of its latest complete year."""
    from .run.demo import run_demo

    index = run_demo(sample=args.sample, db=args.db, out_dir=args.out, jobs=args.jobs)
    _out(f"보고서 목록 / index.html: {index}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``sabo-eval``."""
    parser = argparse.ArgumentParser(prog="sabo-eval", description="지역사회보장협의체 평가 도구 (sabo_eval)")
    parser.add_argument("-v", "--verbose", action="store_true", help="자세한 기록 출력")
    sub = parser.add_subparsers(dest="command", required=True)

    def with_db(p: argparse.ArgumentParser) -> None:
        p.add_argument("--db", type=Path, default=None, help="창고 파일 (기본: $SABO_EVAL_DB 또는 data/warehouse.duckdb)")

    p = sub.add_parser("validate", help="제출 자료 검증 (오류가 있으면 종료 코드 1)")
    p.add_argument("paths", nargs="+", type=Path)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("ingest", help="검증 후 창고에 입력")
    p.add_argument("paths", nargs="+", type=Path)
    with_db(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("run", help="연도별 시군구 보고서 생성")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--district", action="append", help="시군구코드 (여러 번 지정 가능)")
    p.add_argument("--jobs", type=int, default=None, help="동시 실행 수 (기본: CPU 코어 수)")
    p.add_argument("--out", type=Path, default=Path("reports"))
    p.add_argument("--no-cache", action="store_true", help="변경 없는 시군구도 다시 실행")
    p.add_argument("--show-names", action="store_true", help="위원 이름을 가리지 않음")
    p.add_argument("--scheduler", default=None, help="Dask 분산 스케줄러 주소 (예: tcp://127.0.0.1:8786)")
    p.add_argument("--cold", action="store_true", help="시군구마다 커널을 새로 시작 (기본: 작업자마다 커널 하나를 계속 사용)")
    p.add_argument("--fail-district", default=None, help="시험용: 이 시군구의 실행을 일부러 실패시킴 (장애 격리 확인)")
    with_db(p)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("pilot", help="시범사업 평가 보고서 (이중차분·단절 시계열)")
    p.add_argument("--out", type=Path, default=Path("reports"))
    p.add_argument("--no-cache", action="store_true")
    with_db(p)
    p.set_defaults(func=cmd_pilot)

    p = sub.add_parser("template", help="빈 제출 서식(xlsx) 만들기")
    p.add_argument("out", type=Path)
    p.add_argument("--year", type=int, default=None)
    p.add_argument("--district", default=None, help="시군구코드 (미리 채움)")
    p.set_defaults(func=cmd_template)

    p = sub.add_parser("demo", help="예시 자료 입력 후 최근 완전한 연도의 보고서 생성")
    p.add_argument("--sample", type=Path, default=Path("data/sample"))
    p.add_argument("--out", type=Path, default=Path("reports"))
    p.add_argument("--jobs", type=int, default=None)
    with_db(p)
    p.set_defaults(func=cmd_demo)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``sabo-eval``; returns the exit code."""
    args = build_parser().parse_args(argv)
    log_file = None
    if args.command in ("run", "demo", "pilot"):  # one log file per run
        from .run.publish import run_log_path

        log_file = run_log_path(args.out, args.command)
    _configure_logging(args.verbose, log_file)
    try:
        return args.func(args)
    except SaboEvalError as exc:
        _out(f"오류: {exc.message_ko}")
        if exc.message_en:
            _out(f"error: {exc.message_en}")
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
