"""Statistical methods for advisors: funnel plots and pilot evaluation (DiD, ITS).

``sabo_eval.stats.did.pilot_effect`` is the pilot report's headline. The subpackages
are imported when first used (``from sabo_eval.stats import funnel`` does not load the
pilot evaluation's statsmodels stack).
"""

import importlib

__all__ = ["did", "funnel", "pilot"]


def __getattr__(name: str):
    """Import ``did``, ``funnel`` or ``pilot`` on first access (``sabo_eval.stats.pilot``)."""
    if name in __all__:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
