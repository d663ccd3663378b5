"""Metric functions: pure, warehouse tables in, new tables out (DESIGN §4)."""

from . import achievement, attendance, budget, opinions, overview, ratings, services, survey

__all__ = ["achievement", "attendance", "budget", "opinions", "overview", "ratings", "services", "survey"]
