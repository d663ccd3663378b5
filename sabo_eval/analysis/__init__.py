"""The advisor's workbench: tidy DataFrames from the warehouse and cross-district statistics.

:mod:`.data` reads a warehouse read-only and returns tables for one district, several
or all, for one year or several (names masked unless asked); :mod:`.columns` documents
every column once with its Korean label; :mod:`.sector_gap` pools the private–public
attendance difference over districts; :mod:`.survey` reads the self-evaluation survey and
the project ratings. Everything is re-exported from :mod:`sabo_eval`.
"""
