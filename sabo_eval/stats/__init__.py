"""Statistical methods for advisors: funnel plots (and, later, pilot evaluation)."""

from . import funnel

__all__ = ["funnel"]
