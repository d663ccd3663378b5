"""The district report's parts, on the sample warehouse (수원시 2022 = seed 000)."""

import os

import pytest

from sabo_eval.report import DistrictReport


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
    n_proxy = int((default.records["status"] == "proxy").sum())
    assert n_proxy > 0
    assert counted.records["attended"].sum() == default.records["attended"].sum() + n_proxy
    assert "대리참석(△)은 참석으로 셈" in counted.attendance_tables().data
