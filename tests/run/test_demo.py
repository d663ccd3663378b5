"""The demo job picks the sample's complete years."""

import os

from sabo_eval.run.demo import complete_years, latest_complete_year


def test_complete_years_of_the_sample():
    db = os.environ["SABO_EVAL_DB"]
    assert complete_years(db) == [2023, 2022]  # 2021 holds Seoul services only
    assert latest_complete_year(db) == 2023
