"""The DuckDB warehouse: idempotent ingest, atomic replacement, nothing lost."""

import shutil
from pathlib import Path

import duckdb
import pytest
from openpyxl import load_workbook

from sabo_eval.errors import ValidationFailed, WarehouseError
from sabo_eval.intake.schemas import SCHEMAS
from sabo_eval.intake.validation import validate
from sabo_eval.warehouse.store import DB_ENV, Warehouse, ingest, resolve_db_path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOOD = FIXTURES / "good" / "11110_2023_minimal.xlsx"


@pytest.fixture
def db(tmp_path):
    return tmp_path / "warehouse.duckdb"


def test_ingest_writes_every_table_with_provenance(db):
    (result,) = ingest([GOOD], db)
    assert result.status == "added" and (result.district_code, result.year) == ("11110", 2023)
    with Warehouse(db, read_only=True) as wh:
        counts = wh.row_counts()
        assert counts["members"] == 5 and counts["attendance"] == 11 and counts["budget"] == 3
        members = wh.table("members", "11110", 2023, provenance=True)
        assert members["source_sheet"].unique().tolist() == ["위원명단"]
        assert members.loc[members["member_id"] == "M05", "source_row"].item() == 6
        assert str(members.loc[members["member_id"] == "M05", "joined_on"].item())[:10] == "2023-01-01"
        assert wh.table("meetings")["year"].unique().tolist() == [2023]


def test_identical_file_changes_nothing(db):
    ingest([GOOD], db)
    with Warehouse(db, read_only=True) as wh:
        before = wh.checksums()
    (again,) = ingest([GOOD], db)
    assert again.status == "unchanged"
    with Warehouse(db, read_only=True) as wh:
        assert wh.checksums() == before


def test_changed_submission_replaces_district_year_and_keeps_history(db, tmp_path):
    ingest([GOOD], db)
    changed = tmp_path / "11110_2023_changed.xlsx"
    wb = load_workbook(GOOD)
    wb["위원명단"].append(["11110", "M06", "최정화", "민", "실무", None, "위원", "2022.01.01", None])
    wb.save(changed)
    (result,) = ingest([changed], db)
    assert result.status == "replaced"
    with Warehouse(db, read_only=True) as wh:
        assert len(wh.table("members", "11110", 2023)) == 6  # replaced, not added
        subs = wh.table("submissions")
        assert len(subs) == 2 and subs["is_current"].sum() == 1
        original = wh.con.execute("SELECT original FROM submissions WHERE NOT is_current").fetchone()[0]
        assert bytes(original) == GOOD.read_bytes()  # the earlier file is kept byte for byte


def test_invalid_submission_leaves_warehouse_unchanged(db):
    ingest([GOOD], db)
    with Warehouse(db, read_only=True) as wh:
        before = wh.checksums()
    (result,) = ingest([FIXTURES / "bad" / "four_problems.xlsx"], db)
    assert isinstance(result, ValidationFailed)
    assert len([p for p in result.problems if p.severity == "error"]) >= 4
    with Warehouse(db, read_only=True) as wh:
        assert wh.checksums() == before


def test_failure_inside_the_transaction_rolls_back(db, monkeypatch):
    ingest([GOOD], db)
    with Warehouse(db, read_only=True) as wh:
        before = wh.checksums()
    sub = validate(GOOD)
    sub.content_hash = "different"  # force a replacement
    wh = Warehouse(db)
    original = wh._prepare

    def broken(name, submission):
        if name == "opinions":
            raise RuntimeError("disk full (injected)")
        return original(name, submission)

    monkeypatch.setattr(wh, "_prepare", broken)
    with pytest.raises(RuntimeError, match="injected"):
        wh.ingest(sub)
    wh.close()
    with Warehouse(db, read_only=True) as wh:
        assert wh.checksums() == before


def test_csv_folder_and_workbook_give_same_rows(db, tmp_path):
    ingest([FIXTURES / "good" / "11110_2023_csv_cp949"], db)
    with Warehouse(db, read_only=True) as wh:
        from_csv = {n: wh.table(n).drop(columns=[]) for n in ("members", "attendance", "indicators", "budget", "services")}
    other = tmp_path / "other.duckdb"
    ingest([GOOD], other)
    with Warehouse(other, read_only=True) as wh:
        for name, frame in from_csv.items():
            assert wh.table(name).equals(frame), name


def test_read_only_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(WarehouseError, match="창고 파일이 없습니다"):
        Warehouse(tmp_path / "absent.duckdb", read_only=True)


def test_resolve_db_path_precedence(tmp_path, monkeypatch):
    monkeypatch.setenv(DB_ENV, str(tmp_path / "env.duckdb"))
    assert resolve_db_path(tmp_path / "arg.duckdb") == (tmp_path / "arg.duckdb").resolve()
    assert resolve_db_path() == (tmp_path / "env.duckdb").resolve()
    monkeypatch.delenv(DB_ENV)
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    duckdb.connect(str(project / "data" / "warehouse.duckdb")).close()
    (project / "notebooks").mkdir()
    monkeypatch.chdir(project / "notebooks")
    assert resolve_db_path() == (project / "data" / "warehouse.duckdb").resolve()


def test_sample_file_is_not_modified_by_ingest(db, tmp_path):
    copy = tmp_path / GOOD.name
    shutil.copy(GOOD, copy)
    before = copy.read_bytes()
    ingest([copy], db)
    assert copy.read_bytes() == before


def test_unreadable_file_is_reported_and_the_others_still_ingest(db, tmp_path):
    fake = tmp_path / "11140_2023_fake.xlsx"
    fake.write_text("이것은 엑셀 파일이 아닙니다", encoding="utf-8")
    first, second = ingest([fake, GOOD], db)
    assert isinstance(first, ValidationFailed)
    assert first.problems[0].rule == "unreadable_file" and "xlsx" in first.problems[0].reason_ko
    assert second.status == "added"


def test_unchanged_file_is_recognised_by_hash_under_another_name(db, tmp_path):
    ingest([GOOD], db)
    renamed = tmp_path / "다른이름.xlsx"
    shutil.copy(GOOD, renamed)
    (result,) = ingest([renamed], db)
    assert (result.status, result.district_code, result.year, result.file_name) == ("unchanged", "11110", 2023, "다른이름.xlsx")


# --------------------------------------------------------------------------- batches and reading workers

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"
BAD = FIXTURES / "bad"


def _stored(db: Path) -> dict:
    """Every row of every table (submissions without their ingest time), order-free."""
    with Warehouse(db, read_only=True) as wh:
        out = {name: sorted(map(repr, wh.con.execute(f"SELECT * FROM {name}").fetchall())) for name in SCHEMAS}
        rows = wh.con.execute("SELECT * EXCLUDE (ingested_at) FROM submissions").fetchall()
        out["submissions"] = sorted(map(repr, rows))
    return out


def _outcome(result) -> tuple:
    if isinstance(result, ValidationFailed):
        return ("refused", result.file, result.message_ko, [tuple(vars(p).values()) for p in result.problems])
    return ("stored", result.file_name, result.district_code, result.year, result.status, result.submission_id, result.row_counts)


def test_reading_workers_change_nothing(tmp_path, caplog):
    """Results, problems, log lines and stored rows are those of reading one file after another."""
    paths = [
        *sorted(SAMPLE.glob("111[14]0_202[23]_*.xlsx")),
        BAD / "four_problems.xlsx",
        BAD / "total_mismatch.xlsx",
        tmp_path / "missing_2023.xlsx",  # unreadable
        GOOD,
        SAMPLE / "11110_2022_종로구.xlsx",  # the same file again: unchanged
    ]
    runs = {}
    for jobs in (1, 2):
        caplog.clear()
        with caplog.at_level("DEBUG", logger="sabo_eval"):
            results = ingest(paths, tmp_path / f"w{jobs}.duckdb", jobs=jobs)
        logs = [(r.name, r.levelname, r.getMessage()) for r in caplog.records if r.name.startswith("sabo_eval")]
        runs[jobs] = ([_outcome(r) for r in results], logs, _stored(tmp_path / f"w{jobs}.duckdb"))
    assert runs[1][0] == runs[2][0]
    assert runs[1][1] == runs[2][1]
    assert runs[1][2] == runs[2][2]
    assert [o[0] for o in runs[2][0]] == ["stored"] * 4 + ["refused"] * 3 + ["stored", "stored"]
    assert runs[2][0][-1][4] == "unchanged"


def test_a_district_year_submitted_twice_in_one_call_keeps_the_last(db, tmp_path):
    changed = tmp_path / "11110_2023_changed.xlsx"
    workbook = load_workbook(GOOD)
    workbook["위원명단"]["C2"] = "김바뀜"
    workbook.save(changed)
    first, second, third = ingest([GOOD, changed, GOOD], db)
    assert (first.status, second.status, third.status) == ("added", "replaced", "replaced")
    with Warehouse(db, read_only=True) as wh:
        submissions = wh.table("submissions")
        assert len(submissions) == 2 and submissions["is_current"].sum() == 1
        assert submissions.loc[submissions["is_current"], "submission_id"].item() == first.submission_id
        assert "김바뀜" not in set(wh.table("members")["name"])
        assert len(wh.table("members")) == first.row_counts["members"]


def test_a_failing_batch_is_written_one_by_one_up_to_the_failure(db, monkeypatch):
    import sabo_eval.warehouse.batch as batch

    paths = sorted(SAMPLE.glob("*_2022_*.xlsx"))[:5]
    real = batch._typed_frame

    def broken(name, parts):
        if name == "members" and any(part and "11170" in list(part["district_code"]) for part in parts):
            raise RuntimeError("disk full (injected)")
        return real(name, parts)

    monkeypatch.setattr(batch, "_typed_frame", broken)
    with pytest.raises(RuntimeError, match="injected"):
        ingest(paths, db, jobs=1)
    with Warehouse(db, read_only=True) as wh:
        assert wh.district_years()["district_code"].tolist() == ["11110", "11140"]  # those before the failure
        assert set(wh.table("members")["district_code"]) == {"11110", "11140"}
