"""The hostile-files corpus: definitions shared by the builder and the test.

A case is a file, folder or situation an attacker or an unlucky operator produces
(a zip bomb, a DDE formula, a symlink out of the submission folder, an absurd year,
a bad environment value …), and what must happen:

* :class:`Refuse` — the command exits non-zero naming this problem rule (or, for an
  operator mistake with no rule, a one-line Korean message), no traceback, and the
  warehouse is unchanged (checksum of every table).
* :class:`Accept` — the command succeeds (a hostile-looking but legitimate file).

Every case runs as a real ``sabo-eval`` command in a subprocess under the caps of
:data:`MEMORY_CAP` and :data:`TIME_CAP` (the whole process group is measured and is
killed when it goes over). Files are generated when the test runs (bombs are never
committed); ``build_hostile_corpus.py DEST`` writes them to a folder for a person or
a held-out runner. Cases live in the ``cases_*.py`` modules beside this file.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
#: The small valid workbook most cases are made from (district 11110, year 2023).
GOOD = ROOT / "tests" / "fixtures" / "good" / "11110_2023_minimal.xlsx"
GOOD_CSV = ROOT / "tests" / "fixtures" / "good" / "11110_2023_csv_utf8"

#: Memory the whole process group of one command may use (resident set, summed).
MEMORY_CAP = 1 << 30
#: Seconds one command may take.
TIME_CAP = 60.0


@dataclass(frozen=True)
class Refuse:
    """The command fails naming ``rule`` (a problem rule); ``rule=""``: a one-line message."""

    rule: str = ""


@dataclass(frozen=True)
class Accept:
    """The command succeeds."""


#: Default command: ingest the case into a copy of the base warehouse.
INGEST = ("ingest", "{path}", "--db", "{db}")


@dataclass(frozen=True)
class Case:
    """One hostile input.

    Parameters
    ----------
    name : str
        File or folder name the case is written under (unique).
    make : callable
        ``make(folder) -> path``: writes the case inside ``folder`` (its own empty
        folder) and returns the path given to the command.
    outcome : Refuse or Accept
    note : str
        What the attacker or operator did, in a few words.
    command : tuple of str
        ``sabo-eval`` arguments; ``{path}``, ``{db}``, ``{out}`` are filled in.
    env : dict
        Extra environment variables for the command.
    """

    name: str
    make: Callable[[Path], Path]
    outcome: Refuse | Accept
    note: str = ""
    command: tuple[str, ...] = INGEST
    env: dict[str, str] = field(default_factory=dict)


# ----------------------------------------------------------------------------- running


@dataclass
class Capped:
    """What a capped command did."""

    returncode: int
    stdout: str
    stderr: str
    peak_bytes: int
    seconds: float
    killed: str = ""  # "memory" or "time" when the cap stopped it


def _group_rss(pgid: int) -> int:
    """Resident bytes of every process in a process group."""
    page = os.sysconf("SC_PAGE_SIZE")
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
            if int(fields[2]) != pgid:  # field 5 of stat: process group
                continue
            with open(f"/proc/{entry}/statm", "rb") as handle:
                total += int(handle.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
    return total


def run_capped(argv: list[str], *, env: dict[str, str] | None = None, cwd: Path | None = None,
               memory: int = MEMORY_CAP, seconds: float = TIME_CAP) -> Capped:
    """Run ``argv`` in its own process group, killing the group over the caps."""
    full_env = {**os.environ, **(env or {})}
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=full_env, cwd=cwd,
                            start_new_session=True, stdin=subprocess.DEVNULL)
    peak, killed = 0, ""
    out_chunks: list[bytes] = []
    err_chunks: list[bytes] = []
    import threading

    readers = [threading.Thread(target=lambda s, b: b.append(s.read()), args=(proc.stdout, out_chunks), daemon=True),
               threading.Thread(target=lambda s, b: b.append(s.read()), args=(proc.stderr, err_chunks), daemon=True)]
    for thread in readers:
        thread.start()
    while proc.poll() is None:
        peak = max(peak, _group_rss(proc.pid))
        if peak > memory:
            killed = "memory"
        elif time.monotonic() - start > seconds:
            killed = "time"
        if killed:
            os.killpg(proc.pid, signal.SIGKILL)
            break
        time.sleep(0.02)
    proc.wait()
    elapsed = time.monotonic() - start
    _kill_leftovers(proc.pid)
    for thread in readers:
        thread.join(timeout=5)
    return Capped(proc.returncode, b"".join(out_chunks).decode("utf-8", "replace"),
                  b"".join(err_chunks).decode("utf-8", "replace"), peak, elapsed, killed)


def _kill_leftovers(pgid: int) -> None:
    """Kill what is left of a process group (a worker outliving its command)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def command_argv(case: Case, path: Path, db: Path, out: Path) -> list[str]:
    """The full command line of a case."""
    fill = {"path": str(path), "db": str(db), "out": str(out)}
    return [sys.executable, "-m", "sabo_eval.cli", *(part.format(**fill) for part in case.command)]


# ----------------------------------------------------------------------------- building


def good_bytes() -> bytes:
    """The bytes of the small valid workbook."""
    return GOOD.read_bytes()


def patch_zip(raw: bytes, replace: dict[str, bytes | Callable[[bytes], bytes]] | None = None,
              add: list[tuple[str, bytes]] | None = None, drop: tuple[str, ...] = ()) -> bytes:
    """A copy of zip ``raw`` with entries replaced (bytes, or a function of the old bytes),
    added (appended in order, duplicates allowed) or dropped."""
    replace = replace or {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in drop:
                continue
            data = source.read(info.filename)
            new = replace.get(info.filename, data)
            target.writestr(info.filename, new(data) if callable(new) else new)
        for name, data in add or []:
            with _QuietDuplicates():
                target.writestr(name, data)
    return buffer.getvalue()


class _QuietDuplicates:
    """Silence zipfile's 'Duplicate name' warning while writing a duplicate on purpose."""

    def __enter__(self):
        import warnings

        self._ctx = warnings.catch_warnings()
        self._ctx.__enter__()
        warnings.simplefilter("ignore")

    def __exit__(self, *exc):
        return self._ctx.__exit__(*exc)


def write_bytes(name: str, data: bytes | Callable[[], bytes]) -> Callable[[Path], Path]:
    """A ``make`` writing one file of these bytes."""

    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data() if callable(data) else data)
        return path

    return make


def sheet_member(raw: bytes, sheet_name: str) -> str:
    """The zip member of the sheet called ``sheet_name`` in workbook ``raw``."""
    import re

    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        book = archive.read("xl/workbook.xml").decode()
        rels = archive.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet[^>]*name="{re.escape(sheet_name)}"[^>]*r:id="([^"]+)"', book).group(1)
    target = re.search(rf'<Relationship[^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'<Relationship[^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels)
    target = target.group(1)
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
