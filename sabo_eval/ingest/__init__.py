"""Ingest: from the files secretariats send to validated canonical tables.

Cell parsing (:mod:`.parsing`), table definitions (:mod:`.schemas`), readers per file
kind (:mod:`.loaders`), validation rules (:mod:`.validation`), problems
(:mod:`.problems`), the input template (:mod:`.template`) and published-table
reconciliation (:mod:`.reconcile`). Nothing here touches the warehouse.
"""
