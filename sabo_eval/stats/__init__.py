"""Statistical methods for advisors: funnel plots and pilot evaluation (DiD, ITS)."""

from . import did, funnel

__all__ = ["did", "funnel"]
