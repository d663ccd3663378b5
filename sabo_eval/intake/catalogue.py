"""The service indicator catalogue: which ``services`` rows make each indicator.

The default catalogue ships as ``sabo_eval/data/service_indicators.csv``; a user CSV
with the same columns adds rows or overrides them by ``id``. It is input the council
declares, like a submission, so it is read here: validation uses it to check
proportions (a numerator above its denominator), and :mod:`sabo_eval.metrics.services`
computes the indicators from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

__all__ = ["CATALOGUE_COLUMNS", "POPULATION", "Term", "parse_terms", "load_catalogue"]

CATALOGUE_COLUMNS = ["id", "name", "program", "numerator", "denominator", "per", "kind", "direction", "unit", "description"]
POPULATION = "districts"


@dataclass(frozen=True)
class Term:
    """One ``program/measure`` (or ``districts/column``) term of a numerator or denominator."""

    program: str
    measure: str

    @property
    def is_population(self) -> bool:
        """Whether the term is a population column of ``districts``."""
        return self.program == POPULATION


def parse_terms(expression: str) -> list[Term]:
    """Parse ``"보편방문-65세/상담인원 + 보편방문-70세/상담인원"`` into terms.

    Raises
    ------
    ValueError
        When a term is not ``program/measure``.
    """
    terms = []
    for part in str(expression).split("+"):
        program, sep, measure = part.strip().partition("/")
        if not sep or not program.strip() or not measure.strip():
            raise ValueError(f"지표 정의 오류: '{part.strip()}' (program/measure 형식이어야 함) / bad term")
        terms.append(Term(program.strip(), measure.strip()))
    return terms


def load_catalogue(extra: str | Path | None = None) -> pd.DataFrame:
    """The indicator catalogue: the package's default plus, optionally, a user file.

    Parameters
    ----------
    extra : path-like, optional
        A CSV (UTF-8) with the catalogue's columns; its rows add to the default or
        replace the default row with the same ``id``.

    Returns
    -------
    DataFrame
        One row per indicator, in catalogue order.

    Raises
    ------
    ValueError
        When a row has an unknown kind or a malformed term.
    """
    with resources.files("sabo_eval").joinpath("data/service_indicators.csv").open(encoding="utf-8") as handle:
        catalogue = pd.read_csv(handle, dtype=str)
    if extra is not None:
        user = pd.read_csv(extra, dtype=str, encoding="utf-8-sig")
        missing = [c for c in CATALOGUE_COLUMNS if c not in user]
        if missing:
            raise ValueError(f"지표 목록에 열이 없습니다: {missing} / catalogue columns missing")
        catalogue = pd.concat([catalogue[~catalogue["id"].isin(user["id"])], user[CATALOGUE_COLUMNS]], ignore_index=True)
    catalogue["per"] = pd.to_numeric(catalogue["per"]).astype(float)
    bad = catalogue[~catalogue["kind"].isin(["proportion", "rate", "ratio"])]
    if len(bad):
        raise ValueError(f"지표 종류는 proportion, rate 또는 ratio여야 합니다: {bad['id'].tolist()} / unknown kind")
    for expression in (*catalogue["numerator"], *catalogue["denominator"]):
        parse_terms(expression)
    return catalogue.reset_index(drop=True)
