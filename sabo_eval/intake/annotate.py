"""The user's own workbook back, with every problem marked (``validate --annotate``).

The copy keeps every sheet, value and format of the submitted workbook. Each problem
cell is filled red (a warning yellow) and carries a comment with the reason in Korean
and, below, in English. A first sheet ``검토결과`` lists every problem — related ones
with the root they follow from — each with a link to its cell; a problem of a whole
sheet or of the file is listed without a link. The submitted file is never written.

Only Excel 2007+ workbooks (.xlsx, .xlsm) can be copied this way: an .xls, .ods or a
CSV folder is refused with a message asking to save it as .xlsx first (a conversion
would lose the layout the user knows, which is what the copy is for).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from ..errors import SaboEvalError
from .problem_cells import problem_cell
from .problem_export import export_rows
from .problems import ERROR, Problem

__all__ = ["write_annotated", "check_annotate_source", "RESULT_SHEET", "ERROR_FILL", "WARNING_FILL"]

logger = logging.getLogger(__name__)

#: The first sheet of the copy, listing every problem.
RESULT_SHEET = "검토결과"
#: Fill colours (ARGB) of error and warning cells.
ERROR_FILL = "FFFF9999"
WARNING_FILL = "FFFFEB84"

_SUPPORTED = (".xlsx", ".xlsm")
_RESULT_HEADERS = (
    "번호 no.", "수준 level", "시트 sheet", "셀 cell", "행 row", "열 column", "값 value",
    "사유", "reason", "규칙 rule", "연관 오류 related", "원인 root",
)


def check_annotate_source(path: Path, out: Path) -> None:
    """Refuse, before validating, a source that cannot be copied or an output that would overwrite it.

    Raises
    ------
    SaboEvalError
        For a folder or a file kind other than .xlsx/.xlsm, or when ``out`` is the source.
    """
    if path.is_dir() or path.suffix.lower() not in _SUPPORTED:
        raise SaboEvalError(
            f"--annotate는 .xlsx 통합문서 하나에만 쓸 수 있습니다: {path} — Excel에서 .xlsx로 저장한 뒤 다시 하세요",
            f"--annotate works on one .xlsx workbook only: {path}; save it as .xlsx in Excel first",
        )
    if out.suffix.lower() not in _SUPPORTED:
        raise SaboEvalError(
            f"--annotate 사본의 이름은 .xlsx로 끝나야 합니다: {out}",
            f"the --annotate copy must be named .xlsx: {out}",
        )
    if out.exists() and out.resolve() == path.resolve():
        raise SaboEvalError(
            f"--annotate 사본이 제출 파일과 같습니다: {out} — 다른 이름을 주세요 (제출 파일은 고치지 않습니다)",
            f"the --annotate copy is the submitted file itself: {out}; give another name (the input is never changed)",
        )


def write_annotated(source: Path, problems: Sequence[Problem], out: Path) -> int:
    """Write a copy of ``source`` with every problem marked, and a 검토결과 sheet first.

    Parameters
    ----------
    source : Path
        The submitted .xlsx workbook (read only).
    problems : sequence of Problem
        Every problem found in it, related ones included.
    out : Path
        Where the copy goes.

    Returns
    -------
    int
        How many problems were marked at a cell (the others are listed without a link).

    Raises
    ------
    SaboEvalError
        When the copy cannot be written.
    """
    from openpyxl import load_workbook

    check_annotate_source(source, out)
    wb = load_workbook(source, keep_vba=source.suffix.lower() == ".xlsm")
    if RESULT_SHEET in wb.sheetnames:  # a copy annotated before: its old list is replaced
        del wb[RESULT_SHEET]
    cells = {id(p): _mark(wb, p) for p in problems}
    _result_sheet(wb, problems, cells)
    try:
        wb.save(out)
    except OSError as exc:
        raise SaboEvalError(
            f"검토 사본을 쓸 수 없습니다: {out} ({exc.strerror or exc})",
            f"cannot write the annotated copy {out} ({exc.strerror or exc})",
        ) from None
    marked = sum(c is not None for c in cells.values())
    logger.debug("%s: %d of %d problem(s) marked at a cell", out, marked, len(problems))
    return marked


def _mark(wb, problem: Problem) -> str | None:
    """Fill and comment the problem's cell; its coordinate (``B7``), or None when it has none."""
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    if problem.sheet not in wb.sheetnames:
        return None
    ws = wb[problem.sheet]
    if not hasattr(ws, "merged_cells"):
        return None  # a chart sheet: no cells
    place = problem_cell(ws, problem)
    if place is None:
        return None
    cell = ws.cell(*_anchor(ws, *place))
    error = problem.severity == ERROR or (cell.fill is not None and cell.fill.fgColor.rgb == ERROR_FILL)
    colour = ERROR_FILL if error else WARNING_FILL
    cell.fill = PatternFill(fill_type="solid", start_color=colour, end_color=colour)
    text = _comment_text(problem)
    if cell.comment is not None and cell.comment.author == "sabo_eval":
        text = f"{cell.comment.text}\n\n{text}"
    comment = Comment(text, "sabo_eval")
    comment.width, comment.height = 320, 160
    cell.comment = comment
    return cell.coordinate


def _anchor(ws, row: int, column: int) -> tuple[int, int]:
    """The top-left cell of the merged range holding (row, column), the cell itself when not merged."""
    for merged in ws.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row and merged.min_col <= column <= merged.max_col:
            return merged.min_row, merged.min_col
    return row, column


def _comment_text(problem: Problem) -> str:
    """The reason in Korean, then English; what it follows from or causes."""
    lines = [problem.reason_ko, problem.reason_en]
    if problem.related:
        lines.append(f"연관 오류 {problem.related:,}건이 이 문제에서 생깁니다 / {problem.related:,} related problem(s) follow")
    if problem.root:
        lines.append(f"원인 / root: {problem.root}")
    return "\n".join(lines)


def _result_sheet(wb, problems: Sequence[Problem], cells: dict[int, str | None]) -> None:
    """The first sheet: one row per problem, a link to its cell when it has one."""
    from openpyxl.styles import Font

    ws = wb.create_sheet(RESULT_SHEET, 0)
    ws.append(list(_RESULT_HEADERS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    by_values = {}
    for p in problems:
        by_values.setdefault(_identity(p), []).append(p)
    for number, row in enumerate(export_rows(problems), start=1):
        level, _file, sheet, excel_row, column, value, ko, en, rule, related, root = row
        problem = by_values[(sheet, excel_row, column, value, ko, rule, root)].pop(0)
        coordinate = cells.get(id(problem))
        ws.append([number, level, sheet, coordinate or "", excel_row, column, value, ko, en, rule, related, root])
        if coordinate:
            _link(ws.cell(ws.max_row, 4), sheet, coordinate)
    for letter, width in (("C", 20), ("F", 16), ("G", 18), ("H", 60), ("I", 60), ("L", 30)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    wb.active = 0


def _link(cell, sheet: str, coordinate: str) -> None:
    """Make ``cell`` a link to ``'sheet'!coordinate`` in the same workbook (Excel's ``#'시트'!B7``)."""
    from openpyxl.worksheet.hyperlink import Hyperlink

    quoted = sheet.replace("'", "''")
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{quoted}'!{coordinate}", display=coordinate)
    cell.style = "Hyperlink"


def _identity(p: Problem) -> tuple:
    return (p.sheet, p.row, p.column, p.value, p.reason_ko, p.rule, p.root)
