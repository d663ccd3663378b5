"""Back-tests: the bundled sample, ingested and read through the public functions,
reproduces the figures of the seed documents (000, 001, 002) as whole tables."""

import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from sabo_eval.intake.loaders import find_submissions
from sabo_eval.metrics import achievement, attendance, attendance_members
from sabo_eval.reports.district import evaluation_date_of, load_district_tables
from sabo_eval.warehouse.store import Warehouse, ingest

# Seed 000: 수원시 연구기획분과 2022, 회의참석률 (월, 합, 민, 관)
SEED_000_TABLE = pd.DataFrame(
    [
        ["1", "68.4%", "60.0%", "100.0%"],
        ["2", "90.0%", "93.3%", "80.0%"],
        ["3", "90.0%", "93.3%", "80.0%"],
        ["4", "47.4%", "57.1%", "20.0%"],
        ["5", "73.7%", "71.4%", "80.0%"],
        ["6", "63.2%", "78.6%", "20.0%"],
        ["7", "44.4%", "42.9%", "50.0%"],
        ["8", "72.2%", "92.9%", "0.0%"],
        ["9", "30.0%", "26.7%", "40.0%"],
        ["10", "57.9%", "71.4%", "20.0%"],
        ["평균", "63.7%", "68.8%", "49.0%"],
    ],
    columns=["월", "합", "민", "관"],
)
# Seed 000: ※ 1년 이상, 70%이상 위원명단
SEED_000_MEMBERS = pd.DataFrame(
    [
        ["소현이", "민간분과장", "100.0%"],
        ["김범수", "공공분과장", "90.0%"],
        ["이은선", "총무", "80.0%"],
        ["서향숙", "위원", "80.0%"],
        ["유철호", "위원", "90.0%"],
        ["이미연", "위원", "90.0%"],
        ["최정화", "위원", "80.0%"],
        ["황은경", "위원", "80.0%"],
    ],
    columns=["위원명", "직위", "참석률"],
)


@pytest.fixture(scope="module")
def warehouse():
    with Warehouse(os.environ["SABO_EVAL_DB"], read_only=True) as wh:
        yield wh


@pytest.fixture(scope="module")
def suwon_2022(warehouse):
    tables = load_district_tables(warehouse, "41110", 2022)
    records = attendance.attendance_records(tables["members"], tables["meetings"], tables["attendance"])
    return tables, records, evaluation_date_of(warehouse, "41110", 2022)


def test_seed_000_monthly_attendance_table(suwon_2022):
    _tables, records, _when = suwon_2022
    tables = attendance.group_monthly_tables(records)
    shown = attendance.format_monthly_table(tables["연구기획분과"], include_pooled=False)
    pd.testing.assert_frame_equal(shown, SEED_000_TABLE)


def test_seed_000_excellent_members(suwon_2022):
    tables, records, when = suwon_2022
    assert str(when) == "2022-11-17"
    summary = attendance_members.member_summary(records, tables["members"], when)
    chosen = attendance_members.excellent_candidates(summary)
    chosen = chosen[chosen["subcommittee"] == "연구기획분과"]
    got = pd.DataFrame(
        {"위원명": chosen["name"], "직위": chosen["role"], "참석률": chosen["rate"].map(lambda v: f"{v:.1f}%")}
    ).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, SEED_000_MEMBERS)
    assert (chosen["tenure_days"] >= 365).all()


def test_seed_001_achievement_headlines(warehouse):
    tables = load_district_tables(warehouse, "26530", 2023)
    items = achievement.item_achievement(achievement.indicator_achievement(tables["indicators"]), tables["plan_items"])
    frameworks = achievement.framework_achievement(items).set_index("framework")
    got = {
        name: (round(row["achievement"], 1), row["n_strategies"], row["n_key_projects"], row["n_items"])
        for name, row in frameworks.iterrows()
    }
    assert got == {
        "지자체 사회보장사업 전략체계": (121.6, 5, 10, 29),
        "지역사회보장 발전 전략체계": (110.7, 4, 9, 18),
    }


SEED_002_TOTALS = {
    ("보편방문-65세", "대상인원"): 125_235, ("보편방문-65세", "상담인원"): 94_781, ("보편방문-65세", "가정방문"): 6_484,
    ("보편방문-65세", "내방상담"): 73_068, ("보편방문-65세", "전화상담"): 15_229,
    ("보편방문-70세", "대상인원"): 75_430, ("보편방문-70세", "상담인원"): 29_235, ("보편방문-70세", "가정방문"): 4_348,
    ("보편방문-70세", "내방상담"): 8_544, ("보편방문-70세", "전화상담"): 16_343,
    ("보편방문-양육가정", "대상인원"): 31_855, ("보편방문-양육가정", "상담인원"): 42_619, ("보편방문-양육가정", "가정방문"): 2_732,
    ("보편방문-양육가정", "내방상담"): 22_359, ("보편방문-양육가정", "전화상담"): 17_528,
    ("돌봄SOS", "일시재가"): 12_900, ("돌봄SOS", "단기시설"): 15, ("돌봄SOS", "동행지원"): 5_473,
    ("돌봄SOS", "주거편의"): 8_552, ("돌봄SOS", "식사지원"): 26_058, ("돌봄SOS", "돌봄연계"): 67_334,
    ("긴급복지", "생계비 가구"): 11_503, ("긴급복지", "의료비 가구"): 7_332, ("긴급복지", "주거비 가구"): 1_897,
    ("긴급복지", "기타 가구"): 1_438, ("긴급복지", "생계비 지원액"): 3_895, ("긴급복지", "의료비 지원액"): 5_130,
    ("긴급복지", "주거비 지원액"): 875, ("긴급복지", "기타 지원액"): 182,
}


def test_seed_002_city_totals_of_the_25_districts(warehouse):
    services = warehouse.query("SELECT * FROM services WHERE year = 2021 AND district_code LIKE '11%'")
    assert services["district_code"].nunique() == 25
    sums = services.groupby(["program", "measure"])["value"].sum()
    got = {key: int(sums[key]) for key in SEED_002_TOTALS}
    assert got == SEED_002_TOTALS
    # 합계 row of the universal-visit table: 232,520 / 166,635 / 13,564 / 103,971 / 49,100
    visits = services[services["program"].str.startswith("보편방문")].groupby("measure")["value"].sum()
    assert visits[["대상인원", "상담인원", "가정방문", "내방상담", "전화상담"]].astype(int).tolist() == [
        232_520, 166_635, 13_564, 103_971, 49_100,
    ]


def test_every_district_has_2022_and_2023(warehouse):
    years = warehouse.district_years()
    per_year = years.groupby("year")["district_code"].nunique()
    assert per_year[2022] == 27 and per_year[2023] == 27 and per_year[2021] == 25


def test_ingesting_the_sample_twice_changes_no_row_count(tmp_path):
    db = tmp_path / "twice.duckdb"
    shutil.copy(os.environ["SABO_EVAL_DB"], db)
    with Warehouse(db, read_only=True) as wh:
        counts, sums = wh.row_counts(), wh.checksums()
    results = ingest(find_submissions(Path(__file__).resolve().parents[1] / "data" / "sample"), db)
    assert {r.status for r in results} == {"unchanged"}
    with Warehouse(db, read_only=True) as wh:
        assert wh.row_counts() == counts
        assert wh.checksums() == sums
