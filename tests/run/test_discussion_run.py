"""The yearly run makes the discussion report of every event of the year and keys it (and the district
reports) on the codebook: run twice → cached; a changed codebook → both re-coded, reason 코드북 변경."""

import json
import os
import re
import shutil

import pytest
from openpyxl import load_workbook

from sabo_eval.run.plan import REASONS
from sabo_eval.run.runner import run_year
from sabo_eval.text.codebook import DEFAULT_CODEBOOK, load_codebook

EVENT = "2023_민관협력_종합토론"


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    """41110's 2023 report and the year's discussion report, from the test warehouse (the sample)."""
    out = tmp_path_factory.mktemp("discussion_run") / "reports"
    result = run_year(2023, db=os.environ["SABO_EVAL_DB"], out_dir=out, districts=["41110"], jobs=2, progress=False,
                      comparison_notebook=None)
    return out, result


def _manifest(out):
    return json.loads((out / "2023" / "manifest.json").read_text(encoding="utf-8"))


def test_the_run_makes_the_discussion_report_of_seed_003_with_its_counts(first_run):
    out, result = first_run
    assert [(o.district_code, o.status, o.reason) for o in result.discussions] == [(EVENT, "ok", REASONS["new"])]
    page = (out / "discussions" / f"{EVENT}.html").read_text(encoding="utf-8")
    assert '<html lang="ko">' in page and "민관협력 종합토론 토론 기록 분석" in page
    assert "주제별 토론 조: 주제 1 5개조; 주제 2 13개조; 주제 3 10개조; 주제 4 24개조." in page
    for region in ("서울시 서초구", "부산시 모라3동", "강원도 횡성군"):
        assert region in page
    assert "우수사례 목록 (24건)" in page and 'href="../index.html"' in page  # back to the reports' index
    assert 'href="#topic-4"' in page  # the table of contents reaches every topic
    assert (out / "discussions" / f"{EVENT}.xlsx").is_file() and not (out / "discussions" / ".work").exists()
    index = (out / "2023" / "index.html").read_text(encoding="utf-8")
    assert "토론·워크숍 기록" in index and f'href="../discussions/{EVENT}.html"' in index


def test_the_district_report_of_41110_2023_shows_the_themes_of_its_monitoring_opinions(first_run):
    out, result = first_run
    assert [o.status for o in result.outcomes] == ["ok"]
    page = (out / "2023" / "41110.html").read_text(encoding="utf-8")
    assert "모니터링 의견 주제" in page and "모니터링 의견 9건 중" in page and "가장 많이 제기된 주제는 성과지표" in page
    sheets = load_workbook(out / "2023" / "41110.xlsx").sheetnames
    assert any(s.startswith("모니터링 의견 주제") for s in sheets), sheets


def _uncoded(out) -> int:
    page = (out / "discussions" / f"{EVENT}.html").read_text(encoding="utf-8")
    return int(re.search(r"분류되지 않은 발언 \((\d+)건\)", page).group(1))


def test_an_unchanged_run_is_cached_and_a_changed_codebook_recodes_both_reports(first_run, tmp_path):
    out, _ = first_run
    again = run_year(2023, db=os.environ["SABO_EVAL_DB"], out_dir=out, districts=["41110"], jobs=2, progress=False,
                     comparison_notebook=None)
    assert [o.status for o in again.outcomes + again.discussions] == ["cached", "cached"]
    before = _uncoded(out)

    codebook = tmp_path / "codebook.yaml"  # a copy with one more keyword: 동 특화사업 is coded now
    shutil.copyfile(DEFAULT_CODEBOOK, codebook)
    text = codebook.read_text(encoding="utf-8")
    codebook.write_text(text.replace("keywords: [민관협력,", "keywords: [특화사업, 민관협력,", 1), encoding="utf-8")
    assert load_codebook(codebook).digest != load_codebook().digest
    changed = run_year(2023, db=os.environ["SABO_EVAL_DB"], out_dir=out, districts=["41110"], jobs=2, progress=False,
                       comparison_notebook=None, codebook=codebook)
    reasons = [(o.action, o.reason) for o in changed.outcomes + changed.discussions]
    assert reasons == [("executed", REASONS["codebook"])] * 2
    assert _uncoded(out) < before
    entry = _manifest(out)["discussions"][EVENT]
    assert entry["codebook_digest"] == load_codebook(codebook).digest and entry["reason"] == REASONS["codebook"]


def test_a_bad_codebook_is_refused_before_anything_is_written(tmp_path):
    from sabo_eval.errors import SaboEvalError

    bad = tmp_path / "bad.yaml"
    bad.write_text("themes:\n  - theme: 예산\n    label: 예산\n    keywords: [예산]\n", encoding="utf-8")
    with pytest.raises(SaboEvalError, match="bad.yaml") as caught:
        run_year(2023, db=os.environ["SABO_EVAL_DB"], out_dir=tmp_path / "reports", districts=["41110"], jobs=1,
                 progress=False, comparison_notebook=None, codebook=bad)
    assert "snake_case" in str(caught.value.message_en) and not (tmp_path / "reports" / "2023").exists()


def test_the_demo_path_stores_the_sample_minutes_and_makes_their_report(tmp_path):
    from pathlib import Path

    from sabo_eval.run.demo import run_demo

    root = Path(__file__).resolve().parents[2]
    sample = tmp_path / "sample"
    sample.mkdir()
    shutil.copy(root / "tests" / "fixtures" / "good" / "11110_2023_minimal.xlsx", sample)
    shutil.copytree(root / "data" / "sample" / "discussions", sample / "discussions")
    index = run_demo(sample, db=tmp_path / "demo.duckdb", out_dir=tmp_path / "reports", jobs=2)
    page = (tmp_path / "reports" / "discussions" / f"{EVENT}.html").read_text(encoding="utf-8")
    assert "주제별 토론 조: 주제 1 5개조; 주제 2 13개조; 주제 3 10개조; 주제 4 24개조." in page
    assert f'href="../discussions/{EVENT}.html"' in index.read_text(encoding="utf-8")
