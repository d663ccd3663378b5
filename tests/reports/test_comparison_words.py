"""The comparison page as a council member reads it: conclusion first, each term once, small samples honest."""

import os
import re
from collections import Counter

import pytest

from sabo_eval.metrics import comparison
from sabo_eval.reports.comparison import ComparisonReport
from sabo_eval.warehouse.store import ingest

SAMPLE = os.path.join(os.path.dirname(__file__), "..", "..", "data", "sample")
JARGON = ("DuckDB", "창고", "SHA-256", "UTC", "funnel plot")


def page(report: ComparisonReport) -> str:
    """Every output of the notebook in its order (what the HTML body shows)."""
    return "".join(
        part.data for part in (report.title(), report.summary(), report.reading_guide(), report.outliers(),
                               report.funnel_plots(), report.methods(), report.advisor_limits())
    )


def visible(text: str) -> str:
    """The body without folded <details> sections and without tags."""
    text = re.sub(r"<details>.*?</details>", "", text, flags=re.S)
    return re.sub(r"<[^>]+>", " ", text)


@pytest.fixture(scope="module")
def full():
    report = ComparisonReport(2023, os.environ["SABO_EVAL_DB"])
    return report, page(report)


def test_no_paragraph_is_said_twice(full):
    _report, text = full
    paragraphs = [p.strip() for p in re.findall(r"<(?:p|li|dd)[^>]*>(.*?)</(?:p|li|dd)>", text, flags=re.S) if p.strip()]
    assert len(paragraphs) > 10
    repeated = [p for p, n in Counter(paragraphs).items() if n > 1]
    assert repeated == []
    # nor any long sentence inside them (the per-indicator text holds numbers, not the explanation again)
    sentences = [s for p in paragraphs for s in re.split(r"(?<=[.:]) ", re.sub(r"^[^:]{1,40}: ", "", p)) if len(s) > 25]
    assert [s for s, n in Counter(sentences).items() if n > 1] == []


def test_each_term_is_explained_exactly_once(full):
    _report, text = full
    for term, sentence in comparison.TERMS.items():
        assert text.count(sentence) == 1, term
        assert sentence.count(". ") == 0 and sentence.endswith("."), term  # one sentence
    # the old per-indicator explanation is gone
    assert "깔때기 모양의 선은" not in text


def test_formulas_and_jargon_stay_out_of_the_visible_body(full):
    report, text = full
    body = visible(text)
    for word in (*JARGON, "φ", "τ²", "DerSimonian"):
        assert word not in body, word
    assert "φ" in text and "DerSimonian" in text  # ... and are kept in the folded 방법 appendix
    assert len(report._funnels) >= 5


def test_conclusion_comes_first_with_districts_and_numbers(full):
    report, text = full
    assert text.index("<h2>요약</h2>") < text.index("<h2>읽는 법</h2>") < text.index("<figure")
    summary = report.summary().data
    outside = {u for r in report._funnels.values() for u in r.table.loc[r.table["outside_998"], "unit"]}
    assert f"{len(outside)}곳이 한 개 이상의 지표에서 99.8% 한계 밖" in summary
    counts = Counter(u for r in report._funnels.values() for u in r.table.loc[r.table["outside_998"], "unit"])
    most = max(counts.values())
    leaders = [report.names[u] for u, n in counts.items() if n == most]
    assert any(f"{name}: {most}개 지표 — " in summary for name in leaders)
    assert re.search(r"\d+\.\d%\((높음|낮음)\)", summary)  # each call-out carries its number
    for unit in outside:  # every district outside is named in the summary
        assert report.names[unit] in summary


def test_page_links_back_to_the_years_index(full):
    _report, text = full
    assert "<a href='index.html'>← 2023년 보고서 목록</a>" in text


def test_summary_sentences_on_hand_made_funnels():
    import pandas as pd

    values = pd.DataFrame(
        {
            "district_code": list("abcdefghij"), "indicator_id": "x", "name": "상담률", "kind": "proportion", "unit": "%",
            "numerator": [500, 510, 490, 505, 495, 502, 498, 507, 493, 900], "denominator": [1000] * 10, "reason": "", "per": 1.0,
        }
    )
    funnels = comparison.indicator_funnels(values)
    names = {c: f"{c}구" for c in "abcdefghij"}
    lines = comparison.summary_sentences(funnels, names, {"x": "상담률"}, 10)
    assert lines[0] == "시군구 10곳을 지표 1개로 비교했습니다."
    assert lines[1].startswith("1곳이 한 개 이상의 지표에서 99.8% 한계 밖")
    assert lines[2] == "j구: 1개 지표 — 상담률 90.0%(높음)."
    assert lines[3] == "나머지 9곳은 모든 지표에서 우연의 범위 안에 있습니다."
    assert "우연의 범위 안" in lines[-1]
    assert comparison.summary_sentences({}, names, {}, 2)[0].startswith("자료가 있는 시군구가 2곳뿐이어서")


@pytest.mark.parametrize("files", [["11110_2023_종로구.xlsx"], ["11110_2023_종로구.xlsx", "11140_2023_중구.xlsx"]])
def test_one_or_two_districts_draw_no_funnel_and_say_why(tmp_path, files):
    results = ingest([os.path.join(SAMPLE, f) for f in files], tmp_path / "w.duckdb")
    assert all(r.status == "added" for r in results)
    report = ComparisonReport(2023, tmp_path / "w.duckdb")
    assert report._funnels == {}
    text = page(report)
    assert "<figure" not in text and "중앙값 (" not in text
    said = f"자료가 있는 시군구가 {len(files)}곳뿐이어서(비교에는 3곳 이상 필요) 깔때기 그림과 중앙값을 그리지 않습니다"
    assert said in report.summary().data and text.count(said) == 1  # said once, in the 요약
    assert f"비교 안 함: 값을 낸 시군구가 {len(files)}곳뿐(비교에는 3곳 이상 필요)" in report.funnel_plots().data  # per indicator
    # the district report's comparison: no funnel figure, and the position column says why
    from sabo_eval.reports.district import DistrictReport

    services = DistrictReport("11110", 2023, tmp_path / "w.duckdb").services_section().data
    assert "<figure" not in services
    assert f"비교 안 함: 값을 낸 시군구가 {len(files)}곳뿐(비교에는 3곳 이상 필요)" in services


def test_district_positions_say_why_an_indicator_has_no_funnel():
    import pandas as pd

    values = pd.DataFrame(
        {"district_code": ["a", "b", "a"], "indicator_id": ["x", "x", "y"], "kind": ["proportion", "proportion", "ratio"],
         "reason": "", "numerator": [1, 2, 3], "denominator": [10, 10, 10]}
    )
    positions = comparison.district_positions({}, "a", values)
    assert positions == {"x": comparison.small_sample_reason(2)}  # ratios keep their own reason
    assert comparison.district_positions({}, "a") == {}
