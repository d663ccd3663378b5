"""Masking of personal names in reports (개인정보 보호): 김범수 → 김*수."""

from __future__ import annotations

import pandas as pd

__all__ = ["mask_name", "mask_names"]


def mask_name(name: object) -> object:
    """Mask a Korean personal name, keeping its first and last syllables.

    Parameters
    ----------
    name : object
        A name; non-text and empty values are returned unchanged.

    Returns
    -------
    object
        ``김범수`` → ``김*수``, ``남궁민수`` → ``남**수``, ``김수`` → ``김*``,
        ``John Smith`` → ``J*** S****``.

    Examples
    --------
    >>> mask_name("소현이")
    '소*이'
    """
    if not isinstance(name, str):
        return name
    text = name.strip()
    if not text:
        return name
    if " " in text:
        return " ".join(p[0] + "*" * (len(p) - 1) for p in text.split())
    if len(text) == 1:
        return "*"
    if len(text) == 2:
        return text[0] + "*"
    return text[0] + "*" * (len(text) - 2) + text[-1]


def mask_names(frame: pd.DataFrame, columns: tuple[str, ...] = ("name", "위원명", "성명"), *, enabled: bool = True) -> pd.DataFrame:
    """Return a copy of ``frame`` with name columns masked (no copy change when disabled).

    Parameters
    ----------
    frame : DataFrame
    columns : tuple of str
        Columns holding names; those absent are ignored.
    enabled : bool
        False returns an unmasked copy (a run that asks for names).
    """
    out = frame.copy()
    if not enabled:
        return out
    for column in columns:
        if column in out:
            out[column] = out[column].map(mask_name)
    return out
