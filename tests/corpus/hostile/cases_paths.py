"""Path cases (issue 15, item 4): links out of a folder, FIFOs and devices.

A file inside a submission or collection folder is read only when its real path is
inside that folder (rule ``outside_folder``); FIFOs, devices and sockets are never
opened (``not_a_regular_file``), whether given directly or found in a folder, and
nothing may hang on a FIFO. The collections also hold the valid workbook already in
the base warehouse (unchanged when ingested again), so what is refused is the link.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from hostile import GOOD, GOOD_CSV, Case, Refuse


def _collection(folder: Path) -> Path:
    """A collection folder holding the valid workbook (identical to the warehouse's)."""
    root = folder / "제출"
    root.mkdir()
    shutil.copy(GOOD, root / "11110_2023.xlsx")
    return root


def _csv_submission(folder: Path) -> Path:
    sub = folder / "11110_2023_csv"
    shutil.copytree(GOOD_CSV, sub)
    return sub


def csv_linked_out(folder: Path) -> Path:
    """A CSV sheet of a submission folder that is a link to a file elsewhere."""
    sub = _csv_submission(folder)
    elsewhere = folder / "elsewhere"
    elsewhere.mkdir()
    (sub / "예산.csv").rename(elsewhere / "예산.csv")
    os.symlink(elsewhere / "예산.csv", sub / "예산.csv")
    return sub


def csv_linked_to_dev_null(folder: Path) -> Path:
    sub = _csv_submission(folder)
    os.symlink("/dev/null", sub / "비고.csv")
    return sub


def csv_fifo(folder: Path) -> Path:
    """A FIFO named like a sheet: opening it for reading would block forever."""
    sub = _csv_submission(folder)
    (sub / "예산.csv").unlink()
    os.mkfifo(sub / "예산.csv")
    return sub


def xlsx_linked_out(folder: Path) -> Path:
    """A workbook in a collection that is a link to a workbook outside it."""
    root = _collection(folder)
    outside = folder / "outside.xlsx"
    shutil.copy(GOOD, outside)
    os.symlink(outside, root / "22220_2023.xlsx")
    return root


def folder_linked_out(folder: Path) -> Path:
    """A CSV submission folder in a collection that is a link to a folder elsewhere."""
    root = _collection(folder)
    os.symlink(_csv_submission(folder), root / "11110_2023_csv")
    return root


def dangling_link(folder: Path) -> Path:
    root = _collection(folder)
    os.symlink(folder / "gone.xlsx", root / "22220_2023.xlsx")
    return root


def fifo_in_collection(folder: Path) -> Path:
    root = _collection(folder)
    os.mkfifo(root / "22220_2023.xlsx")
    return root


def fifo_given(folder: Path) -> Path:
    path = folder / "11110_2023.xlsx"
    os.mkfifo(path)
    return path


CASES = [
    Case("path_csv_symlink_out", csv_linked_out, Refuse("outside_folder"),
         "a CSV in a submission folder is a symlink to a file outside the folder"),
    Case("path_csv_symlink_out_validate", csv_linked_out, Refuse("outside_folder"),
         "the same, validated", command=("validate", "{path}")),
    Case("path_csv_symlink_dev_null", csv_linked_to_dev_null, Refuse("outside_folder"),
         "a CSV in a submission folder is a symlink to /dev/null"),
    Case("path_csv_fifo", csv_fifo, Refuse("not_a_regular_file"),
         "a FIFO named 예산.csv inside a CSV submission folder (must not hang)"),
    Case("path_xlsx_symlink_out", xlsx_linked_out, Refuse("outside_folder"),
         "an .xlsx symlink in a collection folder pointing outside it"),
    Case("path_folder_symlink_out", folder_linked_out, Refuse("outside_folder"),
         "a CSV submission folder in a collection that is a symlink to a folder outside it"),
    Case("path_dangling_symlink", dangling_link, Refuse("outside_folder"),
         "a dangling symlink named like a workbook in a collection"),
    Case("path_fifo_in_collection", fifo_in_collection, Refuse("not_a_regular_file"),
         "a FIFO named 22220_2023.xlsx in a collection folder (silently skipped before)"),
    Case("path_fifo_given", fifo_given, Refuse(), "a FIFO given as the submission path (must not hang)"),
    Case("path_fifo_given_validate", fifo_given, Refuse(), "a FIFO given to validate",
         command=("validate", "{path}")),
    Case("path_dev_zero", lambda folder: Path("/dev/zero"), Refuse(), "/dev/zero given as the submission path"),
    Case("path_dev_null_validate", lambda folder: Path("/dev/null"), Refuse(), "/dev/null given to validate",
         command=("validate", "{path}")),
]
