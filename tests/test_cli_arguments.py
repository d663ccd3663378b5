"""Argument mistakes end in one message, Korean then English, and exit code 2, never a
traceback; every argument is documented in Korean and English; ``--version`` (issue 19, part 5)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
from cli_support import error_halves

from sabo_eval import __version__
from sabo_eval.cli import build_parser, main

HANGUL = re.compile("[\uac00-\ud7a3]")
ENGLISH_WORD = re.compile("[A-Za-z]{3,}")
GOOD = Path(__file__).parent / "fixtures" / "good" / "11110_2023_minimal.xlsx"

#: (what is wrong, the arguments; {tmp} is a fresh folder).
MISTAKES = [
    ("district code of four digits", ["template", "{tmp}/t.xlsx", "--district", "2635"]),
    ("district code with letters", ["template", "{tmp}/t.xlsx", "--district", "4111a"]),
    ("two-digit year", ["template", "{tmp}/t.xlsx", "--year", "24"]),
    ("non-numeric year", ["template", "{tmp}/t.xlsx", "--year", "이천이십사"]),
    ("template without .xlsx", ["template", "{tmp}/t.csv"]),
    ("template without a path", ["template"]),
    ("template to a folder", ["template", "{tmp}"]),
    ("template to an unwritable path", ["template", "/proc/sabo-eval/t.xlsx"]),
    ("template option without value", ["template", "{tmp}/t.xlsx", "--year"]),
    ("validate without paths", ["validate"]),
    ("validate an empty path", ["validate", ""]),
    ("template to an empty path", ["template", " "]),
    ("ingest into an empty warehouse path", ["ingest", str(GOOD), "--db", ""]),
    ("demo with a missing sample folder", ["demo", "--sample", "{tmp}/absent", "--out", "{tmp}/r", "--db", "{tmp}/d/w.duckdb"]),
    ("validate a missing file", ["validate", "{tmp}/absent.xlsx"]),
    ("ingest a missing file", ["ingest", "{tmp}/missing.xlsx", "--db", "{tmp}/w.duckdb"]),
    ("ingest into a folder as warehouse", ["ingest", str(GOOD), "--db", "{tmp}"]),
    ("run without a year", ["run", "--out", "{tmp}/r"]),
    ("run with a word as year", ["run", "--year", "last", "--out", "{tmp}/r"]),
    ("run with a two-digit year", ["run", "--year", "23", "--out", "{tmp}/r", "--db", "{tmp}/w.duckdb"]),
    ("run with a short district code", ["run", "--year", "2023", "--district", "2635", "--out", "{tmp}/r"]),
    ("run with --jobs 0", ["run", "--year", "2023", "--jobs", "0", "--out", "{tmp}/r"]),
    ("run with a zero timeout", ["run", "--year", "2023", "--scheduler-timeout", "0", "--out", "{tmp}/r"]),
    ("run with an unknown option", ["run", "--year", "2023", "--colour", "--out", "{tmp}/r"]),
    ("run into an unwritable folder", ["run", "--year", "2023", "--out", "/proc/sabo-eval-r"]),
    ("pilot with an unknown option", ["pilot", "--fast"]),
    ("demo with --jobs 0", ["demo", "--jobs", "0", "--out", "{tmp}/r"]),
    ("minutes of a missing path", ["minutes", "{tmp}/absent.txt", "--check"]),
    ("minutes with an empty path", ["minutes", ""]),
    ("minutes --event-id for a folder", ["minutes", "{tmp}", "--event-id", "x", "--check"]),
    ("an unknown command", ["report"]),
    ("no command", []),
    ("an unknown global option", ["--colour", "validate", str(GOOD)]),
    ("an ambiguous abbreviation", ["run", "--year", "2023", "--s", "x", "--out", "{tmp}/r"]),
]


def _run(argv: list[str]) -> tuple[int, bool]:
    """``main``'s exit code, and whether the argument parser stopped it (a one-line message)."""
    try:
        return main(argv), False
    except SystemExit as exc:
        return int(exc.code), True


def _exit_code(argv: list[str]) -> int:
    """``main``'s exit code, whether it returns it or argparse raises it."""
    return _run(argv)[0]


@pytest.mark.parametrize(("argv"), [m[1] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_an_argument_mistake_is_one_korean_and_english_message_and_exit_2(argv, tmp_path, capsys):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    code, by_parser = _run(argv)
    assert code == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert len([line for line in captured.out.splitlines() if line.strip()]) == (1 if by_parser else 2), captured.out
    _korean, english = error_halves(captured.out, one_line=by_parser)
    assert ENGLISH_WORD.search(english)


def _halves(line: str) -> tuple[str, str]:
    """The Korean and the English half of a one-line argument error."""
    return error_halves(line, one_line=True)


def test_template_district_2635_names_the_code_in_both_languages(tmp_path, capsys):
    assert _exit_code(["template", str(tmp_path / "t.xlsx"), "--district", "2635"]) == 2
    korean, english = _halves(capsys.readouterr().out.strip())
    assert "5자리" in korean and "'2635'" in korean
    assert "five digits" in english and "'2635'" in english
    assert not (tmp_path / "t.xlsx").exists()


def test_argparse_messages_are_translated_into_korean(capsys):
    assert _exit_code(["run"]) == 2
    korean, english = _halves(capsys.readouterr().out.strip())
    assert "꼭 필요한 인자" in korean and "--year" in korean
    assert "the following arguments are required: --year" in english


def test_version_prints_the_package_version(capsys):
    assert _exit_code(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"sabo-eval {__version__}"


def _parsers(parser: argparse.ArgumentParser):
    """The parser and every subcommand's parser, with their names."""
    yield "sabo-eval", parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            yield from action.choices.items()


def _documented_actions():
    return [(name, action) for name, parser in _parsers(build_parser()) for action in parser._actions]


@pytest.mark.parametrize(("command", "action"), _documented_actions(),
                         ids=lambda x: x if isinstance(x, str) else "/".join(x.option_strings) or x.dest)
def test_every_argument_has_a_korean_and_english_help(command, action):
    assert action.help, f"{command}: {action.option_strings or action.dest} has no help"
    assert HANGUL.search(action.help) and ENGLISH_WORD.search(action.help), (command, action.help)
    assert " / " in action.help, (command, action.help)


def test_every_command_has_a_korean_and_english_summary():
    subparsers = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    helps = {choice.dest: choice.help for choice in subparsers._choices_actions}
    assert set(helps) == set(subparsers.choices)
    for command, text in helps.items():
        assert HANGUL.search(text) and ENGLISH_WORD.search(text) and " / " in text, (command, text)


def test_help_of_a_command_lists_its_arguments_in_both_languages(capsys):
    assert _exit_code(["template", "-h"]) == 0
    text = capsys.readouterr().out
    assert "위치 인자 / positional arguments" in text and "선택 인자 / options" in text
    assert "만들 서식 파일 (.xlsx) / the workbook to write (.xlsx)" in text


def test_a_demo_with_a_missing_sample_makes_no_warehouse_folder(tmp_path, capsys):
    assert _exit_code(["demo", "--sample", str(tmp_path / "absent"), "--out", str(tmp_path / "r"),
                       "--db", str(tmp_path / "d" / "w.duckdb")]) == 2
    assert "absent" in capsys.readouterr().out
    assert not (tmp_path / "d").exists()
