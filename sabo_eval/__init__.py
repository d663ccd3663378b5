"""sabo_eval: evaluation workbench for Korean local community social security councils.

The public API is small; modules behind it each do one job (DESIGN §2):
intake → warehouse → metrics/stats → reports → run (docs/architecture.md).
"""

__version__ = "0.1.0"
"""The package's version (``sabo-eval --version`` prints it).

Examples
--------
>>> import sabo_eval
>>> sabo_eval.__version__.count(".")
2
"""

from .errors import (  # noqa: E402
    SaboEvalError,
    SubmissionError,
    ValidationFailed,
    WarehouseError,
    WarehouseLocked,
)

# The heavier parts of the API (pandas, DuckDB) load on first use (PEP 562), so that
# processes needing only the runner's worker side (papermill, nbconvert) stay small.
_LAZY = {
    "load_submission": "intake.loaders",
    "open_warehouse": "analysis.data",
    "members": "analysis.data",
    "meetings": "analysis.data",
    "attendance": "analysis.data",
    "monthly_rates": "analysis.data",
    "member_rates": "analysis.data",
    "plan_achievement": "analysis.data",
    "budget_execution": "analysis.data",
    "opinions": "analysis.data",
    "discussions": "analysis.discussions",
    "discussion_events": "analysis.discussions",
    "service_indicators": "analysis.data",
    "funnel_table": "analysis.data",
    "pilot_panel": "analysis.data",
    "survey_items": "analysis.survey",
    "survey_responses": "analysis.survey",
    "survey_values": "analysis.survey",
    "project_ratings": "analysis.survey",
    "COLUMNS": "analysis.columns",
    "korean_labels": "analysis.columns",
    "sector_gap": "analysis.sector_gap",
    "sector_gap_trend": "analysis.sector_gap",
    "SectorGap": "analysis.sector_gap",
    "mask_name": "reports.masking",
    "Warehouse": "warehouse.store",  # the storage layer (names as submitted); not in __all__
    "WarehouseView": "analysis.warehouse_view",
    "ingest": "warehouse.store",
    "validate": "intake.validation",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "__version__",
    "load_submission",
    "validate",
    "ingest",
    "mask_name",
    "open_warehouse",
    "WarehouseView",
    "members",
    "meetings",
    "attendance",
    "monthly_rates",
    "member_rates",
    "plan_achievement",
    "budget_execution",
    "opinions",
    "discussions",
    "discussion_events",
    "service_indicators",
    "funnel_table",
    "pilot_panel",
    "survey_items",
    "survey_responses",
    "survey_values",
    "project_ratings",
    "COLUMNS",
    "korean_labels",
    "sector_gap",
    "sector_gap_trend",
    "SectorGap",
    "SaboEvalError",
    "SubmissionError",
    "ValidationFailed",
    "WarehouseError",
    "WarehouseLocked",
]
