"""The codebook users own: YAML/CSV files, errors naming the line, coding with matched words."""

from __future__ import annotations

import pandas as pd
import pytest

from sabo_eval.errors import SaboEvalError
from sabo_eval.settings import EnvironmentValueError, check_environment
from sabo_eval.text.codebook import (
    DEFAULT_CODEBOOK,
    CodebookError,
    code_texts,
    load_codebook,
    parse_codebook,
    theme_long,
)

SMALL = """themes:
  - theme: partnership
    label: 민관협력
    keywords: [민관협력, 협력]
    description: 함께 하는 일
  - theme: residents
    label: 주민참여
    keywords: [통장]
    patterns: ['주민(?!센터)']
"""


@pytest.fixture(autouse=True)
def no_codebook_variable(monkeypatch):
    monkeypatch.delenv("SABO_EVAL_CODEBOOK", raising=False)


def test_the_default_codebook_covers_the_field():
    book = load_codebook()
    assert book.source == str(DEFAULT_CODEBOOK)
    assert 12 <= len(book.themes) <= 16
    assert {"민관협력", "역할분담", "정보공유", "사례관리", "성과지표", "예산·재정", "인력·인사이동"} <= set(book.themes["label"])
    assert all(book.themes["keywords"].map(len) > 0) and len(book.digest) == 64


def test_keywords_match_on_text_and_nouns_and_keep_the_matched_words():
    book = parse_codebook(SMALL)
    frame = pd.DataFrame({"text": ["민관협력을 위한 주민 참여", "주민센터와 복지관", "통장에게 정보 제공", "민관 협력 강화"]})
    coded = code_texts(frame, book)
    assert coded["themes"].tolist() == [["partnership", "residents"], [], ["residents"], ["partnership"]]
    assert coded.at[0, "matched"] == {"partnership": ["민관협력", "협력"], "residents": ["주민"]}
    assert coded.at[3, "matched"] == {"partnership": ["민관협력", "협력"]}  # spaces are ignored
    long = theme_long(coded, book)
    assert long[["text", "label", "matched_words"]].values.tolist()[0] == ["민관협력을 위한 주민 참여", "민관협력", "민관협력, 협력"]
    assert len(long) == 4


def test_a_one_syllable_keyword_matches_only_a_whole_noun():
    book = parse_codebook("themes:\n  - theme: neighbourhood\n    label: 동\n    keywords: [동]\n")
    coded = code_texts(pd.DataFrame({"text": ["동에서 선정", "공동 사업 진행"]}), book)
    assert coded["themes"].tolist() == [["neighbourhood"], []]


def test_changing_the_codebook_file_changes_coding_and_digest(tmp_path):
    path = tmp_path / "코드북.yaml"
    path.write_text(SMALL, encoding="utf-8")
    before = load_codebook(path)
    path.write_text(SMALL.replace("keywords: [통장]", "keywords: [통장, 정보]"), encoding="utf-8")
    after = load_codebook(path)
    frame = pd.DataFrame({"text": ["통장에게 정보 제공", "정보 공유 필요"]})
    assert before.digest != after.digest
    assert code_texts(frame, before)["themes"].tolist() == [["residents"], []]
    assert code_texts(frame, after)["themes"].tolist() == [["residents"], ["residents"]]


def test_a_csv_codebook_reads_like_the_yaml_one(tmp_path):
    path = tmp_path / "codebook.csv"
    path.write_text("theme,label,keywords,patterns,description\npartnership,민관협력,민관협력;협력,,함께\nresidents,주민참여,통장,주민(?!센터),\n", encoding="utf-8-sig")
    book = load_codebook(path)
    assert book.themes[["theme", "keywords", "patterns"]].values.tolist() == [
        ["partnership", ["민관협력", "협력"], []],
        ["residents", ["통장"], ["주민(?!센터)"]],
    ]


@pytest.mark.parametrize(
    ("text", "kind", "where", "says"),
    [
        ("themes:\n  - theme: a\n    label: [x\n", "yaml", "행", "YAML"),
        ("themes:\n  - theme: Partnership\n    label: 민관\n    keywords: [a]\n", "yaml", "2행", "snake_case"),
        ("themes:\n  - theme: a\n    label: 가\n    keywords: [x]\n  - theme: a\n    label: 나\n    keywords: [y]\n", "yaml", "5행", "두 번"),
        ("themes:\n  - theme: a\n    keywords: [x]\n", "yaml", "2행", "label"),
        ("themes:\n  - theme: a\n    label: 가\n", "yaml", "2행", "keywords"),
        ("themes:\n  - theme: a\n    label: 가\n    patterns: ['(']\n", "yaml", "2행", "정규식"),
        ("themes:\n  - theme: a\n    label: 가\n    keyword: [x]\n", "yaml", "2행", "keyword"),
        ("themes: []\n", "yaml", "", "주제가 하나도"),
        ("name,label\na,가\n", "csv", "1행", "theme"),
        ("theme,label,keywords\na,가,x\nb,,y\n", "csv", "3행", "label"),
    ],
)
def test_a_bad_codebook_is_refused_naming_the_line(text, kind, where, says):
    with pytest.raises(CodebookError) as caught:
        parse_codebook(text, source="/x/codebook." + kind, kind=kind)
    assert isinstance(caught.value, SaboEvalError)
    assert "codebook." + kind in caught.value.message_ko and where in caught.value.message_ko
    assert says in caught.value.message_ko or says in caught.value.message_en


def test_a_missing_or_foreign_file_is_refused(tmp_path):
    with pytest.raises(CodebookError):
        load_codebook(tmp_path / "없음.yaml")
    (tmp_path / "book.txt").write_text("x", encoding="utf-8")
    with pytest.raises(CodebookError) as caught:
        load_codebook(tmp_path / "book.txt")
    assert ".csv" in caught.value.message_en


def test_the_environment_variable_names_the_codebook(monkeypatch, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(SMALL, encoding="utf-8")
    monkeypatch.setenv("SABO_EVAL_CODEBOOK", str(path))
    assert load_codebook().themes["theme"].tolist() == ["partnership", "residents"]
    check_environment()
    path.write_text("themes: 3\n", encoding="utf-8")
    with pytest.raises(EnvironmentValueError) as caught:
        check_environment()
    assert "SABO_EVAL_CODEBOOK" in caught.value.message_ko
    monkeypatch.setenv("SABO_EVAL_CODEBOOK", str(tmp_path / "missing.yaml"))
    with pytest.raises(EnvironmentValueError):
        check_environment()


def test_the_default_codebook_codes_most_statements_of_the_sample_minutes():
    from pathlib import Path

    minutes = Path(__file__).resolve().parents[2] / "data" / "sample" / "discussions" / "2023_민관협력_종합토론.txt"
    if not minutes.is_file():
        pytest.skip("the sample minutes (seed 003) are not in this checkout")
    import re

    heading = re.compile(r"^(종합토론|주제 \d+|토론 조|\d+안\)|\d+조 :$|[\d조, ]+$)")
    lines = [line.strip() for line in minutes.read_text(encoding="utf-8-sig").splitlines() if line.strip()]
    statements = pd.DataFrame({"text": [line for line in lines if not heading.match(line)]})
    coded = code_texts(statements, load_codebook())
    assert len(statements) > 60
    assert (coded["themes"].map(len) > 0).mean() >= 0.85
