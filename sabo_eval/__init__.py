"""sabo_eval: evaluation workbench for Korean local community social security councils.

The public API is small; modules behind it each do one job (DESIGN §2):
loaders → validation → store → metrics → report/runner.
"""

__version__ = "0.1.0"

from .errors import (  # noqa: E402
    SaboEvalError,
    SubmissionError,
    ValidationFailed,
    WarehouseError,
    WarehouseLocked,
)
from .loaders import load_submission  # noqa: E402
from .masking import mask_name  # noqa: E402
from .store import Warehouse, ingest  # noqa: E402
from .validation import validate  # noqa: E402

__all__ = [
    "__version__",
    "load_submission",
    "validate",
    "ingest",
    "Warehouse",
    "mask_name",
    "SaboEvalError",
    "SubmissionError",
    "ValidationFailed",
    "WarehouseError",
    "WarehouseLocked",
]
