"""The opinion table as shown: six columns, every value of the nine kept."""

import pandas as pd

from sabo_eval.reports.opinion_view import opinion_columns


def test_item_and_department_share_a_cell_and_nothing_is_dropped():
    table = pd.DataFrame(
        {
            "전략": ["지역발전전략1", None], "사업번호": ["II-1-1-1", None], "세부사업명": ["사각지대 없는 찾아가는 서비스", None],
            "담당부서": ["복지협력과", "주택과"], "팀": ["복지협력팀", None], "모니터링분과": ["연구기획분과", "주거분과"],
            "모니터링의견": ["-계획 수립이 잘 되어 있음.", "의견"], "부서의견": ["-교육 예정", None], "반영여부": ["반영 (추정)", "미회신"],
        }
    )
    shown = opinion_columns(table)
    assert list(shown.columns) == ["세부사업 (추진전략)", "담당부서·팀", "모니터링분과", "모니터링의견", "부서의견", "반영여부"]
    assert shown.iloc[0].tolist() == [
        "II-1-1-1 사각지대 없는 찾아가는 서비스\n(지역발전전략1)", "복지협력과\n복지협력팀", "연구기획분과",
        "-계획 수립이 잘 되어 있음.", "-교육 예정", "반영 (추정)",
    ]
    assert shown.iloc[1, :2].tolist() == ["-", "주택과"]
    for value in table.iloc[0]:
        assert any(value in cell for cell in shown.iloc[0])
