"""Tests of the column descriptions shared by the template's sheets (:mod:`sabo_eval.intake.template_columns`)."""

from __future__ import annotations

from sabo_eval.intake.schemas import SCHEMAS
from sabo_eval.intake.template_columns import column_help, entry_ko, header_note


def test_every_column_is_explained() -> None:
    for schema in SCHEMAS.values():
        for column in schema.columns:
            assert len(column_help(schema.name, column)) >= 4, (schema.name, column.name)


def test_the_same_header_is_explained_by_its_table() -> None:
    members, meetings = SCHEMAS["members"], SCHEMAS["meetings"]
    assert "대표·실무 위원은 비웁니다" in column_help("members", members.column("subcommittee"))
    assert "대표·실무 회의면 비웁니다" in column_help("meetings", meetings.column("subcommittee"))
    assert "목록" in column_help("opinions", SCHEMAS["opinions"].column("subcommittee"))


def test_header_note_keeps_the_schema_help_and_the_entry_rule() -> None:
    sector = SCHEMAS["members"].column("sector")
    note = header_note("members", sector)
    assert sector.help_ko in note and "민간위원" in note
    assert f"입력: {entry_ko(sector)}" in note and "허용 값: 민, 관" in note
    year = SCHEMAS["indicators"].column("year")
    assert "선택 (비우면 제출정보 값)" in header_note("indicators", year)
