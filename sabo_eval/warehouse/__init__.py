"""Warehouse: the embedded DuckDB store and the readers that hand tables to metrics.

:mod:`.store` is the entry point: :class:`~.store.Warehouse` (a connection and its
read API) and :func:`~.store.ingest`. Behind it, :mod:`.connection` opens the file
(path, tables, lock wait), :mod:`.batch` writes submissions in transactions (history,
provenance) and :mod:`.readers` reads submissions ahead in worker processes.
:mod:`.district_data` reads one district-year or all districts of a year.
"""
