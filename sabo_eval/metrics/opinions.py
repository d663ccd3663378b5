"""Monitoring opinions and department responses (seed 000's table).

The response status comes from the workbook's 반영여부 column when it is filled
(``explicit``). Otherwise it is inferred from the response text (``inferred``) by
these documented rules, applied to each statement of the response (statements are
split at line breaks, list bullets and sentence ends):

1. a statement with a refusal cue (불가, 어려움/어렵, 곤란, 미반영) is *not reflected*;
2. otherwise one with a review cue (검토) is *under review*;
3. otherwise one with an action cue (반영, 추가, 작성, 예정, 실시, 완료, 활용, 개선,
   신설, 마련, 유도, 공유, 진행) is *reflected*;
4. other statements are neutral.

The response is then: 중복 when the whole text is 중복; *reflected* alone →
reflected; *reflected* together with *not* or *under review* → partly reflected; only
*not* → not reflected; *under review* (with or without *not*) → under review; no
cue at all → under review (a reply that commits to nothing). An empty response is
*no response* and has no status.
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["STATUS_LABELS", "infer_status", "opinion_statuses", "opinion_table", "opinion_summary"]

STATUS_LABELS = {
    "reflected": "반영",
    "partly": "부분반영",
    "not": "미반영",
    "under_review": "검토중",
    "duplicate": "중복",
}
_REFUSE = ("불가", "어려움", "어렵", "곤란", "미반영")
_REVIEW = ("검토",)
_ACT = ("반영", "추가", "작성", "예정", "실시", "완료", "활용", "개선", "신설", "마련", "유도", "공유", "진행")
_SPLIT = re.compile(r"\n|•|(?:^|\s)-(?=\S)|(?<=[.다음함])\s+(?=\S)")


def _statement_status(statement: str) -> str | None:
    text = statement.replace(" ", "")
    if any(cue in text for cue in _REFUSE):
        return "not"
    if any(cue in text for cue in _REVIEW):
        return "under_review"
    if any(cue in text for cue in _ACT):
        return "reflected"
    return None


def infer_status(response: object) -> str | None:
    """Infer a response status from the department's reply (module rules).

    Parameters
    ----------
    response : object
        The 부서의견 text (already stripped of formatting HTML).

    Returns
    -------
    str or None
        ``reflected``, ``partly``, ``not``, ``under_review`` or ``duplicate``; None
        when there is no reply.
    """
    if response is None or (isinstance(response, float) and pd.isna(response)):
        return None
    text = str(response).strip()
    if not text:
        return None
    if text.replace(" ", "") == "중복":
        return "duplicate"
    found = {s for s in (_statement_status(p) for p in _SPLIT.split(text) if p and p.strip()) if s}
    if found == {"reflected"}:
        return "reflected"
    if "reflected" in found:
        return "partly"
    if found == {"not"}:
        return "not"
    return "under_review"


def opinion_statuses(opinions: pd.DataFrame) -> pd.DataFrame:
    """Add ``responded``, ``status`` and ``status_source`` (explicit/inferred) to each opinion.

    Parameters
    ----------
    opinions : DataFrame
        Canonical ``opinions`` table.

    Returns
    -------
    DataFrame
        A copy with the three columns; ``status_ko`` holds the Korean label.
    """
    out = opinions.copy()
    response = out["response"].astype(object)
    out["responded"] = response.map(lambda r: isinstance(r, str) and bool(r.strip()))
    raw = out["response_status"].tolist() if "response_status" in out else [None] * len(out)
    explicit = [v if isinstance(v, str) and v else None for v in raw]
    inferred = [infer_status(r) for r in response]
    out["status"] = pd.Series(
        [e if e is not None else i for e, i in zip(explicit, inferred, strict=True)], index=out.index, dtype=object
    )
    out["status_source"] = [
        "explicit" if e is not None else ("inferred" if i is not None else "") for e, i in zip(explicit, inferred, strict=True)
    ]
    out["status_ko"] = out["status"].map(STATUS_LABELS).fillna("미회신")
    return out


def opinion_table(opinions: pd.DataFrame, plan_items: pd.DataFrame) -> pd.DataFrame:
    """Seed 000's monitoring table with the response status.

    Returns
    -------
    DataFrame
        Korean columns 전략, 사업번호, 세부사업명, 담당부서, 팀, 모니터링분과,
        모니터링의견, 부서의견, 반영여부 (``(추정)`` marks an inferred status), in the
        plan's item order.
    """
    scored = opinion_statuses(opinions)
    plan = plan_items[["district_code", "year", "item_code", "strategy", "item_name", "department", "team"]].copy()
    plan["_order"] = range(len(plan))
    merged = scored.merge(plan, on=["district_code", "year", "item_code"], how="left")
    merged = merged.sort_values(["_order", "item_code"], na_position="last", kind="stable")
    status = [
        f"{ko} (추정)" if source == "inferred" else ko for ko, source in zip(merged["status_ko"], merged["status_source"], strict=True)
    ]
    return pd.DataFrame(
        {
            "전략": merged["strategy"],
            "사업번호": merged["item_code"],
            "세부사업명": merged["item_name"],
            "담당부서": merged["department"],
            "팀": merged["team"],
            "모니터링분과": merged["subcommittee"],
            "모니터링의견": merged["opinion"],
            "부서의견": merged["response"],
            "반영여부": status,
        }
    ).reset_index(drop=True)


def opinion_summary(opinions: pd.DataFrame, plan_items: pd.DataFrame, by: str = "department") -> pd.DataFrame:
    """Counts of opinions, responses and statuses per department, subcommittee or item.

    Parameters
    ----------
    by : {"department", "subcommittee", "item_code"}

    Returns
    -------
    DataFrame
        ``<by>``, ``n_opinions``, ``n_responded`` and one count column per status
        label (반영, 부분반영, 미반영, 검토중, 중복, 미회신).
    """
    if by not in ("department", "subcommittee", "item_code"):
        raise ValueError(f"unknown grouping: {by}")
    scored = opinion_statuses(opinions)
    if by == "department":
        scored = scored.merge(
            plan_items[["district_code", "year", "item_code", "department"]], on=["district_code", "year", "item_code"], how="left"
        )
        scored["department"] = scored["department"].fillna("(시행계획에 없음)")
    counts = scored.groupby(by).agg(n_opinions=("opinion", "size"), n_responded=("responded", "sum"))
    statuses = pd.crosstab(scored[by], scored["status_ko"])
    for label in [*STATUS_LABELS.values(), "미회신"]:
        if label not in statuses:
            statuses[label] = 0
    return counts.join(statuses[[*STATUS_LABELS.values(), "미회신"]]).reset_index()
