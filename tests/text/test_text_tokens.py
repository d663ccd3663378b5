"""Nouns of Korean text: user dictionary, compounds, stop words, determinism."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sabo_eval.text import tokens

ROOT = Path(__file__).resolve().parents[2]
SEED_LINE = "관 : 공적부조에 있어 정보공유, 협의체운영 시 협의체의원 역할 인식 필요"


def test_the_user_dictionary_keeps_field_terms_whole():
    assert "민관협력" in tokens.user_words()[0]
    found = tokens.nouns("민관협력 사례관리 복지사각지대 동보장협의체의 위원, 찾아가는 복지상담실 운영")
    assert found[:4] == ["민관협력", "사례관리", "복지사각지대", "동보장협의체"]
    assert "찾아가는 복지상담실" in found


def test_the_user_dictionary_changes_the_analysis():
    kiwi = tokens.analyser()
    # without the dictionary kiwipiepy splits the term: the shipped dictionary is what keeps it whole
    import kiwipiepy_model
    from kiwipiepy import Kiwi

    plain = Kiwi(model_path=kiwipiepy_model.get_model_path())
    assert [t.form for t in plain.tokenize("사례관리")] != ["사례관리"]
    assert [t.form for t in kiwi.tokenize("사례관리")] == ["사례관리"]


def test_nouns_written_together_form_a_compound_and_spaces_separate():
    assert tokens.nouns("읍면동보장협의체위원") == ["읍면동보장협의체위원"]
    assert tokens.nouns("사례 선정") == ["사례", "선정"]
    assert tokens.nouns("공무원-복지관 정례모임") == ["공무원", "복지관", "정례모임"]


def test_stop_words_latin_and_single_syllables_are_left_out():
    assert {"필요", "진행", "통해", "위해"} <= tokens.stopwords()
    found = tokens.nouns("Case 공유 및 사례회의 진행 필요, 민과 관이 구에서 등")
    assert "필요" not in found and "진행" not in found and "Case" not in found
    assert "민" in found and "관" in found and "구" not in found and "등" not in found
    assert tokens.nouns(SEED_LINE) == ["관", "부조", "정보공유", "협의체운영", "협의체의원", "역할", "인식"]


def test_nothing_that_is_text_gives_no_nouns():
    assert tokens.nouns("") == [] and tokens.nouns(None) == []
    assert tokens.noun_lists(["민관협력", float("nan")]) == [["민관협력"], []]


def test_nouns_are_deterministic_within_and_across_processes():
    text = (ROOT / "data" / "sample" / "discussions" / "2023_민관협력_종합토론.txt")
    sample = text.read_text(encoding="utf-8") if text.is_file() else SEED_LINE * 5
    first, second = tokens.nouns(sample), tokens.nouns(sample)
    assert first == second and len(first) > 10
    code = "import sys, json; from sabo_eval.text.tokens import nouns; print(json.dumps(nouns(sys.stdin.read()), ensure_ascii=False))"
    fresh = subprocess.run([sys.executable, "-c", code], input=sample, capture_output=True, text=True, cwd=ROOT, check=True)

    assert json.loads(fresh.stdout) == first


def test_an_analyser_that_cannot_start_is_a_message(monkeypatch):
    import kiwipiepy_model

    tokens.analyser.cache_clear()
    monkeypatch.setattr(kiwipiepy_model, "get_model_path", lambda: "/nonexistent/모델")
    try:
        with pytest.raises(tokens.AnalyserError) as caught:
            tokens.analyser()
        assert "kiwipiepy" in caught.value.message_ko and "docs/windows.md" in caught.value.message_en
    finally:
        tokens.analyser.cache_clear()
