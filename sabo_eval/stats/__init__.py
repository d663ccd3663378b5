"""Statistical methods for advisors: funnel plots and pilot evaluation (DiD, ITS)."""

from . import funnel, pilot

__all__ = ["funnel", "pilot"]
