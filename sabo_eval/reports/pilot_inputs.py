"""Pilot report helpers: starts per district, optional estimates, excluded months.

Used by :class:`~sabo_eval.reports.pilot.PilotReport`; kept apart so that the report
module stays short.
"""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd

from ..stats.pilot import excluded_months

__all__: list[str] = []

logger = logging.getLogger(__name__)


def _codes(values) -> list[str]:
    """District codes as 5-digit text (papermill or YAML may pass numbers)."""
    out = []
    for v in values or ():
        text = str(v).strip()
        out.append(text.zfill(5) if text.isdigit() else text)
    return out


def _starts(pilot: list[str], start: str | dict) -> dict[str, str]:
    """Each pilot district's first month: one ``start`` for all, or a mapping (codes as 5-digit text)."""
    if isinstance(start, dict):
        given = {_codes([k])[0]: str(v) for k, v in start.items()}
        return {c: given[c] for c in pilot if c in given}  # panel_from_services names the missing ones
    return dict.fromkeys(pilot, str(start))


def _optional(estimator, *args, **kwargs):
    """A secondary estimate, or None (logged) when the data cannot give it."""
    try:
        return estimator(*args, **kwargs)
    except (ValueError, KeyError, np.linalg.LinAlgError, RuntimeError, TypeError) as exc:  # the library's too
        logger.warning("%s 생략: %s", getattr(estimator, "__name__", estimator), exc)
        return None


def _excluded(panel: pd.DataFrame, strong: pd.DataFrame | None) -> pd.DataFrame:
    """The district-months without a rate in either panel (comparison districts once)."""
    frames = [excluded_months(panel)]
    if strong is not None:
        extra = excluded_months(strong)
        frames.append(extra[extra["treated"] == 1])
    out = pd.concat([f for f in frames if len(f)], ignore_index=True) if any(len(f) for f in frames) else frames[0]
    return out


def _refuse_lost_treated(excluded: pd.DataFrame, pilot: list[str]) -> None:
    """ValueError naming the pilot districts that lost every month (nothing treated is left to compare)."""
    lost = excluded[excluded["all_months"] & excluded["district_code"].isin(pilot)]
    if set(lost["district_code"]) >= set(pilot):
        named = ", ".join(f"{n}({c}): {r.split(' / ')[0]}" for c, n, r in zip(lost["district_code"], lost["district_name"], lost["reason"], strict=True))
        raise ValueError(f"모든 시범 시군구의 월별 값이 없습니다 — {named} / no pilot district has a rate")
