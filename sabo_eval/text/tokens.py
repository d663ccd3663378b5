"""Nouns of Korean text: kiwipiepy with the field's user dictionary and stop words.

The analyser is kiwipiepy's :class:`~kiwipiepy.Kiwi` with the model of the
``kiwipiepy_model`` package (offline; created once per process and kept). The rules,
applied to every text the same way so that results are deterministic:

1. the field's terms of ``sabo_eval/data/user_dictionary.txt`` are added to the
   analyser (민관협력, 사례관리, 동보장협의체 … stay one noun);
2. nouns are the tokens tagged ``NNG`` (common) and ``NNP`` (proper); nouns written
   together without a space form one compound (민관 + 협력 → 민관협력,
   읍면동 + 보장 + 협의체 → 읍면동보장협의체), nouns separated by a space or a mark
   stay apart;
3. Latin words (``SL``: "Case", "Ex") and numbers are left out;
4. one-syllable nouns are left out except :data:`SINGLE_SYLLABLE` (민, 관, 동: the two
   sides and the neighbourhood);
5. nouns in ``sabo_eval/data/stopwords.txt`` are left out.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from pathlib import Path

from ..errors import SaboEvalError

__all__ = [
    "SINGLE_SYLLABLE",
    "USER_DICTIONARY",
    "STOPWORDS",
    "AnalyserError",
    "analyser",
    "user_words",
    "stopwords",
    "morphemes",
    "nouns",
    "noun_lists",
]

log = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parents[1] / "data"
#: The shipped user dictionary (one word a line, optional tag and score after tabs).
USER_DICTIONARY = DATA / "user_dictionary.txt"
#: The shipped stop words (one noun a line).
STOPWORDS = DATA / "stopwords.txt"
#: One-syllable nouns that are kept.
SINGLE_SYLLABLE = frozenset({"민", "관", "동"})
_NOUN_TAGS = frozenset({"NNG", "NNP"})


class AnalyserError(SaboEvalError):
    """The Korean analyser (kiwipiepy and its model) cannot be started."""


def _lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8-sig")
    return [line.rstrip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@functools.cache
def user_words() -> tuple[tuple[str, str, float], ...]:
    """The user dictionary's entries as ``(word, tag, score)``, in file order."""
    entries = []
    for line in _lines(USER_DICTIONARY):
        word, tag, score = [*line.split("\t"), "", ""][:3]
        entries.append((word.strip(), tag.strip() or "NNP", float(score) if score.strip() else 0.0))
    return tuple(entries)


@functools.cache
def stopwords() -> frozenset[str]:
    """The stop words (nouns left out)."""
    return frozenset(word.strip() for word in _lines(STOPWORDS))


@functools.cache
def analyser():
    """The process's kiwipiepy analyser with the user dictionary (created on first use).

    Raises
    ------
    AnalyserError
        When kiwipiepy or its model cannot be loaded (see docs/windows.md for a model
        path with Korean characters).
    """
    try:
        import kiwipiepy_model
        from kiwipiepy import Kiwi

        kiwi = Kiwi(model_path=kiwipiepy_model.get_model_path())
    except Exception as exc:  # kiwipiepy raises a bare Exception for a model it cannot open
        raise AnalyserError(
            f"한국어 형태소 분석기(kiwipiepy)를 시작할 수 없습니다: {exc}. 설치 경로에 한글이 있으면 영문 경로에 설치하세요(docs/windows.md)",
            f"the Korean analyser (kiwipiepy) cannot start: {exc}; install it in a path without Korean characters (docs/windows.md)",
        ) from None
    for word, tag, score in user_words():
        kiwi.add_user_word(word, tag, score)
    log.debug("kiwipiepy analyser ready with %d user words", len(user_words()))
    return kiwi


def morphemes(text: str) -> list[tuple[str, str, int, int]]:
    """The analyser's tokens of ``text`` as ``(form, tag, start, end)``."""
    if not isinstance(text, str) or not text.strip():
        return []
    return [(t.form, t.tag, t.start, t.start + t.len) for t in analyser().tokenize(text)]


def _compounds(tokens: Iterable[tuple[str, str, int, int]]) -> list[str]:
    """Runs of nouns written together, joined."""
    runs: list[str] = []
    end = None
    for form, tag, start, stop in tokens:
        if tag not in _NOUN_TAGS:
            end = None
            continue
        if end is not None and start == end:
            runs[-1] += form
        else:
            runs.append(form)
        end = stop
    return runs


def _keep(noun: str) -> bool:
    if len(noun) == 1 and noun not in SINGLE_SYLLABLE:
        return False
    return noun not in stopwords()


def nouns(text: str) -> list[str]:
    """The nouns and noun compounds of ``text``, in order (module rules).

    Parameters
    ----------
    text : str
        Any Korean text; anything that is not text gives no nouns.

    Returns
    -------
    list of str
        Nouns in the order they occur, repeated as often as they occur.

    Examples
    --------
    >>> from sabo_eval.text.tokens import nouns
    >>> nouns("민관협력을 위한 통합사례관리 회의가 필요")
    ['민관협력', '통합사례관리', '회의']
    """
    return [noun for noun in _compounds(morphemes(text)) if _keep(noun)]


def noun_lists(texts: Iterable[object]) -> list[list[str]]:
    """:func:`nouns` of each text (a column of statements), in order."""
    return [nouns(text) if isinstance(text, str) else [] for text in texts]
