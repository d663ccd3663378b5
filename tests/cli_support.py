"""How the command line says what went wrong, as tests read it.

A mistake the argument parser finds is one line, Korean then English:
``오류: … / error: … — 도움말 / help: sabo-eval run -h``. An error found while
carrying out a command (a missing file, a year without data) is a Korean line and an
English line (``오류: …`` then ``error: …``).
"""

from __future__ import annotations

import re

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def error_halves(out: str, *, one_line: bool) -> tuple[str, str]:
    """The Korean and the English part of the error in ``out`` (asserting its form).

    Parameters
    ----------
    out : str
        What the command printed.
    one_line : bool
        Whether the error is the parser's (one line) or the command's (two lines).
    """
    lines = [line for line in out.splitlines() if line.startswith(("오류:", "error:"))]
    if one_line:
        assert len(lines) == 1 and " / error: " in lines[0], out
        korean, english = lines[0].split(" / error: ", 1)
        english = "error: " + english
    else:
        assert len(lines) == 2 and lines[0].startswith("오류:") and lines[1].startswith("error:"), out
        korean, english = lines
    assert HANGUL.search(korean), korean
    assert not HANGUL.search(english.split(" — ")[0].split(" (")[0]), english
    return korean, english
