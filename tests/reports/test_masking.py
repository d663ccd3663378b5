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


# ---------------------------------------------------------------- distinct labels (issue 17 item 7)


def test_members_masked_the_same_get_a_stable_suffix_by_member_id():
    from sabo_eval.reports.masking import distinct_labels

    labels = distinct_labels(["M2", "M1", "M3", "M1"], ["이수빈", "이다빈", "김철수", "이다빈"])
    assert labels == {"M1": "이*빈(1)", "M2": "이*빈(2)", "M3": "김*수"}
    # The suffix follows member_id, never the real names: swapping names keeps the numbering.
    assert distinct_labels(["M2", "M1"], ["이다빈", "이수빈"]) == {"M1": "이*빈(1)", "M2": "이*빈(2)"}
    # Unmasked, only names spelled the same are numbered.
    assert distinct_labels(["A", "B", "C"], ["이수빈", "이수빈", "이다빈"], mask=False) == {"A": "이수빈(1)", "B": "이수빈(2)", "C": "이다빈"}


def test_every_attendance_grid_of_the_sample_has_distinct_row_names():
    """98 of 260 grids held two identical masked names before; none may now."""
    import os
    import re

    from sabo_eval.metrics import attendance
    from sabo_eval.reports.attendance_grid import attendance_grid_html
    from sabo_eval.reports.masking import distinct_labels
    from sabo_eval.warehouse.store import Warehouse

    n_tables = n_suffixed = 0
    with Warehouse(os.environ["SABO_EVAL_DB"], read_only=True) as wh:
        years = wh.district_years()
        for code, year in years[years["year"] == 2023][["district_code", "year"]].itertuples(index=False):
            members, meetings = wh.table("members", code, year), wh.table("meetings", code, year)
            records = attendance.attendance_records(members, meetings, wh.table("attendance", code, year))
            grid = attendance_grid_html(records, distinct_labels(members["member_id"], members["name"]))
            for table in re.findall(r"<table>.*?</table>", grid):
                names = re.findall(r'<th scope="row">(.*?)</th>', table)
                n_tables += 1
                n_suffixed += any(name.endswith(")") for name in names)
                assert len(names) == len(set(names)), (code, [n for n in names if names.count(n) > 1])
                assert all(re.fullmatch(r"[가-힣]\*+[가-힣]?(\(\d+\))?|[A-Z*][A-Za-z* ]*(\(\d+\))?", n) for n in names), names
    assert n_tables > 100 and n_suffixed > 10
