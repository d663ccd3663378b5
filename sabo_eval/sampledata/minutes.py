"""The sample's discussion minutes: seed 003 as published, and the events list beside it.

The minutes text is stored in the package (``sabo_eval/data/sample_minutes_2023.txt``,
seed 003 byte for byte) and copied unchanged; the event's date and host in
``행사목록.csv`` are assumed (the seed gives none; ``data/README.md`` says so).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["MINUTES_FOLDER", "MINUTES_FILE", "EVENTS_CSV_TEXT", "write_minutes"]

MINUTES_FOLDER = "discussions"
MINUTES_FILE = "2023_민관협력_종합토론.txt"
#: 행사목록.csv (UTF-8 with BOM): the date and the host are ASSUMED.
EVENTS_CSV_TEXT = (
    "파일,행사ID,행사명,일자,주관\n"
    "2023_민관협력_종합토론.txt,2023_민관협력_종합토론,민관협력 종합토론,2023-06-15,사회복지관·주민센터 합동 워크숍\n"
)


def write_minutes(out_dir: Path) -> Path:
    """Write ``discussions/`` (the seed minutes and ``행사목록.csv``) into ``out_dir``.

    Parameters
    ----------
    out_dir : pathlib.Path
        The sample's output folder.

    Returns
    -------
    pathlib.Path
        The ``discussions`` folder.
    """
    folder = Path(out_dir) / MINUTES_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    seed = resources.files("sabo_eval").joinpath("data", "sample_minutes_2023.txt").read_bytes()
    (folder / MINUTES_FILE).write_bytes(seed)
    (folder / "행사목록.csv").write_bytes(EVENTS_CSV_TEXT.encode("utf-8-sig"))
    return folder
