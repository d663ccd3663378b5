"""Operator mistakes (issue 15, item 7): every one ends in a one-line Korean and English
message and a non-zero exit code, never a traceback, and the warehouse is unchanged.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from hostile import GOOD, Case, Refuse


def good_copy(folder: Path) -> Path:
    path = folder / "11110_2023.xlsx"
    shutil.copy(GOOD, path)
    return path


def a_folder(folder: Path) -> Path:
    return folder


def empty_warehouse(folder: Path) -> Path:
    from sabo_eval.warehouse.store import Warehouse

    path = folder / "empty.duckdb"
    Warehouse(path).close()
    return path


def _run(*extra: str) -> tuple[str, ...]:
    return ("run", "--db", "{db}", "--out", "{out}", *extra)


#: Nothing listens on the discard port of the loopback address.
NOBODY = "tcp://127.0.0.1:9"

CASES = [
    Case("operator_lock_wait_abc", good_copy, Refuse(), "SABO_EVAL_LOCK_WAIT=abc",
         env={"SABO_EVAL_LOCK_WAIT": "abc"}),
    Case("operator_lock_wait_nan", good_copy, Refuse(), "SABO_EVAL_LOCK_WAIT=nan (would wait forever)",
         env={"SABO_EVAL_LOCK_WAIT": "nan"}),
    Case("operator_lock_wait_negative", good_copy, Refuse(), "SABO_EVAL_LOCK_WAIT=-5",
         env={"SABO_EVAL_LOCK_WAIT": "-5"}),
    Case("operator_ingest_jobs_x", good_copy, Refuse(), "SABO_EVAL_INGEST_JOBS=x (silently 1 before)",
         env={"SABO_EVAL_INGEST_JOBS": "x"}),
    Case("operator_synonyms_missing", good_copy, Refuse(), "SABO_EVAL_SYNONYMS names a missing file",
         env={"SABO_EVAL_SYNONYMS": "/nonexistent/synonyms.csv"}),
    Case("operator_scheduler_timeout_env_bad", good_copy, Refuse(), "SABO_EVAL_SCHEDULER_TIMEOUT=soon",
         command=_run("--year", "2023"), env={"SABO_EVAL_SCHEDULER_TIMEOUT": "soon"}),
    Case("operator_run_year_minus_1", good_copy, Refuse(), "run --year -1", command=_run("--year", "-1")),
    Case("operator_run_year_0", good_copy, Refuse(), "run --year 0", command=_run("--year", "0")),
    Case("operator_run_year_99999", good_copy, Refuse(), "run --year 99999", command=_run("--year", "99999")),
    Case("operator_run_year_without_data", good_copy, Refuse(), "run --year 2019 (KeyError before)",
         command=_run("--year", "2019")),
    Case("operator_run_year_text", good_copy, Refuse(), "run --year abc", command=_run("--year", "abc")),
    Case("operator_run_unknown_district", good_copy, Refuse(), "run --district 99999 (an empty run before)",
         command=_run("--year", "2023", "--district", "99999")),
    Case("operator_run_jobs_0", good_copy, Refuse(), "run --jobs 0", command=_run("--year", "2023", "--jobs", "0")),
    Case("operator_run_jobs_negative", good_copy, Refuse(), "run --jobs -3",
         command=_run("--year", "2023", "--jobs", "-3")),
    Case("operator_run_scheduler_unreachable", good_copy, Refuse(), "run --scheduler with nothing listening",
         command=_run("--year", "2023", "--scheduler", NOBODY, "--scheduler-timeout", "2")),
    Case("operator_run_scheduler_unreachable_env", good_copy, Refuse(),
         "the same, the timeout from SABO_EVAL_SCHEDULER_TIMEOUT", command=_run("--year", "2023", "--scheduler", NOBODY),
         env={"SABO_EVAL_SCHEDULER_TIMEOUT": "2"}),
    Case("operator_run_out_unwritable", good_copy, Refuse(), "run --out under /proc",
         command=("run", "--db", "{db}", "--out", "/proc/sabo-eval-reports", "--year", "2023")),
    Case("operator_db_folder_cannot_be_made", good_copy, Refuse(), "ingest --db under a folder that cannot be made",
         command=("ingest", "{path}", "--db", "/proc/sabo-eval/w.duckdb")),
    Case("operator_db_env_is_a_folder", a_folder, Refuse(), "SABO_EVAL_DB is a folder",
         command=("validate", str(GOOD)), env={"SABO_EVAL_DB": "/tmp"}),
    Case("operator_template_to_a_folder", a_folder, Refuse(), "template to a folder",
         command=("template", "{path}")),
    Case("operator_template_unwritable", a_folder, Refuse(), "template to a path that cannot be written",
         command=("template", "/proc/sabo-eval/template.xlsx")),
    Case("operator_template_year_1", a_folder, Refuse(), "template --year 1",
         command=("template", "{path}/t.xlsx", "--year", "1")),
    Case("operator_run_empty_warehouse", empty_warehouse, Refuse(), "run on an empty warehouse (KeyError before)",
         command=("run", "--year", "2023", "--db", "{path}", "--out", "{out}")),
]
