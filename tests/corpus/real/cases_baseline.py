"""Baseline cases: the base files as they are, re-saved (the corpus's own control)."""

from corpus import JONGNO, SUWON, SUWON_2022, Accept, Case

CASES = [
    Case("baseline_suwon_2023.xlsx", SUWON, Accept(), note="수원시 2023 as shipped, re-saved"),
    Case("baseline_suwon_2022.xlsx", SUWON_2022, Accept(), note="수원시 2022 as shipped, re-saved"),
    Case("baseline_jongno_2023.xlsx", JONGNO, Accept(), note="종로구 2023 (long-form attendance), re-saved"),
]
