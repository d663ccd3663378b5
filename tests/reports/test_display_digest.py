"""Digests of the all-district figures each district report displays."""

import json
import os

import pandas as pd
import pytest

from sabo_eval.metrics.overview import headline_table
from sabo_eval.metrics.summary import summary_facts
from sabo_eval.reports.display_digest import display_digests, read_context
from sabo_eval.run.publish import run_context
from sabo_eval.warehouse.district_data import district_names
from sabo_eval.warehouse.store import Warehouse

YEAR = 2023


@pytest.fixture(scope="module")
def context(tmp_path_factory):
    """The sample's all-district files for 2023 and the district names."""
    db = os.environ["SABO_EVAL_DB"]
    path = tmp_path_factory.mktemp("context") / "headlines.json"
    run_context(db, YEAR, path, "key")
    with Warehouse(db, read_only=True) as wh:
        names = district_names(wh, YEAR)
    return path, names


def _shown(path, code):
    """What the report of ``code`` shows of the all-district headline figures: its 요약 facts and the medians."""
    headlines, indicators, history = read_context(path)
    before = history.get(str(YEAR - 1), {}).get(code)
    previous = pd.DataFrame([before], index=[code]) if before else pd.DataFrame()
    facts = summary_facts(code, headlines, previous, indicators)
    return facts.to_json(), headline_table({}, headlines)["전체 시군구 중앙값"].tolist()


def test_one_attendance_change_moves_only_the_digests_of_reports_that_show_it(context, tmp_path):
    path, names = context
    before = display_digests(path, names)
    assert len(before) >= 20 and len(set(before.values())) == len(before)  # every district its own
    assert display_digests(path, names) == before  # deterministic, from the kept funnel digests
    assert path.with_name("display_funnels.json").exists()
    path.with_name("display_funnels.json").unlink()
    assert display_digests(path, names) == before  # the same computed afresh
    headlines = json.loads(path.read_text(encoding="utf-8"))
    code = sorted(headlines)[0]
    shown_before = {c: _shown(path, c) for c in before}
    # one attendance mark more in the first district: its rate rises a little
    changed = tmp_path / "headlines.json"
    for sibling in ("services.json", "history.json"):
        (tmp_path / sibling).write_bytes(path.with_name(sibling).read_bytes())
    headlines[code]["attendance_rate"] += 0.4
    changed.write_text(json.dumps(headlines, ensure_ascii=False), encoding="utf-8")
    after = display_digests(changed, names)
    assert after[code] != before[code]
    moved = {c for c in before if after[c] != before[c]}
    shown_moved = {c for c in before if _shown(changed, c) != shown_before[c]}
    assert moved == shown_moved | {code}
    assert len(moved) < len(before)  # the others keep their reports


def test_a_large_change_moves_ranks_and_the_median(context, tmp_path):
    path, names = context
    before = display_digests(path, names)
    headlines = json.loads(path.read_text(encoding="utf-8"))
    code = sorted(headlines)[0]
    for sibling in ("services.json", "history.json"):
        (tmp_path / sibling).write_bytes(path.with_name(sibling).read_bytes())
    headlines[code]["attendance_rate"] = 100.0
    changed = tmp_path / "headlines.json"
    changed.write_text(json.dumps(headlines, ensure_ascii=False), encoding="utf-8")
    after = display_digests(changed, names)
    moved = {c for c in before if after[c] != before[c]}
    shown_moved = {c for c in before if _shown(changed, c) != _shown(path, c)}
    assert moved == shown_moved | {code} and len(moved) > 1


def test_a_service_change_moves_every_report_that_draws_the_funnel(context, tmp_path):
    path, names = context
    before = display_digests(path, names)
    services = json.loads(path.with_name("services.json").read_text(encoding="utf-8"))
    row = next(r for r in services if r["indicator_id"] == "visit_contact" and r["reason"] == "")
    row["numerator"] = max(0, row["numerator"] - 5)
    (tmp_path / "services.json").write_text(json.dumps(services, ensure_ascii=False), encoding="utf-8")
    for sibling in ("headlines.json", "history.json"):
        (tmp_path / sibling).write_bytes(path.with_name(sibling).read_bytes())
    after = display_digests(tmp_path / "headlines.json", names)
    assert all(after[c] != before[c] for c in before)  # the visit_contact funnel is drawn in every report
