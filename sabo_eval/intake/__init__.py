"""Intake: from the files secretariats send to validated canonical tables.

(Named *intake*, not *ingest*: :func:`sabo_eval.ingest`, the public function that
validates and stores submissions, keeps its name.) The service indicator catalogue
that councils may extend (:mod:`.catalogue`) is read here too, since validation uses it.

Cell parsing (:mod:`.parsing`, :mod:`.cells`), table definitions (:mod:`.schemas`),
the submission records (:mod:`.submission`), readers per file kind (:mod:`.readers`),
the 제출정보 sheet (:mod:`.info`), table sheets (:mod:`.headers`, :mod:`.rows`,
:mod:`.sheets`), roster reshaping (:mod:`.roster`), loading a whole submission
(:mod:`.loaders`), validation rules (:mod:`.validation`, :mod:`.rules`,
:mod:`.rules_totals`, :mod:`.column_cache`), problems (:mod:`.problems`), the input
template (:mod:`.template`), published-table reconciliation (:mod:`.reconcile`) and
the plain-text summaries the command line prints (:mod:`.summary`).
Nothing here touches the warehouse.
"""
