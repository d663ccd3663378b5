"""Indicator achievement (DESIGN §4)."""

import numpy as np
import pandas as pd
import pytest

from sabo_eval.metrics import achievement as ach


def _indicators(rows):
    return pd.DataFrame(
        [dict(district_code="26530", year=2023, item_code=i, indicator=n, direction=d, target=t, actual=a) for i, n, d, t, a in rows]
    )


@pytest.mark.parametrize(
    ("direction", "target", "actual", "method", "expected"),
    [
        ("up", 100, 120, "ratio", 120.0),
        ("up", 100, 300, "ratio", 300.0),  # uncapped
        ("down", 10, 8, "ratio", 125.0),
        ("down", 10, 8, "difference", 120.0),  # 200 - 100*8/10
        ("down", 10, 12, "difference", 80.0),
        ("up", None, 5, "ratio", np.nan),
        ("up", 0, 5, "ratio", np.nan),
        ("up", 10, None, "ratio", np.nan),
        ("down", 10, 0, "ratio", np.nan),
    ],
)
def test_indicator_achievement(direction, target, actual, method, expected):
    scored = ach.indicator_achievement(_indicators([("I-1", "x", direction, target, actual)]), method=method)
    value = scored["achievement"].iloc[0]
    if np.isnan(expected):
        assert np.isnan(value)
        assert scored["reason"].iloc[0] != ""
    else:
        assert value == pytest.approx(expected)
        assert scored["reason"].iloc[0] == ""


def test_reasons_distinguish_no_target_and_no_actual():
    scored = ach.indicator_achievement(_indicators([("I-1", "a", "up", None, 3), ("I-1", "b", "up", 5, None)]))
    assert scored["reason"].tolist() == [ach.NO_TARGET, ach.NO_ACTUAL]


def test_unknown_method_rejected():
    with pytest.raises(ValueError, match="unknown method"):
        ach.indicator_achievement(_indicators([("I-1", "x", "up", 1, 1)]), method="cap")


def test_item_and_framework_means_with_counts():
    indicators = _indicators(
        [
            ("I-1", "a", "up", 100, 150),
            ("I-1", "b", "up", 100, 50),  # item I-1 = 100
            ("I-2", "c", "down", 10, 5),  # item I-2 = 200
            ("I-3", "d", "up", None, 5),  # no target: item missing
        ]
    )
    plan = pd.DataFrame(
        [
            dict(district_code="26530", year=2023, item_code=c, item_name=c, framework="F", strategy=s, key_project=k, department="d")
            for c, s, k in [("I-1", "S1", "K1"), ("I-2", "S1", "K2"), ("I-3", "S2", "K3"), ("I-4", "S2", "K3")]
        ]
    )
    items = ach.item_achievement(ach.indicator_achievement(indicators), plan)
    by_item = items.set_index("item_code")
    assert by_item.loc["I-1", "achievement"] == pytest.approx(100.0)
    assert by_item.loc["I-3", "n_no_target"] == 1
    assert by_item.loc["I-4", "n_indicators"] == 0  # kept although it has no indicator
    frame = ach.framework_achievement(items).iloc[0]
    assert frame["achievement"] == pytest.approx(150.0)
    assert (frame["n_strategies"], frame["n_key_projects"], frame["n_items"]) == (2, 3, 4)
    assert (frame["n_items_scored"], frame["n_items_achieved"]) == (2, 2)
