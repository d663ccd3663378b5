"""The columns of a submission's tables as lists, read once per validation.

The validation rules (:mod:`.rules`, :mod:`.rules_totals`) read the same columns again
and again; :class:`ColumnCache` reads each through pandas once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .schemas import SCHEMAS
from .submission import Submission

__all__ = ["ColumnCache", "header_of"]


class ColumnCache:
    """The columns of a submission's tables as lists, each read once per validation.

    The tables are not changed while they are validated; reading a column through
    pandas for every rule would cost more than the rules themselves.

    Parameters
    ----------
    sub : Submission
        A loaded submission.
    """

    def __init__(self, sub: Submission) -> None:
        self.tables = sub.tables
        self._cells: dict[str, tuple[np.ndarray, dict[str, int]]] = {}
        self._lists: dict[tuple[str, str], list] = {}
        self._present: dict[tuple[str, str], list[bool]] = {}

    def array(self, table: str, column: str) -> np.ndarray:
        """The cells of a column as an object array (the table is converted once)."""
        found = self._cells.get(table)
        if found is None:
            frame = self.tables[table]
            found = self._cells[table] = (
                frame.to_numpy(dtype=object), {name: k for k, name in enumerate(frame.columns)}
            )
        cells, index = found
        return cells[:, index[column]]

    def get(self, table: str, column: str) -> list:
        """The values of a column, as ``frame[column].tolist()`` gives them."""
        key = (table, column)
        found = self._lists.get(key)
        if found is None:
            found = self._lists[key] = self.array(table, column).tolist()
        return found

    def present(self, table: str, column: str) -> list[bool]:
        """Which values are not missing, as ``frame[column].notna()`` tells."""
        key = (table, column)
        found = self._present.get(key)
        if found is None:
            found = self._present[key] = (~pd.isna(self.array(table, column))).tolist()
        return found


def header_of(sub: Submission, table: str, column: str) -> str:
    """The header of a column as written in the submission, else its Korean name.

    Parameters
    ----------
    sub : Submission
        A loaded submission.
    table, column : str
        Canonical table and column names.

    Returns
    -------
    str
        The header to name the column by in messages.
    """
    return sub.headers.get((table, column), SCHEMAS[table].column(column).korean)
