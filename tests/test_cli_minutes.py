"""``sabo-eval minutes``: discussion minutes parsed, listed in Korean and stored (sabo_eval/cli.py)."""

from __future__ import annotations

from pathlib import Path

from sabo_eval.cli import main
from sabo_eval.warehouse.store import Warehouse

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "discussions"


def test_check_lists_topics_and_stores_nothing(tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    assert main(["minutes", str(SAMPLE), "--check", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "주제 4개, 발언 83건" in out and "조 24개(1조, 3조," in out and "주제 3:" in out
    assert not db.exists()


def test_a_folder_is_stored_and_stored_again_replaces_it(tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    assert main(["minutes", str(SAMPLE), "--warehouse", str(db)]) == 0
    assert main(["minutes", str(SAMPLE / "2023_민관협력_종합토론.txt"), "--db", str(db)]) == 0
    assert "행사 1건 저장" in capsys.readouterr().out
    with Warehouse(db, read_only=True) as wh:
        counts = wh.query("SELECT event_id, count(*) AS n FROM discussions GROUP BY 1")
    assert counts.values.tolist() == [["2023_민관협력_종합토론", 83]]


def test_unread_lines_are_warnings_and_nothing_readable_is_exit_1(tmp_path, capsys):
    some = tmp_path / "2024_동_회의.txt"
    some.write_text("제목\n머리말\n주제 1\n질문\n관 :\n민 : 자원 연계\n", encoding="utf-8")
    assert main(["minutes", str(some), "--event-id", "2024_x", "--db", str(tmp_path / "w.duckdb")]) == 0
    out = capsys.readouterr().out
    assert "읽지 못한 줄 2건" in out and "2행: 머리말" in out and "5행" in out and "2024_x" in out
    empty = tmp_path / "빈.txt"
    empty.write_text("아무 내용\n", encoding="utf-8")
    assert main(["minutes", str(empty), "--check"]) == 1
    assert "읽을 수 있는 발언이 없습니다" in capsys.readouterr().out
