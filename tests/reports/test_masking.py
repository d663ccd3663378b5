"""Name masking (개인정보 보호)."""

import pandas as pd
import pytest

from sabo_eval.reports.masking import mask_name, mask_names


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("김범수", "김*수"),
        ("소현이", "소*이"),
        ("남궁민수", "남**수"),
        ("김수", "김*"),
        ("김", "*"),
        (" 이은선 ", "이*선"),
        ("John Smith", "J*** S****"),
        ("", ""),
        (None, None),
    ],
)
def test_mask_name(name, masked):
    assert mask_name(name) == masked


def test_mask_names_copies_and_can_be_disabled():
    frame = pd.DataFrame({"name": ["김범수", "소현이"], "rate": [90.0, 100.0]})
    masked = mask_names(frame)
    assert masked["name"].tolist() == ["김*수", "소*이"]
    assert frame["name"].tolist() == ["김범수", "소현이"]  # input untouched
    assert mask_names(frame, enabled=False)["name"].tolist() == ["김범수", "소현이"]
