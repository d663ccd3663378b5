"""Save the problem table (``validate --out``): CSV for Excel or an xlsx workbook.

Every problem is a row, related ones too, with the root they follow from (원인) and,
on a root, how many follow from it (연관 오류). CSV is written in UTF-8 with a byte
order mark so that Excel on a Korean Windows PC opens it without garbling the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import SaboEvalError
from .problems import ERROR, Problem

__all__ = ["EXPORT_COLUMNS", "export_rows", "write_problems", "check_export_path"]

#: Columns of the saved table, Korean headers (with the English beside them).
EXPORT_COLUMNS = (
    "수준 level", "파일 file", "시트 sheet", "행 row", "열 column", "값 value",
    "사유", "reason", "규칙 rule", "연관 오류 related", "원인 root",
)

_SUFFIXES = (".csv", ".xlsx")


def check_export_path(path: Path) -> None:
    """Refuse, before any work, an ``--out`` path that is no .csv or .xlsx file.

    Raises
    ------
    SaboEvalError
        With the kinds that can be written.
    """
    if path.suffix.lower() not in _SUFFIXES:
        raise SaboEvalError(
            f"--out 파일은 .csv 또는 .xlsx여야 합니다: {path}",
            f"--out must name a .csv or .xlsx file: {path}",
        )


def export_rows(problems: Sequence[Problem]) -> list[list[object]]:
    """One row per problem, in the order of :data:`EXPORT_COLUMNS`; roots before what follows from them."""
    level = {ERROR: "오류 error", "warning": "경고 warning"}
    rows = []
    for p in _ordered(problems):
        rows.append([
            level.get(p.severity, p.severity), p.file, p.sheet, p.row, p.column, p.value,
            p.reason_ko, p.reason_en, p.rule, p.related or None, p.root,
        ])
    return rows


def _ordered(problems: Sequence[Problem]) -> list[Problem]:
    """Problems of their own in file order, each root followed by the problems it causes."""
    own = sorted((p for p in problems if not p.root), key=_key)
    following: dict[str, list[Problem]] = {}
    for p in problems:
        if p.root:
            following.setdefault(p.root, []).append(p)
    out = []
    for p in own:
        out.append(p)
        out.extend(sorted(following.pop(p.label, []), key=_key))
    for rest in following.values():  # a root not among the problems (never expected): still listed
        out.extend(rest)
    return out


def _key(p: Problem) -> tuple:
    return (p.file, p.sheet, -1 if p.row is None else p.row)


def write_problems(problems: Sequence[Problem], path: Path) -> Path:
    """Write the problem table to ``path`` (.csv UTF-8 with BOM, or .xlsx).

    Parameters
    ----------
    problems : sequence of Problem
    path : Path

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    SaboEvalError
        When the kind is not supported or the file cannot be written.
    """
    check_export_path(path)
    rows = export_rows(problems)
    try:
        if path.suffix.lower() == ".csv":
            _write_csv(rows, path)
        else:
            _write_xlsx(rows, path)
    except OSError as exc:
        raise SaboEvalError(
            f"문제 목록을 쓸 수 없습니다: {path} ({exc.strerror or exc})",
            f"cannot write the problem table {path} ({exc.strerror or exc})",
        ) from None
    return path


def _write_csv(rows: list[list[object]], path: Path) -> None:
    import csv

    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(EXPORT_COLUMNS)
        writer.writerows(["" if v is None else v for v in row] for row in rows)


def _write_xlsx(rows: list[list[object]], path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "문제목록"
    ws.append(list(EXPORT_COLUMNS))
    for row in rows:
        ws.append(row)
    ws.freeze_panes = "A2"
    wb.save(path)
