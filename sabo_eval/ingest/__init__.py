"""Ingest: from the files secretariats send to validated canonical tables.

Cell parsing (:mod:`.parsing`, :mod:`.cells`), table definitions (:mod:`.schemas`),
the submission records (:mod:`.submission`), readers per file kind (:mod:`.readers`),
the 제출정보 sheet (:mod:`.info`), table sheets (:mod:`.headers`, :mod:`.rows`,
:mod:`.sheets`), roster reshaping (:mod:`.roster`), loading a whole submission
(:mod:`.loaders`), validation rules (:mod:`.validation`, :mod:`.rules`,
:mod:`.rules_totals`, :mod:`.column_cache`), problems (:mod:`.problems`), the input
template (:mod:`.template`) and published-table reconciliation (:mod:`.reconcile`).
Nothing here touches the warehouse.
"""
