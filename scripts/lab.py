"""JupyterLab on ``notebooks/`` with the demo warehouse (run: make lab).

The example submissions of ``data/sample/`` go into the demo's own warehouse
(``data/demo.duckdb``, as ``sabo-eval demo`` does; unchanged files are skipped), and
JupyterLab starts with ``SABO_EVAL_DB`` pointing there — the user's warehouse
(``data/warehouse.duckdb`` or their ``SABO_EVAL_DB``) is never read or written.

JupyterLab listens on this computer only (``127.0.0.1``), opens no browser (the
address with its token is printed), and gets ``--allow-root`` only when run by
root (``id -u`` is 0), since Jupyter refuses root without it.

Usage: ``python scripts/lab.py [--port N] [--print]`` (``--print`` shows the
command and exits).
"""

from __future__ import annotations

import argparse
import logging
import os
import shlex
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SAMPLE = ROOT / "data" / "sample"
#: The demo's warehouse (``sabo_eval.run.demo.DEMO_DB`` in this checkout).
DEMO_DB = ROOT / "data" / "demo.duckdb"
HOST = "127.0.0.1"

logger = logging.getLogger("lab")


def current_uid() -> int:
    """The user id running this process (``id -u``); -1 where there is none (Windows).

    Examples
    --------
    >>> current_uid() == os.getuid()
    True
    """
    return os.getuid() if hasattr(os, "getuid") else -1


def lab_command(uid: int, port: int | None = None, python: str = sys.executable) -> list[str]:
    """The JupyterLab command for a user id: localhost, no browser, ``notebooks/``.

    Parameters
    ----------
    uid : int
        The user id that will run it; 0 (root) adds ``--allow-root``.
    port : int, optional
        Port to listen on (JupyterLab picks a free one from 8888 when None).
    python : str
        The interpreter with JupyterLab installed (default: this one).

    Returns
    -------
    list of str
        The command's arguments.

    Examples
    --------
    >>> "--allow-root" in lab_command(0), "--allow-root" in lab_command(1000)
    (True, False)
    >>> "--ServerApp.ip=127.0.0.1" in lab_command(1000)
    True
    """
    command = [python, "-m", "jupyterlab", "--no-browser", f"--ServerApp.ip={HOST}",
               f"--ServerApp.root_dir={NOTEBOOKS}"]
    if port is not None:
        command.append(f"--ServerApp.port={port}")
    if uid == 0:
        command.append("--allow-root")
    return command


def lab_environment(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """The environment of JupyterLab: ``SABO_EVAL_DB`` set to the demo warehouse.

    Examples
    --------
    >>> lab_environment({"SABO_EVAL_DB": "data/warehouse.duckdb"})["SABO_EVAL_DB"] == str(DEMO_DB)
    True
    """
    return {**environ, "SABO_EVAL_DB": str(DEMO_DB)}


def ingest_command(python: str = sys.executable) -> list[str]:
    """The command that puts ``data/sample`` into the demo warehouse.

    Examples
    --------
    >>> ingest_command("python")[-2:] == ["--db", str(DEMO_DB)]
    True
    """
    return [python, "-m", "sabo_eval.cli", "ingest", str(SAMPLE), "--db", str(DEMO_DB)]


def main(argv: Sequence[str] | None = None) -> int:
    """Ingest the sample into the demo warehouse, then run JupyterLab until it stops.

    Examples
    --------
    >>> main(["--print"])  # doctest: +SKIP
    """
    parser = argparse.ArgumentParser(description="JupyterLab on notebooks/ with the demo warehouse.")
    parser.add_argument("--port", type=int, default=None, help="port (default: JupyterLab's, from 8888)")
    parser.add_argument("--print", action="store_true", help="print the commands and exit")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    command = lab_command(current_uid(), args.port)
    if args.print:
        for line in (ingest_command(), [f"SABO_EVAL_DB={DEMO_DB}", *command]):
            sys.stdout.write(shlex.join(line) + "\n")
        return 0
    subprocess.run(ingest_command(), check=True, cwd=ROOT)
    logger.info("데모 창고 / demo warehouse: %s", DEMO_DB)
    server = subprocess.Popen(command, env=lab_environment(), cwd=ROOT)
    while True:
        try:
            return server.wait()
        except KeyboardInterrupt:  # JupyterLab has it too: it asks, or stops on a second Ctrl+C
            continue


if __name__ == "__main__":
    sys.exit(main())
