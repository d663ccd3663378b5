"""What each district report shows of the all-district figures, as one digest per district.

A district report reads the run's all-district files (``headlines.json``,
``services.json``, ``history.json``) but displays only part of them: the medians of
the headline figures (and how many districts have each), its own place among the
compared districts (the 요약's "비교 27곳 중 가장 낮음"), its own service rows and its
position in each funnel, the funnels it draws (every point, the limits, θ and φ, the
outliers labelled with their names), and its own earlier years. :func:`display_digests`
hashes exactly that, per district, so a correction in one district re-executes only
the reports whose displayed figures changed (:mod:`sabo_eval.run.plan`).
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import numpy as np
import pandas as pd

from ..metrics import comparison
from ..metrics.overview import MIN_COMPARED, headline_table
from ..metrics.summary import MAIN_INDICATORS, SUMMARY_HEADLINES
from .export import write_atomic
from .services_section import ServicesSection

__all__ = ["display_digests", "read_context"]

logger = logging.getLogger(__name__)


def _sha(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def _number(value) -> float | None:
    """A float for hashing (NaN as None)."""
    return None if value is None or pd.isna(value) else float(value)


def read_context(headlines_path: str | Path) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """The run's all-district files read as the district report reads them.

    Parameters
    ----------
    headlines_path : path-like
        The run's ``headlines.json`` (``services.json`` and ``history.json`` beside it).

    Returns
    -------
    tuple
        Headlines indexed by 5-digit district code, the service indicator table, and
        ``history.json`` as written (earlier year → district code → figures).
    """
    path = Path(headlines_path)
    headlines = pd.read_json(path, orient="index", dtype={"district_code": str})
    headlines.index = headlines.index.astype(str).str.zfill(5)
    services = path.with_name("services.json")
    indicators = pd.read_json(services, orient="records", dtype={"district_code": str}) if services.exists() else pd.DataFrame()
    if len(indicators):
        indicators["district_code"] = indicators["district_code"].astype(str)
    history_path = path.with_name("history.json")
    history = json.loads(history_path.read_text(encoding="utf-8")) if history_path.exists() else {}
    return headlines, indicators, history


def _places(values: pd.Series) -> tuple[dict, dict]:
    """Shared (n, median) and per district (value, rank from the top, rank from the bottom) of one figure.

    The same arithmetic as :func:`sabo_eval.metrics.summary.place_among` and its median.
    """
    values = pd.to_numeric(values, errors="coerce")
    present = values.dropna().astype(float)
    n = len(present)
    median = float(present.median()) if n >= MIN_COMPARED else None
    ordered = np.sort(present.to_numpy())
    mine = present.to_numpy()
    high = n - np.searchsorted(ordered, mine, side="right") + 1
    low = np.searchsorted(ordered, mine, side="left") + 1
    own = {code: (float(v), int(h), int(lo)) for code, v, h, lo in zip(present.index, mine, high, low, strict=True)}
    return {"n": n, "median": median}, own


def _funnel_digest(result, names: dict[str, str]) -> str:
    """Everything a drawn funnel shows: points, limits, curve, θ, φ, τ², method, left-out units, outliers' names."""
    outliers = sorted(str(u) for u in result.table.loc[result.table["outside_998"], "unit"])
    return _sha({
        "table": result.table.to_json(orient="split", double_precision=15),
        "curve": result.curve.to_json(orient="split", double_precision=15),
        "excluded": result.excluded.to_json(orient="split"),
        "scalars": [_number(result.theta), result.n_units, _number(result.phi), _number(result.tau2), result.method,
                    bool(result.random_effects), result.kind, _number(result.scale)],
        "names": {u: names.get(u, u) for u in outliers},
    })


def _own_positions(funnels: dict, values: pd.DataFrame) -> tuple[dict[str, dict[str, str]], dict[str, int]]:
    """Per funnel, district → its position text (:func:`~sabo_eval.metrics.comparison.district_positions`, vectorised),
    and per usable indicator without a funnel, how many districts report it."""
    positions: dict[str, dict[str, str]] = {}
    for indicator, result in funnels.items():
        table = result.table.drop_duplicates("unit")
        own = dict(zip(table["unit"].astype(str), table["position"].astype(str), strict=True))
        excluded = result.excluded.drop_duplicates("unit")
        for unit, reason in zip(excluded["unit"].astype(str), excluded["reason"].astype(str), strict=True):
            own.setdefault(unit, "비교에서 뺌: " + reason)
        positions[indicator] = own
    small = {}
    if len(values):
        usable = values[values["kind"].isin(["proportion", "rate"]) & (values["reason"] == "")]
        for indicator, part in usable.groupby("indicator_id", sort=False):
            if indicator not in funnels:
                small[str(indicator)] = int(part["district_code"].nunique())
    return positions, small


def _funnel_parts(headlines_path: Path, indicators: pd.DataFrame, names: dict[str, str]) -> tuple[dict, dict, dict]:
    """The drawn funnels' digests, every district's funnel positions, the small-sample counts.

    Kept beside the run's files (``display_funnels.json``) with the hash of
    ``services.json`` and the names they were computed from: a correction that leaves
    the service figures as they were (an attendance mark) computes no funnel.
    """
    services = headlines_path.with_name("services.json")
    key = _sha([hashlib.sha256(services.read_bytes()).hexdigest() if services.exists() else "", names])
    cache = headlines_path.with_name("display_funnels.json")
    try:
        kept = json.loads(cache.read_text(encoding="utf-8"))
        if kept.get("key") == key:
            return kept["funnels"], kept["positions"], kept["small"]
    except (OSError, ValueError, KeyError):
        pass
    funnels = comparison.shared_indicator_funnels(indicators)
    drawn = {i: _funnel_digest(funnels[i], names) for i in ServicesSection.KEY_FUNNELS if i in funnels}
    positions, small = _own_positions(funnels, indicators)
    try:
        write_atomic(cache, json.dumps({"key": key, "funnels": drawn, "positions": positions, "small": small}, ensure_ascii=False))
    except OSError:  # a cache only: the digests are right without it
        logger.warning("깔때기 요약을 저장하지 못했습니다 / could not keep the funnel digests: %s", cache)
    return drawn, positions, small


def display_digests(headlines_path: str | Path, names: dict[str, str], codes: list[str] | None = None) -> dict[str, str]:
    """District code → digest of the all-district figures its report displays.

    Parameters
    ----------
    headlines_path : path-like
        The run's ``headlines.json`` (written by :func:`sabo_eval.run.publish.run_context`).
    names : dict
        District code → name (outliers in a funnel are labelled with their names).
    codes : list of str, optional
        The districts wanted (default: every district in ``headlines.json``).

    Returns
    -------
    dict
        SHA-256 hex digests. A district's digest changes when a median or count shown
        in its report changes, when its own place, service rows, funnel positions or
        earlier years change, or when a funnel it draws changes; not otherwise.
    """
    headlines, indicators, history = read_context(headlines_path)
    codes = [str(c) for c in (codes if codes is not None else headlines.index)]
    shared: dict = {"medians": headline_table({}, headlines)["전체 시군구 중앙값"].tolist()}
    own_places: dict[str, dict] = {}
    for key in SUMMARY_HEADLINES:
        shared[key], own_places[key] = _places(headlines[key] if key in headlines else pd.Series(dtype=float))
    own_rows: dict[str, str] = {}
    positions: dict[str, dict[str, str]] = {}
    if len(indicators):
        for indicator in MAIN_INDICATORS:
            part = indicators[indicators["indicator_id"] == indicator].drop_duplicates("district_code").set_index("district_code")
            shared[indicator], own_places[indicator] = _places(part["value"])
        shared["funnels"], positions, shared["small_samples"] = _funnel_parts(Path(headlines_path), indicators, names)
        for code, rows in indicators.groupby("district_code", sort=False):
            own_rows[str(code)] = rows.to_json(orient="records", double_precision=15)
    shared_digest = _sha(shared)
    rows = headlines[~headlines.index.duplicated()]
    own_headlines = {str(c): {k: _number(v) for k, v in r.items()} for c, r in rows.to_dict(orient="index").items()}
    out = {}
    for code in codes:
        own = {
            "places": {key: places.get(code) for key, places in own_places.items()},
            "headlines": own_headlines.get(code),
            "services": own_rows.get(code, ""),
            "positions": {i: p.get(code) for i, p in positions.items()},
            "history": {year: rows.get(code) for year, rows in sorted(history.items())},
        }
        out[code] = _sha([shared_digest, own])
    return out
