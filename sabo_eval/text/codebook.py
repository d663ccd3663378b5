"""A codebook users own: themes with keywords and patterns, and the coding of statements.

A codebook is a YAML file (``themes:`` a list of mappings) or a CSV file (one row a
theme) with the fields ``theme`` (English snake_case id), ``label`` (Korean),
``keywords`` (a list; in CSV separated by ``;`` or ``|``), ``patterns`` (optional
regular expressions) and ``description``. The default is
``sabo_eval/data/codebook.yaml``; ``SABO_EVAL_CODEBOOK`` names another one.

Coding rules (:func:`code_texts`): a keyword matches a statement when it occurs in
the statement's text with spaces and letter case ignored, or when it is one of the
statement's nouns (:func:`sabo_eval.text.tokens.nouns`); a one-syllable keyword
(민, 관, 동) matches only a whole noun. A pattern matches when it is found in the
text. A statement gets every theme with a match; ``matched`` keeps the keywords (and
the text patterns found) per theme, so a reader sees why.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from ..errors import SaboEvalError
from ..settings import codebook_path
from .tokens import noun_lists

__all__ = ["DEFAULT_CODEBOOK", "CodebookError", "Codebook", "load_codebook", "parse_codebook", "code_texts", "theme_long"]

#: The shipped default codebook.
DEFAULT_CODEBOOK = Path(__file__).resolve().parents[1] / "data" / "codebook.yaml"
_FIELDS = ("theme", "label", "keywords", "patterns", "description")
_THEME_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_SEPARATORS = re.compile(r"[;|\n]")


class CodebookError(SaboEvalError):
    """A codebook file that cannot be used (names the file and the line or theme)."""


@dataclass(frozen=True)
class Codebook:
    """Themes to code statements with.

    Attributes
    ----------
    themes : DataFrame
        ``theme``, ``label``, ``keywords`` (list), ``patterns`` (list), ``description``, in file order.
    source : str
        The file the codebook was read from (``""`` when built in memory).
    digest : str
        sha256 of the file's bytes (for cache keys): any edit of the file changes it.
    """

    themes: pd.DataFrame
    source: str = ""
    digest: str = ""
    _compiled: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def labels(self) -> dict[str, str]:
        """Theme id → Korean label."""
        return dict(zip(self.themes["theme"], self.themes["label"], strict=True))

    def patterns(self, theme: str) -> list[re.Pattern]:
        """The compiled patterns of one theme."""
        if theme not in self._compiled:
            row = self.themes.loc[self.themes["theme"] == theme].iloc[0]
            self._compiled[theme] = [re.compile(p) for p in row["patterns"]]
        return self._compiled[theme]


def _refuse(source: str, where_ko: str, where_en: str, problem_ko: str, problem_en: str) -> CodebookError:
    name = Path(source).name if source else "코드북"
    return CodebookError(f"코드북 {name} {where_ko}: {problem_ko}", f"codebook {name or 'in memory'} {where_en}: {problem_en}")


def _words(value: object) -> list[str]:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    items = value if isinstance(value, list) else _SEPARATORS.split(str(value))
    return [str(item).strip() for item in items if item is not None and str(item).strip()]


def _theme_problem(entry: dict, seen: set[str]) -> tuple[str, str] | None:
    """The first problem of a theme entry as (Korean, English), None when it is fine."""
    unknown = sorted(set(map(str, entry)) - set(_FIELDS))
    if unknown:
        allowed = ", ".join(_FIELDS)
        return f"모르는 항목 {unknown} (쓸 수 있는 항목: {allowed})", f"unknown fields {unknown} (allowed: {allowed})"
    theme = str(entry.get("theme") or "").strip()
    if not _THEME_ID.match(theme):
        return f"주제 ID '{theme}'는 영문 소문자·숫자·밑줄(snake_case)이어야 합니다", f"theme id '{theme}' must be English snake_case"
    if theme in seen:
        return f"주제 ID '{theme}'가 두 번 나옵니다", f"theme id '{theme}' appears twice"
    if not str(entry.get("label") or "").strip():
        return f"주제 '{theme}'에 한국어 이름(label)이 없습니다", f"theme '{theme}' has no label"
    patterns = _words(entry.get("patterns"))
    if not _words(entry.get("keywords")) and not patterns:
        return f"주제 '{theme}'에 핵심어(keywords)도 패턴(patterns)도 없습니다", f"theme '{theme}' has neither keywords nor patterns"
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            return (f"주제 '{theme}'의 패턴 '{pattern}'이 정규식이 아닙니다({exc})",
                    f"theme '{theme}': pattern '{pattern}' is no regular expression ({exc})")
    return None


def _theme_row(entry: object, source: str, where: tuple[str, str], seen: set[str]) -> dict:
    if not isinstance(entry, dict):
        problem = ("주제는 theme, label, keywords 항목을 가진 표여야 합니다", "a theme must be a mapping with theme, label, keywords")
    else:
        problem = _theme_problem(entry, seen)
    if problem is not None:
        raise _refuse(source, *where, *problem)
    theme = str(entry["theme"]).strip()
    seen.add(theme)
    return {
        "theme": theme,
        "label": str(entry["label"]).strip(),
        "keywords": _words(entry.get("keywords")),
        "patterns": _words(entry.get("patterns")),
        "description": str(entry.get("description") or "").strip(),
    }


def _yaml_entries(text: str, source: str) -> list[tuple[object, int]]:
    """The theme entries of a YAML codebook with their line numbers."""
    try:
        data = yaml.safe_load(text)
        node = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise _refuse(source, f"{line}행", f"line {line}", "YAML로 읽을 수 없습니다", f"not valid YAML ({getattr(exc, 'problem', exc)})") from None
    if isinstance(data, dict) and isinstance(node, yaml.MappingNode):
        data = data.get("themes")
        node = next((v for k, v in node.value if k.value == "themes"), None)
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        raise _refuse(source, "", "", "'themes:' 아래에 주제 목록이 있어야 합니다", "a list of themes under 'themes:' is expected")
    return [(entry, item.start_mark.line + 1) for entry, item in zip(data, node.value, strict=True)]


def _csv_entries(text: str, source: str) -> list[tuple[object, int]]:
    reader = csv.DictReader(io.StringIO(text))
    missing = {"theme", "label"} - set(reader.fieldnames or [])
    if missing:
        raise _refuse(source, "1행", "line 1", f"머리행에 {sorted(missing)} 열이 없습니다", f"the header lacks {sorted(missing)}")
    return [({k: v for k, v in row.items() if k is not None and (k in _FIELDS or v)}, reader.line_num) for row in reader]


def parse_codebook(text: str, *, source: str = "", kind: str = "yaml") -> Codebook:
    """A codebook from the text of a YAML (``kind="yaml"``) or CSV (``kind="csv"``) file.

    Raises
    ------
    CodebookError
        Naming the line (and theme) of the first problem.
    """
    entries = _csv_entries(text, source) if kind == "csv" else _yaml_entries(text, source)
    seen: set[str] = set()
    rows = [_theme_row(entry, source, (f"{line}행", f"line {line}"), seen) for entry, line in entries]
    if not rows:
        raise _refuse(source, "", "", "주제가 하나도 없습니다", "no themes")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Codebook(pd.DataFrame(rows, columns=list(_FIELDS)), source=source, digest=digest)


def load_codebook(path: Path | str | None = None) -> Codebook:
    """Read a codebook: ``path``, else ``$SABO_EVAL_CODEBOOK``, else the shipped default.

    Parameters
    ----------
    path : path-like, optional
        A ``.yaml``/``.yml`` or ``.csv`` file.

    Returns
    -------
    Codebook
        With ``digest`` the sha256 of the file's bytes.

    Raises
    ------
    CodebookError
        When the file is missing, unreadable or not a codebook.
    """
    chosen = Path(path) if path is not None else (codebook_path() or DEFAULT_CODEBOOK)
    suffix = chosen.suffix.lower()
    if suffix not in (".yaml", ".yml", ".csv"):
        raise _refuse(str(chosen), "", "", "YAML(.yaml) 또는 CSV(.csv) 파일이어야 합니다", "a .yaml or .csv file is expected")
    try:
        raw = chosen.read_bytes()
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise _refuse(str(chosen), "", "", f"파일을 읽을 수 없습니다({exc})", f"cannot be read ({exc})") from None
    book = parse_codebook(text, source=str(chosen), kind="csv" if suffix == ".csv" else "yaml")
    return Codebook(book.themes, source=str(chosen), digest=hashlib.sha256(raw).hexdigest())


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def _matches(text: str, nouns: list[str], codebook: Codebook) -> dict[str, list[str]]:
    squashed, noun_set = _squash(text), set(nouns)
    found: dict[str, list[str]] = {}
    for theme, keywords in zip(codebook.themes["theme"], codebook.themes["keywords"], strict=True):
        words = [k for k in keywords if k in noun_set or (len(_squash(k)) > 1 and _squash(k) in squashed)]
        for pattern in codebook.patterns(theme):
            words.extend(m.group(0) for m in pattern.finditer(text) if m.group(0) not in words)
        if words:
            found[theme] = list(dict.fromkeys(words))
    return found


def code_texts(frame: pd.DataFrame, codebook: Codebook, text_col: str = "text") -> pd.DataFrame:
    """Code each row's text with the codebook's themes (module rules).

    Parameters
    ----------
    frame : DataFrame
        Statements (``discussions`` rows) or any frame with a text column.
    codebook : Codebook
    text_col : str
        The column holding the text.

    Returns
    -------
    DataFrame
        A copy with ``themes`` (list of theme ids, codebook order), ``matched`` (dict
        theme → matched words) and ``nouns`` (list of nouns of the text).
    """
    out = frame.copy()
    texts = [t if isinstance(t, str) else "" for t in out[text_col]]
    noun_rows = noun_lists(texts)
    matched = [_matches(text, nouns, codebook) for text, nouns in zip(texts, noun_rows, strict=True)]
    out["themes"] = pd.Series([list(m) for m in matched], index=out.index, dtype=object)
    out["matched"] = pd.Series(matched, index=out.index, dtype=object)
    out["nouns"] = pd.Series(noun_rows, index=out.index, dtype=object)
    return out


def theme_long(coded: pd.DataFrame, codebook: Codebook | None = None) -> pd.DataFrame:
    """One row per (statement, theme) of a coded frame, with ``label`` and ``matched_words``.

    Returns
    -------
    DataFrame
        The coded frame's columns (without ``themes``/``matched``/``nouns``) plus
        ``theme``, ``label`` (when ``codebook`` is given, else the id) and
        ``matched_words`` (the words joined by ", ").
    """
    labels = codebook.labels if codebook is not None else {}
    base = coded.drop(columns=[c for c in ("themes", "matched", "nouns") if c in coded])
    rows = [(index, theme, ", ".join(coded.at[index, "matched"][theme])) for index in coded.index for theme in coded.at[index, "themes"]]
    long = pd.DataFrame(rows, columns=["_index", "theme", "matched_words"])
    out = base.loc[long["_index"]].reset_index(drop=True)
    out["theme"] = long["theme"].to_numpy(dtype=object)
    out["label"] = [labels.get(t, t) for t in out["theme"]]
    out["matched_words"] = long["matched_words"].to_numpy(dtype=object)
    return out
