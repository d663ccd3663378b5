"""Property-based tests (hypothesis): parsers, metric invariants and name masking."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sabo_eval.intake.parsing import parse_code, parse_date, parse_number
from sabo_eval.intake.schemas import ATTENDANCE_MARKS
from sabo_eval.metrics import achievement as ach
from sabo_eval.metrics import attendance as att
from sabo_eval.metrics import attendance_inference as inference
from sabo_eval.reports.masking import mask_name
from sabo_eval.stats.funnel import funnel

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

D, Y = "11110", 2023
WEEKDAYS = "월화수목금토일"
EXCEL_EPOCH = dt.date(1899, 12, 30)

# ---------------------------------------------------------------------------
# 1. Parsers
# ---------------------------------------------------------------------------

spaces = st.text(alphabet=" ", max_size=3)


@FAST
@given(
    n=st.integers(min_value=0, max_value=10**12),
    unit=st.sampled_from(["", "명", "건", "가구", "원", "%"]),
    negative=st.booleans(),
)
def test_parse_number_thousands_unit_and_office_negative(n, unit, negative):
    text = ("△" if negative else "") + f"{n:,}" + unit
    assert parse_number(text) == (-n if negative else n)


@FAST
@given(
    day=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)),
    form=st.sampled_from(["korean", "dotted", "short", "iso", "serial"]),
)
def test_parse_date_office_formats(day, form):
    y, m, d = day.year, day.month, day.day
    value = {
        "korean": f"{y}. {m}. {d}.({WEEKDAYS[day.weekday()]})",
        "dotted": f"{y}.{m:02d}.{d:02d}",
        "short": f"{y % 100:02d}.{m:02d}.{d:02d}",
        "iso": f"{y}-{m:02d}-{d:02d}",
        "serial": (day - EXCEL_EPOCH).days,
    }[form]
    assert parse_date(value) == day


MARK_EXPECTED = {
    "○": "attended", "×": "absent", "△": "proxy", "◇": "excused",
    "O": "attended", "X": "absent", "1": "attended", "0": "absent",
    "참석": "attended", "불참": "absent",
}


@FAST
@given(mark=st.sampled_from(sorted(MARK_EXPECTED)), left=spaces, right=spaces)
def test_parse_code_attendance_marks(mark, left, right):
    assert parse_code(left + mark + right, ATTENDANCE_MARKS, "참석여부") == MARK_EXPECTED[mark]


# ---------------------------------------------------------------------------
# 2. Metric invariants
# ---------------------------------------------------------------------------

YEAR_START, YEAR_END = dt.date(2023, 1, 1), dt.date(2023, 12, 31)
STATUSES = ["attended", "absent", "proxy", "excused", None]  # None: no mark


@st.composite
def attendance_tables(draw, subcommittees=("연구기획분과",)):
    """Members, meetings and attendance of one district-year, built like test_metrics_attendance."""
    members, meetings, marks = [], [], []
    for s_idx, sub in enumerate(subcommittees):
        n_members = draw(st.integers(1, 5))
        n_meetings = draw(st.integers(1, 5))
        for i in range(n_members):
            joined = draw(st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), YEAR_END)))
            left = draw(st.one_of(st.none(), st.dates(YEAR_START, dt.date(2024, 6, 30))))
            members.append(
                dict(district_code=D, year=Y, member_id=f"S{s_idx}M{i}", name=f"위원{i}",
                     sector=draw(st.sampled_from(["private", "public"])), body="subcommittee", subcommittee=sub,
                     role="위원", joined_on=pd.Timestamp(joined) if joined else pd.NaT,
                     left_on=pd.Timestamp(left) if left else pd.NaT)
            )
        for j in range(n_meetings):
            held = draw(st.dates(YEAR_START, YEAR_END))
            meetings.append(dict(district_code=D, year=Y, meeting_id=f"S{s_idx}T{j}", body="subcommittee",
                                 subcommittee=sub, held_on=pd.Timestamp(held)))
            for i in range(n_members):
                status = draw(st.sampled_from(STATUSES))
                if status is not None:
                    marks.append(dict(district_code=D, year=Y, meeting_id=f"S{s_idx}T{j}", member_id=f"S{s_idx}M{i}", status=status))
    mem = pd.DataFrame(members)
    meet = pd.DataFrame(meetings)
    marks_df = pd.DataFrame(marks, columns=["district_code", "year", "meeting_id", "member_id", "status"])
    return mem, meet, marks_df


def _shuffle(frame, rng):
    return frame.sample(frac=1.0, random_state=rng).reset_index(drop=True)


def _sorted(frame, by):
    return frame.sort_values(by, na_position="last").reset_index(drop=True)


@SLOW
@given(tables=attendance_tables(), count_proxy=st.booleans())
def test_monthly_rates_are_percentages(tables, count_proxy):
    table = att.monthly_table(att.attendance_records(*tables, count_proxy=count_proxy))
    for sector in att.SECTORS:
        rates = table[f"{sector}_rate"].to_numpy(float)
        ok = np.isnan(rates) | ((rates >= 0) & (rates <= 100))
        assert ok.all(), table
        counts = table[table["label"] != att.MEAN_LABEL]
        assert (counts[f"{sector}_attended"] <= counts[f"{sector}_eligible"]).all()


@SLOW
@given(tables=attendance_tables(), seed=st.integers(0, 2**32 - 1))
def test_attendance_does_not_depend_on_row_order(tables, seed):
    mem, meet, marks = tables
    rng = np.random.RandomState(seed)
    shuffled = (_shuffle(mem, rng), _shuffle(meet, rng), _shuffle(marks, rng))
    keys = ["meeting_id", "member_id"]
    records, records_shuffled = att.attendance_records(*tables), att.attendance_records(*shuffled)
    pd.testing.assert_frame_equal(_sorted(records, keys), _sorted(records_shuffled, keys))
    table = att.monthly_table(records, meet)
    table_shuffled = att.monthly_table(records_shuffled, shuffled[1])
    pd.testing.assert_frame_equal(_sorted(table, ["label"]), _sorted(table_shuffled, ["label"]))


@SLOW
@given(tables=attendance_tables())
def test_pooled_row_sums_monthly_rows(tables):
    records = att.attendance_records(*tables)
    table = att.monthly_table(records)
    if records.empty:
        assert table["label"].tolist() == [att.NO_MEETINGS_LABEL]
        return
    monthly = table[~table["label"].isin([att.MEAN_LABEL, att.POOLED_LABEL])]
    pooled = table[table["label"] == att.POOLED_LABEL].iloc[0]
    for sector in att.SECTORS:
        assert pooled[f"{sector}_attended"] == monthly[f"{sector}_attended"].sum()
        assert pooled[f"{sector}_eligible"] == monthly[f"{sector}_eligible"].sum()
    assert pooled["total_attended"] == int(records["attended"].sum())
    assert pooled["total_eligible"] == len(records)


@SLOW
@given(tables=attendance_tables(subcommittees=("가분과", "나분과", "다분과")))
def test_subcommittee_wilson_interval_within_percent(tables):
    mem, meet, marks = tables
    records = att.attendance_records(mem, meet, marks)
    comparison = inference.subcommittee_comparison(records, meet, mem)
    assert set(comparison["subcommittee"]) == {"가분과", "나분과", "다분과"}
    for _, row in comparison.iterrows():
        if row["eligible"] == 0:
            assert np.isnan(row["ci_low"]) and np.isnan(row["ci_high"])
            continue
        assert 0.0 <= row["ci_low"] <= row["pooled_rate"] <= row["ci_high"] <= 100.0


@st.composite
def funnel_counts(draw):
    denominators = draw(st.lists(st.integers(1, 500), min_size=1, max_size=12))
    numerators = [draw(st.integers(0, n)) for n in denominators]
    return numerators, denominators


def _funnel(numerators, denominators, method, overdispersion):
    units = [f"U{i}" for i in range(len(denominators))]
    return funnel(units, numerators, denominators, method=method, overdispersion=overdispersion)


def _assert_limits_bracket_theta(result):
    t, theta, eps = result.table, result.theta, 1e-9
    for level in ("95", "998"):
        assert (t[f"lower_{level}"] <= theta + eps).all(), t
        assert (t[f"upper_{level}"] >= theta - eps).all(), t


@FAST
@given(counts=funnel_counts(), overdispersion=st.booleans(), method=st.sampled_from(["exact", "wilson"]))
def test_funnel_theta_is_pooled_proportion(counts, overdispersion, method):
    numerators, denominators = counts
    result = _funnel(numerators, denominators, method, overdispersion)
    assert 0.0 <= result.theta <= 1.0
    assert result.theta == pytest.approx(sum(numerators) / sum(denominators))
    assert result.n_units == len(denominators)


@FAST
@given(counts=funnel_counts(), overdispersion=st.booleans())
def test_funnel_wilson_limits_bracket_theta(counts, overdispersion):
    _assert_limits_bracket_theta(_funnel(*counts, "wilson", overdispersion))


@FAST
@given(counts=funnel_counts())
def test_funnel_exact_limits_bracket_theta(counts):
    _assert_limits_bracket_theta(_funnel(*counts, "exact", False))


@FAST
@given(counts=funnel_counts())
def test_funnel_exact_limits_within_unit_interval(counts):
    t = _funnel(*counts, "exact", False).table
    limits = t[["lower_95", "upper_95", "lower_998", "upper_998"]].to_numpy(float)
    assert ((limits >= 0.0) & (limits <= 1.0)).all(), t


@st.composite
def plans_and_indicators(draw):
    n_items = draw(st.integers(1, 6))
    plan_rows, indicator_rows = [], []
    for k in range(n_items):
        code = f"I-{k}"
        plan_rows.append(dict(district_code="26530", year=2023, item_code=code, item_name=code, framework="F",
                              strategy=f"S{draw(st.integers(0, 2))}", key_project=f"K{k}", department="d"))
        for j in range(draw(st.integers(0, 3))):
            target = draw(st.one_of(st.none(), st.integers(0, 200)))
            actual = draw(st.one_of(st.none(), st.integers(0, 300)))
            indicator_rows.append(dict(district_code="26530", year=2023, item_code=code, indicator=f"{code}-{j}",
                                       direction=draw(st.sampled_from(["up", "down"])), target=target, actual=actual))
    if not indicator_rows:  # at least one indicator so the tables have their columns
        indicator_rows.append(dict(district_code="26530", year=2023, item_code="I-0", indicator="I-0-x",
                                   direction="up", target=100, actual=draw(st.integers(0, 300))))
    return pd.DataFrame(plan_rows), pd.DataFrame(indicator_rows)


@FAST
@given(data=plans_and_indicators(), method=st.sampled_from(["ratio", "difference"]))
def test_framework_achievement_is_plain_mean_of_items(data, method):
    plan, indicators = data
    items = ach.item_achievement(ach.indicator_achievement(indicators, method=method), plan)
    frame = ach.framework_achievement(items)
    assert len(frame) == 1
    scored = items["achievement"].dropna()
    value = frame["achievement"].iloc[0]
    if scored.empty:
        assert np.isnan(value)
    else:
        assert value == pytest.approx(float(scored.mean()))
    assert frame["n_items_scored"].iloc[0] == len(scored)
    assert frame["n_items"].iloc[0] == len(plan)


# ---------------------------------------------------------------------------
# 3. Name masking
# ---------------------------------------------------------------------------

hangul = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)


@FAST
@given(name=st.text(alphabet=hangul, min_size=3, max_size=3))
def test_mask_name_idempotent_on_three_syllables(name):
    once = mask_name(name)
    assert once == name[0] + "*" + name[2]
    assert mask_name(once) == once


@FAST
@given(name=st.text(alphabet=hangul, min_size=2, max_size=6))
def test_mask_name_hides_and_keeps_length(name):
    masked = mask_name(name)
    assert masked != name
    assert len(masked) == len(name)
    assert "*" in masked
