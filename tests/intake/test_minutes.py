"""Tests of the discussion-minutes parser (:mod:`sabo_eval.intake.minutes`) on seed 003 and variants."""

from __future__ import annotations

from pathlib import Path

import pytest

from sabo_eval.errors import SubmissionError
from sabo_eval.intake.minutes import STATEMENT_COLUMNS, parse_minutes, read_minutes
from sabo_eval.intake.readers import find_submissions

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample" / "discussions" / "2023_민관협력_종합토론.txt"
TOPIC4_GROUPS = [1, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 15, 16, 17, 18, 20, 21, 23, 25, 27, 28, 29, 30, 31]


@pytest.fixture(scope="module")
def seed():
    return read_minutes(SAMPLE)


def test_seed_event_comes_from_the_events_csv(seed):
    assert (seed.event_id, seed.event_name, seed.year) == ("2023_민관협력_종합토론", "민관협력 종합토론", 2023)
    assert str(seed.event_date) == "2023-06-15" and seed.host == "사회복지관·주민센터 합동 워크숍"
    assert seed.source == SAMPLE.name and seed.title == "종합토론"
    assert list(seed.statements.columns) == STATEMENT_COLUMNS


def test_seed_topics_and_announced_groups(seed):
    topics = seed.topics.set_index("topic_no")
    assert topics.index.tolist() == [1, 2, 3, 4]
    assert topics["n_groups_announced"].tolist()[:3] == [5, 13, 10]
    assert topics["n_groups"].tolist() == [5, 13, 10, 24]
    assert topics.at[1, "groups"] == "1조, 20조, 23조, 24조, 29조"
    assert topics.at[3, "groups"].endswith("17조, 25조, 26조")  # the list wraps over two lines
    assert topics.at[3, "topic"] == "사회복지관과 주민센터 간 소통채널을 활성화 하기 위한 연계 · 협력 방안은?"
    assert topics.at[4, "topic"].endswith("(사회복지관과 주민센터 간 협력 사례)")


def test_seed_topic4_groups_are_its_entries(seed):
    rows = seed.statements[seed.statements["topic_no"] == 4]
    assert rows["group"].notna().all()
    assert sorted({int(g[:-1]) for g in rows["group"]}) == TOPIC4_GROUPS
    assert set(rows["kind"]) == {"사례"}


def test_seed_every_statement_has_its_topic_and_nothing_is_unparsed(seed):
    st = seed.statements
    assert st["topic_no"].notna().all() and st["topic"].notna().all() and st["groups"].notna().all()
    assert st["seq"].tolist() == list(range(1, len(st) + 1))
    assert st["line"].is_monotonic_increasing
    assert seed.unparsed.empty
    assert not st["text"].str.contains(r"^\d+\s*안\)").any()  # sub-headings are no statements


def test_seed_regions(seed):
    st = seed.statements[seed.statements["topic_no"] == 4]
    first = st.groupby("group")["region"].first()
    assert first["3조"] == "부산시" and first["4조"] == "부산시 모라3동"
    assert first["21조"] == "강원도 횡성군" and first["1조"] == "서울시 서초구"
    assert st[st["group"] == "1조"]["region"].tolist() == ["서울시 서초구"] * 2  # region on the '->' line
    assert st[st["group"] == "25조"]["region"].tolist() == ["전남 해남군", "전남 강진군", "전남 신안군"]
    assert st[st["group"] == "9조"]["text"].iloc[0].endswith("(협약체결)")  # no region: kept in the text
    assert not st["text"].str.contains(r"\(부산시").any()


def test_seed_sides_roles_and_common(seed):
    st = seed.statements[seed.statements["topic_no"] == 1]
    assert st["side"].value_counts().to_dict() == {"관": 4, "민": 4, "공통": 1}
    assert set(st.loc[st["side"].isin(["관", "민"]), "kind"]) == {"역할"}
    line26 = st[st["line"] == 26]
    assert line26[["side", "text"]].values.tolist() == [["관", "공적지원"], ["민", "사례관리의 전문성"]]
    assert st[st["line"] == 16]["text"].iloc[0].endswith("협의체의원 역할 인식 필요 사례발굴, 단순개입사례, 사례선정을 위한 사정회의 주관")
    assert st[st["kind"] == "공통의견"]["text"].tolist() == ["민관이 자주 만나는 자리 필요"]
    assert st[st["line"] == 27]["text"].iloc[0] == "정보와 자료 공유 방안에 대한 논의 필요"


def test_seed_problem_improvement_pairs(seed):
    st = seed.statements[seed.statements["topic_no"] == 2]
    pairs = st.dropna(subset=["pair"]).groupby("pair")["kind"].apply(list).to_dict()
    assert pairs == {
        1: ["문제점", "개선방안"], 2: ["문제점", "개선방안"], 3: ["문제점", "개선방안"], 4: ["문제점"],
        5: ["문제점"], 6: ["문제점", "개선방안"], 7: ["문제점", "개선방안"],
    }  # fmt: skip
    assert st[st["pair"] == 7]["text"].tolist() == ["실적위주", "과정의 성과 인정"]
    assert st[st["line"] == 53]["kind"].iloc[0] == "의견"  # 복지관) … 주민센터) … kept as text


def test_variants_crlf_bom_tabs_fullwidth_and_headings():
    text = "\ufeff[주제 1] 민관의 역할은?\r\n토론 조(2개조)：3조,\r\n7조\r\n\t관：행정력\r\n\t 공신력\r\n주제2.\r\n문제점 : 인력\r\n"
    parsed = parse_minutes(text, event_id="x")
    assert parsed.topics["groups"].tolist() == ["3조, 7조", None]
    assert parsed.topics["topic"].tolist() == ["민관의 역할은?", None]
    assert parsed.statements[["topic_no", "side", "kind", "text"]].values.tolist() == [
        [1, "관", "역할", "행정력 공신력"],
        [2, None, "문제점", "인력"],
    ]
    assert parsed.year is None and parsed.unparsed.empty


def test_article_numbers_are_no_groups():
    parsed = parse_minutes("주제 1\n사례 소개\n\n제1조 : 목적\n1조 : 공동사업 (경기도 수원시)", event_id="2022_x")
    st = parsed.statements
    assert st["group"].tolist() == [None, "1조"] and st["region"].tolist() == [None, "경기도 수원시"]
    assert st["kind"].tolist() == ["의견", "사례"] and parsed.year == 2022


def test_hostile_input_lists_its_lines():
    text = "제목\n머리말 둘째 줄\n관 : 주제 없음\n주제 1\n질문\n관 :\n-----\n깨진 \ufffd 글자\n주제 1\n" + "가" * 6000
    parsed = parse_minutes(text, event_id="bad")
    reasons = dict(zip(parsed.unparsed["line"], parsed.unparsed["reason_en"], strict=True))
    assert reasons == {
        2: "line before the first topic heading",
        3: "line before the first topic heading",
        6: "statement without text",
        7: "garbled line or line without text",
        8: "garbled line or line without text",
        9: "topic 1 appears twice",
        10: "line too long (6,000 characters)",
    }
    assert parsed.unparsed["reason_ko"].str.len().gt(0).all()
    assert parsed.statements.empty and len(parsed.topics) == 1


def test_read_minutes_encodings_and_default_event(tmp_path):
    text = "주제 1\n질문\n민 : 자원동원력\n"
    for name, data in {
        "2021_동_토론회.txt": text.encode("cp949"),
        "2021_utf16.txt": text.encode("utf-16"),
        "2021_bom.txt": b"\xef\xbb\xbf" + text.encode(),
    }.items():
        (tmp_path / name).write_bytes(data)
        parsed = read_minutes(tmp_path / name)
        assert parsed.statements["text"].tolist() == ["자원동원력"] and parsed.year == 2021
    assert read_minutes(tmp_path / "2021_동_토론회.txt").event_name == "동 토론회"
    (tmp_path / "행사목록.csv").write_bytes("파일,행사ID,행사명,일자,주관\n2021_bom.txt,E1,동 회의,2021-03-02,41110\n".encode("cp949"))
    parsed = read_minutes(tmp_path / "2021_bom.txt")
    assert (parsed.event_id, parsed.event_name, str(parsed.event_date), parsed.host) == ("E1", "동 회의", "2021-03-02", "41110")
    with pytest.raises(SubmissionError):
        read_minutes(tmp_path / "없음.txt")


def test_hwp_bullets_are_markers_and_the_minutes_folder_is_no_submission():
    parsed = parse_minutes("주제 1\n우수사례\n\n2조 : ○ 마을 돌봄 (경기도)\n□ 이웃 모임\n※ 참고", event_id="x")
    assert parsed.statements["text"].tolist() == ["마을 돌봄", "이웃 모임", "참고"]
    assert parsed.statements["region"].tolist() == ["경기도"] * 3
    assert SAMPLE.parent not in find_submissions(SAMPLE.parent.parent)
