"""Discussion minutes (토론 기록) as secretariats write them, parsed into statements.

:func:`parse_minutes` turns the text of minutes laid out like a workshop's record —
``주제 N`` headings followed by the topic question, ``토론 조(N개조) : 1조, 20조, …``
group lists, ``N안)`` sub-headings, ``관 :``/``민 :`` statements, ``문제점 :`` /
``개선방안 :`` pairs, ``(공통의견)`` and ``N조 : … (지역)`` practice entries — into one
row per statement of the canonical ``discussions`` table, in the order written, each
with its topic, group and line number. :func:`read_minutes` reads a file (UTF-8 with or
without BOM, CP949, UTF-16) and its event from the folder's ``행사목록.csv``.

Rules (documented choices)
--------------------------
* The topic question is the first paragraph after the heading (or the heading's own
  text): wrapped lines are joined with a space.
* An indented line continues the previous statement (joined with a space).
* Each line of a group's entry (``-``, ``*``, ``->``, ``Ex)``, ``1)`` lines and free
  lines up to the next entry or ``N안)``) is its own statement with that group; the
  markers are removed. A trailing ``(지역)`` or a leading ``지역 :`` gives its region
  (removed from the text); the entry's other lines take the entry's first region.
* Kinds: ``관/민 :`` statements are ``역할`` when the topic asks about 역할, else
  ``의견``; group entries are ``사례`` when the topic is about 사례, else ``의견``;
  ``(공통의견)`` is ``공통의견`` (side ``공통``); everything else is ``의견``.
* A ``문제점`` opens a new pair number within the topic; the ``개선방안`` lines after it
  share that number (a problem without an improvement keeps its number alone).
* When a topic announces no group list, its groups are those of its entries.
* The first line before the first ``주제 N`` is the title; other lines before it, a
  repeated topic number, a side prefix without text, lines without letters or with
  broken characters and over-long lines are listed in ``unparsed`` (line, Korean and
  English reason), never dropped silently.
* ``제1조 : …`` (an article) is no group entry; list markers include the bullets HWP
  exports (``○``, ``□``, ``※``, ``ㅇ``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
import re
from pathlib import Path

import pandas as pd

from ..errors import SubmissionError
from . import minutes_lines as ml
from .minutes_walk import Walk, walk_line
from .text_sheets import decode_text

__all__ = [
    "STATEMENT_COLUMNS", "TOPIC_COLUMNS", "UNPARSED_COLUMNS", "EVENTS_CSV",
    "MinutesParse", "parse_minutes", "read_minutes", "minutes_files",
]  # fmt: skip

logger = logging.getLogger(__name__)

STATEMENT_COLUMNS = [
    "event_id", "event_name", "event_date", "host", "year", "topic_no", "topic", "group", "groups",
    "region", "side", "kind", "text", "seq", "pair", "line",
]  # fmt: skip
TOPIC_COLUMNS = ["topic_no", "topic", "groups", "n_groups_announced", "n_groups", "line"]
UNPARSED_COLUMNS = ["line", "text", "reason_ko", "reason_en"]
#: The events list a minutes folder may hold (UTF-8 with BOM): 파일, 행사ID, 행사명, 일자, 주관.
EVENTS_CSV = "행사목록.csv"


@dataclasses.dataclass
class MinutesParse:
    """The minutes of one event, parsed.

    Attributes
    ----------
    statements : DataFrame
        One row per statement (:data:`STATEMENT_COLUMNS`), in the order written.
    topics : DataFrame
        ``topic_no, topic, groups, n_groups_announced`` (the N of ``(N개조)``),
        ``n_groups`` and ``line`` of the heading.
    unparsed : DataFrame
        ``line, text, reason_ko, reason_en`` of every line that is no statement.
    event_id, event_name, event_date, host, year, source, title
        The event (``title`` is the first line before the topics).
    """

    statements: pd.DataFrame
    topics: pd.DataFrame
    unparsed: pd.DataFrame
    event_id: str
    event_name: str | None = None
    event_date: dt.date | None = None
    host: str | None = None
    year: int | None = None
    source: str | None = None
    title: str | None = None


def _topics_frame(walk: Walk) -> pd.DataFrame:
    rows = []
    for topic in walk.topics:
        groups = topic["groups"] or sorted(set(topic.get("entries", [])), key=lambda g: int(g[:-1]))
        rows.append({
            "topic_no": topic["topic_no"], "topic": " ".join(topic["question"]) or None,
            "groups": ", ".join(groups) or None, "n_groups_announced": topic["announced"],
            "n_groups": len(groups), "line": topic["line"],
        })  # fmt: skip
        if topic["announced"] is not None and topic["announced"] != len(topic["groups"]):
            logger.warning("주제 %s: %s개조라고 했으나 %s개 조가 적혀 있습니다", topic["topic_no"],
                           topic["announced"], len(topic["groups"]))  # fmt: skip
    frame = pd.DataFrame(rows, columns=TOPIC_COLUMNS)
    return frame.astype({"n_groups_announced": "Int64", "n_groups": "int64", "topic_no": "int64"})


def _with_regions(statements: pd.DataFrame) -> pd.DataFrame:
    """Statements of an entry without a region of their own take the entry's first region."""
    keys = ["topic_no", "group"]
    first = statements.dropna(subset=["group", "region"]).groupby(keys)["region"].first()
    missing = statements["region"].isna() & statements["group"].notna()
    for index in statements.index[missing]:
        key = (statements.at[index, "topic_no"], statements.at[index, "group"])
        statements.at[index, "region"] = first.get(key)
    return statements


def parse_minutes(
    text: str,
    *,
    event_id: str,
    event_name: str | None = None,
    event_date: dt.date | str | None = None,
    host: str | None = None,
    year: int | None = None,
    source: str | None = None,
) -> MinutesParse:
    """Parse the text of discussion minutes into statements, topics and unparsed lines.

    Parameters
    ----------
    text : str
        The minutes (any line ends; a BOM, tabs and full-width colons are fine).
    event_id : str
        Stable id of the event (e.g. the file stem ``"2023_민관협력_종합토론"``).
    event_name, event_date, host, year, source
        The event; ``year`` defaults to the date's year, then to a leading
        ``YYYY_`` of ``event_id``.

    Returns
    -------
    MinutesParse

    Examples
    --------
    >>> parsed = parse_minutes("주제 1\\n역할은?\\n토론 조(2개조) : 1조, 2조\\n관 : 공적지원 / 민 : 사례관리",
    ...                        event_id="2023_토론")
    >>> parsed.statements[["topic_no", "side", "kind", "text"]].values.tolist()
    [[1, '관', '역할', '공적지원'], [1, '민', '역할', '사례관리']]
    >>> parsed.topics["groups"].tolist(), parsed.year
    (['1조, 2조'], 2023)
    """
    walk = Walk()
    for number, line in enumerate(ml.normalise_text(text), start=1):
        walk_line(walk, number, line)
    event_date = pd.Timestamp(event_date).date() if event_date not in (None, "") and pd.notna(event_date) else None
    year = year or (event_date.year if event_date else _year_of(event_id))
    topics = _topics_frame(walk)
    statements = pd.DataFrame(walk.rows, columns=["topic_no", "group", "region", "side", "kind", "text", "pair", "line"])
    statements = _with_regions(statements).merge(topics[["topic_no", "topic", "groups"]], on="topic_no", how="left")
    meta = {"event_id": event_id, "event_name": event_name, "event_date": event_date, "host": host, "year": year}
    for column, value in meta.items():
        statements[column] = value
    statements["seq"] = range(1, len(statements) + 1)
    statements = statements[STATEMENT_COLUMNS].astype({"pair": "Int64", "line": "Int64", "year": "Int64"})
    unparsed = pd.DataFrame(walk.unparsed, columns=UNPARSED_COLUMNS)
    statements, topics = _nulls_as_none(statements), _nulls_as_none(topics)
    return MinutesParse(statements, topics, unparsed, event_id, event_name, event_date, host, year, source, walk.title)


def _nulls_as_none(frame: pd.DataFrame) -> pd.DataFrame:
    """Missing values of the text columns as ``None`` (not ``NaN``)."""
    numeric = frame.select_dtypes(include=["number", "bool"]).columns
    for column in frame.columns.difference(numeric, sort=False):
        values = [None if pd.isna(v) else v for v in frame[column]]
        frame[column] = pd.Series(values, index=frame.index, dtype=object)
    return frame


def _year_of(event_id: str) -> int | None:
    match = re.match(r"^((?:19|20)\d\d)(?!\d)", event_id)
    return int(match.group(1)) if match else None


def _event_row(path: Path, events_csv: Path | None) -> dict:
    """The ``행사목록.csv`` row of the file (empty when there is none)."""
    events_csv = events_csv or path.with_name(EVENTS_CSV)
    if not Path(events_csv).is_file():
        return {}
    text = decode_text(Path(events_csv).read_bytes(), Path(events_csv).name)  # UTF-8 (BOM), CP949, UTF-16
    try:
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise SubmissionError(str(events_csv), f"행사목록을 읽을 수 없습니다: {exc}",
                              f"cannot read the events list: {exc}") from None  # fmt: skip
    table.columns = [str(c).strip() for c in table.columns]
    rows = table[table.get("파일", pd.Series(dtype=str)).str.strip() == path.name]
    return {k: (v.strip() or None) for k, v in rows.iloc[0].items()} if len(rows) else {}


def read_minutes(path: Path | str, *, events_csv: Path | str | None = None, event_id: str | None = None) -> MinutesParse:
    """Read and parse a minutes file, its event taken from the folder's ``행사목록.csv``.

    Parameters
    ----------
    path : path-like
        A text file (UTF-8 with or without BOM, CP949 or UTF-16).
    events_csv : path-like, optional
        The events list (columns 파일, 행사ID, 행사명, 일자, 주관); default
        ``행사목록.csv`` next to the file. Without a row for the file, the event id is
        the file stem and the name the stem without its year, ``_`` read as spaces.
    event_id : str, optional
        The event id to use instead (``sabo-eval minutes --event-id``).

    Returns
    -------
    MinutesParse

    Raises
    ------
    SubmissionError
        When the file cannot be read or decoded.

    Examples
    --------
    >>> parsed = read_minutes("data/sample/discussions/2023_민관협력_종합토론.txt")
    >>> parsed.event_id, parsed.event_name, len(parsed.topics)
    ('2023_민관협력_종합토론', '민관협력 종합토론', 4)
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SubmissionError(str(path), f"회의록 파일을 읽을 수 없습니다: {exc.strerror}",
                              f"cannot read the minutes file: {exc.strerror}") from exc  # fmt: skip
    text = decode_text(data, path.name)
    row = _event_row(path, Path(events_csv) if events_csv else None)
    event_id = event_id or row.get("행사ID") or path.stem
    name = row.get("행사명") or re.sub(r"^(?:19|20)\d\d_", "", path.stem).replace("_", " ")
    return parse_minutes(text, event_id=event_id, event_name=name, event_date=row.get("일자"),
                         host=row.get("주관"), source=path.name)  # fmt: skip


def minutes_files(path: Path | str) -> list[Path]:
    """The minutes files at ``path``: the file itself, or a folder's ``.txt`` files (sorted).

    Parameters
    ----------
    path : path-like

    Returns
    -------
    list of Path

    Raises
    ------
    SubmissionError
        When ``path`` does not exist.

    Examples
    --------
    >>> [p.name for p in minutes_files("data/sample/discussions")]
    ['2023_민관협력_종합토론.txt']
    """
    path = Path(path)
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise SubmissionError(str(path), "경로가 없습니다", "path does not exist")
    return sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".txt" and not p.name.startswith("."))
