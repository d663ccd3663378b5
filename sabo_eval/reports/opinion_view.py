"""The monitoring-opinion table as the report shows it: six columns instead of nine.

The metrics give seed 000's nine columns (:func:`sabo_eval.metrics.opinions.opinion_table`);
on an A4 page nine columns leave the opinion and the reply a few characters a line.
Here the item's code, name and strategy share one cell, as do the department and
team, so the two texts get most of the width. The xlsx keeps the nine columns.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["opinion_columns"]


def _joined(*parts: pd.Series, sep: str = "\n", empty: str | None = "-") -> pd.Series:
    """Cells joined (one part a line by default), missing parts left out; ``empty`` when all are missing."""
    rows = zip(*parts, strict=True)
    return pd.Series([sep.join(str(v) for v in row if isinstance(v, str) and v.strip()) or empty for row in rows], index=parts[0].index)


def opinion_columns(table: pd.DataFrame) -> pd.DataFrame:
    """The opinion table as shown: the item (code, name, strategy) and the department (과, 팀) in one cell each.

    Nine columns leave the two texts a few characters a line on A4; six leave them
    most of the width. Nothing is dropped: every value of ``table`` is in a cell.
    """
    return pd.DataFrame(
        {
            "세부사업 (추진전략)": _joined(_joined(table["사업번호"], table["세부사업명"], sep=" ", empty=None),
                                   table["전략"].map(lambda v: f"({v})" if isinstance(v, str) and v.strip() else None)),
            "담당부서·팀": _joined(table["담당부서"], table["팀"]),
            "모니터링분과": table["모니터링분과"],
            "모니터링의견": table["모니터링의견"],
            "부서의견": table["부서의견"],
            "반영여부": table["반영여부"],
        }
    )
