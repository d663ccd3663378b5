"""Statistical methods for advisors: funnel plots and pilot evaluation (DiD, ITS).

``sabo_eval.stats.did.pilot_effect`` is the pilot report's headline.
"""

from . import did, funnel, pilot

__all__ = ["did", "funnel", "pilot"]
