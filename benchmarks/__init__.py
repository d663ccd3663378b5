"""Benchmark data and helpers for sabo_eval (not part of the installed package)."""
