"""Warehouse: the embedded DuckDB store and the readers that hand tables to metrics.

:mod:`.store` keeps every submission (transactions, history, provenance);
:mod:`.district_data` reads one district-year or all districts of a year.
"""
