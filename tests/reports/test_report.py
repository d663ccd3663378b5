"""The district report's parts, on the sample warehouse (수원시 2022 = seed 000)."""

import os
import re

import pytest

from sabo_eval.reports.district import DistrictReport


@pytest.fixture(scope="module")
def suwon():
    return DistrictReport("41110", 2022, os.environ["SABO_EVAL_DB"])


@pytest.fixture(scope="module")
def suwon_named():
    return DistrictReport("41110", 2022, os.environ["SABO_EVAL_DB"], mask_names=False)


def test_title_uses_the_name_from_the_data(suwon):
    html = suwon.title().data
    assert "수원시 2022년 지역사회보장협의체 평가 보고서" in html and "평가기준일 2022-11-17" in html


def test_attendance_tables_hold_seed_000_and_every_group(suwon):
    html = suwon.attendance_tables().data
    for caption in ("협의체 전체 회의참석률", "연구기획분과 회의참석률", "이주민분과 회의참석률", "대표협의체 회의참석률"):
        assert caption in html
    block = html[html.index("연구기획분과 회의참석률"):]
    block = block[: block.index("</table>")]
    for cell in ("68.4%", "93.3%", "100.0%", "63.7%", "68.8%", "49.0%"):
        assert cell in block


def test_monthly_tables_are_folded_and_their_absence_on_paper_is_stated(suwon):
    html = suwon.attendance_tables().data
    assert re.match(r'<details class="sabo-more"><summary>월별 표 보기 \(분과·협의체 (\d+)개\)</summary>', html)
    shown = int(re.search(r"분과·협의체 (\d+)개", html).group(1))
    assert shown == html.count("회의참석률</caption>") == len(suwon._monthly)
    after = html[html.index("</details>") :]
    assert 'class="sabo-note sabo-print-only"' in after and "xlsx에 있습니다" in after and "<table" not in after
    assert "연구기획분과 회의참석률" in suwon._exported  # still in the xlsx


def test_long_text_columns_are_marked_for_the_printout(suwon):
    html = suwon.opinions_table().data
    header = html[html.index("<thead>") : html.index("</thead>")]
    assert re.findall(r"<th[^>]*>([^<]+)</th>", header) == ["세부사업 (추진전략)", "담당부서·팀", "모니터링분과", "모니터링의견", "부서의견", "반영여부"]
    first = html[html.index("<tbody><tr>") : html.index("</tr>", html.index("<tbody>"))]
    assert [m for m in re.findall(r'<td class="([^"]+)"', first)] == ["txt", "txt", "txt", "txt long", "txt long", "txt"]
    assert list(suwon._exported["모니터링 의견과 부서 회신"].columns)[:3] == ["전략", "사업번호", "세부사업명"]  # the xlsx keeps nine


def test_findings_state_seed_000_figures(suwon):
    html = suwon.attendance_findings().data
    assert "12개 실무분과의 평균 참석률은 63.7%" in html and "이주민분과(81.9%)" in html
    assert "민간 위원의 참석률은" in html and "95% 신뢰구간" in html


def test_names_masked_by_default_and_shown_on_request(suwon, suwon_named):
    masked = suwon.excellent_members().data
    assert "소*이" in masked and "김*수" in masked and "소현이" not in masked
    assert "소현이" in suwon_named.excellent_members().data
    labels = set(suwon.member_labels().values())
    assert "소*이" in labels and "소현이" not in labels
    assert "소현이" in set(suwon_named.member_labels().values())


def test_the_reports_frames_are_private_and_its_records_come_from_the_analysis_api(suwon):
    """Advisors get DataFrames from ``sabo_eval.analysis`` (names masked); the report's own are private."""
    import sabo_eval as se

    for name in ("tables", "records", "monthly", "comparison", "scored", "items", "exported", "all_indicators"):
        assert not hasattr(suwon, name) and hasattr(suwon, f"_{name}")
    records = se.attendance(None, "41110", 2022, names=True)
    assert suwon._records.equals(records) and records["member_key"].str.startswith("41110:").all()
    assert "소현이" not in set(se.attendance(None, "41110", 2022)["name"])


def test_comparison_lists_every_subcommittee(suwon):
    html = suwon.subcommittee_comparison().data
    assert html.count("분과</td>") == 12
    assert "75.3~87.2%" in html  # 이주민분과 Wilson interval of 132/161
    assert 'alt="실무분과별 참석률 막대그래프' in html


def test_user_text_is_escaped(suwon, monkeypatch):
    monkeypatch.setattr(suwon, "district_name", "<script>alert(1)</script>")
    assert "<script>" not in suwon.title().data
    assert "&lt;script&gt;" in suwon.title().data


def test_proxy_attendance_counts_only_when_asked():
    db = os.environ["SABO_EVAL_DB"]
    default = DistrictReport("41110", 2023, db)
    counted = DistrictReport("41110", 2023, db, count_proxy=True)
    n_proxy = int((default._records["status"] == "proxy").sum())
    assert n_proxy > 0
    assert counted._records["attended"].sum() == default._records["attended"].sum() + n_proxy
    assert "대리참석(△)은 참석으로 셈" in counted.attendance_tables().data


SEED_001_SENTENCES = [
    "지자체 사회보장사업 전략체계 5대 추진전략, 10개 중점사업, 29개 세부사업의 목표 달성률 121.6%로 목표대비 향상된 성과 지표를 보이고 있음.",
    "지역사회보장 발전 전략체계 4대 추진전략, 9개 대표 과업, 18개 세부과업의 목표 달성률 110.7%로 목표대비 향상된 성과 지표를 보이고 있음.",
]


def test_sasang_2023_plan_headlines_are_seed_001_sentences():
    report = DistrictReport("26530", 2023, os.environ["SABO_EVAL_DB"])
    html = report.plan_headlines().data
    assert html == "<ul class='sabo-findings'>" + "".join(f"<li>{s}</li>" for s in SEED_001_SENTENCES) + "</ul>"
    budget = report.budget_section().data
    assert "예산이 변경된 세부사업 (4개)" in budget
    for name in ("복지N건강 상담지원", "행복울타리 돌봄사업", "마을건강센터운영", "노후준비지원센터 운영"):
        assert name in budget
    assert "추진전략별 달성률" in report.strategy_table().data


def test_suwon_2023_opinions_show_seed_000_rows_each_with_a_status():
    report = DistrictReport("41110", 2023, os.environ["SABO_EVAL_DB"])
    html = report.opinions_table().data
    body = html[html.index("<tbody>"):]
    rows = body.split("<tr>")[1:]
    assert len(rows) == 9
    statuses = ("반영", "부분반영", "미반영", "검토중", "중복")
    assert all(any(re.search(f"<td[^>]*>{re.escape(s)}", row) for s in statuses) for row in rows)
    assert "-성과지표 3개 연도별목표를 분할하여 작성 필요<br>-동의 실질적 역할도 중요하나" in html  # list kept
    assert "사회복지종사자 비타민 프로젝트" in html and "지표 추가 어려움" in html
    assert "<ul style" not in html  # the workbook's markup never reaches the page


def test_seoul_report_shows_services_with_funnel_position():
    report = DistrictReport("11110", 2023, os.environ["SABO_EVAL_DB"])
    html = report.services_section().data
    assert "서비스 성과 지표 (2023년)" in html and "보편방문 상담률(전체)" in html
    assert "전체 시군구 중 위치" in html and ("한계 안 (우연 범위)" in html or "한계 위" in html or "하한 아래" in html)
    # ratios and amounts are shown without a funnel: a short mark in the row, the reason said once above the table
    assert html.count("비교 안 함(위 설명)") >= 2 and html.count("100%를 넘을 수 있는 값이나 금액은") == 1
    assert "<figcaption>위기가구 발굴 (인구 천 명당) — " in html  # per-population indicators: Poisson funnels
    assert html.count('<figure class="sabo-figure">') == 8  # 5 proportions + 3 per-population indicators
    assert "종로구의 위치" in html


def test_comparison_report_lists_outliers_and_funnels():
    from sabo_eval.reports.comparison import ComparisonReport

    report = ComparisonReport(2021, os.environ["SABO_EVAL_DB"])
    assert "2021년 시군구 서비스 성과 비교" in report.title().data
    plots = report.funnel_plots().data
    assert plots.count("<figure") == len(report._funnels) >= 10
    assert "φ" not in plots and "99.8% 한계 밖" in plots  # formulas live in the folded 방법 appendix
    assert "과대산포 φ" in report.methods().data and "τ²" in report.methods().data
    outliers = report.outliers().data
    assert "99.8% 한계" in outliers
