"""Issue 22's acceptance, through the real run (papermill, HTML, xlsx, index).

The sample's 수원시 (2022, 2023) and 사상구 (2023) workbooks are ingested into a fresh
warehouse and the 2023 reports produced once for the module. The 사상구 report shows
the project ratings by stage and strategy beside achievement; the 수원시 report shows
the survey section with its response rate; the item answered by four members appears
nowhere with a number in the HTML or in the xlsx (opened with openpyxl); the index
carries 설문 응답률 and 적절 비율. Then one survey answer of 사상구 is changed and
re-ingested: the next run re-executes 사상구's report (its data changed) and keeps 수원시's.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from sabo_eval.run.runner import run_year
from sabo_eval.warehouse.store import ingest

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
FILES = ("41110_2022_수원시.xlsx", "41110_2023_수원시.xlsx", "26530_2023_사상구.xlsx")
SMALL_ITEM, SMALL_WORDING = "Q13", "분과 운영비 지원이 충분했다(분과장만 응답)"
HIDDEN = "응답 5명 미만 — 표시하지 않음"


def _run(root: Path):
    return run_year(2023, db=root / "w.duckdb", out_dir=root / "reports", jobs=1, progress=False,
                    comparison_notebook=None, discussion_notebook=None)


@pytest.fixture(scope="module")
def produced(tmp_path_factory):
    root = tmp_path_factory.mktemp("self_evaluation")
    results = ingest([SAMPLE / name for name in FILES], root / "w.duckdb")
    assert [r.status for r in results] == ["added"] * 3
    run = _run(root)
    assert not run.failed, [(o.district_code, o.error) for o in run.failed]
    return root, run


def _page(produced, code: str) -> str:
    root, _ = produced
    return (root / "reports" / "2023" / f"{code}.html").read_text(encoding="utf-8")


def _table_rows(page: str, caption: str) -> list[list[str]]:
    start = page.index(f">{caption}</caption>")
    body = page[start: page.index("</table>", start)]
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S) if "<td" in row]


def test_sasang_shows_the_ratings_by_stage_and_strategy_beside_achievement(produced):
    page = _page(produced, "26530")
    assert "사업별 적절성 평가" in page
    rows = _table_rows(page, "추진전략별 단계별 평가(적절/보통/부적절 사업 수)와 달성률")
    assert len(rows) >= 5
    for row in rows:
        assert all(re.fullmatch(r"\d+ / \d+ / \d+", cell) for cell in row[1:4]), row
        assert re.fullmatch(r"\d+\.\d%", row[4]), row
    strategy_rates = {r[1]: r[3] for r in _table_rows(page, "추진전략별 달성률")}
    assert all(strategy_rates[r[0]] == r[4] for r in rows)  # the same achievement as the plan section
    assert "평가와 달성률이 가장 어긋나는 세부사업" in page


def test_suwon_shows_the_survey_section_with_its_response_rate(produced):
    page = _page(produced, "41110")
    assert "5. 자체평가 설문" in page
    rates = {r[1]: r for r in _table_rows(page, "응답률 (재임 위원 대비, 민간·공공)")}
    assert re.fullmatch(r"\d+\.\d%", rates["전체"][4])
    assert re.search(r"위원 \d+명 중 \d+명 응답\(응답률 [\d.]+%\)", page)
    assert "5점 문항의 응답 분포" in page and 'src="data:image/png;base64,' in page


@pytest.mark.parametrize("code", ["41110", "26530"])
def test_the_small_item_shows_no_number_in_the_html(produced, code):
    page = _page(produced, code)
    rows = [r for r in _table_rows(page, "문항별 결과") if r[0] == SMALL_ITEM]
    assert rows and rows[0][4:7] == ["-", HIDDEN, "-"] and set(rows[0][7:]) <= {"-"}  # n, mean, top box; no last year either
    assert page.count(SMALL_WORDING) == 1  # only its row of the item table
    assert "응답이 5명 미만인 문항 1개는" in page


@pytest.mark.parametrize("code", ["41110", "26530"])
def test_the_small_item_shows_no_number_in_the_xlsx(produced, code):
    root, _ = produced
    wb = load_workbook(root / "reports" / "2023" / f"{code}.xlsx", read_only=True)
    assert {"설문문항별", "사업평가"} <= set(wb.sheetnames) if code == "26530" else "설문문항별" in wb.sheetnames
    found = 0
    for ws in wb:
        for row in ws.iter_rows(values_only=True):
            cells = [c for c in row if c is not None]
            if SMALL_ITEM in cells or SMALL_WORDING in cells:
                found += 1
                assert ws.title == "설문문항별"
                rest = [c for c in cells if c not in (SMALL_ITEM, SMALL_WORDING, "분과장 문항", "5점")]
                assert all(c in ("-", HIDDEN) for c in rest), rest
    assert found == 1


def test_the_index_carries_the_response_rate_and_the_share_appropriate(produced):
    root, run = produced
    index = (root / "reports" / "2023" / "index.html").read_text(encoding="utf-8")
    assert "<th>설문 응답률</th>" in index and "<th>적절 비율</th>" in index
    figures = {o.district_code: o.headlines for o in run.outcomes}
    assert 50 < figures["41110"]["survey_rate"] < 80 and 50 < figures["26530"]["appropriate_share"] <= 100
    row = index[index.index('title="41110"'):]
    row = row[: row.index("</tr>")]
    assert f'{figures["41110"]["survey_rate"]:.1f}%' in row
    assert "▲" in row or "▼" in row  # changes from 2022 (the survey's too: 2022 had one)


def test_changing_one_survey_answer_re_executes_that_report_only(produced, tmp_path):
    root, _ = produced
    changed = tmp_path / FILES[2]
    shutil.copy(SAMPLE / FILES[2], changed)
    wb = load_workbook(changed)
    ws = wb["설문응답"]
    cell = ws.cell(row=2, column=8)
    cell.value = "1" if str(cell.value) != "1" else "2"
    wb.save(changed)
    (result,) = ingest([changed], root / "w.duckdb")
    assert result.status != "unchanged"
    again = _run(root)
    status = {o.district_code: o.status for o in again.outcomes}
    assert status == {"26530": "ok", "41110": "cached"}
