"""Plain-text summaries of validation and ingest results (what the command line prints)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from ..errors import ValidationFailed
from .accounting import accounting_lines
from .problem_view import TABLE_WIDTH, count_related, display_width
from .problems import ERROR, Problem, format_problems

__all__ = ["validation_lines", "ingest_lines", "any_rejected", "unread_lines"]

_INGEST_LABELS = {"added": "추가", "replaced": "교체", "unchanged": "변경 없음"}


def validation_lines(
    path: Path, problems: Sequence[Problem], accounting: Sequence = (), lang: str = "ko"
) -> list[str]:
    """The lines that report one validated submission: a heading, its problems, its accounting.

    Problems that follow from another (a cascade, :mod:`.root_causes`) are counted in the
    heading and on their root's line, not listed one by one.

    Parameters
    ----------
    path : Path
        The submission.
    problems : sequence of Problem
        What validation found.
    accounting : sequence of SheetAccount, optional
        What became of each sheet's rows (one line per sheet).
    lang : {"ko", "en"}
        Language of the problem table.

    Returns
    -------
    list of str
    """
    errors = sum(p.severity == ERROR for p in problems)
    related = count_related(problems)
    lines = [f"== {path} — 오류 {errors:,}건, 경고 {len(problems) - errors:,}건 / {errors:,} error(s)"]
    if related:
        lines += [f"   그중 연관 오류 {related:,}건은 원인 오류의 줄에 셉니다 (전체 목록: --out, --annotate)",
                  f"   {related:,} of them follow from a root problem and are counted on its line"]
    if problems:
        lines.append(format_problems(problems, lang))
    lines.extend(_fitted(accounting_lines(list(accounting), refused=errors > 0)))
    return lines


def ingest_lines(results: Iterable) -> list[str]:
    """One line (or block) per ingested submission: ✓ with what changed, ✗ with its problems.

    Parameters
    ----------
    results : iterable
        What :func:`sabo_eval.warehouse.store.ingest` returns: an ``IngestResult``
        or a :class:`~sabo_eval.errors.ValidationFailed` per submission.

    Returns
    -------
    list of str
    """
    lines = []
    for result in results:
        if isinstance(result, ValidationFailed):
            lines.append(f"✗ {result.message_ko}\n{format_problems(result.problems)}")
        else:
            lines.append(f"✓ {result.file_name}: {result.district_code} {result.year} — {_INGEST_LABELS[result.status]}")
            warnings = getattr(result, "warnings", [])
            if warnings:
                lines.append(f"  경고 {len(warnings):,}건 / {len(warnings):,} warning(s)\n{format_problems(warnings)}")
        accounts = list(getattr(result, "accounting", None) or [])
        lines.extend(_fitted(accounting_lines(accounts, refused=isinstance(result, ValidationFailed))))
    return lines


def _fitted(lines: Iterable[str]) -> list[str]:
    """Lines wider than the terminal table split into their Korean and English halves."""
    out = []
    for line in lines:
        korean, sep, english = line.partition(" / ")
        if sep and display_width(line) > TABLE_WIDTH:
            indent = " " * (len(korean) - len(korean.lstrip()) + 4)
            out += [korean, indent + english]
        else:
            out.append(line)
    return out


def any_rejected(results: Iterable) -> bool:
    """Whether any submission failed validation (and was not ingested)."""
    return any(isinstance(result, ValidationFailed) for result in results)


def unread_lines(
    root: Path, found: Sequence[Path], stray: Sequence[str], refused: Sequence[tuple[str, str, str]] = ()
) -> list[str]:
    """Lines for what a given path held that was not read; empty when everything was.

    Parameters
    ----------
    root : Path
        A path given on the command line.
    found : sequence of Path
        The submissions found under it.
    stray : sequence of str
        Files beside them that are no submission
        (:func:`~sabo_eval.intake.text_sheets.stray_files`).
    refused : sequence of tuple
        Entries not read for a reason (links out of the folder, special files):
        (reason in Korean, in English, rule), see
        :func:`~sabo_eval.intake.text_sheets.refused_entries`.

    Returns
    -------
    list of str
        One line per finding; a command exits non-zero when there is any.
    """
    lines = [f"✗ {root}: {korean} / {english} [{rule}]" for korean, english, rule in refused]
    if not found:
        lines.append(
            f"✗ {root}: 제출 자료를 찾지 못해 아무것도 읽지 않았습니다 — .xlsx·.xls·.ods 통합문서, "
            "또는 시트마다 CSV·텍스트 파일을 담은 폴더를 주세요 / no submission found, nothing was read"
        )
    if stray:
        listed = ", ".join(stray)
        lines.append(
            f"✗ {root}: 제출 자료가 아니어서 읽지 않은 파일 {len(stray):,}개: {listed} / "
            f"{len(stray):,} file(s) that are not submissions were not read"
        )
    return lines


def unreadable_lines(path: Path, error) -> list[str]:
    """What ``validate`` prints for a file that cannot be read at all (the others go on).

    Parameters
    ----------
    path : Path
    error : SubmissionError

    Returns
    -------
    list of str
    """
    rule = getattr(error, "rule", None) or "unreadable_file"
    return [
        f"== {path} — 읽을 수 없음 / unreadable ({rule})",
        f"오류: {error.message_ko}",
        f"error: {error.message_en}",
    ]
