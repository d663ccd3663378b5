"""Theme counts, words, keyness, problems → improvements, practices, quotes (hand-built frames)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from sabo_eval.text import analysis as an
from sabo_eval.text.codebook import code_texts, parse_codebook

COLUMNS = ["event_id", "event_name", "event_date", "host", "year", "topic_no", "topic", "group", "groups", "region",
           "side", "kind", "text", "seq", "pair", "line"]  # fmt: skip
BOOK = parse_codebook(
    "themes:\n"
    "  - theme: partnership\n    label: 민관협력\n    keywords: [민관협력, 협력, 공동]\n"
    "  - theme: staffing\n    label: 인력·인사이동\n    keywords: [인력, 인사이동]\n"
    "  - theme: communication\n    label: 소통·만남\n    keywords: [소통, 모임]\n"
)


def _statements(rows):
    out = []
    for seq, (topic, group, region, side, kind, text, pair) in enumerate(rows, start=1):
        out.append(dict(event_id="e1", event_name="종합토론", event_date=None, host=None, year=2023, topic_no=topic,
                        topic=f"주제 {topic}", group=group, groups=None, region=region, side=side, kind=kind, text=text,
                        seq=seq, pair=pair, line=10 * seq))  # fmt: skip
    return pd.DataFrame(out, columns=COLUMNS)


STATEMENTS = _statements(
    [
        (1, "1조", None, "관", "역할", "공적자원 우선 배분, 민관협력 지원", None),
        (1, "1조", None, "민", "역할", "사각지대 지원의 역할", None),
        (2, None, None, None, "문제점", "공무원의 잦은 인사이동, 수직적 체계", 1),
        (2, None, None, None, "개선방안", "수평관계 인식변화 필요", 1),
        (2, None, None, None, "문제점", "인력부족, 업무 과중", 2),
        (2, None, None, None, "문제점", "실적위주", 3),
        (2, None, None, None, "개선방안", "과정의 성과 인정", 3),
        (4, "1조", "서울시 서초구", None, "사례", "21개 시설부장단 모임 & 실무자, 관장 등 공동업무 추진 모임 추진", None),
        (4, "1조", "서울시 서초구", None, "사례", "-> 구에서 모임 공식 인정 및 사업비 편성하여 소통채널 지원", None),
        (4, "7조", "대구시", None, "사례", "동 특화사업", None),
        (4, "7조", "대구시", None, "사례", "* 주민센터) 자원개발, 복지관) 대상자 발굴", None),
        (4, "18조", "경기도 오산시", None, "사례", "- 민관협력 마을잔치, 김장행사", None),
        (4, "18조", "경기도 구리시", None, "사례", "- 민관에서 상호보완 서비스 지원", None),
    ]
)


def test_log_likelihood_matches_the_definition_by_hand():
    # a=10, b=5 in corpora of c=100, d=200 words: E1 = 100·15/300 = 5, E2 = 10,
    # G² = 2(10 ln(10/5) + 5 ln(5/10)) = 10 ln 2
    assert an.log_likelihood(10, 5, 100, 200) == pytest.approx(10 * math.log(2))
    # a zero frequency contributes nothing (x ln x → 0): a=4, b=0, c=d=50 → E1 = 2, G² = 2·4 ln 2
    assert an.log_likelihood(4, 0, 50, 50) == pytest.approx(8 * math.log(2))
    assert an.log_likelihood(0, 0, 10, 10) == 0.0 and an.log_likelihood(3, 3, 10, 10) == pytest.approx(0.0)


def test_log_likelihood_agrees_with_scipys_power_divergence():
    stats = pytest.importorskip("scipy.stats")
    for a, b, c, d in [(10, 5, 100, 200), (52, 9, 1000, 4000), (1, 30, 77, 500)]:
        expected = [c * (a + b) / (c + d), d * (a + b) / (c + d)]
        reference = stats.power_divergence([a, b], expected, lambda_="log-likelihood").statistic
        assert an.log_likelihood(a, b, c, d) == pytest.approx(reference)


def test_keyness_ranks_the_words_a_topic_uses_more_than_the_rest():
    frame = pd.DataFrame(
        {"topic_no": [1, 1, 2, 2], "nouns": [["협력", "역할", "협력"], ["역할", "공유"], ["인력", "공유"], ["인력", "협력"]]}
    )
    table = an.keyness(frame, by="topic_no", min_count=1)
    one = table[table["topic_no"] == 1].set_index("word")
    # topic 1: 역할 2 of 5 nouns, rest 0 of 4; 협력 2 of 5, rest 1 of 4; 공유 1 of 5 vs 1 of 4 is not more
    assert one.index.tolist() == ["역할", "협력"]
    assert one.loc["역할", "g2"] == pytest.approx(an.log_likelihood(2, 0, 5, 4))
    assert one.loc["역할", "tfidf"] == pytest.approx(2 / 5 * math.log(2 / 1))
    assert one.loc["협력", "tfidf"] == pytest.approx(0.0)  # used by every topic
    assert table[table["topic_no"] == 2]["word"].tolist() == ["인력", "공유"]  # 공유: 1 of 4 against 1 of 5


def test_word_frequencies_count_occurrences_and_statements():
    frame = pd.DataFrame({"side": ["관", "관", "민"], "nouns": [["협력", "협력", "역할"], ["역할"], ["자원"]]})
    table = an.word_frequencies(frame, by="side", top=5)
    assert table.values.tolist() == [["관", 1, "역할", 2, 2], ["관", 2, "협력", 2, 1], ["민", 1, "자원", 1, 1]]


def test_theme_counts_by_topic_side_and_region():
    coded = code_texts(STATEMENTS, BOOK)
    by_topic = an.theme_counts(coded, "topic_no", BOOK).set_index(["topic_no", "theme"])
    assert by_topic.loc[(2, "staffing"), "n_statements"] == 2 and by_topic.loc[(2, "staffing"), "n_total"] == 5
    assert by_topic.loc[(4, "partnership"), "n_statements"] == 2  # 공동업무, 민관협력 (민관 alone is no keyword)
    by_side = an.theme_counts(coded, "side", BOOK).set_index(["side", "theme"])
    assert by_side.loc[("관", "partnership"), "share"] == 1.0 and by_side.loc[("민", "partnership"), "n_statements"] == 0
    assert "(미기재)" in set(by_side.index.get_level_values(0))
    by_region = an.theme_counts(coded, "region", BOOK)
    assert set(by_region["region"]) >= {"서울시 서초구", "대구시", "경기도 오산시"}


def test_each_problem_is_paired_with_its_improvement():
    pairs = an.problem_pairs(STATEMENTS)
    assert pairs["problem"].tolist() == ["공무원의 잦은 인사이동, 수직적 체계", "인력부족, 업무 과중", "실적위주"]
    assert pairs["improvement"].tolist()[0] == "수평관계 인식변화 필요"
    assert pd.isna(pairs["improvement"].tolist()[1]) and pairs["improvement"].tolist()[2] == "과정의 성과 인정"
    assert pairs["line"].tolist() == [30, 50, 60]


def test_practices_have_region_what_and_collaborators():
    table = an.practices(STATEMENTS).set_index("group")
    assert table.index.tolist() == ["1조", "7조", "18조"]
    assert table.loc["1조", "region"] == "서울시 서초구" and table.loc["18조", "region"] == "경기도 오산시, 경기도 구리시"
    assert table.loc["1조", "details"] == "구에서 모임 공식 인정 및 사업비 편성하여 소통채널 지원"
    assert table.loc["7조", "what"] == "동 특화사업"
    assert table.loc["7조", "collaborators"] == "복지관, 주민센터, 동"
    assert table.loc["1조", "collaborators"] == "구" and table.loc["18조", "collaborators"] == "관, 민"
    assert table["n_statements"].tolist() == [2, 2, 2]


def test_quotes_are_the_shortest_informative_statements_and_deterministic():
    coded = code_texts(STATEMENTS, BOOK)
    first, second = an.quotes(coded, per_theme=2, min_chars=8, codebook=BOOK), an.quotes(coded, per_theme=2, min_chars=8, codebook=BOOK)
    pd.testing.assert_frame_equal(first, second)
    staffing = first[first["theme"] == "staffing"]
    assert staffing["text"].tolist() == ["인력부족, 업무 과중", "공무원의 잦은 인사이동, 수직적 체계"]
    assert staffing["rank"].tolist() == [1, 2] and staffing["label"].iloc[0] == "인력·인사이동"
    assert (first.groupby("theme").size() <= 2).all()
    # with a higher bar the short statement is no longer informative and comes after the longer one
    strict = an.quotes(coded, per_theme=2, min_chars=10, codebook=BOOK)
    assert strict[strict["theme"] == "staffing"]["text"].tolist()[0] == "공무원의 잦은 인사이동, 수직적 체계"


def test_uncoded_lists_the_statements_without_a_theme():
    coded = code_texts(STATEMENTS, BOOK)
    rest = an.uncoded(coded)
    assert "사각지대 지원의 역할" in rest["text"].tolist() and "themes" not in rest
    assert len(rest) == sum(len(t) == 0 for t in coded["themes"])


def test_an_event_without_statements_gives_empty_tables_with_their_columns():
    empty = STATEMENTS.iloc[0:0]
    coded = code_texts(empty, BOOK)
    assert an.theme_counts(coded, "topic_no", BOOK).columns.tolist() == ["topic_no", "theme", "label", "n_statements", "n_total", "share"]
    assert an.problem_pairs(empty).empty and "improvement" in an.problem_pairs(empty)
    assert an.practices(empty).empty and "collaborators" in an.practices(empty)
    assert an.quotes(coded, codebook=BOOK).empty and an.uncoded(coded).empty
    assert an.keyness(coded).empty and an.word_frequencies(coded).empty
