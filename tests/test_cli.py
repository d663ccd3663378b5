"""The command line: exit codes, problem tables, warehouse untouched on failure."""

from pathlib import Path

from sabo_eval.cli import main
from sabo_eval.warehouse.store import Warehouse

FIXTURES = Path(__file__).parent / "fixtures"
GOOD = FIXTURES / "good" / "11110_2023_minimal.xlsx"
FOUR = FIXTURES / "bad" / "four_problems.xlsx"


def test_validate_valid_submission_exits_zero(capsys):
    assert main(["validate", str(GOOD)]) == 0
    assert "오류 0건" in capsys.readouterr().out


def test_validate_lists_all_four_problems_with_location(capsys):
    assert main(["validate", str(FOUR)]) == 1
    out = capsys.readouterr().out
    for expected in ("위언명", "많음", "M99", "중복된 키", "위원명단", "지역현황", "출석부_연구기획분과", "위원명단에 없는 위원"):
        assert expected in out, expected
    assert "four_problems.xlsx" in out.splitlines()[0]
    assert sum(line.startswith("오류 ") for line in out.splitlines()) == 4
    assert main(["validate", str(FOUR), "--lang", "en"]) == 1
    english = capsys.readouterr().out
    for expected in ("required column", "not in the member list", "duplicate_key"):
        assert expected in english, expected
    assert "위원명단에 없는 위원" not in english


def test_ingest_of_invalid_file_leaves_every_table_unchanged(tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    assert main(["ingest", str(GOOD), "--db", str(db)]) == 0
    with Warehouse(db, read_only=True) as wh:
        before = wh.checksums()
    assert main(["ingest", str(FOUR), "--db", str(db)]) == 1
    assert "창고를 변경하지 않았습니다" in capsys.readouterr().out
    with Warehouse(db, read_only=True) as wh:
        assert wh.checksums() == before


def test_missing_path_is_a_clear_error(capsys, tmp_path):
    assert main(["validate", str(tmp_path / "nope.xlsx")]) == 2
    out = capsys.readouterr().out
    assert "경로가 없습니다" in out and "does not exist" in out


def test_db_env_variable_is_used(tmp_path, monkeypatch):
    db = tmp_path / "env.duckdb"
    monkeypatch.setenv("SABO_EVAL_DB", str(db))
    assert main(["ingest", str(GOOD)]) == 0
    assert db.exists()


def test_template_command_writes_a_workbook_that_loads(tmp_path, capsys):
    from sabo_eval.intake.validation import validate

    out = tmp_path / "서식.xlsx"
    assert main(["template", str(out), "--district", "41110", "--year", "2024"]) == 0
    assert "서식 파일을 만들었습니다" in capsys.readouterr().out
    sub = validate(out)
    assert (sub.district_code, sub.year) == ("41110", 2024)
    assert [p.rule for p in sub.problems if p.severity == "error"] == ["no_data"]  # readable, but empty


def test_ingest_prints_warnings_and_one_accounting_line_per_sheet(tmp_path, capsys):
    sample = Path(__file__).parents[1] / "data" / "sample" / "11110_2012_종로구.xlsx"
    assert main(["ingest", str(sample), "--db", str(tmp_path / "w.duckdb")]) == 0
    out = capsys.readouterr().out
    assert "✓ 11110_2012_종로구.xlsx" in out
    assert "경고 3건 / 3 warning(s)" in out and "unused_service_item" in out and "복지상담/상담건수" in out
    lines = out.splitlines()
    accounting = [i for i, line in enumerate(lines) if line.startswith("  · ")]
    assert [lines[i].split(":")[0] for i in accounting] == ["  · 제출정보", "  · 지역현황", "  · 서비스실적"]
    services = " ".join(lines[accounting[2]:accounting[2] + 2])  # a line too wide: Korean, then English below
    assert "적재 36행" in services and "loaded 36" in services and "ignored 0" in services


def test_validate_and_refused_ingest_print_the_accounting(tmp_path, capsys):
    assert main(["validate", str(GOOD)]) == 0
    assert "  · 서비스실적: 적재" in capsys.readouterr().out
    assert main(["ingest", str(FOUR), "--db", str(tmp_path / "w.duckdb")]) == 1
    out = capsys.readouterr().out
    assert "  · 위원명단: 읽음" in out and "read " in out


def test_ingesting_the_same_file_again_still_prints_its_warnings_and_accounting(tmp_path, capsys):
    sample = Path(__file__).resolve().parents[1] / "data" / "sample" / "11110_2012_종로구.xlsx"  # 3 warnings
    db = tmp_path / "w.duckdb"
    assert main(["ingest", str(sample), "--db", str(db)]) == 0
    first = capsys.readouterr().out
    assert main(["ingest", str(sample), "--db", str(db)]) == 0
    again = capsys.readouterr().out
    assert "변경 없음" in again and "변경 없음" not in first
    warnings = [line for line in first.splitlines() if "warning(s)" in line]
    assert warnings and warnings == [line for line in again.splitlines() if "warning(s)" in line]
    accounting = [line for line in first.splitlines() if line.startswith("  · ")]
    assert accounting and accounting == [line for line in again.splitlines() if line.startswith("  · ")]


def test_an_unreadable_file_does_not_stop_validating_the_others(tmp_path, capsys):
    import shutil

    (tmp_path / "00000_2023_damaged.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    shutil.copy(GOOD, tmp_path / GOOD.name)
    assert main(["validate", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "00000_2023_damaged.xlsx — 읽을 수 없음" in out and "error: " in out
    assert f"{GOOD.name} — 오류 0건" in out
