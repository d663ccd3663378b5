"""Masking of personal names in reports (개인정보 보호): 김범수 → 김*수.

A name is masked as a person reads it, not as it is spelled in the cell: ``정 진 영``,
``정·진·영``, ``정ㆍ진ㆍ영``, ``정\u200b진영`` and ``정진영`` are all the name 정진영 and
all become ``정*영``; ``남궁 민수`` is ``남궁민수`` → ``남**수``. Spaces, middle dots
and hyphens between Hangul syllables, invisible characters (zero-width space, BOM,
soft hyphen) and decomposed Hangul are read through. A Korean name keeps its first
and last syllables (a two-syllable name keeps the first: ``김수`` → ``김*``). A name in
Latin letters keeps the first letter of each word (``Kim Beom-su`` → ``K** B******``);
letters spaced one by one (``K I M``) are read as one word.
"""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

__all__ = ["NAME_SEPARATORS", "mask_name", "mask_names", "distinct_labels"]

#: Characters written between the parts of a name: middle dots (· ・ ･ ‧ ∙ ㆍ •), hyphens, full stop.
NAME_SEPARATORS = "·・･‧∙ㆍᆞ•-‐‑–—_.,"
_SPLIT = re.compile(rf"[\s{re.escape(NAME_SEPARATORS)}]+")
#: Between words of a Latin name only spaces and middle dots separate (``Beom-su`` is one word).
_LATIN_SPLIT = re.compile(r"[\s·・･‧∙•]+")
#: Hangul syllables (``*`` included: a masked name masks to itself).
_HANGUL = re.compile(r"[\uac00-\ud7a3*]+")


def _readable(name: str) -> str:
    """The name as drawn: composed Hangul, no invisible (format) characters."""
    text = unicodedata.normalize("NFC", name)
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def _words(text: str, split: re.Pattern = _SPLIT) -> list[str]:
    """Words of a name; runs of one-letter words (``K I M``) joined into one."""
    words: list[str] = []
    single = False
    for part in split.split(text):
        if not part:
            continue
        if len(part) == 1 and single:
            words[-1] += part
        else:
            words.append(part)
        single = len(part) == 1
    return words


def _mask_korean(name: str) -> str:
    if len(name) == 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_name(name: object) -> object:
    """Mask a personal name, keeping its first and last syllables.

    Parameters
    ----------
    name : object
        A name; non-text and empty values are returned unchanged.

    Returns
    -------
    object
        ``김범수`` → ``김*수``, ``남궁민수`` → ``남**수``, ``김수`` → ``김*``,
        ``정 진 영`` / ``정·진·영`` → ``정*영``, ``남궁 민수`` → ``남**수``,
        ``John Smith`` → ``J*** S****``, ``KIM Beomsu`` → ``K** B*****``.

    Examples
    --------
    >>> from sabo_eval import mask_name
    >>> mask_name("소현이")
    '소*이'
    >>> mask_name("정 진 영")
    '정*영'
    """
    if not isinstance(name, str):
        return name
    text = _readable(name).strip()
    if not text:
        return name if not name.strip() else "*"
    words = _words(text)
    if not words:
        return "*"
    if all(_HANGUL.fullmatch(w) for w in words):
        return _mask_korean("".join(words))
    words = _words(text, _LATIN_SPLIT) or words
    return " ".join(_mask_korean(w) if _HANGUL.fullmatch(w) else w[0] + "*" * (len(w) - 1) for w in words)


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


def distinct_labels(member_ids: pd.Series | list, names: pd.Series | list, *, mask: bool = True) -> dict[str, str]:
    """``member_id`` → the label shown for each member, distinct within the district.

    Two members whose names mask the same (or, unmasked, are spelled the same) get a
    stable suffix in order of ``member_id``: 이*빈(1), 이*빈(2). The order never looks
    at the real names, so the suffix reveals nothing about them, and every table, grid
    and export built from this mapping numbers the same member the same way.

    Parameters
    ----------
    member_ids, names : sequence
        One entry per member row (a member listed in two groups keeps one label).
    mask : bool
        Mask the names (default); False shows them, suffixed only when spelled the same.

    Returns
    -------
    dict
        ``member_id`` (as str) → label.

    Examples
    --------
    >>> distinct_labels(["M2", "M1", "M3"], ["이수빈", "이다빈", "김철수"])
    {'M1': '이*빈(1)', 'M2': '이*빈(2)', 'M3': '김*수'}
    """
    first: dict[str, object] = {}
    for member, name in zip(member_ids, names, strict=True):
        first.setdefault(str(member), name)
    shown = {member: (mask_name(name) if mask else name) for member, name in sorted(first.items())}
    counts: dict[object, int] = {}
    for label in shown.values():
        counts[label] = counts.get(label, 0) + 1
    seen: dict[object, int] = {}
    out: dict[str, str] = {}
    for member, label in shown.items():
        if counts[label] > 1 and isinstance(label, str):
            seen[label] = seen.get(label, 0) + 1
            out[member] = f"{label}({seen[label]})"
        else:
            out[member] = label
    return out
