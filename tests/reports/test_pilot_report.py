"""The pilot report on the sample warehouse (seed 004's setting, known injected effect)."""

import json
import os
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from sabo_eval.errors import ReportError
from sabo_eval.reports.pilot import PilotReport, unit_of_measure
from sabo_eval.sampledata import pilot as sample_pilot

ROOT = Path(__file__).resolve().parents[2]
PILOT = ["11290", "11320", "11545"]  # 성북구, 도봉구, 금천구
STRENGTHENED = ["11350", "11560"]  # 노원구, 영등포구


@pytest.fixture(scope="module")
def truth():
    """The injected effects, as the generator that wrote the sample computes them."""
    table = sample_pilot.pilot_truth()
    return table.set_index(["program", "measure", "group"])


@pytest.fixture(scope="module")
def report():
    return PilotReport("복지상담/상담건수", PILOT, "2013-03", None, os.environ["SABO_EVAL_DB"], strengthened_districts=STRENGTHENED)


def test_the_sample_is_the_setting_the_notebook_defaults_to(truth):
    generator = sample_pilot
    assert list(generator.PILOT_DISTRICTS) == PILOT and list(generator.STRENGTHENED_DISTRICTS) == STRENGTHENED
    assert generator.PILOT_START == "2013-03"
    row = truth.loc[("복지상담", "상담건수", "pilot")]
    assert row["effect_share"] == 0.15 and row["effect_pct"] == pytest.approx(15.0)
    nb = json.loads((ROOT / "notebooks" / "pilot_evaluation.ipynb").read_text(encoding="utf-8"))
    params = "".join(nb["cells"][0]["source"])
    assert "parameters" in nb["cells"][0]["metadata"]["tags"]
    for line in ('outcome = "복지상담/상담건수"', 'pilot_districts = ["11290", "11320", "11545"]',
                 'strengthened_districts = ["11350", "11560"]', 'start = "2013-03"', "end = None"):
        assert line in params


def test_estimate_interval_contains_the_injected_effect(report, truth):
    true = truth.loc[("복지상담", "상담건수", "pilot")]
    r = report.result
    assert r.ci_low <= true["effect_per_1000"] <= r.ci_high  # per 1,000 residents per month (+0.887)
    assert r.pct_ci_low <= 15.0 <= r.pct_ci_high  # in % of the pilot districts' pre-period mean
    assert report.check.ci_low <= true["effect_per_1000"] <= report.check.ci_high
    assert r.ci_low > 0  # the +15 % is detected, not only covered
    assert (r.n_clusters, r.n_treated, r.n_obs) == (23, 3, 23 * 24)  # strengthened districts left out
    e = report.effect  # the headline: randomization inference
    assert e.covers(true["effect_per_1000"]) and e.ci_low > 0
    assert e.pct_ci_low <= 15.0 <= e.pct_ci_high


def test_first_sentence_states_what_pilot_effect_returns(report):
    e = report.effect
    first = report.findings()[0]
    assert f"{abs(e.effect):.2f}건 더 늘었습니다" in first
    assert f"95% 신뢰구간 {e.ci_low:+.2f}~{e.ci_high:+.2f}건" in first and f"p = {e.p_value:.3f}" in first
    assert f"{e.effect_pct:+.1f}%(95% 신뢰구간 {e.pct_ci_low:+.1f}~{e.pct_ci_high:+.1f}%)" in first
    text = " ".join(report.findings())
    assert "무작위화(순열) 추론" in text and "60.0%·17.9%·10.8%" in text and "1,771가지" in text
    assert f"{e.bootstrap.p_value:.3f}" in text  # the bootstrap's second opinion


def test_estimate_table_shows_the_interval_in_the_units_of_the_report(report):
    html = report.estimate().data
    for label, r in (("무작위화(순열) 추론", report.effect), ("자치구 군집 표준오차(CR1", report.result)):
        row = html[html.index(label):]
        row = row[: row.index("</tr>")]
        assert f"{r.effect:+.2f}" in row and f"{r.ci_low:+.2f}~{r.ci_high:+.2f}" in row
        assert f"{r.effect_pct:+.1f}%" in row and f"{r.pct_ci_low:+.1f}~{r.pct_ci_high:+.1f}%" in row
    assert "야생 군집 부트스트랩(Webb" in html
    assert "효과(1,000명당 월 건)" in html and "기 동복지강화 자치구 2곳 vs 비교 자치구 20곳" in html


def test_sentences_are_korean_and_state_the_limits(report):
    sentences = report.findings()
    text = " ".join(sentences)
    hangul = sum("가" <= ch <= "힣" for ch in text)
    assert hangul > 0.5 * sum(ch.isalpha() for ch in text)
    assert "군집" in text and "적" in text and "시범자치구 3곳" in text  # few clusters
    assert "평행추세" in text and "사전추세 검정" in text  # parallel trends and its check
    assert "성북구·도봉구·금천구" in text  # names from the data
    assert "95% 신뢰구간" in text and f"{report.result.effect_pct:+.1f}%" in text
    assert "공모" in text  # selection, not randomisation


def test_strengthened_districts_are_estimated_against_the_same_comparison(report, truth):
    s = report.strong_result
    assert s.n_treated == 2 and s.n_clusters == 22
    e = report.strong_effect
    assert (e.n_treated, e.n_control, e.randomization.n_assignments) == (2, 20, 231)
    assert e.covers(truth.loc[("복지상담", "상담건수", "strengthened")]["effect_per_1000"])
    assert set(report.comparison) & set(PILOT + STRENGTHENED) == set()
    assert len(report.comparison) == 20


def test_event_study_chart_and_pretrend_test(report):
    html = report.event_study_chart().data
    assert 'alt="복지상담 상담건수 사건연구 그림' in html and "data:image/png;base64," in html
    assert "사전추세 검정" in html and "F(13, 9)" in html
    coef = report.events.coefficients
    assert coef.loc[coef["event_time"] == -1, "period"].item() == "2013-02"
    assert len(coef) == 24


def test_placebo_and_district_series(report):
    placebo = report.placebo().data
    assert "2012-08" in placebo and "위약" in placebo
    series = report.district_series().data
    for name in ("성북구", "도봉구", "금천구", "노원구", "영등포구"):
        assert name in series
    assert series.count("<tr>") == 1 + 5  # header + five treated districts
    assert 'alt="복지상담 상담건수 자치구별 월별 추이' in series


def test_methods_state_the_headline_in_korean_and_english_and_the_placebo_rates(report):
    html = report.methods().data
    assert report.effect.method in html and "Randomization inference" in html
    assert "위약 배정 점검" in html and "CR1 60.0%, 무작위화 추론 5.0%" in html


def test_save_tables_writes_every_table_shown(report, tmp_path):
    report.estimate()
    report.placebo()
    path = tmp_path / "pilot.xlsx"
    report.save_tables(path)
    sheets = load_workbook(path).sheetnames
    assert any(s.startswith("시범운영 효과 추정") for s in sheets) and "위약(placebo) 검정" in sheets


def test_user_text_is_escaped(report, monkeypatch):
    monkeypatch.setitem(report.names, "11290", "<script>x</script>")
    html = report.title().data + report.estimate().data
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_no_minus_or_subscript_glyphs_the_font_lacks(report):
    text = " ".join(report.findings()) + report.event_study_chart().data + report.placebo().data
    assert not re.search("[\u2212\u2080-\u2089]", text)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"outcome": "상담건수"}, "사업/항목"),
        ({"outcome": "없는사업/상담건수"}, "월별 자료"),
        ({"pilot_districts": ["99999"]}, "99999"),
        ({"start": "2012-01"}, "시범 평가"),
    ],
)
def test_bad_parameters_give_a_report_error(kwargs, message):
    args = {"outcome": "복지상담/상담건수", "pilot_districts": PILOT, "start": "2013-03"}
    args.update(kwargs)
    with pytest.raises(ReportError, match=message):
        PilotReport(**args, warehouse=os.environ["SABO_EVAL_DB"])


def test_codes_given_as_numbers_are_read_as_text():
    r = PilotReport("사례관리/사례관리건수", [11290, 11320, 11545], "2013-03", "2013-06", os.environ["SABO_EVAL_DB"])
    assert r.pilot == PILOT and r._panel["period"].max() == "2013-06"
    assert "2013-03~2013-06" in " ".join(r.findings())


@pytest.mark.parametrize(("measure", "unit"), [("상담건수", "건"), ("연계가구", "가구"), ("대상인원", "명"), ("점수", "")])
def test_unit_of_measure(measure, unit):
    assert unit_of_measure(measure) == unit
