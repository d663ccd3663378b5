"""Common words outside the coded lists, mapped through a user-extendable synonym table.

The table ships as ``sabo_eval/data/code_synonyms.csv``; a user CSV with the same
columns (named by the ``SABO_EVAL_SYNONYMS`` environment variable, or passed to
:func:`load_synonyms`) adds rows or overrides them by (``codes``, ``written``). Columns:

* ``codes`` — the code list: ``sector``, ``body``, ``attendance``, ``direction``,
  ``change``, ``response`` or ``meeting_kind``;
* ``written`` — the word as secretariats write it (matched like headers: without
  spaces, case or bracketed notes);
* ``code`` — the canonical code it means; empty when the word is not a code of the
  list at all (the cell is left empty: only for columns that may be empty); ``?``
  when it could mean several codes (the cell is refused, with the reason);
* ``reason_ko``, ``reason_en`` — why, shown in the warning (or the refusal).

The table is consulted only for words the coded lists do not accept, so a correct
file reads exactly as before. A mapped word is never silent: it is a ``code_synonym``
warning naming the word and the code; a ``?`` word is an ``ambiguous_code`` error. A
bracketed note beside a code (``정기(서면)``) is a ``code_extra_text`` warning, or an
``ambiguous_code`` error when it names another code (``반영(일부)``).
"""

from __future__ import annotations

import csv
import functools
import io
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from . import schemas
from .notes import Note, RuledCellError
from .parsing import CellError

__all__ = ["SYNONYM_COLUMNS", "CODE_LISTS", "Synonym", "load_synonyms", "read_synonym", "bracket_note"]

SYNONYM_COLUMNS = ["codes", "written", "code", "reason_ko", "reason_en"]
#: The coded lists a synonym may belong to, by name.
CODE_LISTS: dict[str, dict[str, str]] = {
    "sector": schemas.SECTOR_CODES,
    "body": schemas.BODY_CODES,
    "attendance": schemas.ATTENDANCE_MARKS,
    "direction": schemas.DIRECTION_CODES,
    "change": schemas.CHANGE_CODES,
    "response": schemas.RESPONSE_CODES,
    "meeting_kind": schemas.MEETING_KIND_CODES,
}
AMBIGUOUS = "?"
ENV_VARIABLE = "SABO_EVAL_SYNONYMS"


@dataclass(frozen=True)
class Synonym:
    """One row of the table: a written word and the code it means (``""``: none, ``?``: ambiguous)."""

    written: str
    code: str
    reason_ko: str
    reason_en: str


def _rows(text: str, source: str) -> list[dict[str, str]]:
    """The rows of a synonym CSV, checked for its columns and code lists."""
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    if rows and not set(SYNONYM_COLUMNS) <= set(rows[0]):
        raise ValueError(f"동의어 표 {source}의 열이 {SYNONYM_COLUMNS}이(가) 아닙니다 / bad synonym table columns")
    for row in rows:
        if None in row or None in row.values():
            raise ValueError(f"동의어 표 {source}: 열 수가 맞지 않는 행 {row} / a row with the wrong number of fields")
        codes, code = row["codes"], (row["code"] or "").strip()
        if codes not in CODE_LISTS:
            raise ValueError(f"동의어 표 {source}: 알 수 없는 코드 목록 '{codes}' / unknown code list '{codes}'")
        if code not in ("", AMBIGUOUS) and code not in CODE_LISTS[codes].values():
            raise ValueError(f"동의어 표 {source}: '{codes}'에 없는 코드 '{code}' / unknown code '{code}'")
    return rows


@functools.lru_cache(maxsize=8)
def load_synonyms(extra: str | Path | None = None) -> dict[str, dict[str, Synonym]]:
    """The synonym table: the package's default plus, optionally, a user file.

    Parameters
    ----------
    extra : path-like, optional
        A UTF-8 CSV with :data:`SYNONYM_COLUMNS`; its rows add to the default or
        replace a row with the same ``codes`` and ``written``. Defaults to the file
        named by the ``SABO_EVAL_SYNONYMS`` environment variable, if any.

    Returns
    -------
    dict
        Code-list name → normalised written word → :class:`Synonym`.

    Raises
    ------
    ValueError
        When a file has other columns, an unknown code list or an unknown code.
    """
    default = resources.files("sabo_eval.data").joinpath("code_synonyms.csv").read_text(encoding="utf-8")
    rows = _rows(default, "code_synonyms.csv")
    if extra is None and os.environ.get(ENV_VARIABLE):
        extra = os.environ[ENV_VARIABLE]
    if extra is not None:
        rows += _rows(Path(extra).read_text(encoding="utf-8"), str(extra))
    table: dict[str, dict[str, Synonym]] = {name: {} for name in CODE_LISTS}
    for row in rows:
        key = schemas.normalise_header(row["written"])
        table[row["codes"]][key] = Synonym(
            row["written"].strip(), (row["code"] or "").strip(), row["reason_ko"].strip(), row["reason_en"].strip()
        )
    return table


def _list_name(codes: dict[str, str] | None) -> str | None:
    """The name of a coded list (by identity)."""
    return next((name for name, found in CODE_LISTS.items() if found is codes), None)


def read_synonym(value: object, codes: dict[str, str] | None, label: str, nullable: bool, error: CellError):
    """Read a word the coded list refused through the synonym table.

    Parameters
    ----------
    value : object
        The cell as written.
    codes : dict
        The column's coded list.
    label : str
        The column's Korean name.
    nullable : bool
        Whether the column may be empty (a word that is no code of the list is left
        empty only then).
    error : CellError
        The coded list's refusal, raised again when the table has no such word.

    Returns
    -------
    code : str or None
    note : Note
        The ``code_synonym`` warning naming the word and what it was read as.

    Raises
    ------
    CellError
        The original error (unknown word), or ``ambiguous_code`` for a ``?`` word.
    """
    name = _list_name(codes)
    found = load_synonyms(os.environ.get(ENV_VARIABLE) or None).get(name or "", {}).get(
        schemas.normalise_header(value)
    )
    if found is None or (found.code == "" and not nullable):
        raise error
    if found.code == AMBIGUOUS:
        raise RuledCellError(
            "ambiguous_code",
            f"'{label}'의 '{value}'은(는) 어느 코드인지 정할 수 없습니다: {found.reason_ko}",
            f"'{value}' in '{label}' could mean more than one code: {found.reason_en}",
        )
    shown = _korean_code(codes, found.code) if found.code else "(빈칸)"
    note = Note(
        "code_synonym",
        f"'{label}'의 '{value}'을(를) '{shown}'(으)로 읽었습니다: {found.reason_ko}",
        f"'{value}' in '{label}' was read as '{found.code or 'empty'}': {found.reason_en}",
    )
    return found.code or None, note


def _korean_code(codes: dict[str, str], code: str) -> str:
    """The first Korean word of a coded list that means ``code`` (for messages)."""
    return next((raw for raw, c in codes.items() if c == code and not raw.isascii()), code)


_BRACKETED = re.compile(r"[(\[（【](.*?)[)\]）】]")


def bracket_note(value: object, codes: dict[str, str] | None, code: str | None, label: str) -> Note | None:
    """Check the bracketed words of a code cell read as ``code`` (``정기(서면)`` → 정기).

    Coded lists match without bracketed notes. A note that names another code of the
    list, alone or with the word before it (``민(공무원)``, ``반영(일부)`` = 일부반영),
    makes the cell ambiguous; any other note is not
    stored and is named in a ``code_extra_text`` warning.

    Parameters
    ----------
    value : object
        The cell as written.
    codes : dict
        The column's coded list.
    code : str or None
        The code the cell was read as.
    label : str
        The column's Korean name.

    Returns
    -------
    Note or None

    Raises
    ------
    RuledCellError
        ``ambiguous_code`` when a bracketed word means another code.
    """
    if code is None or not isinstance(value, str):
        return None
    inner = [word.strip() for word in _BRACKETED.findall(value) if word.strip()]
    if not inner:
        return None
    table = load_synonyms(os.environ.get(ENV_VARIABLE) or None).get(_list_name(codes) or "", {})
    outer = schemas.normalise_header(value)
    for word in inner:
        key = schemas.normalise_header(word)
        readings = ((codes or {}).get(k) or getattr(table.get(k), "code", None) for k in (key, outer + key, key + outer))
        other = next((found for found in readings if found not in (None, "", AMBIGUOUS, code)), None)
        if other:
            raise RuledCellError(
                "ambiguous_code",
                f"'{label}'의 '{value}'은(는) '{_korean_code(codes, code)}'와(과) 괄호 안 '{word}'의 두 가지로 읽힙니다 "
                "— 하나만 적어 주세요",
                f"'{value}' in '{label}' reads both as '{code}' and, in brackets, as '{other}': write one",
            )
    words = ", ".join(inner)
    return Note(
        "code_extra_text",
        f"'{label}'의 '{value}'을(를) '{_korean_code(codes, code)}'(으)로 읽었습니다 — 괄호 안 '{words}'은(는) 저장하지 않았습니다",
        f"'{value}' in '{label}' was read as '{code}': the bracketed '{words}' was not stored",
    )
