"""Checks across rows and tables of a loaded submission.

Cell-level problems (a value that is not a number, a date or an accepted code, an
empty required cell, a missing column) are found while loading. This module adds the
rules that need whole tables: the submission's district and year, duplicate keys,
references to unknown members, meetings or plan items, attendance outside a member's
tenure, impossible tenures (:mod:`.rules`), survey answers off their item's scale (:mod:`.rules_survey`), and
published totals that do not equal their parts (:mod:`.rules_totals`). Every rule reports every failure, each located by
file, sheet, Excel row and the column header as written.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .column_cache import ColumnCache
from .district_names import check_district_names
from .loaders import load_submission
from .problems import Problem
from .root_causes import fold_cascades
from .rules import (
    check_context,
    check_dates,
    check_duplicate_keys,
    check_has_data,
    check_references,
    check_tenure,
)
from .rules_survey import check_survey
from .rules_totals import TOTAL_TOLERANCE, check_service_proportions, check_totals
from .services_years import check_unused_services
from .submission import Submission

__all__ = ["validate", "validate_submission", "TOTAL_TOLERANCE"]

logger = logging.getLogger(__name__)


def validate(path: Path | str) -> Submission:
    """Load a submission and run every check on it.

    Parameters
    ----------
    path : path-like
        Workbook or CSV folder.

    Returns
    -------
    Submission
        With ``problems`` listing everything found (empty when valid).

    Examples
    --------
    >>> from sabo_eval import validate
    >>> sub = validate("data/sample/26530_2023_사상구.xlsx")
    >>> [p.reason_en for p in sub.problems if p.severity == "error"]
    []
    """
    sub = load_submission(path)
    validate_submission(sub)
    return sub


def validate_submission(sub: Submission) -> list[Problem]:
    """Run the cross-row and cross-table rules; append and return the problems.

    Parameters
    ----------
    sub : Submission
        A loaded submission; its ``problems`` list is extended in place.

    Returns
    -------
    list of Problem
        All problems of the submission (loading and validation), those that follow
        from a root cause folded under it (:mod:`.root_causes`).
    """
    columns = ColumnCache(sub)
    check_context(sub, columns)
    check_district_names(sub)
    check_has_data(sub)
    check_dates(sub, columns=columns)
    check_duplicate_keys(sub, columns)
    check_references(sub, columns)
    check_tenure(sub, columns)
    check_survey(sub, columns)
    check_totals(sub, columns)
    check_service_proportions(sub, columns)
    check_unused_services(sub)
    fold_cascades(sub)
    logger.debug("%s: %d problem(s)", sub.file_name, len(sub.problems))
    return sub.problems
