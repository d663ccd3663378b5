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


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("정 진 영", "정*영"),
        ("정  진  영", "정*영"),
        ("정\u3000진\u3000영", "정*영"),
        ("정·진·영", "정*영"),
        ("정ㆍ진ㆍ영", "정*영"),
        ("정・진・영", "정*영"),
        ("정-진영", "정*영"),
        ("정\u200b진\u200b영", "정*영"),
        ("\ufeff정진영", "정*영"),
        ("\u110c\u1165\u11bc\u110c\u1175\u11ab\u110b\u1167\u11bc", "정*영"),  # decomposed Hangul (NFD)
        ("남궁 민수", "남**수"),
        ("남 궁 민 수", "남**수"),
        ("김 수", "김*"),
        ("황 보 영 철", "황**철"),
        ("Kim Beom-su", "K** B******"),
        ("KIM Beomsu", "K** B*****"),
        ("Kim Beom su", "K** B*** s*"),
        ("K I M", "K**"),
        ("Kim B S", "K** B*"),
        ("=HYPERLINK(\"http://x\",\"y\")", "=" + "*" * 25),
        ("\u200b", "*"),
    ],
)
def test_mask_name_reads_the_name_as_a_person_does(name, masked):
    assert mask_name(name) == masked


@pytest.mark.parametrize("name", ["정 진 영", "정·진·영", "남궁 민수", "김 수", "황 보 영 철", "이\u200b은\u200b선"])
def test_no_syllable_but_the_first_and_last_of_a_korean_name_is_shown(name):
    masked = mask_name(name)
    readable = "".join(ch for ch in name if ch.isalpha())
    hidden = readable[1:-1] if len(readable) > 2 else readable[1:]
    assert "*" in masked
    assert not any(ch in masked for ch in hidden if ch not in (readable[0], readable[-1]))


def test_mask_names_copies_and_can_be_disabled():
    frame = pd.DataFrame({"name": ["김범수", "소현이"], "rate": [90.0, 100.0]})
    masked = mask_names(frame)
    assert masked["name"].tolist() == ["김*수", "소*이"]
    assert frame["name"].tolist() == ["김범수", "소현이"]  # input untouched
    assert mask_names(frame, enabled=False)["name"].tolist() == ["김범수", "소현이"]


@pytest.mark.parametrize("name", ["김범수", "남궁민수", "김수", "정 진 영", "정·진·영", "남궁 민수", "Kim Beom-su", "KIM Beomsu"])
def test_a_masked_name_masks_to_itself(name):
    once = mask_name(name)
    assert mask_name(once) == once
