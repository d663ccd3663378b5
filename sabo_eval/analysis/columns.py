"""Every column the analysis API returns, documented once, with its Korean label for display.

Column names are English snake_case (easy to type in pandas); :data:`COLUMNS` maps each
to the Korean label a table shown to a secretariat or printed in a report should carry,
and :func:`korean_labels` relabels a frame for display. Percentages are in percent
(0–100, uncapped where a value can exceed 100); dates are ``datetime64``.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["COLUMNS", "korean_labels"]

COLUMNS: dict[str, str] = {
    # who and when
    "district_code": "시군구코드",  # 5-digit 행정기관 code
    "district_name": "시군구명",
    "year": "연도",
    "month": "월",  # 1–12
    "period": "기간(연-월)",  # "YYYY-MM"
    # members and meetings
    "member_id": "위원ID",  # as the district writes it; repeats between districts
    "member_key": "위원키(시군구:위원ID)",  # unique across districts
    "name": "위원명",  # masked (김*수) unless names=True
    "sector": "민관구분",  # private (민) / public (관)
    "body": "협의체",  # representative / working / subcommittee / dong
    "subcommittee": "분과",
    "role": "직위",
    "joined_on": "위촉일",
    "left_on": "해촉일",
    "meeting_id": "회의ID",
    "held_on": "개최일",
    "kind": "구분(회의·지표·발언 종류)",  # a meeting's kind, an indicator's (proportion / rate / ratio / amount), or a statement's (역할, 문제점, 개선방안, 사례, 의견, 공통의견)
    "status": "상태(출석 표시·반영 여부)",  # an attendance mark, or an opinion's response status
    "attended": "참석",  # bool: the mark counts as attended
    # attendance rates
    "group": "회의체·토론 조",  # 협의체 전체, a body or a subcommittee; a discussion statement's group ("1조")
    "group_order": "회의체 순서",
    "label": "구분(월·평균·전체)",  # the month, 평균 (mean of months), 전체(합산) (pooled), 회의 없음
    "n_meetings": "회의 수",
    "total_attended": "참석 인원(전체)",
    "total_eligible": "재적 인원(전체)",
    "total_rate": "출석률(전체, %)",
    "private_attended": "참석 인원(민)",
    "private_eligible": "재적 인원(민)",
    "private_rate": "출석률(민, %)",
    "public_attended": "참석 인원(관)",
    "public_eligible": "재적 인원(관)",
    "public_rate": "출석률(관, %)",
    "n_eligible": "참석 대상 회의 수",
    "n_attended": "참석 회의 수",
    "rate": "율(출석률 %·비율·1,000명당)",  # a member's rate (%), a funnel's rate, the pilot's rate per 1,000
    "tenure_days": "재임 일수",
    "is_current": "현직 여부",
    # plan and indicators
    "plan_period": "계획기수",
    "framework": "전략체계",
    "strategy": "추진전략",
    "key_project": "중점사업",
    "item_code": "사업번호",
    "item_name": "세부사업명",
    "department": "담당부서",
    "team": "팀",
    "change": "변경구분",  # a plan item's 신설/폐지/변경
    "indicator": "성과지표명",
    "unit": "단위",
    "direction": "지표방향",  # up / down
    "baseline": "기준치",
    "target": "목표",  # an indicator's target, or a funnel's target rate
    "actual": "실적",
    "achievement": "달성률(%)",
    "achievement_uncapped": "달성률(상한 없음, %)",
    "reason": "값이 없는 이유",
    "flag_no_target": "목표 없음",
    "flag_no_actual": "실적 없음",
    "flag_above_150": "달성률 150% 초과",
    "flag_below_50": "달성률 50% 미만",
    "flag_target_changed": "목표 변경",
    "flags": "확인 필요",
    "n_indicators": "지표 수",
    "n_scored": "달성률이 있는 지표 수",
    "n_no_target": "목표 없는 수",
    "n_no_actual": "실적 없는 수",
    "has_target": "목표 있음",
    "achieved": "달성(100% 이상)",
    "n_strategies": "전략 수",
    "n_key_projects": "중점사업 수",
    "n_items": "세부사업 수",
    "n_with_target": "목표 있는 사업 수",
    "n_achieved": "달성 사업 수",
    "n_items_scored": "달성률이 있는 사업 수",
    # budget
    "planned": "계획예산",
    "revised": "변경예산",  # at strategy level: revised where given, else planned (the base)
    "executed": "집행액",
    "base": "집행률 기준 예산",  # revised, else planned
    "execution_rate": "집행률(%)",
    "over_100": "집행률 100% 초과",
    "revised_flag": "예산 변경",
    "n_over_100": "100% 초과 사업 수",
    # opinions
    "opinion": "모니터링의견",
    "response": "부서의견",
    "response_status": "반영여부(적힌 값)",
    "responded": "회신 여부",
    "status_source": "반영여부 근거",  # explicit / inferred
    "status_ko": "반영여부",
    # discussions (minutes of workshops and meetings)
    "event_id": "행사ID",
    "event_name": "행사명",
    "event_date": "행사 일자",
    "host": "주관",  # a district code or the body's name
    "topic_no": "주제 번호",
    "topic": "주제",
    "groups": "토론 조 목록",  # as announced for the topic, else the groups of its entries
    "region": "지역",
    "side": "발언 측(관·민·공통)",
    "text": "발언 내용",
    "seq": "발언 순서",
    "pair": "문제점·개선방안 쌍 번호",
    "line": "원문 줄 번호",
    "source": "원본 파일",
    "n_topics": "주제 수",
    "n_statements": "발언 수",
    "n_unparsed": "읽지 못한 줄 수",
    "stored_at": "저장 시각",
    # service indicators and funnels
    "indicator_id": "지표ID",
    "indicator_name": "지표명",
    "program": "사업",
    "per": "기준 단위",  # 100 (percent) or per 1,000 residents
    "numerator": "분자",
    "denominator": "분모",
    "value": "값",  # an indicator's value, or the pilot panel's monthly count
    "ci_low": "95% 신뢰구간 하한",
    "ci_high": "95% 신뢰구간 상한",
    "numerator_per_dong_month": "동·월당 분자",
    "denominator_per_dong_month": "동·월당 분모",
    "n_months": "보고 개월 수",
    "previous_value": "전년 값",
    "value_change": "전년 대비 변화",
    "level": "관리한계 수준",  # 0.95 or 0.998
    "lower": "관리한계 하한",
    "upper": "관리한계 상한",
    "lower_unadjusted": "관리한계 하한(과산포 보정 전)",
    "upper_unadjusted": "관리한계 상한(과산포 보정 전)",
    "outside": "한계 밖",
    "position": "위치",
    "phi": "과산포 φ",
    "tau2": "시군구 간 분산 τ²",
    "method": "방법",
    # pilot panel
    "population": "인구수",
    "treated": "시범 여부",  # 1: pilot district
    "start": "시범 시작 월",
    "post": "시범 기간",  # 1: from the start month
    "in_districts": "시군구 표에 있음",
    # self-evaluation survey and project ratings (analysis.survey)
    "survey": "조사명",
    "item": "문항번호",
    "domain": "영역",
    "wording": "문항",
    "scale": "척도",  # likert5 (5점) / appropriateness (적절·보통·부적절) / yesno (예·아니오)
    "respondent": "응답자",  # an anonymous id
    "answer": "응답(적힌 값)",
    "unknown": "척도에 없는 응답",
    "stage": "평가단계",  # 계획수립 / 이행점검 / 결과확인
    "rating": "평가결과",  # 적절 / 보통 / 부적절
    "rater": "평가주체",
    # cross-district statistics (sector_gap, sector_gap_trend)
    "diff_pp": "차이(민−관, %p)",
    "p_value": "p값",
    "n_records": "출석 기록 수",
    "n_members": "위원 수",
    "n_districts": "시군구 수",
    "change_pp_per_year": "연간 변화(%p/년)",
    "change_ci_low": "연간 변화 신뢰구간 하한",
    "change_ci_high": "연간 변화 신뢰구간 상한",
    "change_p_value": "연간 변화 p값",
}
"""English column name → Korean label (with the unit where there is one).

Every column any function of :mod:`sabo_eval.analysis.data` (and :mod:`~sabo_eval.analysis.survey`) returns is here (a test
checks); a comment beside an entry says what it holds where the name alone does not.

Examples
--------
>>> from sabo_eval import COLUMNS
>>> COLUMNS["member_key"]
'위원키(시군구:위원ID)'
"""


def korean_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with its columns relabelled in Korean for display (unknown ones kept).

    Parameters
    ----------
    frame : DataFrame
        A frame from the analysis API (or any frame with its column names).

    Returns
    -------
    DataFrame
        The same values; columns renamed with :data:`COLUMNS`.

    Examples
    --------
    >>> import pandas as pd
    >>> from sabo_eval import korean_labels
    >>> korean_labels(pd.DataFrame({"district_code": ["41110"], "execution_rate": [93.1]})).columns.tolist()
    ['시군구코드', '집행률(%)']
    """
    return frame.rename(columns=COLUMNS)
