"""Submitted files are read only inside their folder and only when regular (issue 15, item 4)."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

from sabo_eval.errors import SubmissionError
from sabo_eval.intake.files import NOT_REGULAR_RULE, OUTSIDE_RULE, entry_refusal, regular_file_bytes
from sabo_eval.intake.loaders import find_submissions, load_submission
from sabo_eval.intake.text_sheets import refused_entries, stray_files, text_sheet_files

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
GOOD = FIXTURES / "good" / "11110_2023_minimal.xlsx"
GOOD_CSV = FIXTURES / "good" / "11110_2023_csv_utf8"


@pytest.fixture(autouse=True)
def never_hang():
    """Fail instead of hanging when something opens a FIFO for reading."""
    def stop(*_):
        raise TimeoutError("hung on a FIFO")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_links_inside_the_folder_are_read_and_links_out_are_refused(tmp_path):
    folder, outside = tmp_path / "in", tmp_path / "out.xlsx"
    folder.mkdir()
    (folder / ".store").mkdir()
    shutil.copy(GOOD, folder / ".store" / "a.xlsx")
    shutil.copy(GOOD, outside)
    os.symlink(folder / ".store" / "a.xlsx", folder / "inside.xlsx")
    os.symlink(outside, folder / "outside.xlsx")
    os.symlink(tmp_path / "gone.xlsx", folder / "dangling.xlsx")
    assert entry_refusal(folder / "inside.xlsx", folder) is None
    assert entry_refusal(folder / "outside.xlsx", folder)[2] == OUTSIDE_RULE
    assert entry_refusal(folder / "dangling.xlsx", folder)[2] == OUTSIDE_RULE
    assert find_submissions(folder) == [folder / "inside.xlsx"]
    refused = refused_entries(folder)
    assert [r[2] for r in refused] == [OUTSIDE_RULE, OUTSIDE_RULE]
    assert "dangling.xlsx" in refused[0][0] and "outside.xlsx" in refused[1][1]
    assert stray_files(folder) == []  # named once, with their reason


def test_special_files_in_a_collection_are_named_never_opened(tmp_path):
    shutil.copy(GOOD, tmp_path / "11110_2023.xlsx")
    os.mkfifo(tmp_path / "22220_2023.xlsx")
    assert find_submissions(tmp_path) == [tmp_path / "11110_2023.xlsx"]
    (refusal,) = refused_entries(tmp_path)
    assert refusal[2] == NOT_REGULAR_RULE and "FIFO" in refusal[0] and "FIFO" in refusal[1]


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_a_device_given_as_the_path_is_refused(device):
    with pytest.raises(SubmissionError) as caught:
        find_submissions(device)
    assert caught.value.rule == NOT_REGULAR_RULE and "문자 장치" in caught.value.message_ko


def test_a_fifo_given_as_the_path_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "11110_2023.xlsx"
    os.mkfifo(fifo)
    with pytest.raises(SubmissionError) as caught:
        find_submissions(fifo)
    assert caught.value.rule == NOT_REGULAR_RULE
    with pytest.raises(SubmissionError) as caught:  # the reader checks the opened file itself
        regular_file_bytes(fifo)
    assert caught.value.rule == NOT_REGULAR_RULE
    with pytest.raises(SubmissionError):
        load_submission(fifo)


def test_a_csv_folder_with_a_link_out_is_refused_naming_the_file(tmp_path):
    sub = tmp_path / "11110_2023"
    shutil.copytree(GOOD_CSV, sub)
    (sub / "예산.csv").rename(tmp_path / "예산.csv")
    os.symlink(tmp_path / "예산.csv", sub / "예산.csv")
    with pytest.raises(SubmissionError) as caught:
        text_sheet_files(sub)
    assert caught.value.rule == OUTSIDE_RULE and "예산.csv" in caught.value.message_ko


def test_a_csv_folder_with_a_fifo_is_refused_without_hanging(tmp_path):
    sub = tmp_path / "11110_2023"
    shutil.copytree(GOOD_CSV, sub)
    (sub / "예산.csv").unlink()
    os.mkfifo(sub / "예산.csv")
    with pytest.raises(SubmissionError) as caught:
        load_submission(sub)
    assert caught.value.rule == NOT_REGULAR_RULE


def test_a_csv_folder_with_a_link_inside_it_is_read(tmp_path):
    sub = tmp_path / "11110_2023"
    shutil.copytree(GOOD_CSV, sub)
    (sub / ".원본").mkdir()
    (sub / "예산.csv").rename(sub / ".원본" / "예산.csv")
    os.symlink(Path(".원본") / "예산.csv", sub / "예산.csv")
    loaded = load_submission(sub)
    assert len(loaded.tables["budget"]) == 3
    assert not [p for p in loaded.problems if p.severity == "error"]


def test_regular_file_bytes_reads_a_regular_file(tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"PK\x03\x04 data")
    assert regular_file_bytes(path) == b"PK\x03\x04 data"
