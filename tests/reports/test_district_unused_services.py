"""The district report lists the service items no indicator uses instead of saying there is no service data."""

from __future__ import annotations

import pandas as pd

from sabo_eval.reports.district import DistrictReport


def _report(services: pd.DataFrame) -> DistrictReport:
    report = object.__new__(DistrictReport)
    report._exported = {}
    report.district_code, report.year = "11110", 2012
    report._tables = {"services": services}
    report._all_indicators = pd.DataFrame(columns=["district_code"])
    return report


def test_unused_items_are_listed_instead_of_no_service_data():
    services = pd.DataFrame({"program": ["복지상담"] * 2, "measure": ["상담건수"] * 2})
    html = _report(services).services_section().data
    assert "지표에 쓰이지 않은 서비스 항목" in html and "복지상담" in html and "상담건수" in html
    assert "서비스 실적 자료를 내지 않았습니다" not in html


def test_no_services_at_all_still_says_so():
    html = _report(pd.DataFrame(columns=["program", "measure"])).services_section().data
    assert html == "<p class='sabo-missing'>이 시군구는 2012년 서비스 실적 자료를 내지 않았습니다(서비스실적 시트가 없거나 비어 있음).</p>"
