"""Find and map the header row of a table sheet.

The header row is found even below note rows or split over merged cells; each written
header (Korean or English, spacing and case aside) is mapped onto a canonical column of
the sheet's table. Duplicate, missing and unknown columns are recorded as problems.
"""

from __future__ import annotations

import datetime as dt
import re

from . import parsing
from .cells import CONTEXT_COLUMNS
from .money import is_unit_note
from .problems import WARNING
from .schemas import TableSchema, normalise_header
from .submission import RawSheet, Submission

__all__ = ["HEADER_SEARCH_ROWS", "normalised", "header_map", "find_header", "header_top", "map_headers"]

#: Rows searched for a header (table sheets) or the member columns (rosters).
HEADER_SEARCH_ROWS = 20

# Header texts repeat from sheet to sheet and file to file: normalised once each.
_NORMALISED: dict[object, str] = {}
_NORMALISED_MAX = 50_000
_REMEMBERED_TYPES = frozenset({int, float, bool, dt.date})
_HEADER_MAPS: dict[str, tuple[TableSchema, dict[str, str]]] = {}


def normalised(cell: object) -> str:
    """:func:`~sabo_eval.intake.schemas.normalise_header`, remembered for texts, numbers and dates.

    A pure function of the text of the cell; numbers and dates are remembered with
    their type (``1``, ``1.0`` and ``True`` apart; ``0.0`` and ``-0.0`` share a
    result, which is the same for both; only naive date-times, as equal aware ones
    may print differently).

    Parameters
    ----------
    cell : object
        A header cell as read.

    Returns
    -------
    str
        The normalised header text.
    """
    cls = cell.__class__
    if cls is str:
        key: object = cell
    elif cls in _REMEMBERED_TYPES or (cls is dt.datetime and cell.tzinfo is None):  # type: ignore[attr-defined]
        key = (cls, cell)
    else:
        return normalise_header(cell)
    found = _NORMALISED.get(key)  # type: ignore[arg-type]
    if found is None:
        if len(_NORMALISED) >= _NORMALISED_MAX:
            _NORMALISED.clear()
        found = _NORMALISED[key] = normalise_header(cell)  # type: ignore[index]
    return found


def header_map(schema: TableSchema) -> dict[str, str]:
    """``schema.header_map()``, built once per schema.

    Parameters
    ----------
    schema : TableSchema
        A table definition.

    Returns
    -------
    dict of str to str
        Normalised accepted header → canonical column name.
    """
    cached = _HEADER_MAPS.get(schema.name)
    if cached is None or cached[0] is not schema:
        cached = _HEADER_MAPS[schema.name] = (schema, schema.header_map())
    return cached[1]


def _fill_merged(sheet: RawSheet, upto_row: int) -> list[list[object]]:
    """Copy merged cells' values over their range in the first ``upto_row`` rows."""
    rows = [list(r) for r in sheet.rows[:upto_row]]
    for r0, c0, r1, c1 in sheet.merged:
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            for c in range(c0, c1 + 1):
                if c < len(rows[r]) and parsing.is_blank(rows[r][c]):
                    rows[r][c] = value
    return rows


def find_header(
    sheet: RawSheet, known: dict[str, str]
) -> tuple[int, dict[int, str], int] | None:
    """Locate the header: its row, written header per column index and first data row.

    Headers split over two rows (merged cells) are combined: a column blank or
    unrecognised in the best row takes the recognised text of the row below or above.

    Parameters
    ----------
    sheet : RawSheet
        The sheet as read.
    known : dict of str to str
        The table's :func:`header_map`.

    Returns
    -------
    tuple or None
        (header row index, written header per column index, index of the first data
        row), or None when no row holds at least two recognised headers.
    """
    top = _fill_merged(sheet, HEADER_SEARCH_ROWS + 1)
    best_row, best_hits = -1, 0
    for i, row in enumerate(top[:HEADER_SEARCH_ROWS]):
        hits = len({known[k] for k in map(normalised, row) if k in known})
        if hits > best_hits:
            best_row, best_hits = i, hits
    if best_row < 0 or best_hits < 2:
        return None
    header = {j: str(c).strip() for j, c in enumerate(top[best_row]) if not parsing.is_blank(c)}
    data_start = best_row + 1
    for upper in (best_row, best_row - 1):
        if upper >= 0 and upper + 1 < len(top) and _group_headers(top[upper], top[upper + 1], header, known):
            data_start = max(data_start, upper + 2)
    for neighbour in (best_row - 1, best_row + 1):
        if not 0 <= neighbour < len(top):
            continue
        row = top[neighbour]
        if not all(isinstance(c, str) or parsing.is_blank(c) for c in row):
            continue
        used = False
        for j, cell in enumerate(row):
            key = normalised(cell)
            if key in known and normalised(header.get(j, "")) not in known:
                header[j] = str(cell).strip()
                used = True
        if used and neighbour > best_row:
            data_start = neighbour + 1
    if data_start < len(top) and _header_tail(top[data_start], header):
        data_start += 1
    return best_row, header, data_start


_UNIT = re.compile(r"^\s*[(\[（]\s*[^()\[\]（）]{1,12}\s*[)\]）]\s*$")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _header_tail(row: list[object], header: dict[int, str]) -> bool:
    """Whether a row under the header belongs to it: units (``(천원)``) or column numbers.

    A row whose filled cells, all under headers, are bracketed units is read into the
    written headers (``계획예산(천원)``, so that the unit is seen); a row numbering the
    columns 1, 2, 3 … (or ``(1)``, ``①``) is part of the header. Changes ``header``.
    """
    filled = [(j, c) for j, c in enumerate(row) if not parsing.is_blank(c)]
    if not filled or any(j not in header for j, _c in filled):
        return False
    if all(isinstance(c, str) and _UNIT.match(c) for _j, c in filled):
        for j, c in filled:
            header[j] = f"{header[j]}{c.strip()}"
        return True
    numbers = [_column_number(c) for _j, c in filled]
    return len(numbers) >= 3 and numbers == list(range(1, len(numbers) + 1))


def _column_number(cell: object) -> int | None:
    """1 for ``1``, ``"1"``, ``"(1)"`` or ``"①"``; None otherwise."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int) or (isinstance(cell, float) and cell.is_integer()):
        return int(cell)
    text = str(cell).strip().strip("()（）")
    if text.isdigit():
        return int(text)
    return _CIRCLED.index(text) + 1 if len(text) == 1 and text in _CIRCLED else None


def _group_headers(upper: list[object], lower: list[object], header: dict[int, str], known: dict[str, str]) -> bool:
    """Name the columns under a group header (``예산(천원)`` over ``계획 | 변경 | 집행``).

    A group header is a text repeated over two or more neighbouring columns (a merged
    cell, filled; or written once with blank cells right of it, centred across the
    selection) above different texts. Each column under it takes the first known
    of ``child + group`` (``계획예산``), ``child`` (``집행``) and ``group + child``; a
    bracketed unit of the group (``(천원)``) is kept in the written header. Changes
    ``header`` in place; whether any column was named.
    """
    used = False
    width = min(len(upper), len(lower))
    upper = _centred_groups(upper, lower, width)
    for j in range(width):
        group, child = upper[j], lower[j]
        if not (isinstance(group, str) and isinstance(child, str)) or normalised(group) == normalised(child):
            continue
        spans = any(
            0 <= k < width and upper[k] == group and isinstance(lower[k], str) and lower[k] != child
            for k in (j - 1, j + 1)
        )
        if not spans or normalised(header.get(j, "")) in known and normalised(header.get(j, "")) != normalised(group):
            continue
        unit = group[len(group.split("(")[0]):].strip() if "(" in group else ""
        stem = group[: len(group) - len(unit)].strip()
        for written in (f"{child.strip()}{stem}{unit}", f"{child.strip()}{unit}", f"{stem}{child.strip()}{unit}"):
            if normalised(written) in known:
                header[j] = written
                used = True
                break
    return used


def _centred_groups(upper: list[object], lower: list[object], width: int) -> list[object]:
    """``upper`` with a group text carried right over blank cells that stand above texts."""
    out = list(upper)
    for j in range(1, width):
        left = out[j - 1]
        if (
            parsing.is_blank(out[j]) and isinstance(lower[j], str) and lower[j].strip()
            and isinstance(left, str) and isinstance(lower[j - 1], str) and lower[j - 1].strip()
            and normalised(left) != normalised(lower[j - 1])
        ):
            out[j] = left
    return out


def header_top(sheet: RawSheet, header_row: int, header: dict[int, str], known: dict[str, str]) -> int:
    """Index of the header's first row: the row above when :func:`find_header` used it.

    Parameters
    ----------
    sheet : RawSheet
        The sheet as read.
    header_row : int
        The header row found by :func:`find_header`.
    header : dict of int to str
        The written header per column index.
    known : dict of str to str
        The table's :func:`header_map`.

    Returns
    -------
    int
    """
    if header_row == 0:
        return 0
    if any(r0 < header_row <= r1 for r0, _c0, r1, _c1 in sheet.merged):
        return header_row - 1  # a header cell merged down over both rows
    top = _fill_merged(sheet, header_row + 1)
    above, row = top[header_row - 1], top[header_row]
    if _group_headers(above, row, dict(header), known):
        return header_row - 1
    texts = [c for c in above if not parsing.is_blank(c)]
    if texts and all(isinstance(c, str) for c in texts) and 2 * sum(normalised(c) in known for c in texts) >= len(texts):
        return header_row - 1  # a header-like row (keys written again over a group header)
    for j, cell in enumerate(above):
        key = normalised(cell)
        used = isinstance(cell, str) and key in known and j in header and normalised(header[j]) == key
        if used and (j >= len(row) or normalised(row[j]) != key):
            return header_row - 1
    return header_row


def map_headers(
    sub: Submission, sheet: RawSheet, schema: TableSchema, header: dict[int, str], excel_header_row: int
) -> dict[int, str]:
    """Map written headers onto canonical columns, reporting duplicate, missing and unknown ones.

    Parameters
    ----------
    sub : Submission
        The submission: problems are added and ``headers`` records each header as written.
    sheet : RawSheet
        The sheet, for the problems' location.
    schema : TableSchema
        The sheet's table.
    header : dict of int to str
        Written header per column index (see :func:`find_header`).
    excel_header_row : int
        The header's Excel row.

    Returns
    -------
    dict of int to str
        Canonical column name per column index, for the recognised columns.
    """
    mapping, unknown = _map_columns(sub, sheet, schema, header, excel_header_row)
    missing = [
        c for c in schema.columns
        if c.required and c.name not in mapping.values() and c.name not in CONTEXT_COLUMNS
    ]
    for col in missing:
        culprit = unknown[0][1] if len(unknown) == 1 else ""
        hint_ko = f" (인식하지 못한 열: {', '.join(repr(u[1]) for u in unknown)})" if unknown else ""
        hint_en = f" (unrecognised: {', '.join(repr(u[1]) for u in unknown)})" if unknown else ""
        sub.problem(
            sheet.name, excel_header_row, culprit, culprit,
            f"필수 열 '{col.korean}'이(가) 없습니다{hint_ko}",
            f"required column '{col.korean}' ({col.name}) is missing{hint_en}",
            "missing_column",
        )
    for j, written in unknown:
        if missing:
            continue  # already named in the missing-column error
        n = sum(1 for row in sheet.rows[excel_header_row:] if j < len(row) and not parsing.is_blank(row[j]))
        sub.problem(
            sheet.name, excel_header_row, written, written,
            f"알 수 없는 열입니다 — 값 {n:,}개를 읽지 않았습니다",
            f"unknown column; its {n:,} values were not read",
            "unknown_column", WARNING,
        )
    return mapping


def _map_columns(
    sub: Submission, sheet: RawSheet, schema: TableSchema, header: dict[int, str], excel_header_row: int
) -> tuple[dict[int, str], list[tuple[int, str]]]:
    """Recognised columns (the first of duplicates) and unrecognised ones, in column order."""
    known = header_map(schema)
    mapping: dict[int, str] = {}
    unknown: list[tuple[int, str]] = []
    for j, written in sorted(header.items()):
        canonical = known.get(normalised(written))
        if canonical is None and is_unit_note(written) and _empty_below(sheet, j, excel_header_row):
            continue  # a unit note beside the header: checked with the amounts (see .money)
        if canonical is None:
            unknown.append((j, written))
            continue
        if canonical in mapping.values():
            first = next(header[k] for k, v in mapping.items() if v == canonical)
            sub.problem(
                sheet.name, excel_header_row, written, written,
                f"같은 열이 두 번 있습니다('{first}'와 '{written}')",
                f"duplicate column: '{first}' and '{written}' both mean {canonical}",
                "duplicate_header",
            )
            continue
        mapping[j] = canonical
        sub.headers[(schema.name, canonical)] = written
    return mapping, unknown


def _empty_below(sheet: RawSheet, j: int, excel_header_row: int) -> bool:
    """Whether column ``j`` has no value below the header row."""
    return all(j >= len(row) or parsing.is_blank(row[j]) for row in sheet.rows[excel_header_row:])
