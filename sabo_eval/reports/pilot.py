"""What the pilot evaluation notebook shows (seed 004): DiD, event study, placebo, ITS.

Seed 004 (서울시 복지서비스 전달체계 시범운영 추진계획, 2013.1) ran a new welfare
delivery system in a few districts from 2013-03: new pilot districts (시범자치구) and
districts that had already strengthened their dong welfare (기 동복지강화 자치구). The
notebook ``notebooks/pilot_evaluation.ipynb`` is thin: it sets the parameters, builds
a :class:`PilotReport` and displays its parts. Every number comes from
:mod:`sabo_eval.stats.pilot`; this module reads the warehouse (read-only), formats,
escapes and draws.

The main comparison is the pilot districts against the comparison districts (every
other district with the monthly series, minus the already-strengthened ones, which
are compared with the same comparison districts separately).
"""

from __future__ import annotations

import html
import json
import logging
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
from IPython.display import HTML

from ..errors import ReportError
from ..stats.did import PilotEffect, pilot_effect
from ..stats.pilot import (
    DidResult,
    EventStudyResult,
    ItsResult,
    SensitivityResult,
    StaggeredResult,
    aggregated_did,
    event_study,
    interrupted_time_series,
    panel_from_services,
    placebo,
    placebo_rejection_rates,
    relative_magnitudes,
    staggered_did,
)
from ..warehouse.district_data import all_data_hash
from ..warehouse.store import Warehouse
from . import charts
from .export import write_atomic
from .pilot_charts import GROUP_LABELS, event_study_figure, small_multiples_figure
from .pilot_inputs import _codes, _excluded, _optional, _refuse_lost_treated, _starts
from .pilot_sections import PilotSections, _interval, _num, _p, _p_text
from .tables import html_table
from .xlsx import write_tables_xlsx

__all__ = ["PilotReport", "parse_outcome", "unit_of_measure"]

logger = logging.getLogger(__name__)


def parse_outcome(outcome: str) -> tuple[str, str]:
    """Split ``"복지상담/상담건수"`` into program and measure.

    Raises
    ------
    ReportError
        When the text is not ``사업/항목``.
    """
    program, sep, measure = str(outcome).partition("/")
    if not sep or not program.strip() or not measure.strip():
        raise ReportError(
            f"결과 지표는 '사업/항목' 형식이어야 합니다: {outcome!r}", "outcome must be 'program/measure'"
        )
    return program.strip(), measure.strip()


def unit_of_measure(measure: str) -> str:
    """The counting unit of a measure, from its name (건, 가구, 명; empty when unknown)."""
    for suffix, unit in (("가구", "가구"), ("건수", "건"), ("건", "건"), ("인원", "명"), ("명", "명")):
        if measure.endswith(suffix):
            return unit
    return ""


def _topic(word: str) -> str:
    """``word`` with the topic particle 은/는 chosen by its last syllable."""
    last = word[-1:] if word else ""
    if "가" <= last <= "힣":
        return word + ("은" if (ord(last) - 0xAC00) % 28 else "는")
    return word + "은(는)"


class PilotReport(PilotSections):
    """The parts of the pilot evaluation report.

    Parameters
    ----------
    outcome : str
        ``"사업/항목"`` of the monthly ``services`` rows, e.g. ``"복지상담/상담건수"``;
        analysed per 1,000 residents (``districts.population`` of the year).
    pilot_districts : iterable of str
        District codes of the pilot (treated) group.
    start : str or mapping
        First month of the pilot, ``"YYYY-MM"``, or a mapping district code → its own
        first month (staggered starts; then Callaway–Sant'Anna is shown beside the
        two-way fixed-effects DiD). Strengthened districts take the earliest start.
    end : str, optional
        Last month of the pilot; later months are left out.
    warehouse : path-like, optional
        Warehouse file (default: ``$SABO_EVAL_DB`` or ``data/warehouse.duckdb``),
        opened read-only.
    strengthened_districts : iterable of str
        Districts treated in another way (기 동복지강화): left out of the comparison
        group and estimated separately against it.
    placebo_start : str, optional
        Fake start of the placebo test (default: the middle month of the pre-period).
    alpha : float
        1 - confidence level (0.05).
    snapshot_path : path-like, optional
        Where to write the hash of the warehouse's current submissions, read in the
        same transaction as the data (the runner keys the report with it).

    Raises
    ------
    ReportError
        When the outcome has no monthly rows, a district has no data, or the dates
        leave no months before or after the start.
    """

    def __init__(
        self,
        outcome: str,
        pilot_districts: Iterable[object],
        start: str | dict,
        end: str | None = None,
        warehouse: str | Path | None = None,
        *,
        strengthened_districts: Iterable[object] | None = (),
        placebo_start: str | None = None,
        alpha: float = 0.05,
        snapshot_path: str | Path | None = None,
        frames: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame] | None = None,
    ) -> None:
        self.program, self.measure = parse_outcome(outcome)
        self.pilot = _codes(pilot_districts)
        self.strengthened = [c for c in _codes(strengthened_districts) if c not in self.pilot]
        self.starts = _starts(self.pilot, start)
        self.start, self.end = min(self.starts.values(), default=str(start)), (None if end in (None, "") else str(end))
        self.alpha = float(alpha)
        self.unit = unit_of_measure(self.measure)
        self._exported: dict[str, pd.DataFrame] = {}
        if not self.pilot:
            raise ReportError("시범 시군구를 하나 이상 지정해야 합니다", "no pilot district given")
        if frames is None:  # ``frames`` (services, districts, submissions): tests without a warehouse
            services, districts, submissions = self._read(warehouse)
        else:
            (services, districts, submissions), self.data_hash = frames, ""
        if snapshot_path:
            write_atomic(Path(snapshot_path), json.dumps({"data_hash": self.data_hash}))
        try:
            self._estimate(services, districts, placebo_start)
        except (ValueError, KeyError) as exc:
            raise ReportError(f"시범 평가를 계산할 수 없습니다: {exc}", f"cannot evaluate the pilot: {exc}") from exc
        names = pd.concat([self._panel, self._strong_panel]) if self._strong_panel is not None else self._panel
        self.names = (
            names.dropna(subset=["district_name"]).drop_duplicates("district_code").set_index("district_code")["district_name"].to_dict()
            if "district_name" in names
            else {}
        )
        self.periods = sorted(self._panel["period"].unique())
        self.comparison = sorted(set(self._panel.loc[self._panel["treated"] == 0, "district_code"]))
        self._submissions = self._used_submissions(submissions, names)
        self.its = self._its()
        charts.use_korean_font()

    # ---------------------------------------------------------------- set-up

    def _read(self, warehouse: str | Path | None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """The monthly ``services`` rows of the outcome, ``districts`` and ``submissions`` (read-only)."""
        with Warehouse(warehouse, read_only=True) as wh, wh.snapshot():  # one consistent read
            self.data_hash = all_data_hash(wh)
            services = wh.query(
                "SELECT district_code, year, month, dong, program, measure, value FROM services "
                "WHERE program = ? AND measure = ? AND month IS NOT NULL",
                [self.program, self.measure],
            )
            districts = wh.table("districts")
            submissions = wh.table("submissions")
        return services, districts, submissions

    def _estimate(self, services: pd.DataFrame, districts: pd.DataFrame, placebo_start: str | None) -> None:
        """Build the panels and run every estimator (ValueError/KeyError when the main ones cannot)."""
        strong_starts = dict.fromkeys(self.strengthened, self.start)
        self._panel = panel_from_services(
            services, districts, self.program, self.measure, self.pilot, self.starts, self.end, exclude=self.strengthened
        )
        self._strong_panel = (
            panel_from_services(
                services, districts, self.program, self.measure, self.strengthened, strong_starts, self.end, exclude=self.pilot
            )
            if self.strengthened
            else None
        )
        self._excluded = _excluded(self._panel, self._strong_panel)
        _refuse_lost_treated(self._excluded, self.pilot)
        self.effect: PilotEffect = pilot_effect(self._panel, "rate", alpha=self.alpha)
        self.result: DidResult = self.effect.cr1
        self.check: DidResult = aggregated_did(self._panel, "rate", alpha=self.alpha)
        self.events: EventStudyResult = event_study(self._panel, "rate", self.start, alpha=self.alpha)
        self.placebo_result: DidResult | None = _optional(placebo, self._panel, "rate", placebo_start, alpha=self.alpha)
        self.strong_effect = (
            _optional(pilot_effect, self._strong_panel, "rate", alpha=self.alpha) if self._strong_panel is not None else None
        )
        self.strong_result = self.strong_effect.cr1 if self.strong_effect is not None else None
        self.strong_check = (
            _optional(aggregated_did, self._strong_panel, "rate", alpha=self.alpha) if self._strong_panel is not None else None
        )
        self.placebo_rates = self._placebo_rates()
        self.sensitivity: SensitivityResult | None = _optional(relative_magnitudes, self.events)
        self.staggered: StaggeredResult | None = _optional(staggered_did, self._panel, "rate", self.starts, alpha=self.alpha)

    def _placebo_rates(self) -> pd.DataFrame:
        """How often each method rejects a true zero among this report's comparison districts."""
        rows = self._panel[(self._panel["treated"] == 0) & self._panel["rate"].notna()]
        sizes = tuple(k for k in (1, 2, 3) if k < rows["district_code"].nunique() - 1)
        return placebo_rejection_rates(rows, "rate", sizes, alpha=self.alpha)

    @staticmethod
    def _used_submissions(submissions: pd.DataFrame, names: pd.DataFrame) -> pd.DataFrame:
        """The current submissions of the district-years in the panels, by district and year."""
        used = set(zip(names["district_code"], names["year"], strict=True))
        current = submissions[submissions["is_current"]]
        keep = [(c, int(y)) in used for c, y in zip(current["district_code"], current["year"], strict=True)]
        return current[keep].sort_values(["district_code", "year"])

    # ---------------------------------------------------------------- helpers

    def _name(self, code: str) -> str:
        return str(self.names.get(code, code))

    def _names(self, codes: Iterable[str]) -> str:
        return "·".join(self._name(c) for c in codes)

    @property
    def outcome_label(self) -> str:
        """``복지상담 상담건수`` as read from the data."""
        return f"{self.program} {self.measure}"

    @property
    def rate_unit(self) -> str:
        """``주민 1,000명당 월 건``."""
        return f"주민 1,000명당 월 {self.unit}".rstrip()

    def _table(self, frame: pd.DataFrame, caption: str, css_class: str = "sabo-table") -> str:
        """Render a table and keep it for :meth:`save_tables`."""
        self._exported[caption] = frame
        return html_table(frame, caption=caption, css_class=css_class)

    def save_tables(self, path: str | Path | None) -> None:
        """Write every table shown so far to an xlsx workbook (no-op without a path)."""
        if path:
            write_tables_xlsx(self._exported, path)

    def _comparison_mean(self) -> pd.Series:
        rows = self._panel[self._panel["treated"] == 0]
        return rows.groupby("period")["rate"].mean()

    def _its(self) -> dict[str, tuple[str, ItsResult | None]]:
        """Interrupted series of every treated district: its rate minus the comparison mean."""
        base = self._comparison_mean()
        out: dict[str, tuple[str, ItsResult | None]] = {}
        frames = [("pilot", self._panel)] + ([("strengthened", self._strong_panel)] if self._strong_panel is not None else [])
        for group, frame in frames:
            for code in sorted(set(frame.loc[frame["treated"] == 1, "district_code"])):
                series = frame[frame["district_code"] == code].set_index("period")["rate"]
                gap = (series - base.reindex(series.index)).dropna()
                try:
                    out[code] = (group, interrupted_time_series(gap, self.start, alpha=self.alpha))
                except ValueError as exc:
                    logger.warning("단절 시계열 생략 %s: %s", code, exc)
                    out[code] = (group, None)
        return out

    # ---------------------------------------------------------------- sections

    def title(self) -> HTML:
        """Heading: the outcome (from the data), dates and the groups."""
        span = f"{self.start}~{self.end}" if self.end else f"{self.start}부터"
        groups = f"시범자치구 {len(self.pilot)}곳({self._names(self.pilot)})"
        if self.strengthened:
            groups += f", 기 동복지강화 자치구 {len(self.strengthened)}곳({self._names(self.strengthened)})"
        groups += f", 비교 자치구 {len(self.comparison)}곳"
        return HTML(
            f"<h1>시범운영 효과 평가: {html.escape(self.outcome_label)}</h1>"
            f"<p class='sabo-meta'>결과 지표 {html.escape(self.outcome_label)} ({html.escape(self.rate_unit)}) · "
            f"시범 {html.escape(span)} · 자료 {html.escape(self.periods[0])}~{html.escape(self.periods[-1])} · "
            f"{html.escape(groups)}</p>"
        )

    def _method_rows(self, e: PilotEffect, check: DidResult) -> list[tuple[str, float, float, float, float, float, str]]:
        """(method, effect, low, high, pct low, pct high, p, n) of the headline and its second opinions."""
        rows = [("무작위화(순열) 추론 ← 본 결과", e.effect, e.ci_low, e.ci_high, e.pct_ci_low, e.pct_ci_high, e.p_value,
                 f"{e.n_obs:,}")]
        b = e.bootstrap
        if b is not None:
            pct = (100 * b.ci_low / e.pre_mean, 100 * b.ci_high / e.pre_mean) if e.pre_mean > 0 else (np.nan, np.nan)
            rows.append((f"야생 군집 부트스트랩(Webb, {b.draws:,}회, 참고)", e.effect, b.ci_low, b.ci_high, *pct, b.p_value,
                         f"{e.n_obs:,}"))
        if e.cr1 is not None:
            c = e.cr1
            rows.append(("자치구 군집 표준오차(CR1, t 분포, 참고)", c.effect, c.ci_low, c.ci_high, c.pct_ci_low, c.pct_ci_high,
                         c.p_value, f"{c.n_obs:,}"))
        rows.append(("점검: 자치구 전후 평균 비교(합동분산 t)", check.effect, check.ci_low, check.ci_high, check.pct_ci_low,
                     check.pct_ci_high, check.p_value, f"{check.n_obs:,}개 구"))
        return rows

    def _estimate_rows(self) -> pd.DataFrame:
        unit = self.unit
        rows = []
        pairs = [("시범자치구", len(self.pilot), self.effect, self.check)]
        if self.strong_effect is not None and self.strong_check is not None:
            pairs.append(("기 동복지강화 자치구", len(self.strengthened), self.strong_effect, self.strong_check))
        for label, n, e, check in pairs:
            for method, effect, low, high, pct_low, pct_high, p, n_obs in self._method_rows(e, check):
                rows.append(
                    {
                        "비교": f"{label} {n}곳 vs 비교 자치구 {len(self.comparison)}곳",
                        "방법": method,
                        f"효과(1,000명당 월 {unit})": _num(effect, sign=True),
                        "95% 신뢰구간": _interval(low, high) if np.isfinite(low) or np.isfinite(high) else "생략",
                        f"시작 전 평균({unit})": _num(e.pre_mean),
                        "효과(%)": _num(100 * effect / e.pre_mean if e.pre_mean > 0 else np.nan, 1, sign=True) + "%",
                        "95% 신뢰구간(%)": _interval(pct_low, pct_high, 1, "%"),
                        "p값": _p(p),
                        "관측치": n_obs,
                    }
                )
        return pd.DataFrame(rows)

    def _rates_text(self, column: str) -> str:
        rates = self.placebo_rates
        return "·".join(f"{100 * v:.1f}%" for v in rates[column])

    def _inference_sentence(self) -> str:
        """Why the interval comes from randomization inference, with this data's placebo rates."""
        e, n, k = self.effect, len(self.pilot), len(self.comparison)
        sizes = "·".join(str(v) for v in self.placebo_rates["n_treated"])
        text = (
            f"시범자치구가 {n}곳뿐이라 처리된 군집(자치구)이 적습니다. 이럴 때 흔히 쓰는 자치구 군집 표준오차(CR1)는 믿기 어렵습니다: "
            f"이 자료의 비교 자치구 {k}곳 가운데 {sizes}곳에 가짜 시범을 배정해 보면(모든 조합), 효과가 없는데도 CR1은 "
            f"{self._rates_text('cr1_rate')}의 조합에서 '0이 아님'(5% 수준)으로 판정합니다. 그래서 신뢰구간과 p값은 "
            f"무작위화(순열) 추론으로 구했습니다. 시범자치구를 같은 수의 다른 자치구 조합으로 골랐다면 나왔을 추정치 "
            f"{e.randomization.n_assignments:,}가지와 실제 추정치를 견주는 방법으로, 같은 가짜 배정에서 "
            f"{self._rates_text('ri_rate')}만 '0이 아님'으로 판정했습니다(5%를 넘지 않음)."
        )
        if e.permutation_only:
            return text + (
                f" 시범자치구가 1곳이므로 판단은 순열 추론에만 기댑니다. 이때 p값은 1/{e.randomization.n_assignments} = "
                f"{e.randomization.min_p:.3f}보다 작아질 수 없습니다."
            )
        b = e.bootstrap
        if b is not None:
            text += (
                f" 두 번째 의견인 야생 군집 부트스트랩(Webb 가중치)의 p값은 {_p(b.p_value)}입니다"
                "(처리 자치구가 적으면 이 방법은 효과를 잘 인정하지 않는 쪽으로 치우칩니다)."
            )
        return text

    def findings(self) -> list[str]:
        """Korean sentences: the result, its uncertainty and its limits (the first from :func:`pilot_effect`)."""
        r, c, e = self.effect, self.check, self.events
        unit, n, k = self.unit, len(self.pilot), len(self.comparison)
        direction = "더 늘었습니다" if r.effect > 0 else "더 줄었습니다"
        out = [
            f"시범자치구 {n}곳({self._names(self.pilot)})의 {_topic(self.outcome_label)} 시범 시작({self.start}) 뒤 "
            f"비교 자치구 {k}곳보다 주민 1,000명당 월 {abs(r.effect):.2f}{unit} {direction}"
            f"(95% 신뢰구간 {_interval(r.ci_low, r.ci_high)}{unit}, {_p_text(r.p_value)}). 시작 전 시범자치구 평균 "
            f"{r.pre_mean:.2f}{unit}의 {r.effect_pct:+.1f}%(95% 신뢰구간 {_interval(r.pct_ci_low, r.pct_ci_high, 1, '%')})에 "
            "해당합니다."
        ]
        if r.rejects():
            out.append("신뢰구간이 0을 포함하지 않아 우연만으로는 설명하기 어려운 차이입니다.")
        else:
            out.append("신뢰구간이 0을 포함하므로 시범의 효과가 있다고 단정할 수 없습니다.")
        out.append(self._inference_sentence())
        agree = r.rejects() == (c.ci_low > 0 or c.ci_high < 0)
        out.append(
            f"자치구마다 전후 평균 차이를 구해 비교한 점검 구간은 {_interval(c.ci_low, c.ci_high)}{unit}({_p_text(c.p_value)})로, "
            + ("결론이 같습니다." if agree else "결론이 달라 결과를 확정적으로 볼 수 없습니다.")
        )
        trend = "이 추정은 시범이 없었다면 시범자치구와 비교 자치구가 같은 추세로 움직였으리라는 평행추세 가정에 기댑니다. "
        if np.isfinite(e.pretrend_p):
            trend += f"시작 전 {e.pretrend_leads}개월의 차이가 모두 0인지 본 사전추세 검정은 {_p_text(e.pretrend_p)}로, "
            trend += (
                "평행추세에 어긋난다는 뚜렷한 증거는 없습니다. 다만 이 검정은 검정력이 낮아 가정이 맞다는 증명은 아닙니다."
                if e.pretrend_p >= 0.05
                else "시작 전에도 두 집단의 움직임이 달랐습니다. 평행추세 가정이 의심되므로 효과 추정을 그대로 믿기 어렵습니다."
            )
        else:
            trend += "시작 전 자료가 모자라 사전추세 검정을 하지 못했습니다."
        out.append(trend)
        out.append(
            "시범자치구는 공모로 선정되었으므로(무작위 배정이 아님) 의지와 여건이 나은 자치구가 뽑혔을 수 있고, "
            "그 차이가 시작 시점에 함께 나타났다면 시범의 효과와 구별되지 않습니다."
        )
        if self.strong_effect is not None and self.strong_check is not None:
            s = self.strong_effect
            m = len(self.strengthened)
            out.append(
                f"기 동복지강화 자치구 {m}곳({self._names(self.strengthened)})은 같은 비교 자치구보다 월 {s.effect:+.2f}{unit}"
                f"({s.effect_pct:+.1f}%, 95% 신뢰구간 {_interval(s.ci_low, s.ci_high)}{unit}, {_p_text(s.p_value)}, "
                f"무작위화 추론) 달라졌습니다. {m}곳뿐이어서 불확실성이 매우 크므로 점검 구간 "
                f"{_interval(self.strong_check.ci_low, self.strong_check.ci_high)}{unit}을 함께 보십시오."
                + (" 1곳이므로 판단은 순열 추론에만 기댑니다." if s.permutation_only else "")
            )
        if self.end:
            out.append(f"시범기간({self.start}~{self.end}) 뒤의 달은 분석에서 뺐습니다.")
        return out

    def estimate(self) -> HTML:
        """The estimate table and the sentences stating the result and its limits."""
        items = "".join(f"<li>{html.escape(s)}</li>" for s in self.findings())
        table = self._table(self._estimate_rows(), caption=f"시범운영 효과 추정 ({self.outcome_label}, {self.rate_unit})")
        return HTML(f"{table}<ul class='sabo-findings'>{items}</ul>")

    def event_study_chart(self) -> HTML:
        """Leads and lags with their intervals, the 0 line and the start marker."""
        e = self.events
        coef = e.coefficients
        fig = event_study_figure(coef, self.start, self.rate_unit, self.outcome_label)
        chart = charts.figure_html(
            fig,
            alt=(
                f"{self.outcome_label} 사건연구 그림: 시작 전 {e.pretrend_leads}개월과 시작 후 "
                f"{int((coef['kind'] == 'lag').sum())}개월의 시범자치구-비교 자치구 차이와 95% 신뢰구간, 0 기준선, {self.start} 시작 표시"
            ),
            caption="점: 추정 차이, 선분: 95% 신뢰구간(자치구 군집), 빨간 점선: 시범 시작",
        )
        sentence = (
            f"사전추세 검정(시작 전 {e.pretrend_leads}개월 차이가 모두 0인지, F({e.pretrend_df[0]}, {e.pretrend_df[1]}) = "
            f"{_num(e.pretrend_f)}): {_p_text(e.pretrend_p)}."
            if np.isfinite(e.pretrend_p)
            else "시작 전 자료가 모자라 사전추세 검정을 하지 못했습니다."
        )
        table = pd.DataFrame(
            {
                "시작 기준 개월": coef["event_time"],
                "월": coef["period"],
                "구분": coef["kind"].map({"lead": "시작 전", "reference": "기준", "lag": "시작 후"}),
                f"차이(1,000명당 월 {self.unit})": [_num(v, sign=True) for v in coef["estimate"]],
                "95% 신뢰구간": [_interval(lo, hi) for lo, hi in zip(coef["ci_low"], coef["ci_high"], strict=True)],
                "p값": coef["p_value"].map(_p),
            }
        )
        details = f"<details><summary>월별 계수 표</summary>{self._table(table, caption='사건연구 계수')}</details>"
        return HTML(f"{chart}<p>{html.escape(sentence)}</p>{details}")

    def placebo(self) -> HTML:
        """The DiD at a fake start inside the pre-period."""
        p = self.placebo_result
        if p is None:
            return HTML("<p>시작 전 기간이 짧아(2개월 미만) 위약 검정을 하지 못했습니다.</p>")
        clear = p.ci_low > 0 or p.ci_high < 0
        sentence = (
            f"실제 시작 전 자료만 써서 가짜 시작 시점 {p.start}에 시범이 시작된 것처럼 같은 분석을 하면, 차이는 월 "
            f"{p.effect:+.2f}{self.unit}(95% 신뢰구간 {_interval(p.ci_low, p.ci_high)}{self.unit}, {_p_text(p.p_value)})"
            + (
                "로 0에서 벗어납니다. 시작 전부터 두 집단의 추세가 달랐을 수 있으므로 본 추정을 조심해서 읽어야 합니다."
                if clear
                else "로 0과 구별되지 않습니다. 시작 전에 이미 벌어지던 차이가 효과로 잡혔을 가능성을 낮춰 줍니다."
            )
        )
        table = pd.DataFrame(
            [
                {
                    "가짜 시작": p.start,
                    "사용 기간": f"{self.periods[0]}~{self._before(self.start)}",
                    f"차이(1,000명당 월 {self.unit})": _num(p.effect, sign=True),
                    "95% 신뢰구간": _interval(p.ci_low, p.ci_high),
                    "효과(%)": _num(p.effect_pct, 1, sign=True) + "%",
                    "p값": _p(p.p_value),
                    "관측치": f"{p.n_obs:,}",
                }
            ]
        )
        return HTML(self._table(table, caption="위약(placebo) 검정") + f"<p>{html.escape(sentence)}</p>")

    def _before(self, period: str) -> str:
        earlier = [p for p in self.periods if p < period]
        return earlier[-1] if earlier else period

    def district_series(self) -> HTML:
        """Per treated district: interrupted-series table and small multiples."""
        rows = []
        for code, (group, r) in self.its.items():
            rows.append(
                {
                    "자치구": self._name(code),
                    "구분": GROUP_LABELS[group],
                    f"수준 변화(1,000명당 월 {self.unit})": "-" if r is None else _num(r.level_change, sign=True),
                    "수준 변화 95% 신뢰구간": "-" if r is None else _interval(*r.level_ci),
                    "기울기 변화(월마다)": "-" if r is None else _num(r.slope_change, 3, sign=True),
                    "기울기 변화 95% 신뢰구간": "-" if r is None else _interval(*r.slope_ci, 3),
                    "시점(전/후)": "-" if r is None else f"{r.n_pre}/{r.n_post}",
                }
            )
        note = (
            "<p class='sabo-note'>자치구마다 '이 자치구 - 비교 자치구 평균'의 월별 차이를 분절 회귀(단절 시계열)로 보아, "
            "시작 시점의 수준 변화와 그 뒤 기울기 변화를 구했습니다(Newey-West 표준오차). 시점이 24개 안팎으로 짧아 "
            "이 구간은 실제보다 좁기 쉬우므로(모의실험에서 95% 구간의 실제 포함률 약 70%) 자치구별 모습을 보는 참고로만 "
            "쓰십시오. 효과의 판단은 위의 이중차분 추정에 따릅니다.</p>"
        )
        table = self._table(pd.DataFrame(rows), caption="자치구별 단절 시계열 (비교 자치구 평균과의 차이)")
        return HTML(note + table + self._small_multiples())

    def _small_multiples(self) -> str:
        codes = list(self.its)
        if not codes:
            return ""
        frames = pd.concat([self._panel, self._strong_panel]) if self._strong_panel is not None else self._panel
        fig = small_multiples_figure(
            frames, self._comparison_mean(), {code: group for code, (group, _r) in self.its.items()}, self.periods,
            self.start, self._name, self.rate_unit, self.outcome_label,
        )
        return charts.figure_html(
            fig,
            alt=f"{self.outcome_label} 자치구별 월별 추이 작은 그림 {len(codes)}개: 각 시범 자치구와 비교 자치구 평균, {self.start} 시작 표시",
            caption="실선: 해당 자치구, 회색 점선: 비교 자치구 평균, 빨간 점선: 시범 시작",
            dpi=90,
        )

    def methods(self) -> HTML:
        """The methods, as the estimators describe themselves."""
        e = self.effect
        parts = [e.method, e.method_en]
        if e.bootstrap is not None:
            parts.append(
                f"두 번째 의견: 제한 야생 군집 부트스트랩(WCR, Webb 6점 가중치, {e.bootstrap.draws:,}회, 시드 {e.bootstrap.seed}, "
                "wildboottest 패키지), 귀무가설 β = 0을 부과한 t 통계량의 양측 p값. 처리 자치구가 적으면 보수적임 / "
                "Restricted wild cluster bootstrap (Webb weights), two-sided p-value of the t statistic."
            )
        elif e.bootstrap_note:
            parts.append(e.bootstrap_note)
        rates = self.placebo_rates
        parts.append(
            f"위약 배정 점검: 비교 자치구 {len(self.comparison)}곳에 가짜 시범을 "
            + ", ".join(
                f"{row.n_treated}곳({row.placebos:,}가지) 배정하면 CR1 {100 * row.cr1_rate:.1f}%, 무작위화 추론 {100 * row.ri_rate:.1f}%"
                for row in rates.itertuples()
            )
            + "가 5% 수준에서 '0이 아님'으로 판정함(참값은 0)."
        )
        parts += [self.result.method, self.check.method, self.events.method]
        parts += [r.method for r in (self.placebo_result, self.sensitivity, self.staggered) if r is not None]
        its = next((r for _g, r in self.its.values() if r is not None), None)
        if its is not None:
            parts.append(its.method)
        parts.append(
            f"값은 {self.outcome_label} 월별 실적 ÷ 그해 인구 × 1,000(주민 1,000명당). 결측인 달은 적합 전에 뺍니다."
        )
        items = "".join(f"<li>{html.escape(p)}</li>" for p in parts)
        return HTML(f"<ul class='sabo-note'>{items}</ul>")

    def provenance(self) -> HTML:
        """The submissions the panel was built from."""
        subs = self._submissions
        table = pd.DataFrame(
            {
                "자치구": subs["district_code"].map(self._name),
                "연도": subs["year"],
                "파일": subs["file_name"],
                "파일 식별값(앞 12자리)": subs["submission_id"].str[:12],
            }
        )
        inner = self._table(table, caption="사용한 제출 자료")
        return HTML(f"<details><summary>사용한 제출 자료 {len(table)}건</summary>{inner}</details>")
