"""What the discussion notebook shows: one event's minutes, coded into themes, for a reader first.

The notebook (``notebooks/discussion_report.ipynb``) sets the event and the codebook,
creates a :class:`DiscussionReport` and displays its parts: the summary sentences
first, then each topic (groups, themes by side, characteristic words, quotes with the
words that coded them), the word network, problems → improvements, the practice
catalogue, the statements no theme matched and the source lines the parser could not
read. Every figure comes from :mod:`sabo_eval.text`; this module reads the event
(read-only), formats and escapes.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pandas as pd
from IPython.display import HTML

from ..analysis.discussions import discussion_events, discussions
from ..errors import ReportError
from ..text import analysis as text_analysis
from ..text import network as text_network
from ..text.codebook import code_texts, load_codebook, theme_long
from ..warehouse.store import Warehouse
from . import charts
from .discussion_data import event_data_hash
from .discussion_sections import SIDES, group_key, joined_groups, theme_side_table, topic_table
from .export import write_atomic
from .network_chart import network_chart
from .tables import folded, html_table
from .xlsx import write_tables_xlsx

__all__ = ["DiscussionReport"]


class DiscussionReport:
    """The parts of one event's discussion report.

    Parameters
    ----------
    warehouse : path-like, optional
        Warehouse file (default: ``$SABO_EVAL_DB`` or ``data/warehouse.duckdb``).
    event_id : str
        The event (``discussion_events.event_id``, e.g. ``"2023_민관협력_종합토론"``).
    codebook : path-like, optional
        The theme codebook (default ``$SABO_EVAL_CODEBOOK``, else the shipped one).
    snapshot_path : path-like, optional
        Where to write the hash of the rows the report read (the runner keys the
        report with it).

    Raises
    ------
    ReportError
        When the warehouse holds no such event.
    """

    def __init__(self, warehouse: str | Path | None = None, event_id: str = "", codebook: str | Path | None = None, *,
                 snapshot_path: str | Path | None = None) -> None:
        self.event_id = str(event_id)
        self._exported: dict[str, pd.DataFrame] = {}
        with Warehouse(warehouse, read_only=True) as wh, wh.snapshot():
            self.data_hash = event_data_hash(wh, self.event_id)
            events = discussion_events(wh)
            self.statements = discussions(wh, events=[self.event_id])
            self._unparsed = _unparsed_lines(wh, self.event_id)
        events = events[events["event_id"].astype(str) == self.event_id]
        if events.empty:
            raise _no_event(self.event_id)
        self.event = events.iloc[0].to_dict()
        self.codebook = load_codebook(codebook)
        self.coded = code_texts(self.statements, self.codebook)
        self.long = theme_long(self.coded, self.codebook)
        if snapshot_path:
            write_atomic(Path(snapshot_path), json.dumps({"event_id": self.event_id, "data_hash": self.data_hash}, ensure_ascii=False))
        charts.use_korean_font()

    # ---------------------------------------------------------------- tables

    def _table(self, frame: pd.DataFrame, caption: str, long_columns: tuple[str, ...] = ()) -> str:
        """Render a table and keep it for :meth:`save_tables`."""
        self._exported[caption] = frame
        css = "sabo-table sabo-text" if long_columns else "sabo-table"
        return html_table(frame, caption=caption, css_class=css, long_columns=long_columns)

    def save_tables(self, path: str | Path | None) -> None:
        """Write every table shown so far to an xlsx workbook (no-op without a path)."""
        if path:
            write_tables_xlsx(self._exported, path)

    # ---------------------------------------------------------------- facts

    @property
    def event_name(self) -> str:
        """The event's name (its id when it has none)."""
        return str(self.event.get("event_name") or self.event_id)

    def topics(self) -> pd.DataFrame:
        """One row per topic: number, question, groups (announced, else those with statements), statements."""
        return topic_table(self.statements)

    def practices(self) -> pd.DataFrame:
        """The practice catalogue (:func:`sabo_eval.text.analysis.practices`)."""
        return text_analysis.practices(self.statements)

    def uncoded(self) -> pd.DataFrame:
        """Statements no theme of the codebook matched."""
        return text_analysis.uncoded(self.coded)

    def _top_themes(self, n: int = 3) -> list[tuple[str, int]]:
        counts = self.long.groupby("label", sort=False).size().sort_values(ascending=False, kind="stable")
        return [(str(label), int(count)) for label, count in counts.head(n).items()]

    # ---------------------------------------------------------------- sections

    def title(self) -> HTML:
        """The heading: the event's name, date, host and source file."""
        date = self.event.get("event_date")
        when = "-" if date is None or pd.isna(date) else f"{pd.Timestamp(date):%Y-%m-%d}"
        host = self.event.get("host") or "-"
        source = self.event.get("source") or "-"
        return HTML(
            f"<h1>{html.escape(self.event_name)} 토론 기록 분석</h1>"
            f"<p class='sabo-meta'>행사 ID {html.escape(self.event_id)} · 일자 {html.escape(when)} · "
            f"주관 {html.escape(str(host))} · 원본 {html.escape(str(source))}</p>"
        )

    def summary_sentences(self) -> list[str]:
        """The summary: event, topics and groups, statements, top themes, practices, uncoded statements."""
        topics, practices, uncoded = self.topics(), self.practices(), self.uncoded()
        groups = sorted({g for g in self.statements["group"].dropna().astype(str)} | _announced(self.statements), key=group_key)
        date = self.event.get("event_date")
        when = "" if date is None or pd.isna(date) else f"{pd.Timestamp(date):%Y년 %-m월 %-d일} "
        host = f"(주관: {self.event['host']})" if self.event.get("host") else ""
        top = ", ".join(f"{label} {count}건" for label, count in self._top_themes())
        regions = practices["region"].dropna().nunique() if "region" in practices else 0
        return [
            f"{when}{self.event_name}{host}에서 {len(topics)}개 주제를 조 {len(groups)}개가 토론했고, 발언 {len(self.statements)}건이 기록되었습니다.",
            "주제별 토론 조: " + "; ".join(f"주제 {r.topic_no} {r.n_groups}개조" for r in topics.itertuples()) + ".",
            f"가장 많이 나온 분류는 {top}입니다 (한 발언이 여러 분류에 들 수 있음)." if top else "코드북의 어떤 분류에도 든 발언이 없습니다.",
            f"우수사례 {len(practices)}건이 지역 {regions}곳에서 소개되었습니다." if len(practices) else "소개된 우수사례가 없습니다.",
            f"어떤 분류에도 들지 않은 발언은 {len(uncoded)}건으로, 끝의 목록에 있습니다." if len(uncoded) else "모든 발언이 하나 이상의 분류에 들었습니다.",
        ]

    def summary(self) -> HTML:
        """The summary sentences and the topic table."""
        items = "".join(f"<li>{html.escape(s)}</li>" for s in self.summary_sentences())
        shown = self.topics().rename(columns={"topic_no": "주제", "topic": "토론 주제", "n_groups": "토론 조 수",
                                              "groups": "조", "n_statements": "발언 수"})
        shown["토론 조 수"] = shown["토론 조 수"].map(lambda n: f"{n}개")
        shown["발언 수"] = shown["발언 수"].map(lambda n: f"{n}건")
        table = self._table(shown, caption="주제별 토론 조와 발언 수", long_columns=("토론 주제", "조"))
        return HTML(f"<section class='sabo-overview' id='overview'><ul class='sabo-findings'>{items}</ul>{table}</section>")

    def coding_note(self) -> HTML:
        """How the statements were coded (once): the codebook file, its digest, the matching rule."""
        source = Path(self.codebook.source).name if self.codebook.source else "코드북"
        n = len(self.codebook.themes)
        return HTML(
            "<p class='sabo-note'>분류는 코드북의 주제입니다. 코드북 "
            f"<code>{html.escape(source)}</code>(분류 {n}개, 식별값 {html.escape(self.codebook.digest[:12])})의 핵심어가 "
            "발언에 나오면(띄어쓰기 무시, 형태소 분석한 명사 포함) 그 분류로 셉니다. 한 발언이 여러 분류에 들 수 있고, "
            "인용문 옆의 '찾은 낱말'이 그 발언을 분류한 근거입니다. 코드북을 복사해 핵심어를 고치고 "
            "<code>sabo-eval run --codebook 파일</code>(또는 환경 변수 SABO_EVAL_CODEBOOK)로 주면 다음 실행에서 다시 분류합니다.</p>"
        )

    def topic_sections(self) -> HTML:
        """Per topic: its groups, themes by side, characteristic words, quotes with the words that coded them."""
        keyness = text_analysis.keyness(self.statements, by="topic_no")
        parts = []
        for row in self.topics().itertuples():
            parts.append(f'<h3 id="topic-{row.topic_no}">주제 {row.topic_no}. {html.escape(str(row.topic))}</h3>')
            parts.append(f"<p>토론 조 {row.n_groups}개: {html.escape(row.groups)} · 발언 {row.n_statements}건</p>")
            parts.append(self._topic_themes(row.topic_no))
            parts.append(self._topic_words(keyness, row.topic_no))
            parts.append(self._topic_quotes(row.topic_no))
        return HTML("".join(parts))

    def _topic_themes(self, topic_no: int) -> str:
        table = theme_side_table(self.long[self.long["topic_no"] == topic_no])
        if table.empty:
            return "<p>이 주제의 발언은 어떤 분류에도 들지 않았습니다.</p>"
        sides = [c for c in table.columns if c in SIDES]
        caption = f"주제 {topic_no}: 분류별 발언 수" + (f" (구분: {', '.join(sides)})" if sides else "")
        return self._table(table, caption=caption)

    def _topic_words(self, keyness: pd.DataFrame, topic_no: int) -> str:
        words = keyness[keyness["topic_no"] == topic_no].head(10)
        if words.empty:
            return ""
        shown = pd.DataFrame({"낱말": words["word"], "빈도": words["count"].map(lambda n: f"{int(n)}회"),
                              "G2(특징도)": words["g2"].map(lambda v: f"{v:.1f}"), "TF-IDF": words["tfidf"].map(lambda v: f"{v:.3f}")})
        return self._table(shown, caption=f"주제 {topic_no}: 특징 낱말 (다른 주제보다 두드러지게 자주 나온 말)")

    def _topic_quotes(self, topic_no: int) -> str:
        mine = self.coded[self.coded["topic_no"] == topic_no]
        quotes = text_analysis.quotes(mine, per_theme=2, codebook=self.codebook)
        if quotes.empty:
            return ""
        shown = pd.DataFrame({"분류": quotes["label"], "발언": quotes["text"],
                              "조": _or(quotes["group"], "-"), "구분": _or(quotes["side"], "-"),
                              "찾은 낱말": quotes["matched_words"]})
        shown = shown.drop(columns=[c for c in ("조", "구분") if (shown[c] == "-").all()])
        return self._table(shown, caption=f"주제 {topic_no}: 분류별 대표 발언", long_columns=("발언",))

    def network(self) -> HTML:
        """The co-occurrence network of the main words, and its strongest links in a folded table."""
        graph = text_network.cooccurrence(self.coded)
        placed = text_network.layout(graph)
        positions = {w: (x, y) for w, x, y in zip(placed["word"], placed["x"], placed["y"], strict=True)}
        fig = network_chart(graph, positions, counts=dict(zip(placed["word"], placed["count"], strict=True)))
        chart = charts.figure_html(fig, alt=f"{self.event_name} 발언의 주요 낱말 동시출현 연결망: 원 크기는 낱말 빈도, 선 굵기는 함께 나온 발언 수",
                                   caption="주요 낱말의 연결망 (원: 자주 나온 낱말, 선: 같은 발언에 함께 나온 낱말 쌍, 굵을수록 자주)")
        edges = text_network.edges_table(graph).head(20)
        if edges.empty:
            return HTML(chart)
        shown = pd.DataFrame({"낱말 1": edges["source"], "낱말 2": edges["target"], "함께 나온 발언": edges["weight"].map(lambda n: f"{int(n)}건")})
        table = self._table(shown, caption="가장 자주 함께 나온 낱말 쌍 (상위 20)")
        return HTML(chart + folded(table, "낱말 쌍 표 보기", "낱말 쌍 표는 함께 제공되는 xlsx에 있습니다."))

    def problems(self) -> HTML:
        """Each problem with its improvement (a problem without one says so)."""
        pairs = text_analysis.problem_pairs(self.statements)
        if pairs.empty:
            return HTML("<p>문제점·개선방안으로 적힌 발언이 없습니다.</p>")
        shown = pd.DataFrame({"주제": pairs["topic_no"].map(lambda n: f"주제 {n}"), "조": _or(pairs["group"], "-"),
                              "문제점": _or(pairs["problem"], "(문제점 없음)"),
                              "개선방안": _or(pairs["improvement"], "(개선방안 없음)")})
        if (shown["조"] == "-").all():  # minutes that do not say which group raised a problem
            shown = shown.drop(columns="조")
        return HTML(self._table(shown, caption=f"문제점과 개선방안 ({len(shown)}쌍)", long_columns=("문제점", "개선방안")))

    def practice_catalogue(self) -> HTML:
        """The practices: group, region, what was done, who collaborated."""
        practices = self.practices()
        if practices.empty:
            return HTML("<p>소개된 우수사례가 없습니다.</p>")
        shown = pd.DataFrame({"조": _or(practices["group"], "-"), "지역": _or(practices["region"], "(지역 없음)"),
                              "사례": [w if not isinstance(d, str) else f"{w}\n{d}" for w, d in zip(practices["what"], practices["details"], strict=True)],
                              "함께한 기관": _or(practices["collaborators"], "-")})
        return HTML(self._table(shown, caption=f"우수사례 목록 ({len(shown)}건)", long_columns=("사례",)))

    def uncoded_list(self) -> HTML:
        """The statements no theme matched (a codebook keyword to add may be among them)."""
        uncoded = self.uncoded()
        if uncoded.empty:
            return HTML("<p>모든 발언이 하나 이상의 분류에 들었습니다.</p>")
        shown = pd.DataFrame({"주제": uncoded["topic_no"].map(lambda n: f"주제 {n}"), "조": _or(uncoded["group"], "-"),
                              "유형": _or(uncoded["kind"], "-"), "발언": uncoded["text"]})
        return HTML(self._table(shown, caption=f"분류되지 않은 발언 ({len(shown)}건)", long_columns=("발언",)))

    def unparsed(self) -> HTML:
        """The source lines the parser could not read, with the reason (none lost: they are listed here)."""
        if self._unparsed is None:
            n = self.event.get("n_unparsed")
            if n is None or pd.isna(n):
                return HTML("<p>이 창고에는 원본에서 읽지 못한 줄의 기록이 없습니다. "
                            "<code>sabo-eval minutes 파일 --check</code>로 원본을 다시 읽으면 그 줄이 나열됩니다.</p>")
            if int(n) == 0:
                return HTML("<p>원본의 모든 줄을 읽었습니다(읽지 못한 줄 없음).</p>")
            source = html.escape(str(self.event.get("source") or "원본 파일"))
            return HTML(f"<p>원본({source})에서 읽지 못한 줄이 {int(n)}줄 있습니다. 버리지 않았으며, "
                        f"<code>sabo-eval minutes {source} --check</code>로 줄 번호와 이유를 볼 수 있습니다.</p>")
        if self._unparsed.empty:
            return HTML("<p>원본의 모든 줄을 읽었습니다(읽지 못한 줄 없음).</p>")
        shown = pd.DataFrame({"줄": self._unparsed["line"], "내용": self._unparsed["text"], "이유": self._unparsed["reason_ko"]})
        return HTML(self._table(shown, caption=f"원본에서 읽지 못한 줄 ({len(shown)}줄)", long_columns=("내용",)))

    def provenance(self) -> HTML:
        """Where the rows come from and how they were coded."""
        facts = pd.DataFrame({"항목": ["행사 ID", "원본 파일", "발언 수", "코드북", "코드북 식별값(앞 12자리)", "자료 식별값(앞 12자리)"],
                              "값": [self.event_id, str(self.event.get("source") or "-"), f"{len(self.statements)}건",
                                    Path(self.codebook.source).name or "-", self.codebook.digest[:12], self.data_hash[:12]]})
        return HTML(self._table(facts, caption="사용한 자료와 코드북"))


def _or(values: pd.Series, empty: str) -> pd.Series:
    """``values`` as text, ``empty`` where missing (whatever the column's dtype)."""
    return values.astype(object).where(values.notna(), empty)


def _no_event(event_id: str) -> ReportError:
    return ReportError(f"창고에 행사 '{event_id}'의 토론 기록이 없습니다 — 먼저 'sabo-eval minutes'로 입력하세요",
                       f"the warehouse holds no discussion of event '{event_id}'; load it first with 'sabo-eval minutes'")


def _announced(statements: pd.DataFrame) -> set[str]:
    """Every group named in a topic's announced list."""
    return {g for text in statements["groups"].dropna().astype(str).unique() for g in joined_groups(text)}


def _unparsed_lines(wh: Warehouse, event_id: str) -> pd.DataFrame | None:
    """The event's unparsed source lines when the warehouse keeps them (None when it does not)."""
    names = set(wh.query("SELECT table_name FROM information_schema.tables")["table_name"])
    if "discussion_unparsed" not in names:
        return None
    return wh.query("SELECT line, text, reason_ko FROM discussion_unparsed WHERE event_id = ? ORDER BY line", [event_id])
