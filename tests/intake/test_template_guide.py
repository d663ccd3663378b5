"""Tests of the template's 안내 sheet (:mod:`sabo_eval.intake.template_guide`)."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from sabo_eval.intake.schemas import SCHEMAS, SUBMISSION_INFO_FIELDS, SUBMISSION_INFO_SHEET
from sabo_eval.intake.template import EXAMPLE_SHEET, INSTRUCTIONS_SHEET, LISTS_SHEET, write_template


@pytest.fixture(scope="module")
def guide(tmp_path_factory):
    return load_workbook(write_template(tmp_path_factory.mktemp("guide") / "서식.xlsx"))[INSTRUCTIONS_SHEET]


def _table(ws) -> dict[tuple[str, str], dict[str, str]]:
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[:2] == ("시트", "열(머리글)"))
    headers = rows[start]
    return {(r[0], r[1]): dict(zip(headers, r, strict=True)) for r in rows[start + 1:] if r[0]}


def test_every_column_has_an_example_and_an_explanation(guide) -> None:
    table = _table(guide)
    for schema in SCHEMAS.values():
        for column in schema.columns:
            row = table[(schema.korean, column.korean)]
            assert row["설명"], (schema.korean, column.korean)
            assert row["예시"] not in (None, ""), (schema.korean, column.korean)
    for _key, label, _kind, required in SUBMISSION_INFO_FIELDS:
        row = table[(SUBMISSION_INFO_SHEET, label)]
        assert row["설명"]
        if required or label == "예산단위":
            assert row["예시"]


def test_plan_words_are_explained_in_plain_korean(guide) -> None:
    table = _table(guide)
    explained = {h: table[("시행계획", h)]["설명"] for h in ("계획기수", "전략체계", "추진전략", "중점사업")}
    assert "4년" in explained["계획기수"] and "제5기" in explained["계획기수"]
    assert "가장 큰 틀" in explained["전략체계"]
    assert "전략체계 아래" in explained["추진전략"]
    assert "추진전략 아래" in explained["중점사업"] and "대표과업" in explained["중점사업"]
    assert table[("시행계획", "중점사업")]["예시"] == "통합돌봄 체계 구축"  # the 작성예시's value


def test_the_guide_names_the_list_the_example_and_the_roster_rule(guide) -> None:
    text = "\n".join(str(c.value) for row in guide.iter_rows() for c in row if c.value is not None)
    assert f"'{LISTS_SHEET}' 시트의 '분과명' 열에 분과 이름을 한 번씩만" in text
    assert "'출석부_' 뒤에 목록의 분과 이름을 그대로" in text and "출석부_노인분과" in text
    assert f"'{EXAMPLE_SHEET}' 시트" in text
    assert "목록에 없는 분과 이름의 출석부는 오류" in text
    assert f"{LISTS_SHEET}, {EXAMPLE_SHEET}, {INSTRUCTIONS_SHEET}: 읽지 않는" in text
