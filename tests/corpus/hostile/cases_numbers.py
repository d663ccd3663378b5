"""Number cases (issue 15, item 5): values outside every column's sane range.

Each numeric column has a documented range (``sabo_eval/intake/schemas.py``,
``data/README.md``); a value outside it is refused by validation and never reaches
DuckDB's casts (a population of 10^19 ended in a BIGINT conversion traceback).
Years out of range (제출정보 연도 1, −2023, 99,999,999,999) and the 1900 serial 60 were
already refused before these cases were written; they are tested in
``tests/intake/test_number_ranges.py``.
"""

from __future__ import annotations

import io
from pathlib import Path

from hostile import GOOD, Case, Refuse


def _edited(sheet: str, cell: str, value: object, number_format: str | None = None):
    """A ``make`` writing the valid workbook with one cell changed (through openpyxl)."""

    def make(folder: Path) -> Path:
        import openpyxl

        book = openpyxl.load_workbook(GOOD)
        book[sheet][cell] = value
        if number_format:
            book[sheet][cell].number_format = number_format
        buffer = io.BytesIO()
        book.save(buffer)
        path = folder / "11110_2023.xlsx"
        path.write_bytes(buffer.getvalue())
        return path

    return make


CASES = [
    Case("number_population_1e19", _edited("지역현황", "D3", 10**19), Refuse("above_maximum"),
         "population 10^19 (beyond BIGINT: a DuckDB conversion traceback before)"),
    Case("number_population_text_huge", _edited("지역현황", "D3", "99,999,999,999,999,999,999명"),
         Refuse("above_maximum"), "population written as text, 10^23"),
    Case("number_population_65_float", _edited("지역현황", "E3", 1e19), Refuse("above_maximum"),
         "65+ population typed as the float 1e19"),
    Case("number_dongs_1e12", _edited("지역현황", "F3", 10**12), Refuse("above_maximum"),
         "10^12 읍면동 (accepted before)"),
    Case("number_budget_1e300", _edited("예산", "C4", 1e300), Refuse("above_maximum"),
         "a planned budget of 1e300 (in 천원)"),
    Case("number_service_1e300", _edited("서비스실적", "G3", 1e300), Refuse("above_maximum"),
         "a service figure of 1e300"),
    Case("number_indicator_minus_1e300", _edited("성과지표", "I2", -1e300), Refuse("below_minimum"),
         "an indicator's actual value of -1e300"),
]
