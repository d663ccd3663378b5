"""Survey answers (설문응답) long, or wide as online survey tools export them.

The canonical long form has one row per respondent and item (응답자 | 문항번호 | 응답).
Survey tools export one row per respondent with one column per question instead:
``응답자 | 구분 | 소속 | Q1 | Q2 …`` or the question's wording as the header. Such a
sheet is reshaped into long records, one per answer cell: a column is an item when
its header is an item id or the wording of an item of the 설문문항 sheet (spaces and
punctuation aside); other columns (타임스탬프, 이메일 …) are reported and not read.
Each record keeps the Excel row and the header of its cell (``_column``), so that a
problem names the cell as written. Without a 조사명 column the survey is the one of
the 설문문항 sheet (when it names exactly one).
"""

from __future__ import annotations

import dataclasses

from .headers import find_header, header_map
from .problems import WARNING, Problem
from .schemas import TableSchema, normalise_header
from .sheets import parse_table_sheet
from .submission import RawSheet, Submission

__all__ = ["read_survey_sheet", "is_wide", "DEFAULT_SURVEY"]

#: The survey of a wide sheet when neither a 조사명 column nor the 설문문항 sheet names one.
DEFAULT_SURVEY = "자체평가"
_LONG_HEADERS = {"item": "문항번호", "answer": "응답", "survey": "조사명"}


def is_wide(mapping: dict[int, str]) -> bool:
    """Whether a mapped header is the wide form: 응답자 without 문항번호 and 응답 columns."""
    names = set(mapping.values())
    return "respondent" in names and not {"item", "answer"} & names


def read_survey_sheet(sub: Submission, sheet: RawSheet, schema: TableSchema) -> dict[str, list]:
    """Read one 설문응답 sheet, long or wide, into the columns of the survey_responses table.

    Parameters
    ----------
    sub : Submission
        The submission (its 설문문항 table already read): problems and headers are added.
    sheet : RawSheet
        The sheet as read.
    schema : TableSchema
        The survey_responses table.

    Returns
    -------
    dict of str to list
        As :func:`~.sheets.parse_table_sheet`, plus ``_column`` (the header of each
        answer's cell) for a wide sheet.
    """
    known = header_map(schema)
    # Item ids and wordings count as headers too: a sheet of 응답자 and item columns only is found.
    found = find_header(sheet, {**{key: f"item:{key}" for key in _item_headers(sub)}, **known})
    if found is None:
        return parse_table_sheet(sub, sheet, schema)  # reports the missing header
    header_row, header, data_start = found
    mapping = {j: known[normalise_header(w)] for j, w in header.items() if normalise_header(w) in known}
    if not is_wide(mapping):
        return parse_table_sheet(sub, sheet, schema)
    return _read_wide(sub, sheet, schema, (header_row, header, data_start), mapping)


def _read_wide(
    sub: Submission, sheet: RawSheet, schema: TableSchema, found: tuple[int, dict[int, str], int], mapping: dict[int, str]
) -> dict[str, list]:
    """Reshape a wide sheet to long, parse it as a table, and give the records their cells back."""
    header_row, header, data_start = found
    items = _item_columns(sub, sheet, header, mapping, header_row + 1)
    survey = None if "survey" in mapping.values() else _survey_name(sub)
    context = sorted(mapping)
    heads = [header[j] for j in context] + ([] if survey is None else [_LONG_HEADERS["survey"]])
    rows: list[list[object]] = [[*heads, _LONG_HEADERS["item"], _LONG_HEADERS["answer"]]]
    origin: list[tuple[int, str]] = []
    for i in range(data_start, len(sheet.rows)):
        row = sheet.rows[i]
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in row):
            continue
        front = [row[j] if j < len(row) else None for j in context] + ([] if survey is None else [survey])
        for j, item in items:
            rows.append([*front, item, row[j] if j < len(row) else None])
            origin.append((i + 1, header[j]))
    first_problem = len(sub.problems)
    table = parse_table_sheet(sub, RawSheet(sheet.name, rows), schema)
    _relocate_problems(sub, first_problem, sheet.name, origin)
    if table:
        at = [origin[r - 2] for r in table["_row"]]
        table["_row"] = [excel_row for excel_row, _ in at]
        table["_column"] = [written for _, written in at]
    return table


def _item_columns(
    sub: Submission, sheet: RawSheet, header: dict[int, str], mapping: dict[int, str], excel_header_row: int
) -> list[tuple[int, str]]:
    """(column index, item id) of the answer columns; other unmapped columns are reported once."""
    by_header = _item_headers(sub)
    out = []
    for j, written in sorted(header.items()):
        if j in mapping:
            continue
        item = by_header.get(normalise_header(written)) if by_header else written.strip()
        if item is not None:
            out.append((j, item))
            continue
        n = sum(1 for row in sheet.rows[excel_header_row:] if j < len(row) and row[j] not in (None, ""))
        sub.problem(
            sheet.name, excel_header_row, written, written,
            f"설문문항에 없는 열입니다 — 값 {n:,}개를 읽지 않았습니다",
            f"a column that is no item of the survey items; its {n:,} values were not read",
            "unknown_column", WARNING,
        )
    return out


def _item_headers(sub: Submission) -> dict[str, str]:
    """Normalised item id or wording → item id, from the submission's 설문문항 table."""
    frame = sub.tables.get("survey_items")
    by_header: dict[str, str] = {}
    if frame is not None and not frame.empty:
        for item, wording in zip(frame["item"], frame["wording"], strict=True):
            if item is not None:
                by_header.setdefault(normalise_header(item), str(item))
                if wording is not None:
                    by_header.setdefault(normalise_header(wording), str(item))
    return by_header


def _survey_name(sub: Submission) -> str:
    """The one survey of the 설문문항 sheet, else :data:`DEFAULT_SURVEY` (with the submission's year)."""
    frame = sub.tables.get("survey_items")
    names = sorted({s for s in frame["survey"] if s is not None}) if frame is not None and not frame.empty else []
    if len(names) == 1:
        return names[0]
    return f"{sub.year} {DEFAULT_SURVEY}" if sub.year is not None else DEFAULT_SURVEY


def _relocate_problems(sub: Submission, start: int, sheet: str, origin: list[tuple[int, str]]) -> None:
    """Problems of the reshaped sheet, moved to the cells they came from (a cell's problem once)."""
    moved: list[Problem] = []
    seen: set[Problem] = set()
    for problem in sub.problems[start:]:
        if problem.sheet == sheet and problem.row is not None and problem.row >= 2:
            excel_row, written = origin[problem.row - 2]
            column = written if problem.column == _LONG_HEADERS["answer"] else problem.column
            problem = dataclasses.replace(problem, row=excel_row, column=column)
        if problem not in seen:  # a respondent's 구분 is repeated on each of their records
            seen.add(problem)
            moved.append(problem)
    sub.problems[start:] = moved
