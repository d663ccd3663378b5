"""Command line: parses arguments and calls the library (no logic of its own).

Commands: ``validate``, ``ingest``, ``run``, ``pilot``, ``template``, ``demo``, ``minutes``.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .cli_args import _out
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
        codebook=args.codebook,
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


def cmd_minutes(args: argparse.Namespace) -> int:
    """Parse discussion minutes and store each event; 1 when no statement could be read.

    Unread lines are listed as warnings; ``--check`` stores nothing.
    """
    from .intake.minutes import minutes_files, read_minutes
    from .intake.minutes_summary import minutes_lines
    from .warehouse.minutes_store import store_minutes
    from .warehouse.store import Warehouse, resolve_db_path

    files = minutes_files(args.path)
    if args.event_id and len(files) != 1:
        raise SaboEvalError(f"--event-id는 파일 하나에만 쓸 수 있습니다(회의록 {len(files)}개)",
                            f"--event-id needs exactly one minutes file ({len(files)} found)")
    parsed = [read_minutes(path, event_id=args.event_id) for path in files]
    for one in parsed:
        _out_lines(minutes_lines(one))
    usable = [one for one in parsed if len(one.statements)]
    if not usable:
        _out("읽을 수 있는 발언이 없습니다 / no statement could be read")
        return 1
    if not args.check:
        with Warehouse(args.db) as wh:
            for one in usable:
                store_minutes(wh, one)
        _out(f"창고: {resolve_db_path(args.db)} — 행사 {len(usable)}건 저장 / {len(usable)} event(s) stored")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``sabo-eval`` (:func:`sabo_eval.cli_args.build_parser`), each command's function set."""
    from .cli_args import build_parser as parser_of

    return parser_of({"validate": cmd_validate, "ingest": cmd_ingest, "run": cmd_run, "pilot": cmd_pilot,
                      "template": cmd_template, "demo": cmd_demo, "minutes": cmd_minutes})


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
