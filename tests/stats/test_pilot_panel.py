"""The monthly pilot panel built from the ``services`` and ``districts`` tables."""

import pandas as pd
import pytest

from sabo_eval.stats.pilot import panel_from_services

# --------------------------------------------------------------------------- panel


def _services() -> pd.DataFrame:
    rows = []
    for code in ("11110", "11140", "11170", "11200"):
        for year in (2012, 2013):
            for month in range(1, 13):
                rows.append((code, year, month, None, "복지상담", "상담건수", 100.0 + month))
                rows.append((code, year, month, None, "사례관리", "사례관리건수", 9.0))
    # 11230 reports per dong only; 11260 has dong rows and a district total (use the total)
    for year in (2012, 2013):
        for month in range(1, 13):
            rows += [("11230", year, month, d, "복지상담", "상담건수", 30.0) for d in ("가동", "나동")]
            rows += [("11260", year, month, d, "복지상담", "상담건수", 40.0) for d in ("가동", "나동")]
            rows.append(("11260", year, month, None, "복지상담", "상담건수", 80.0))
    rows.append(("11110", 2013, None, None, "복지상담", "상담건수", 9999.0))  # an annual row: ignored
    return pd.DataFrame(rows, columns=["district_code", "year", "month", "dong", "program", "measure", "value"])


def _districts() -> pd.DataFrame:
    codes = ("11110", "11140", "11170", "11200", "11230", "11260")
    return pd.DataFrame(
        [(c, y, f"구{c}", 200_000 if c != "11170" else 0) for c in codes for y in (2012, 2013)],
        columns=["district_code", "year", "district_name", "population"],
    )


def test_panel_rates_flags_and_periods():
    services, districts = _services(), _districts()
    before = services.copy()
    panel = panel_from_services(services, districts, "복지상담", "상담건수", ["11110", "11140"], "2013-03")
    pd.testing.assert_frame_equal(services, before)  # the input is not changed
    assert len(panel) == 6 * 24
    row = panel[(panel["district_code"] == "11110") & (panel["period"] == "2013-03")].iloc[0]
    assert row["value"] == 103 and row["rate"] == pytest.approx(103 / 200_000 * 1000)
    assert row["treated"] == 1 and row["post"] == 1 and row["district_name"] == "구11110"
    assert panel.loc[panel["period"] == "2013-02", "post"].eq(0).all()
    assert set(panel.loc[panel["treated"] == 1, "district_code"]) == {"11110", "11140"}
    assert panel.loc[panel["district_code"] == "11170", "rate"].isna().all()  # population 0: missing, not inf
    by_code = panel[panel["period"] == "2012-01"].set_index("district_code")["value"]
    assert by_code["11230"] == 60 and by_code["11260"] == 80  # dong rows summed; total row not double counted


def test_panel_end_and_exclusions():
    panel = panel_from_services(
        _services(), _districts(), "복지상담", "상담건수", ["11110"], "2013-03", "2013-06", exclude=["11140"]
    )
    assert panel["period"].max() == "2013-06" and "11140" not in set(panel["district_code"])
    assert panel.loc[panel["post"] == 1, "period"].unique().tolist() == ["2013-03", "2013-04", "2013-05", "2013-06"]


@pytest.mark.parametrize(
    ("program", "pilot", "start"),
    [("없는사업", ["11110"], "2013-03"), ("복지상담", ["99999"], "2013-03"), ("복지상담", ["11110"], "2013.03")],
)
def test_panel_refuses_missing_data_and_bad_dates(program, pilot, start):
    with pytest.raises(ValueError):
        panel_from_services(_services(), _districts(), program, "상담건수", pilot, start)


# --------------------------------------------------------------------------- per-district starts, exclusions


def test_panel_accepts_a_start_month_per_district():
    from sabo_eval.stats.pilot.panel import excluded_months  # noqa: F401  (public in the module)

    panel = panel_from_services(
        _services(), _districts(), "복지상담", "상담건수", ["11110", "11140"], {"11110": "2013-03", "11140": "2013-07"}
    )
    by = panel.set_index(["district_code", "period"])
    assert by.loc[("11140", "2013-06"), "post"] == 0 and by.loc[("11140", "2013-07"), "post"] == 1
    assert by.loc[("11110", "2013-03"), "post"] == 1 and by.loc[("11110", "2013-03"), "start"] == "2013-03"
    assert by.loc[("11200", "2013-03"), "post"] == 1 and pd.isna(by.loc[("11200", "2013-03"), "start"])
    with pytest.raises(ValueError, match="11140"):
        panel_from_services(_services(), _districts(), "복지상담", "상담건수", ["11110", "11140"], {"11110": "2013-03"})
    with pytest.raises(ValueError):
        panel_from_services(_services(), _districts(), "복지상담", "상담건수", ["11110"], {"11110": "2013/03"})


def test_excluded_months_names_every_district_that_loses_months():
    from sabo_eval.stats.pilot.panel import excluded_months

    districts = _districts()
    districts = districts[~((districts["district_code"] == "11230") & (districts["year"] == 2013))]  # no 2013 row
    districts.loc[(districts["district_code"] == "11260") & (districts["year"] == 2012), "population"] = None
    panel = panel_from_services(_services(), districts, "복지상담", "상담건수", ["11110"], "2013-03")
    out = excluded_months(panel).set_index("district_code")
    assert set(out.index) == {"11170", "11230", "11260"}
    assert out.loc["11170", "reason"].startswith("인구 0") and out.loc["11170", "months"] == 24
    assert bool(out.loc["11170", "all_months"])
    assert out.loc["11230", "reason"].startswith("districts 표") and out.loc["11230", "months"] == 12
    assert (out.loc["11230", "first"], out.loc["11230", "last"]) == ("2013-01", "2013-12")
    assert out.loc["11260", "reason"].startswith("인구 결측") and not out.loc["11260", "all_months"]
    assert excluded_months(panel[panel["rate"].notna()]).empty
