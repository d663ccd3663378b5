"""The warehouse as the analysis API hands it out: read-only, person names masked unless asked.

:func:`sabo_eval.open_warehouse` returns a :class:`WarehouseView`. Its
:meth:`~WarehouseView.table` gives the canonical tables as the storage layer
(:class:`sabo_eval.warehouse.store.Warehouse`) holds them, except that members' names,
and those names where they are written inside opinion texts, are masked (김범수 → 김*수)
unless the call passes ``names=True``. The storage layer itself is internal: it keeps
names as submitted because the reports need them to mask consistently.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..warehouse.store import Warehouse
from ._select import masked, masked_in_text

__all__ = ["WarehouseView"]

#: Text columns of a table in which members' names may be written.
_TEXT_WITH_NAMES = {"opinions": ("subcommittee", "opinion", "response")}


class WarehouseView:
    """A warehouse opened read-only for analysis; pass it as ``wh`` to every API function.

    Parameters
    ----------
    path : path-like, optional
        The warehouse file; default ``$SABO_EVAL_DB`` or ``data/warehouse.duckdb``.

    Examples
    --------
    >>> import sabo_eval as se
    >>> with se.open_warehouse("data/demo.duckdb") as wh:  # doctest: +SKIP
    ...     roster = wh.table("members", year=2023)            # names masked: 김*수
    ...     counts = se.members(wh, years=2023).groupby("district_code").size()
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.warehouse = Warehouse(path, read_only=True)

    @property
    def path(self) -> Path:
        """The warehouse file."""
        return self.warehouse.path

    def table(self, name: str, district_code: str | None = None, year: int | None = None, *, names: bool = False) -> pd.DataFrame:
        """A canonical table (``members``, ``attendance``, …), names masked unless ``names``.

        Parameters
        ----------
        name : str
            Canonical table name (:data:`sabo_eval.intake.schemas.SCHEMAS`).
        district_code : str, optional
        year : int, optional
        names : bool
            Return members' names as submitted (default: masked).

        Returns
        -------
        DataFrame

        Examples
        --------
        >>> with se.open_warehouse("data/demo.duckdb") as wh:  # doctest: +SKIP
        ...     wh.table("members", "41110", 2023)["name"].iloc[0]
        '김*수'
        """
        frame = masked(self.warehouse.table(name, district_code, year), names)
        if name in _TEXT_WITH_NAMES and not names:
            people = self.warehouse.table("members", district_code, year)["name"]
            frame = masked_in_text(frame, people, _TEXT_WITH_NAMES[name], names)
        return frame

    def district_years(self) -> pd.DataFrame:
        """Every district-year with a current submission (``district_code, year, …``).

        Examples
        --------
        >>> with se.open_warehouse("data/demo.duckdb") as wh:  # doctest: +SKIP
        ...     sorted(wh.district_years()["year"].unique())[-1]
        2023
        """
        return self.warehouse.district_years()

    def close(self) -> None:
        """Close the warehouse."""
        self.warehouse.close()

    def __enter__(self) -> WarehouseView:  # noqa: D105
        return self

    def __exit__(self, *exc) -> None:  # noqa: D105
        self.close()
