"""Declarative schemas of the canonical tables (DESIGN §3).

Each :class:`TableSchema` names a canonical table, the sheet (or CSV file) names a
submission may use for it, and its :class:`Column` definitions: the canonical English
name, the Korean header used on output, every accepted alias, the value kind, whether
it may be empty, allowed codes and numeric bounds. Loaders map headers with these
definitions, validation checks values against them and the template writer builds the
blank workbook from them, so a column is described exactly once.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

__all__ = [
    "Column",
    "TableSchema",
    "SCHEMAS",
    "SUBMISSION_TABLES",
    "SUBMISSION_INFO_SHEET",
    "SUBMISSION_INFO_FIELDS",
    "ROSTER_SHEET_PREFIXES",
    "ATTENDANCE_MARKS",
    "MAX_POPULATION",
    "MAX_DONGS",
    "MAX_AMOUNT",
    "MAX_INDICATOR_VALUE",
    "MAX_SERVICE_VALUE",
    "schema_for_sheet",
    "normalise_header",
]

# Value kinds understood by the parsers.
TEXT = "text"
INT = "int"
FLOAT = "float"
DATE = "date"
CODE = "code"
DISTRICT = "district"  # 5-digit 시군구 code, kept as text


def normalise_header(text: object) -> str:
    """Return a header reduced for matching: no spaces, brackets or case.

    Parameters
    ----------
    text : object
        A header cell as read from a file.

    Returns
    -------
    str
        Lower-cased text without whitespace, ``*`` markers and bracketed units, so
        that ``"위원 명"``, ``"위원명*"`` and ``"위원명(필수)"`` all match ``"위원명"``.
    """
    if text is None:
        return ""
    s = str(text).replace("\ufeff", "").strip().lower()
    for ch in (" ", "\t", "\n", "\r", "\u3000", "*", "_", "-", "·", "."):
        s = s.replace(ch, "")
    # Bracketed notes and units: "계획예산(천원)", "위원명[필수]", "인구수（명）".
    s = re.sub(r"[(\[（【].*?[)\]）】]", "", s)
    return s


@dataclass(frozen=True)
class Column:
    """One column of a canonical table.

    Parameters
    ----------
    name : str
        Canonical English snake_case name.
    korean : str
        Korean header written on output and in templates.
    kind : str
        One of ``text``, ``int``, ``float``, ``date``, ``code``, ``district``.
    aliases : tuple of str
        Other accepted headers (Korean or English), besides ``name`` and ``korean``.
    nullable : bool
        Whether an empty cell is allowed.
    required : bool
        Whether the column must be present in the file.
    codes : dict, optional
        For ``code`` columns: accepted raw values (normalised) mapped to canonical codes.
    minimum, maximum : float, optional
        Numeric bounds, inclusive.
    summable : bool
        Whether 계/합계/소계 rows are checked against the sum of their parts here.
    help_ko : str
        Instruction shown in the template.
    """

    name: str
    korean: str
    kind: str = TEXT
    aliases: tuple[str, ...] = ()
    nullable: bool = False
    required: bool = True
    codes: dict[str, str] | None = None
    minimum: float | None = None
    maximum: float | None = None
    summable: bool = False
    help_ko: str = ""

    def accepted_headers(self) -> set[str]:
        """Return every normalised header that maps onto this column."""
        return {normalise_header(h) for h in (self.name, self.korean, *self.aliases)}


@dataclass(frozen=True)
class TableSchema:
    """A canonical table: its columns, key and accepted sheet names."""

    name: str
    korean: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    sheet_aliases: tuple[str, ...] = ()
    description_ko: str = ""

    def column(self, name: str) -> Column:
        """Return the column called ``name``."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def column_names(self) -> list[str]:
        """Canonical column names in order."""
        return [c.name for c in self.columns]

    def header_map(self) -> dict[str, str]:
        """Map every accepted normalised header to its canonical column name."""
        out: dict[str, str] = {}
        for col in self.columns:
            for h in col.accepted_headers():
                out[h] = col.name
        return out

    def accepted_sheet_names(self) -> set[str]:
        """Normalised sheet or CSV file names that hold this table."""
        return {normalise_header(n) for n in (self.name, self.korean, *self.sheet_aliases)}


def _codes(mapping: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Expand ``{canonical: (raw, ...)}`` into ``{normalised raw: canonical}``."""
    out: dict[str, str] = {}
    for canonical, raws in mapping.items():
        for raw in (*raws, canonical):
            out[normalise_header(raw)] = canonical
    return out


SECTOR_CODES = _codes({"private": ("민", "민간", "민간위원"), "public": ("관", "공공", "공공위원")})
BODY_CODES = _codes(
    {
        "representative": ("대표", "대표협의체"),
        "working": ("실무", "실무협의체"),
        "subcommittee": ("분과", "실무분과"),
        "dong": ("동", "읍면동", "동협의체", "동지역사회보장협의체"),
    }
)
ATTENDANCE_MARKS = _codes(
    {
        "attended": ("○", "◯", "〇", "o", "O", "Ｏ", "ｏ", "ㅇ", "✓", "✔", "☑", "1", "참석", "출석", "참"),
        "absent": ("×", "x", "X", "Ｘ", "ｘ", "✕", "✗", "✘", "0", "불참", "결석", "미참석"),
        "proxy": ("△", "대리", "대리참석"),
        "excused": ("◇", "공가", "사전불참", "사유", "양해"),
    }
)
DIRECTION_CODES = _codes({"up": ("상향", "↑", "증가"), "down": ("하향", "↓", "감소")})
CHANGE_CODES = _codes(
    {
        "kept": ("유지", "계속", "존속"),
        "new": ("신규", "신설"),
        "abolished": ("폐지", "종료"),
        "changed": ("변경", "수정"),
    }
)
RESPONSE_CODES = _codes(
    {
        "reflected": ("반영",),
        "partly": ("부분반영", "일부반영"),
        "not": ("미반영", "반영불가"),
        "under_review": ("검토중", "검토"),
        "duplicate": ("중복",),
    }
)
#: A discussion statement's speaker side and kind (canonical values are the Korean words themselves).
DISCUSSION_SIDE_CODES = _codes({"관": ("관", "공공"), "민": ("민", "민간"), "공통": ("공통", "공통의견", "민관")})
DISCUSSION_KIND_CODES = _codes(
    {
        "역할": ("역할",),
        "문제점": ("문제점", "문제"),
        "개선방안": ("개선방안", "개선 방안", "개선안"),
        "사례": ("사례", "우수사례"),
        "의견": ("의견", "기타"),
        "공통의견": ("공통의견",),
    }
)
MEETING_KIND_CODES = _codes(
    {
        "regular": ("정기", "정기회의"),
        "extraordinary": ("임시", "임시회의"),
        "education": ("교육",),
        "workshop": ("워크숍", "토론회", "간담회"),
    }
)

# Sane ranges of the numeric columns (documented in data/README.md). They are far above
# any real submission and keep every value inside what the warehouse stores (BIGINT,
# DOUBLE): a value beyond them is refused by validation (``above_maximum``,
# ``below_minimum``), never cast by DuckDB.

#: Most people a district (or its 65+ population) may count: 100 million.
MAX_POPULATION = 100_000_000
#: Most 읍면동 a district may have.
MAX_DONGS = 1_000
#: Largest budget amount of one item, in the declared 예산단위 (checked after unit conversion).
MAX_AMOUNT = 1e13
_AMOUNT_RANGE = {"minimum": 0, "maximum": MAX_AMOUNT}
#: Largest magnitude of an indicator's baseline, target or actual (counts, rates or amounts).
MAX_INDICATOR_VALUE = 1e13
_INDICATOR_RANGE = {"minimum": -MAX_INDICATOR_VALUE, "maximum": MAX_INDICATOR_VALUE}
#: Largest service figure (a count of people, cases or sessions in one row).
MAX_SERVICE_VALUE = 1e10

# The district and year of every row default to the submission's (제출정보), so the
# columns may be left out or empty; when filled they must agree with it.
_DC = Column(
    "district_code",
    "시군구코드",
    DISTRICT,
    aliases=("시군구 코드", "행정코드", "지역코드"),
    nullable=True,
    required=False,
    help_ko="5자리 시군구 행정코드 (예: 41110). 비우면 제출정보의 값",
)
_YEAR = Column(
    "year", "연도", INT, aliases=("년도", "기준연도"), minimum=2000, maximum=2100, nullable=True, required=False,
    help_ko="비우면 제출정보의 연도",
)
_ITEM = Column("item_code", "사업번호", aliases=("사업코드", "세부사업번호", "과업번호"), help_ko="예: I-1-1")

DISTRICTS = TableSchema(
    "districts",
    "지역현황",
    (
        _DC,
        Column("district_name", "시군구명", aliases=("지역명", "자치구명")),
        Column("province", "시도", aliases=("시도명", "광역시도")),
        Column("population", "인구수", INT, aliases=("총인구", "인구"), minimum=0, maximum=MAX_POPULATION),
        Column(
            "population_65plus", "65세이상인구", INT, aliases=("노인인구", "65세 이상 인구"), minimum=0,
            maximum=MAX_POPULATION,
        ),
        Column("n_dongs", "읍면동수", INT, aliases=("동수", "행정동수"), minimum=1, maximum=MAX_DONGS),
    ),
    key=("district_code",),
    sheet_aliases=("지역정보", "district"),
    description_ko="시군구 기본 현황 (1행)",
)

MEMBERS = TableSchema(
    "members",
    "위원명단",
    (
        _DC,
        Column("member_id", "위원ID", aliases=("위원번호", "위원코드", "ID", "번호")),
        Column("name", "위원명", aliases=("성명", "이름", "위원")),
        Column("sector", "구분", CODE, aliases=("민관구분", "민/관", "민관"), codes=SECTOR_CODES, help_ko="민 또는 관"),
        Column("body", "협의체", CODE, aliases=("소속", "협의체구분"), codes=BODY_CODES, help_ko="대표/실무/분과/동"),
        Column("subcommittee", "분과", aliases=("분과명", "실무분과"), nullable=True),
        Column("role", "직위", aliases=("역할", "직책"), nullable=True),
        Column("joined_on", "위촉일", DATE, aliases=("위촉일자", "임기시작", "가입일")),
        Column("left_on", "해촉일", DATE, aliases=("해촉일자", "임기종료", "탈퇴일"), nullable=True),
    ),
    key=("district_code", "member_id"),
    sheet_aliases=("위원", "member"),
    description_ko="협의체 위원 명단 (1인 1행)",
)

MEETINGS = TableSchema(
    "meetings",
    "회의목록",
    (
        _DC,
        Column("meeting_id", "회의ID", aliases=("회의번호", "회차", "회의코드")),
        Column("body", "협의체", CODE, aliases=("소속", "협의체구분"), codes=BODY_CODES),
        Column("subcommittee", "분과", aliases=("분과명", "실무분과"), nullable=True),
        Column("held_on", "개최일", DATE, aliases=("일시", "회의일", "개최일자", "날짜")),
        Column("kind", "회의구분", CODE, aliases=("종류", "회의종류"), codes=MEETING_KIND_CODES, nullable=True, required=False),
    ),
    key=("district_code", "meeting_id"),
    sheet_aliases=("회의", "meeting"),
    description_ko="회의 개최 목록 (1회 1행)",
)

ATTENDANCE = TableSchema(
    "attendance",
    "회의참석",
    (
        _DC,
        Column("meeting_id", "회의ID", aliases=("회의번호", "회차", "회의코드")),
        Column("member_id", "위원ID", aliases=("위원번호", "위원코드")),
        Column("status", "참석여부", CODE, aliases=("참석", "출석", "출석여부"), codes=ATTENDANCE_MARKS, help_ko="○ 참석 / × 불참 / △ 대리 / ◇ 공가"),
    ),
    key=("district_code", "meeting_id", "member_id"),
    sheet_aliases=("참석현황", "출석현황", "attendance_long"),
    description_ko="회의별 위원 참석 (긴 형식). 출석부 형식은 '출석부' 시트 사용",
)

PLAN_ITEMS = TableSchema(
    "plan_items",
    "시행계획",
    (
        _DC,
        Column("plan_period", "계획기수", aliases=("기수", "계획기간")),
        Column("framework", "전략체계", aliases=("체계", "구분")),
        Column("strategy", "추진전략", aliases=("전략",)),
        Column("key_project", "중점사업", aliases=("대표과업", "중점과업")),
        _ITEM,
        Column("item_name", "세부사업명", aliases=("사업명", "세부과업명", "세부사업")),
        Column("department", "담당부서", aliases=("부서", "주관부서")),
        Column("team", "팀", aliases=("담당팀",), nullable=True),
        Column("change", "변경구분", CODE, aliases=("신설폐지", "변경사항"), codes=CHANGE_CODES, nullable=True),
    ),
    key=("district_code", "item_code"),
    sheet_aliases=("세부사업", "plan"),
    description_ko="연차별 시행계획 세부사업 목록",
)

INDICATORS = TableSchema(
    "indicators",
    "성과지표",
    (
        _DC,
        _YEAR,
        _ITEM,
        Column("indicator", "성과지표명", aliases=("지표명", "지표", "성과지표")),
        Column("unit", "단위", nullable=True),
        Column("direction", "지표방향", CODE, aliases=("방향", "목표방향"), codes=DIRECTION_CODES, help_ko="상향 또는 하향"),
        Column("baseline", "기준치", FLOAT, aliases=("기준값", "전년실적"), nullable=True, **_INDICATOR_RANGE),
        Column("target", "목표", FLOAT, aliases=("목표치", "목표값"), nullable=True, **_INDICATOR_RANGE),
        Column("actual", "실적", FLOAT, aliases=("실적치", "달성실적"), nullable=True, **_INDICATOR_RANGE),
    ),
    key=("district_code", "year", "item_code", "indicator"),
    sheet_aliases=("지표", "indicator"),
    description_ko="세부사업별 성과지표 목표와 실적",
)

BUDGET = TableSchema(
    "budget",
    "예산",
    (
        _DC,
        _YEAR,
        _ITEM,
        Column("planned", "계획예산", FLOAT, aliases=("본예산", "당초예산", "예산"), summable=True, **_AMOUNT_RANGE),
        Column(
            "revised", "변경예산", FLOAT, aliases=("최종예산", "추경예산"), nullable=True, summable=True, **_AMOUNT_RANGE
        ),
        Column(
            "executed", "집행액", FLOAT, aliases=("집행", "집행실적", "결산"), nullable=True, summable=True, **_AMOUNT_RANGE
        ),
    ),
    key=("district_code", "year", "item_code"),
    sheet_aliases=("예산집행", "budget"),
    description_ko="세부사업별 예산과 집행 (단위는 제출정보의 예산단위)",
)

OPINIONS = TableSchema(
    "opinions",
    "모니터링의견",
    (
        _DC,
        _YEAR,
        _ITEM,
        Column("subcommittee", "모니터링분과", aliases=("분과", "의견분과")),
        Column("opinion", "모니터링의견", aliases=("의견", "모니터링 의견")),
        Column("response", "부서의견", aliases=("부서피드백", "부서 의견", "회신"), nullable=True),
        Column("response_status", "반영여부", CODE, aliases=("반영구분", "처리결과"), codes=RESPONSE_CODES, nullable=True, required=False),
    ),
    key=("district_code", "year", "item_code", "subcommittee"),
    sheet_aliases=("모니터링", "의견", "opinion"),
    description_ko="시행계획 모니터링 의견과 부서 회신",
)

SERVICES = TableSchema(
    "services",
    "서비스실적",
    (
        _DC,
        _YEAR,
        Column("month", "월", INT, nullable=True, minimum=1, maximum=12),
        Column("dong", "동", aliases=("동명", "읍면동"), nullable=True),
        Column("program", "사업", aliases=("사업명", "프로그램")),
        Column("measure", "항목", aliases=("측정항목", "실적항목", "구분")),
        Column("value", "실적", FLOAT, aliases=("값", "건수", "인원"), minimum=0, maximum=MAX_SERVICE_VALUE, summable=True),
    ),
    key=("district_code", "year", "month", "dong", "program", "measure"),
    sheet_aliases=("서비스", "service"),
    description_ko="사업별 서비스 실적 (긴 형식: 사업·항목·값)",
)

#: Discussion statements a district submits (토론기록 sheet); read with the minutes by
#: :func:`sabo_eval.discussions` (event_id ``<year>_<district_code>_<행사명>``, host = the district).
DISCUSSION_ROWS = TableSchema(
    "discussion_rows",
    "토론기록",
    (
        _DC,
        _YEAR,
        Column("event_name", "행사명", aliases=("행사", "회의명", "토론회명")),
        Column("event_date", "일자", DATE, aliases=("행사일", "개최일", "일시"), nullable=True, required=False),
        Column("seq", "번호", INT, aliases=("순번", "발언번호"), minimum=1, maximum=100_000, help_ko="행사 안의 발언 순서 1, 2, 3…"),
        Column("topic_no", "주제번호", INT, aliases=("주제 번호", "주제no"), minimum=1, maximum=99, help_ko="예: 1"),
        Column("topic", "주제", aliases=("토론주제",), nullable=True, required=False),
        Column("group_name", "조", aliases=("토론조", "조명"), nullable=True, required=False, help_ko="예: 3조"),
        Column("region", "지역", aliases=("시군구", "지역명"), nullable=True, required=False),
        Column("side", "구분", CODE, aliases=("구분(관/민/공통)", "관민구분"), codes=DISCUSSION_SIDE_CODES,
               nullable=True, required=False, help_ko="관, 민 또는 공통"),
        Column("kind", "유형", CODE, aliases=("발언유형", "종류"), codes=DISCUSSION_KIND_CODES,
               help_ko="역할/문제점/개선방안/사례/의견/공통의견"),
        Column("text", "내용", aliases=("발언", "발언내용", "의견내용")),
        Column("pair", "쌍번호", INT, aliases=("문제점번호",), nullable=True, required=False, minimum=1, maximum=10_000,
               help_ko="문제점과 그 개선방안에 같은 번호"),
    ),
    key=("district_code", "year", "event_name", "seq"),
    sheet_aliases=("토론", "토론 기록", "discussion"),
    description_ko="워크숍·토론회의 발언 (1발언 1행; 회의록 텍스트는 sabo-eval minutes로 읽음)",
)

# The self-evaluation survey (설문) and the rating of each project (사업평가): issue 22.
SCALE_CODES = _codes(
    {
        "likert5": ("5점", "5점척도", "리커트", "리커트5점", "likert"),
        "appropriateness": ("적절/보통/부적절", "적절보통부적절", "적절성", "3점"),
        "yesno": ("예/아니오", "예아니오", "예/아니요", "yes/no", "yn"),
    }
)
STAGE_CODES = _codes(
    {"계획수립": ("계획", "plan", "planning"), "이행점검": ("이행", "점검", "중간점검"), "결과확인": ("결과", "결과점검", "result")}
)
RATING_CODES = _codes({"적절": ("appropriate",), "보통": ("중간",), "부적절": ("inappropriate", "미흡")})
_SURVEY = Column("survey", "조사명", aliases=("설문명", "조사", "설문"), help_ko="예: 2023 자체평가")
_SURVEY_ITEM = Column("item", "문항번호", aliases=("문항ID", "문항코드", "번호"), help_ko="예: Q1")

SURVEY_ITEMS = TableSchema(
    "survey_items",
    "설문문항",
    (
        _DC,
        _YEAR,
        _SURVEY,
        _SURVEY_ITEM,
        Column("domain", "영역", aliases=("평가영역", "구분", "분야"), help_ko="예: 협의체 운영, 분과 활동, 민관협력"),
        Column("wording", "문항", aliases=("문항내용", "질문", "설문문항"), help_ko="응답자가 읽은 문항 문장"),
        Column("scale", "척도", CODE, aliases=("응답척도", "응답형식"), codes=SCALE_CODES, help_ko="5점 / 적절/보통/부적절 / 예/아니오"),
    ),
    key=("district_code", "year", "survey", "item"),
    sheet_aliases=("설문항목", "survey_item"),
    description_ko="자체평가 설문 문항 (1문항 1행)",
)

SURVEY_RESPONSES = TableSchema(
    "survey_responses",
    "설문응답",
    (
        _DC,
        _YEAR,
        _SURVEY,
        Column("respondent", "응답자", aliases=("응답자ID", "응답자번호", "응답번호"), help_ko="익명 ID (예: R001). 이름은 적지 않습니다"),
        Column("sector", "구분", CODE, aliases=("민관구분", "민/관", "민관"), codes=SECTOR_CODES, nullable=True, required=False,
            help_ko="민 또는 관",
        ),
        Column(
            "body", "소속", aliases=("소속분과", "분과", "협의체"), nullable=True, required=False,
            help_ko="협의체 또는 분과 이름",
        ),
        dataclasses.replace(_SURVEY_ITEM, aliases=("문항ID", "문항코드", "문항")),  # 번호 there is a row number
        Column("answer", "응답", aliases=("답변", "응답값"), nullable=True, help_ko="5, 매우 그렇다, 적절, 예 … 무응답은 비웁니다"),
    ),
    key=("district_code", "year", "survey", "respondent", "item"),
    sheet_aliases=("설문결과", "survey_response"),
    description_ko="설문 응답 (응답자·문항마다 1행, 또는 응답자마다 1행에 문항별 열)",
)

PROJECT_RATINGS = TableSchema(
    "project_ratings",
    "사업평가",
    (
        _DC,
        _YEAR,
        _ITEM,
        Column("stage", "평가단계", CODE, aliases=("단계", "점검단계"), codes=STAGE_CODES, help_ko="계획수립 / 이행점검 / 결과확인"),
        Column("rating", "평가결과", CODE, aliases=("평가", "적절성", "판정"), codes=RATING_CODES, help_ko="적절 / 보통 / 부적절"),
        Column(
            "rater", "평가주체", aliases=("평가분과", "평가자"), nullable=True, required=False, help_ko="예: 모니터링분과"
        ),
    ),
    key=("district_code", "year", "item_code", "stage", "rater"),
    sheet_aliases=("사업별평가", "적절성평가", "project_rating"),
    description_ko="세부사업별 적절/보통/부적절 평가 (사업·단계마다 1행)",
)

SCHEMAS: dict[str, TableSchema] = {
    s.name: s
    for s in (
        DISTRICTS, MEMBERS, MEETINGS, ATTENDANCE, PLAN_ITEMS, INDICATORS, BUDGET, OPINIONS, SERVICES,
        DISCUSSION_ROWS, SURVEY_ITEMS, SURVEY_RESPONSES, PROJECT_RATINGS,
    )
}

# Order matters: referenced tables come before the tables that reference them.
SUBMISSION_TABLES: tuple[str, ...] = tuple(SCHEMAS)

SUBMISSION_INFO_SHEET = "제출정보"
# (canonical key, Korean label, kind, required)
SUBMISSION_INFO_FIELDS: tuple[tuple[str, str, str, bool], ...] = (
    ("district_code", "시군구코드", DISTRICT, True),
    ("year", "연도", INT, True),
    ("budget_unit", "예산단위", TEXT, False),
    ("prepared_by", "작성기관", TEXT, False),
    ("prepared_on", "작성일", DATE, False),
    ("evaluation_date", "평가기준일", DATE, False),
    ("note", "비고", TEXT, False),
    # What a blank (or '-') roster mark of a member in tenure means: 불참 or 제외.
    ("roster_blank", "출석부 공란", TEXT, False),
)

# Sheets whose name starts with one of these hold attendance rosters (one row per
# member, one column per month or meeting date).
ROSTER_SHEET_PREFIXES: tuple[str, ...] = ("출석부", "roster")


def schema_for_sheet(sheet_name: str) -> TableSchema | None:
    """Return the schema whose accepted names include ``sheet_name``, if any."""
    key = normalise_header(sheet_name)
    for schema in SCHEMAS.values():
        if key in schema.accepted_sheet_names():
            return schema
    return None
