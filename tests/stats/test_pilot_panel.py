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
