"""Self-evaluation survey metrics (issue 22) against independent computations."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sabo_eval.metrics import survey as sv
from sabo_eval.metrics.survey_scales import parse_answers

SURVEY = "2023 자체평가"

#: pingouin 0.7 docs, ``cronbach_alpha`` example "Likert-type long-format dataframe"
#: (dataset ``cronbach_alpha``: 15 subjects × 10 items, scores 1–7), published result
#: ``(0.5917188485995826, array([0.195, 0.84 ]))`` — the same as R ``psych::alpha``.
PINGOUIN_LIKERT = [
    "3241451432", "5463512555", "7355643365", "2433222663", "6565444675",
    "1234252352", "4353521243", "2443722465", "6555165232", "5464353172",
    "4352532341", "4232534234", "5562332445", "6554221465", "4355313234",
]


def _items(specs, code="41110", year=2023, survey=SURVEY):
    """``survey_items`` rows from (item, domain, wording, scale)."""
    return pd.DataFrame([dict(district_code=code, year=year, survey=survey, item=i, domain=d, wording=w, scale=s)
                         for i, d, w, s in specs])


def _responses(answers, code="41110", year=2023, survey=SURVEY, sectors=None, bodies=None):
    """Long ``survey_responses`` from {respondent: {item: answer}}."""
    rows = []
    for r, (respondent, given) in enumerate(answers.items()):
        for item, answer in given.items():
            rows.append(dict(district_code=code, year=year, survey=survey, respondent=respondent,
                             sector=(sectors or ["민"])[r % len(sectors or ["민"])],
                             body=(bodies or [None])[r % len(bodies or [None])], item=item, answer=answer))
    return pd.DataFrame(rows)


def _likert_survey(matrix, items=None, **kwargs):
    """Items Q1… (one domain) and responses from rows of digits."""
    k = len(matrix[0])
    items = items if items is not None else _items([(f"Q{j + 1}", "운영", f"문항 {j + 1}", "5점") for j in range(k)])
    answers = {f"R{r:02d}": {f"Q{j + 1}": row[j] for j in range(k)} for r, row in enumerate(matrix)}
    return items, _responses(answers, **kwargs)


# --- answers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "scale", "value"),
    [("1", "likert5", 1), (5, "likert5", 5), (4.0, "likert5", 4), ("매우 그렇지 않다", "likert5", 1),
     ("그렇지 않다", "likert5", 2), ("전혀 아니다", "likert5", 1), ("아니다", "likert5", 2), ("보통", "likert5", 3),
     ("보통이다", "likert5", 3), ("그렇다", "likert5", 4), ("매우그렇다", "likert5", 5), ("4점", "likert5", 4),
     ("매우 만족", "likert5", 5),  # accepted by intake's validation, so counted too
     ("부적절", "appropriateness", 1), ("보통", "appropriateness", 2), (" 적절 ", "appropriateness", 3),
     ("아니오", "yesno", 0), ("아니요", "yesno", 0), ("예", "yesno", 1)],
)
def test_each_scale_reads_its_korean_labels_and_numbers(answer, scale, value):
    values, unknown = parse_answers(pd.Series([answer], dtype=object), pd.Series([scale]))
    assert values.tolist() == [value] and not unknown[0]


@pytest.mark.parametrize("blank", [None, np.nan, "", "  ", "무응답", "해당없음", "해당 없음"])
def test_blank_and_no_answer_are_not_answered_not_errors(blank):
    values, unknown = parse_answers(pd.Series([blank], dtype=object), pd.Series(["likert5"]))
    assert np.isnan(values[0]) and not unknown[0]


@pytest.mark.parametrize(("answer", "scale"), [("7", "likert5"), ("0", "likert5"), ("적절", "likert5"), ("예", "appropriateness"), ("3", "yesno")])
def test_an_answer_outside_its_scale_is_unknown(answer, scale):
    values, unknown = parse_answers(pd.Series([answer]), pd.Series([scale]))
    assert np.isnan(values[0]) and unknown[0]


def test_answer_values_takes_the_scale_from_the_items_as_written():
    items = _items([("Q1", "운영", "a", "5점"), ("Q2", "운영", "b", "적절·보통·부적절"), ("Q3", "운영", "c", "예·아니오")])
    responses = _responses({"R1": {"Q1": "그렇다", "Q2": "적절", "Q3": "아니오", "Q9": "5"}}, sectors=["관"])
    out = sv.answer_values(responses, items).set_index("item")
    assert out["scale"].tolist()[:3] == ["likert5", "appropriateness", "yesno"]
    assert out["value"].tolist()[:3] == [4.0, 3.0, 0.0]
    assert bool(out.loc["Q9", "unknown"]) and np.isnan(out.loc["Q9", "value"])  # an item not in the list
    assert set(out["sector"]) == {"public"}


# --- per item -------------------------------------------------------------------------


def test_item_mean_interval_and_top_box_equal_scipy_and_statsmodels():
    from statsmodels.stats.proportion import proportion_confint

    answers = [5, 4, 4, 3, 5, 2, 4, 4, 1, 5, 3, 4]
    items, responses = _likert_survey([[str(a)] for a in answers])
    responses.loc[0, "answer"] = "매우 그렇다"  # the same 5, as a label
    row = sv.item_summary(sv.answer_values(responses, items), items).iloc[0]
    x = np.array(answers, dtype=float)
    low, high = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
    assert row["n"] == 12 and row["mean"] == pytest.approx(x.mean())
    assert (row["ci_low"], row["ci_high"]) == (pytest.approx(low), pytest.approx(high))
    positive = int((x >= 4).sum())
    w_low, w_high = proportion_confint(positive, 12, method="wilson")
    assert row["top_box"] == pytest.approx(positive / 12 * 100)
    assert (row["top_box_low"], row["top_box_high"]) == (pytest.approx(100 * w_low), pytest.approx(100 * w_high))
    assert [row[f"n_{lab}"] for lab in ("매우 그렇지 않다", "그렇지 않다", "보통", "그렇다", "매우 그렇다")] == [1, 1, 2, 5, 3]
    assert row["share_그렇다"] == pytest.approx(5 / 12 * 100)
    assert np.isnan(row["n_적절"])  # a label of another scale


def test_top_box_of_appropriateness_and_yes_no_items():
    items = _items([("Q1", "운영", "a", "적절·보통·부적절"), ("Q2", "운영", "b", "예·아니오")])
    given = {f"R{i}": {"Q1": ["적절", "보통", "부적절", "적절", "적절"][i], "Q2": ["예", "예", "아니오", "무응답", "예"][i]} for i in range(5)}
    out = sv.item_summary(sv.answer_values(_responses(given), items), items, min_n=4).set_index("item")
    assert out.loc["Q1", "top_box"] == pytest.approx(60.0) and out.loc["Q1", "n_보통"] == 1
    assert out.loc["Q2", "n"] == 4 and out.loc["Q2", "top_box"] == pytest.approx(75.0)  # 무응답 not counted
    assert out.loc["Q2", "mean"] == pytest.approx(0.75)


def test_an_item_with_fewer_answers_than_min_n_shows_no_statistic_and_no_distribution():
    items = _items([("Q1", "운영", "a", "5점"), ("Q2", "운영", "b", "5점"), ("Q3", "운영", "never asked", "5점")])
    given = {f"R{i}": {"Q1": str(1 + i % 5), "Q2": str(1 + i % 5) if i < 4 else "무응답"} for i in range(6)}
    values = sv.answer_values(_responses(given), items)
    out = sv.item_summary(values, items).set_index("item")
    shown = [c for c in out if c.startswith(("n_", "share_")) or c in ("mean", "sd", "ci_low", "ci_high", "top_box", "top_box_low", "top_box_high")]
    assert out["suppressed"].tolist() == [False, True, True]
    assert out.loc[["Q2", "Q3"], shown].isna().all().all()
    assert out.loc["Q2", "n"] == 4 and out.loc["Q3", "n"] == 0
    assert out.loc["Q1", "n_매우 그렇지 않다"] == 2 and not np.isnan(out.loc["Q1", "mean"])
    lower = sv.item_summary(values, items, min_n=4).set_index("item")
    assert lower["suppressed"].tolist() == [False, False, True] and not np.isnan(lower.loc["Q2", "mean"])
    higher = sv.item_summary(values, items, min_n=7)
    assert higher["suppressed"].all() and higher["mean"].isna().all()


def test_several_districts_give_each_district_what_it_gets_alone():
    rng = np.random.default_rng(3)
    frames = [_likert_survey(rng.integers(1, 6, size=(8 + i, 3)).astype(str).tolist(), code=code,
                             items=_items([(f"Q{j + 1}", "운영", f"문항 {j + 1}", "5점") for j in range(3)], code=code))
              for i, code in enumerate(("41110", "26530"))]
    items = pd.concat([f[0] for f in frames], ignore_index=True)
    values = sv.answer_values(pd.concat([f[1] for f in frames], ignore_index=True), items)
    together = sv.item_summary(values, items)
    alphas = sv.domain_alpha(values, items)
    for code, (its, resp) in zip(("41110", "26530"), frames, strict=True):
        alone = sv.item_summary(sv.answer_values(resp, its), its)
        pd.testing.assert_frame_equal(together[together["district_code"] == code].reset_index(drop=True), alone)
        alpha_alone = sv.domain_alpha(sv.answer_values(resp, its), its)
        pd.testing.assert_frame_equal(alphas[alphas["district_code"] == code].reset_index(drop=True), alpha_alone)
    assert len(alphas) == 2


# --- response rate --------------------------------------------------------------------


def test_response_rate_counts_the_members_whose_tenure_overlaps_the_year():
    def member(i, sector, joined, left=None):
        return dict(district_code="41110", year=2023, member_id=f"M{i}", name=f"위원{i}", sector=sector, joined_on=joined, left_on=left)

    members = pd.DataFrame([
        member(1, "private", "2020-03-01"), member(2, "private", "2023-12-31"),  # joined on the last day: in
        member(3, "private", "2022-01-01", "2023-01-01"),  # left on the first day: in
        member(4, "private", "2024-01-01"),  # joined after the year: out
        member(5, "public", "2021-01-01", "2022-12-31"),  # left before the year: out
        member(6, "public", "2021-01-01"), member(6, "public", "2021-01-01"),  # listed twice: once
        member(7, "public", "2023-06-01", "2023-09-30"),
    ])
    responses = _responses({"R1": {"Q1": "5", "Q2": "4"}, "R2": {"Q1": "3"}, "R3": {"Q1": "무응답"}}, sectors=["민", "민", "관"])
    row = sv.response_rate(responses, members).iloc[0]
    assert (row["respondents"], row["members_in_office"]) == (3, 5)
    assert row["rate"] == pytest.approx(60.0)
    assert (row["respondents_private"], row["members_private"], row["rate_private"]) == (2, 3, pytest.approx(200 / 3))
    assert (row["respondents_public"], row["members_public"], row["rate_public"]) == (1, 2, pytest.approx(50.0))
    assert sv.response_rate(responses, members, year=2022).empty


def test_response_rate_without_members_is_missing_not_an_error():
    responses = _responses({"R1": {"Q1": "5"}})
    members = pd.DataFrame(columns=["district_code", "year", "member_id", "sector", "joined_on", "left_on"])
    row = sv.response_rate(responses, members).iloc[0]
    assert row["members_in_office"] == 0 and np.isnan(row["rate"]) and row["respondents"] == 1


# --- groups and years -----------------------------------------------------------------


def test_sector_difference_is_private_minus_public_with_the_welch_interval_of_statsmodels():
    from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

    private = [5, 4, 4, 5, 3, 4, 5, 4]
    public = [3, 4, 2, 3, 4, 3]
    items = _items([("Q1", "운영", "a", "5점")])
    given = {f"P{i}": {"Q1": str(a)} for i, a in enumerate(private)} | {f"G{i}": {"Q1": str(a)} for i, a in enumerate(public)}
    responses = _responses(given, sectors=["민"] * len(private) + ["관"] * len(public))
    row = sv.group_difference(sv.answer_values(responses, items), items, "sector").iloc[0]
    assert (row["group_a"], row["group_b"], row["n_a"], row["n_b"]) == ("private", "public", 8, 6)
    assert row["difference"] == pytest.approx(np.mean(private) - np.mean(public))
    low, high = CompareMeans(DescrStatsW(np.array(private, float)), DescrStatsW(np.array(public, float))).tconfint_diff(usevar="unequal")
    assert (row["ci_low"], row["ci_high"]) == (pytest.approx(low), pytest.approx(high))
    small = sv.group_difference(sv.answer_values(responses, items), items, "sector", min_n=7).iloc[0]
    assert bool(small["suppressed"]) and np.isnan(small["difference"]) and np.isnan(small["ci_low"])
    assert np.isnan(small["mean_b"]) and small["mean_a"] == pytest.approx(np.mean(private))  # only the small group hidden


def test_body_differences_pair_every_body_and_suppress_small_ones():
    items = _items([("Q1", "운영", "a", "5점")])
    given = {f"R{i}": {"Q1": str(1 + i % 5)} for i in range(13)}
    bodies = ["협의체"] * 6 + ["복지분과"] * 5 + ["돌봄분과"] * 2
    out = sv.group_difference(sv.answer_values(_responses(given, bodies=bodies), items), items, "body")
    assert sorted(zip(out["group_a"], out["group_b"], strict=True)) == [("돌봄분과", "복지분과"), ("돌봄분과", "협의체"), ("복지분과", "협의체")]
    assert out.set_index(["group_a", "group_b"])["suppressed"].to_dict() == {
        ("돌봄분과", "복지분과"): True, ("돌봄분과", "협의체"): True, ("복지분과", "협의체"): False}
    with pytest.raises(ValueError):
        sv.group_difference(pd.DataFrame(), items, "name")


def test_year_change_matches_items_by_wording_and_uses_a_welch_interval():
    from statsmodels.stats.weightstats import CompareMeans, DescrStatsW

    this_items = _items([("Q1", "운영", "회의 자료가 충분했다", "5점"), ("Q2", "운영", "새 문항", "5점"), ("Q3", "운영", "분과 활동이 활발했다", "5점")])
    last_items = _items([("A7", "운영", "회의 자료가  충분했다", "5점"), ("Q2", "운영", "다른 문항", "5점"), ("Q3", "운영", "분과 활동이 활발했다", "5점")],
                        year=2022, survey="2022 자체평가")
    now, before = [5, 4, 4, 5, 3, 4], [3, 4, 3, 2, 4, 3, 3]
    this_values = sv.answer_values(_responses({f"R{i}": {"Q1": str(a), "Q2": "3", "Q3": "4"} for i, a in enumerate(now)}), this_items)
    last_values = sv.answer_values(_responses({f"R{i}": {"A7": str(a), "Q2": "3", "Q3": "4"} for i, a in enumerate(before)},
                                              year=2022, survey="2022 자체평가"), last_items)
    out = sv.year_change(this_values, last_values, this_items, last_items).set_index("item")
    assert sorted(out.index) == ["Q1", "Q3"]  # Q2 kept its id but changed its wording: a new question
    row = out.loc["Q1"]
    assert (row["item_last"], row["year_last"]) == ("A7", 2022)
    assert row["change"] == pytest.approx(np.mean(now) - np.mean(before))
    low, high = CompareMeans(DescrStatsW(np.array(now, float)), DescrStatsW(np.array(before, float))).tconfint_diff(usevar="unequal")
    assert (row["ci_low"], row["ci_high"]) == (pytest.approx(low), pytest.approx(high))
    assert out.loc["Q3", "change"] == 0
    older = last_values.assign(year=2021, value=1.0)
    with_older = sv.year_change(this_values, pd.concat([older, last_values]), this_items,
                                pd.concat([last_items.assign(year=2021), last_items])).set_index("item")
    assert with_older["year_last"].tolist() == [2022, 2022] and with_older.loc["Q1", "change"] == pytest.approx(row["change"])
    suppressed = sv.year_change(this_values, last_values, this_items, last_items, min_n=7).set_index("item")
    assert suppressed["suppressed"].all() and np.isnan(suppressed.loc["Q1", "change"])


# --- Cronbach's alpha ----------------------------------------------------------------


def _alpha_by_definition(matrix: np.ndarray) -> float:
    """k/(k−1)·(1 − Σ var_i / var_total), ddof = 1."""
    k = matrix.shape[1]
    return k / (k - 1) * (1 - matrix.var(axis=0, ddof=1).sum() / matrix.sum(axis=1).var(ddof=1))


def _feldt(alpha: float, n: int, k: int) -> tuple[float, float]:
    """Feldt's 95 % interval: 1 − (1 − α)·F(0.975 / 0.025; n − 1, (n − 1)(k − 1))."""
    df1, df2 = n - 1, (n - 1) * (k - 1)
    return 1 - (1 - alpha) * stats.f.ppf(0.975, df1, df2), 1 - (1 - alpha) * stats.f.ppf(0.025, df1, df2)


def test_alpha_of_a_domain_equals_its_definition_and_the_feldt_interval():
    rng = np.random.default_rng(7)
    trait = rng.normal(0, 1, 40)
    matrix = np.clip(np.round(3 + trait[:, None] + rng.normal(0, 0.9, (40, 4))), 1, 5).astype(int)
    items, responses = _likert_survey(matrix.astype(str).tolist())
    row = sv.domain_alpha(sv.answer_values(responses, items), items).iloc[0]
    expected = _alpha_by_definition(matrix.astype(float))
    assert (row["k"], row["n"]) == (4, 40)
    assert row["alpha"] == pytest.approx(expected, rel=1e-12)
    low, high = _feldt(expected, 40, 4)
    assert (row["ci_low"], row["ci_high"]) == (round(low, 3), round(high, 3))  # pingouin rounds to 3 decimals


def test_alpha_reproduces_pingouins_published_example():
    matrix = [[int(c) for c in row] for row in PINGOUIN_LIKERT]
    items, responses = _likert_survey(matrix)
    values = sv.answer_values(responses, items)
    values["value"] = [float(row[int(i[1:]) - 1]) for row, i in zip(
        (matrix[int(r[1:])] for r in values["respondent"]), values["item"], strict=True)]  # scores 1–7: beyond 5 points
    row = sv.domain_alpha(values, items).iloc[0]
    assert row["alpha"] == pytest.approx(0.5917188485995826, abs=1e-12)
    assert (row["ci_low"], row["ci_high"]) == (0.195, 0.84)
    assert bool(row["low"])
    assert row["note_ko"].startswith("영역 '운영'의 문항들이 서로 잘 맞지 않습니다(크론바흐 α 0.59 < 0.70): ")


def test_alpha_uses_complete_respondents_per_domain_and_scale_and_is_suppressed_below_min_n():
    items = _items([("Q1", "운영", "a", "5점"), ("Q2", "운영", "b", "5점"), ("Q3", "운영", "c", "5점"),
                    ("Q4", "협력", "d", "5점"), ("Q5", "운영", "e", "예·아니오")])
    matrix = [[5, 4, 5, 3], [4, 4, 4, 2], [2, 3, 2, 4], [3, 3, 4, 5], [1, 2, 2, 1], [4, 5, 4, 3], [3, 2, 3, 3]]
    given = {f"R{r}": {f"Q{j + 1}": str(v) for j, v in enumerate(row)} | {"Q5": "예"} for r, row in enumerate(matrix)}
    given["R6"]["Q2"] = "무응답"
    out = sv.domain_alpha(sv.answer_values(_responses(given), items), items)
    assert out[["domain", "scale"]].values.tolist() == [["운영", "likert5"]]  # 협력 and the yes/no item have one item each
    row = out.iloc[0]
    complete = np.array([r[:3] for r in matrix[:6]], dtype=float)
    assert (row["k"], row["n"]) == (3, 6) and row["alpha"] == pytest.approx(_alpha_by_definition(complete))
    hidden = sv.domain_alpha(sv.answer_values(_responses(given), items), items, min_n=7).iloc[0]
    assert bool(hidden["suppressed"]) and np.isnan(hidden["alpha"]) and hidden["note_ko"] == ""


# --- sentences -----------------------------------------------------------------------


def test_the_summary_sentences_say_rate_best_and_worst_items_low_alpha_and_hidden_items():
    items = _items([("Q1", "운영", "회의가 유익했다", "5점"), ("Q2", "운영", "자료가 충분했다", "5점"),
                    ("Q3", "운영", "분과가 활발했다", "5점"), ("Q4", "운영", "소수만 답한 문항", "5점")])
    given = {f"R{i}": {"Q1": "5", "Q2": ["2", "4"][i % 2], "Q3": ["1", "2", "4"][i % 3]} | ({"Q4": "5"} if i < 2 else {})
             for i in range(6)}
    responses = _responses(given, sectors=["민", "민", "관"])
    members = pd.DataFrame([dict(district_code="41110", year=2023, member_id=f"M{i}", sector="private" if i < 6 else "public",
                                 joined_on="2022-01-01", left_on=None) for i in range(10)])
    values = sv.answer_values(responses, items)
    summary = sv.item_summary(values, items)
    alphas = sv.domain_alpha(values, items)
    alphas.loc[0, "note_ko"] = "영역 '운영'의 문항들이 서로 잘 맞지 않습니다(크론바흐 α 0.58 < 0.70): 확인"
    text = sv.survey_sentences(sv.response_rate(responses, members), summary, alphas)
    assert text[0] == "위원 10명 중 6명 응답(응답률 60%) — 민간 6명 중 4명(66.7%), 공공 4명 중 2명(50%)."
    assert text[1] == "긍정 응답 비율이 가장 높은 문항은 '회의가 유익했다'(100%), 가장 낮은 문항은 '분과가 활발했다'(33.3%)입니다."
    assert "크론바흐 α 0.58 < 0.70" in text[2]
    assert text[3] == "응답이 5명 미만인 문항 1개는 응답한 사람이 드러나지 않도록 결과를 표시하지 않았습니다."
    assert not any("소수만 답한 문항" in s for s in text)


def test_a_survey_without_answers_suppresses_every_item_and_keeps_the_columns():
    items = _items([("Q1", "운영", "a", "5점"), ("Q2", "운영", "b", "5점")])
    responses = pd.DataFrame(columns=["district_code", "year", "survey", "respondent", "sector", "body", "item", "answer"])
    values = sv.answer_values(responses, items)
    summary = sv.item_summary(values, items)
    assert summary["suppressed"].all() and summary["n"].tolist() == [0, 0] and "top_box_low" in summary
    assert sv.domain_alpha(values, items).empty and "alpha" in sv.domain_alpha(values, items)
    assert sv.group_difference(values, items).empty and sv.year_change(values, values, items, items).empty
    members = pd.DataFrame(columns=["district_code", "year", "member_id", "sector", "joined_on", "left_on"])
    assert sv.response_rate(responses, members).empty
