"""The body of a table sheet as Excel shows it: merged cells, continuation rows, titles.

* A cell merged down over several data rows (a 전략체계, 담당부서 or 팀 written once
  for a run of projects) holds its value on every row of the range, as Excel shows
  it. A merged *amount* (a 집행액 over two projects) could mean each row's value or
  their sum: it is refused with the ambiguity named. A cell merged across two
  recognised columns is refused the same way.
* The monitoring-opinion table as published (전략 | 사업번호 | … | 모니터링의견) leaves
  the leading cells of a second opinion on the same project blank: such a row takes
  them from the row above — only in that table, only when every leading cell is blank
  and the opinion is written.
* Rows above the header are set aside as titles or notes (``2023년 예산 집행 현황``,
  ``※ 작성 요령``); any other filled row there is named in a warning. A row below the
  header holding only a ``※`` note is set aside too.
"""

from __future__ import annotations

import logging

from . import parsing
from .headers import header_map, header_top
from .problems import WARNING
from .schemas import FLOAT, TableSchema
from .submission import RawSheet, Submission

__all__ = [
    "read_body",
    "fill_merged_body",
    "continue_opinion_rows",
    "report_unnamed_columns",
    "set_aside_above_header",
    "set_aside_body_notes",
]

logger = logging.getLogger(__name__)

#: First characters of a note row (``※ 작성 요령``, ``* 단위: 천원``, ``주) …``).
NOTE_MARKS = ("※", "*", "＊", "주)", "주:", "주 :", "(주", "▶", "■", "□", "○ ", "- ", "참고", "단위", "(단위")


def read_body(
    sub: Submission, sheet: RawSheet, schema: TableSchema, found: tuple[int, dict[int, str], int],
    mapping: dict[int, str],
) -> list[list[object]]:
    """The sheet's rows as Excel shows them, every filled cell outside the table accounted for.

    Titles and notes above the header and ``※`` notes below it are set aside, merged
    cells filled (ambiguous ones refused), continued opinion rows completed, and
    columns without a header named.

    Parameters
    ----------
    sub : Submission
        The submission: problems and set-aside rows are added.
    sheet : RawSheet
        The sheet as read.
    schema : TableSchema
        The sheet's table.
    found : tuple
        (header row, written header per column index, first data row) from
        :func:`~.headers.find_header`.
    mapping : dict of int to str
        Canonical column per column index.

    Returns
    -------
    list of list
        The rows to sort into data, blank and total rows (the sheet's own when unchanged).
    """
    header_row, header, data_start = found
    set_aside_above_header(sub, sheet, header_top(sheet, header_row, header, header_map(schema)))
    rows = fill_merged_body(sub, sheet, schema, mapping, header, data_start)
    rows = set_aside_body_notes(sub, sheet, rows, data_start)
    rows = continue_opinion_rows(rows, schema, mapping, data_start)
    report_unnamed_columns(sub, sheet, header, rows, data_start)
    return rows


def _is_note(value: object) -> bool:
    """Whether a cell is a note (``※ 자료: 복지정책과``)."""
    return isinstance(value, str) and value.strip().startswith(NOTE_MARKS[:3])


def set_aside_body_notes(sub: Submission, sheet: RawSheet, rows: list[list[object]], data_start: int) -> list[list[object]]:
    """Rows below the header holding only a ``※`` note are set aside, not read as data.

    Parameters
    ----------
    sub : Submission
        The submission: each note is recorded in ``sub.set_aside``.
    sheet : RawSheet
        The sheet, for the record.
    rows : list of list
        The rows (not changed).
    data_start : int
        Index of the first row below the header.

    Returns
    -------
    list of list
        The rows, note rows blanked (and so skipped as blank rows).
    """
    out = rows
    blank = parsing.is_blank
    for i in range(data_start, len(rows)):
        row = rows[i]
        first = next((c for c in row if not blank(c)), None)
        if not _is_note(first) or sum(not blank(c) for c in row) != 1:
            continue
        if out is rows:
            out = list(rows)
        out[i] = [None] * len(row)
        sub.set_aside.append((sheet.name, i + 1, "note", str(first).strip()))
    return out


def _fills_down(schema: TableSchema, name: str) -> bool:
    """Whether a merged cell of this column applies to every row it covers (keys and texts)."""
    col = schema.column(name)
    return not col.summable and col.kind != FLOAT


def fill_merged_body(
    sub: Submission, sheet: RawSheet, schema: TableSchema, mapping: dict[int, str],
    header: dict[int, str], data_start: int,
) -> list[list[object]]:
    """The sheet's rows with merged cells below the header filled as Excel shows them.

    Parameters
    ----------
    sub : Submission
        The submission: ambiguous merged cells are reported.
    sheet : RawSheet
        The sheet as read (``merged`` holds its merged ranges, 0-based and inclusive).
    schema : TableSchema
        The sheet's table.
    mapping : dict of int to str
        Canonical column per column index.
    header : dict of int to str
        Header as written per column index.
    data_start : int
        Index of the first row below the header.

    Returns
    -------
    list of list
        The rows; the sheet's own list when nothing below the header is merged.
    """
    body = [m for m in sheet.merged if m[2] >= data_start and (m[2] > m[0] or m[3] > m[1])]
    if not body:
        return sheet.rows
    rows = list(sheet.rows)
    blank = parsing.is_blank
    # A merged cell running on over rows that are otherwise blank (past the table's
    # end) fills only the rows that hold data: its value is read on its first row.
    empty = {r for r in range(data_start, len(rows)) if all(blank(c) for c in rows[r])}
    for r0, c0, r1, c1 in sorted(body):
        r0 = max(r0, data_start)
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        if parsing.is_blank(value):
            continue
        named = [j for j in range(c0, c1 + 1) if j in mapping]
        if parsing.is_total_label(value) or _is_note(value):
            continue  # a 합계 label or a ※ note merged across: not a value of any column
        if len(named) > 1:
            _report_across(sub, sheet, header, named, r0, value)
            continue
        below = [r for r in range(r0 + 1, min(r1, len(rows) - 1) + 1) if r not in empty]
        if not below or not named:
            continue
        j = named[0]
        if not _fills_down(schema, mapping[j]):
            _report_merged_amount(sub, sheet, header[j], r0, r1, value)
            continue
        for r in _fill_down(rows, below, j, value):
            _report_hidden(sub, sheet, header[j], r, rows[r][j], value)
    return rows


def _report_hidden(sub: Submission, sheet: RawSheet, written: str, r: int, hidden: object, shown: object) -> None:
    """A value kept under a merged cell: Excel shows the merged value there, the file holds another."""
    sub.problem(
        sheet.name, r + 1, written, hidden,
        f"병합된 셀 아래에 보이지 않는 값 '{hidden}'이(가) 있습니다(화면에는 '{shown}') — 어느 값인지 알 수 없습니다",
        f"a hidden value '{hidden}' lies under a merged cell that shows '{shown}'; it is unclear which one is meant",
        "merged_hidden_value",
    )


def _fill_down(rows: list[list[object]], below: list[int], j: int, value: object) -> list[int]:
    """Write a merged cell's value into column ``j`` of the rows it covers (blank cells only).

    Returns the rows holding a different value of their own under the merge.
    """
    hidden = []
    for r in below:
        row = rows[r]
        if j < len(row) and parsing.is_blank(row[j]):
            rows[r] = [*row[:j], value, *row[j + 1:]]
        elif j >= len(row):
            rows[r] = [*row, *([None] * (j - len(row))), value]
        elif row[j] != value:
            hidden.append(r)
    return hidden


def _report_across(
    sub: Submission, sheet: RawSheet, header: dict[int, str], named: list[int], r0: int, value: object
) -> None:
    """A cell merged across several recognised columns: which one it belongs to is unknown."""
    written = [header[j] for j in named]
    listed = ", ".join(f"'{w}'" for w in written)
    sub.problem(
        sheet.name, r0 + 1, written[0], value,
        f"병합된 셀이 여러 열({listed})에 걸쳐 있어 어느 열의 값인지 알 수 없습니다 — 병합을 풀고 한 열에 적어 주세요",
        f"a merged cell spans several columns ({listed}); it is unclear which column the value belongs to"
        " — unmerge it and write it in one column",
        "merged_across_columns",
    )


def _report_merged_amount(
    sub: Submission, sheet: RawSheet, written: str, r0: int, r1: int, value: object
) -> None:
    """An amount merged over several rows: each row's value, or the rows together?"""
    sub.problem(
        sheet.name, r0 + 1, written, value,
        f"숫자 셀이 {r0 + 1}~{r1 + 1}행에 병합되어 있어 각 행의 값인지 여러 행의 합계인지 알 수 없습니다"
        " — 병합을 풀고 행마다 적어 주세요",
        f"a number is merged over rows {r0 + 1} to {r1 + 1}: it is unclear whether it is each row's value"
        " or their total — unmerge it and write one value per row",
        "merged_number",
    )


def continue_opinion_rows(
    rows: list[list[object]], schema: TableSchema, mapping: dict[int, str], data_start: int
) -> list[list[object]]:
    """Opinion rows whose leading cells are blank take them from the row above.

    As the monitoring-opinion table is published, a second opinion on a project leaves
    its leading cells (전략, 사업번호, 세부사업명, 담당부서, 팀) blank. A row continues the
    row above when every cell left of the 모니터링분과 column (or of the opinion column)
    is blank, its opinion is written, and the row above is not blank.

    Parameters
    ----------
    rows : list of list
        The sheet's rows (not changed).
    schema : TableSchema
        The sheet's table; only ``opinions`` is continued.
    mapping : dict of int to str
        Canonical column per column index.
    data_start : int
        Index of the first row below the header.

    Returns
    -------
    list of list
        The rows, continued rows completed.
    """
    if schema.name != "opinions":
        return rows
    where = {name: j for j, name in mapping.items()}
    opinion = where.get("opinion")
    item = where.get("item_code")
    if opinion is None or item is None:
        return rows
    lead = min(where.get("subcommittee", opinion), opinion)
    if item >= lead:
        return rows
    out = list(rows)
    blank = parsing.is_blank
    for i in range(data_start + 1, len(out)):
        row, above = out[i], out[i - 1]
        if len(row) <= opinion or blank(row[opinion]) or not all(blank(c) for c in row[:lead]):
            continue
        if all(blank(c) for c in above) or parsing.is_total_label(above[item] if item < len(above) else None):
            continue
        out[i] = [*above[:lead], *([None] * max(0, lead - len(above))), *row[lead:]]
    return out


def report_unnamed_columns(
    sub: Submission, sheet: RawSheet, header: dict[int, str], rows: list[list[object]], data_start: int
) -> None:
    """Name each column holding values below the header but no header of its own.

    Its values are not read (what they are cannot be told): an ``unnamed_column``
    warning gives the column letter, the first value and how many values there are.

    Parameters
    ----------
    sub : Submission
        The submission.
    sheet : RawSheet
        The sheet, for the problem's location.
    header : dict of int to str
        Header as written per column index.
    rows : list of list
        The rows (note rows already set aside).
    data_start : int
        Index of the first row below the header.
    """
    width = max((len(row) for row in rows[data_start:]), default=0)
    blank = parsing.is_blank
    for j in (j for j in range(width) if j not in header):
        filled = [(i, row[j]) for i, row in enumerate(rows[data_start:], start=data_start + 1)
                  if j < len(row) and not blank(row[j])]
        if not filled:
            continue
        letter = _column_letter(j)
        first_row, first = filled[0]
        sub.problem(
            sheet.name, first_row, f"{letter}열", first,
            f"머리글이 없는 {letter}열의 값 {len(filled):,}개를 읽지 않았습니다 — 머리글을 적어 주세요",
            f"column {letter} has no header: its {len(filled):,} values were not read — give it a header",
            "unnamed_column", WARNING,
        )


def _column_letter(j: int) -> str:
    """Excel column letter of a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    j += 1
    while j:
        j, rest = divmod(j - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def set_aside_above_header(sub: Submission, sheet: RawSheet, first_header_row: int) -> None:
    """Account for the filled rows above a table's header: titles and notes, or a warning.

    A row with one filled cell (a title such as ``2023년 예산 집행 현황``) or starting
    with a note mark (``※ 작성 요령``) is set aside in ``sub.set_aside``; any other
    filled row is named in an ``above_header`` warning, as it is not read.

    Parameters
    ----------
    sub : Submission
        The submission.
    sheet : RawSheet
        The sheet as read.
    first_header_row : int
        Index of the header's first row.
    """
    for i, row in enumerate(sheet.rows[:first_header_row]):
        filled = [(j, c) for j, c in enumerate(row) if not parsing.is_blank(c)]
        if not filled:
            continue
        text = " ".join(str(c).strip() for _j, c in filled)
        first = str(filled[0][1]).strip()
        plain = [c for _j, c in filled if not str(c).strip().startswith(NOTE_MARKS)]
        if len(plain) <= 1:  # a title, a note, or a title with its unit (단위: 천원)
            kind = "note" if first.startswith(NOTE_MARKS) else "title"
            sub.set_aside.append((sheet.name, i + 1, kind, text))
            logger.debug("%s row %d set aside as %s: %s", sheet.name, i + 1, kind, text)
            continue
        sub.problem(
            sheet.name, i + 1, "", text,
            "머리글 위의 행은 제목·안내로 보지 않아 읽지 않았습니다 — 자료라면 머리글 아래로 옮겨 주세요",
            "a row above the header is neither a title nor a note and was not read"
            " — move it below the header if it holds data",
            "above_header", WARNING,
        )
