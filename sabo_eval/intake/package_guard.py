"""An ``.xlsx`` package inspected as Excel reads it, before python-calamine opens it.

The package (:mod:`.zip_guard`: entries, names, sizes counted while inflating) is
read part by part, each part once and streaming:

* nothing executable or linking out: macros (``vbaProject``, macro sheets, dialog
  sheets, a macro-enabled content type, whatever the file is named), OLE objects,
  ActiveX controls, external workbook links (``xl/externalLinks``, DDE and OLE links),
  data connections, custom ribbons; a relationship whose target leaves the package
  (``../../x``) or points outside it other than an http(s)/mailto hyperlink — all
  refused as ``unsafe_workbook``;
* formulas that reach outside (:mod:`.formula_scan`) in defined names, data
  validation and conditional formats — refused as ``dangerous_formula`` (those in
  cells are reported with their cell by :func:`~.readers.check_sheet_shape`);
* sizes: each worksheet's real rectangle and its ``<dimension>`` claim, all sheets
  together, the shared strings and the text of all cells against :mod:`.limits`
  (``oversized_file``).

Every refusal names the part and says what to do (save as plain ``.xlsx``, paste
values, split the file).
"""

from __future__ import annotations

import posixpath
import zipfile
from urllib.parse import unquote, urlsplit

from .limits import limit
from .sheet_scan import ElementScan, SheetScan, scan_shared_strings, scan_sheet
from .zip_guard import Budget, inflate, open_package, oversized, part_key, refuse

__all__ = ["guard_xlsx", "Formulas"]

Formulas = dict[str, list[tuple[int, str, str, bool]]]

#: Part names (lower case) that hold code, embedded objects or links out of the workbook.
_ACTIVE_PARTS = (
    ("vbaproject", "매크로(VBA)", "macros (VBA)"), ("vbadata", "매크로(VBA)", "macros (VBA)"),
    ("xl/macrosheets/", "매크로 시트", "macro sheets"), ("xl/dialogsheets/", "대화상자 시트", "dialog sheets"),
    ("xl/externallinks/", "다른 통합문서 연결", "links to other workbooks"),
    ("/embeddings/", "삽입된 개체(OLE)", "embedded (OLE) objects"), ("/activex/", "ActiveX 컨트롤", "ActiveX controls"),
    ("customui/", "사용자 지정 리본(매크로)", "a custom ribbon (macros)"),
    ("xl/connections.xml", "외부 데이터 연결", "external data connections"),
    ("xl/querytables/", "외부 데이터 쿼리", "external data queries"),
    ("attachedtoolbars", "매크로 도구 모음", "macro toolbars"),
)
#: Relationship types (last segment, lower case) of the same things.
_ACTIVE_RELATIONSHIPS = {
    "vbaproject", "xlmacrosheet", "xlintlmacrosheet", "dialogsheet", "externallink", "externallinkpath",
    "oleobject", "control", "activexcontrol", "activexcontrolbinary", "package", "connections", "querytable",
    "attachedtoolbars", "extensibility", "xlpathmissing", "xlstartup", "xlalternatestartup", "xllibrary",
}
#: Words in a content type that mark the same things (``…macroEnabled.main+xml`` is an ``.xlsm``).
_ACTIVE_CONTENT_TYPES = ("macroenabled", "vba", "activex", "oleobject", "externallink", "macrosheet", "dialogsheet")
_WORKSHEET_TYPES = ("/worksheet",)


def guard_xlsx(raw: bytes, file_name: str) -> Formulas:
    """Inspect an ``.xlsx`` package; its formula cells per sheet name when it may be read.

    Parameters
    ----------
    raw : bytes
        The workbook's bytes.
    file_name : str
        For messages.

    Returns
    -------
    dict
        Sheet name → formula cells (Excel row, column letter, formula, has a stored value).

    Raises
    ------
    SubmissionError
        Rule ``unsafe_workbook``, ``dangerous_formula`` or ``oversized_file`` (see the module).
    """
    archive = open_package(raw, file_name)
    parts = {part_key(info.filename): info for info in archive.infolist()}
    _refuse_active_parts(parts, file_name)
    budget = Budget(file_name)
    read: set[str] = set()

    def each(key: str, callback) -> None:
        read.add(key)
        ElementScan(file_name, key, callback).run(inflate(raw, parts[key], budget))

    if "[content_types].xml" in parts:
        each("[content_types].xml", lambda name, attributes, text: _check_content_type(attributes, file_name))
    relationships: dict[str, list[tuple[str, str, str]]] = {}
    for key in [k for k in parts if k.endswith(".rels")]:
        found = relationships[key] = []
        each(key, lambda name, attributes, text, key=key, found=found: _relationship(
            key, name, attributes, found, file_name))
    book_key = _office_document(relationships.get("_rels/.rels", []))
    if book_key not in parts:
        return {}
    sheets: list[tuple[str, str]] = []
    unsafe: list[str] = []
    each(book_key, lambda name, attributes, text: _workbook_element(name, attributes, text, sheets, unsafe))
    book_rels = {rid: (kind, target) for rid, kind, target in relationships.get(_rels_of(book_key), [])}
    shared = _shared_strings(raw, parts, book_rels, budget, read)
    formulas: Formulas = {}
    total = 0
    for sheet_name, rid in sheets:
        kind, target = book_rels.get(rid, ("", ""))
        if target not in parts or not kind.endswith(_WORKSHEET_TYPES) or target in read:
            continue
        read.add(target)
        scan = scan_sheet(inflate(raw, parts[target], budget), target, shared, budget)
        total += _check_extent(scan, sheet_name, file_name)
        if total > limit("SABO_EVAL_MAX_WORKBOOK_CELLS"):
            raise oversized(file_name, "모든 시트의 셀 범위 합계", "the cell ranges of all sheets", total,
                            "SABO_EVAL_MAX_WORKBOOK_CELLS")
        unsafe.extend(f"{sheet_name} — {where}" for where in scan.unsafe)
        if scan.embedded:
            raise _active(file_name, target, "삽입된 개체·컨트롤", "embedded objects or controls")
        formulas[sheet_name] = scan.formulas
    _refuse_unsafe_formulas(unsafe, file_name)
    for key, info in parts.items():  # every other part inflated once too: a bomb anywhere is found
        if key not in read:
            for _ in inflate(raw, info, budget, xml=key.endswith((".xml", ".rels", ".vml"))):
                pass
    return formulas


def _active(file_name: str, part: str, what_ko: str, what_en: str):
    return refuse(
        file_name, "unsafe_workbook",
        f"통합문서에 {what_ko}이(가) 들어 있습니다('{part}') — 실행되거나 밖으로 연결되는 내용은 받지 않습니다. "
        "값만 복사해 새 통합문서에 붙여 넣고 일반 .xlsx로 저장해 제출하세요",
        f"the workbook holds {what_en} ('{part}'); content that runs or links outside is not accepted — "
        "paste the values into a new workbook and save it as a plain .xlsx",
    )


def _refuse_active_parts(parts: dict[str, zipfile.ZipInfo], file_name: str) -> None:
    for key in parts:
        for marker, what_ko, what_en in _ACTIVE_PARTS:
            if marker in f"/{key}":
                raise _active(file_name, parts[key].filename, what_ko, what_en)


def _check_content_type(attributes: dict, file_name: str) -> None:
    kind = attributes.get("ContentType", "").lower().replace("-", "")
    if any(word in kind for word in _ACTIVE_CONTENT_TYPES):
        where = attributes.get("PartName") or attributes.get("Extension") or kind
        raise _active(file_name, where, "매크로·개체·외부 연결 형식의 부분", "a macro, object or external-link part")


def _relationship(key: str, name: str, attributes: dict, found: list, file_name: str) -> None:
    """One element of a ``.rels`` part: a relationship (Id, Type, target part) added to ``found``, or refused."""
    if name != "Relationship":
        return
    folder = posixpath.dirname(posixpath.dirname(key))  # xl/_rels/workbook.xml.rels → xl
    kind, target = attributes.get("Type", ""), attributes.get("Target", "")
    if kind.rstrip("/").rpartition("/")[2].lower() in _ACTIVE_RELATIONSHIPS:
        raise _active(file_name, target or key, "매크로·개체·외부 연결", "macros, objects or external links")
    if attributes.get("TargetMode", "").lower() == "external":
        _check_external(kind, target, key, file_name)
        return
    found.append((attributes.get("Id", ""), kind, _resolve(folder, target, key, file_name)))


def _check_external(kind: str, target: str, key: str, file_name: str) -> None:
    scheme = urlsplit(target.strip()).scheme.lower()
    if not (kind.endswith("/hyperlink") and scheme in ("http", "https", "mailto")):
        raise _active(file_name, f"{key}: {target[:200]}", "통합문서 밖을 가리키는 연결", "a link to something outside the workbook")


def _resolve(folder: str, target: str, key: str, file_name: str) -> str:
    """The part a relationship's internal target names, refusing one outside the package."""
    path = unquote(target.strip()).replace("\\", "/")
    if urlsplit(path).scheme or path.startswith("//"):
        raise _active(file_name, f"{key}: {target[:200]}", "통합문서 밖을 가리키는 연결", "a link to something outside the workbook")
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path)
    depth = 0
    for segment in joined.split("/"):
        depth += -1 if segment == ".." else int(segment not in ("", "."))
        if depth < 0:
            raise _active(file_name, f"{key}: {target[:200]}", "패키지 밖을 가리키는 내부 연결",
                          "an internal link leading outside the package")
    return part_key(posixpath.normpath(joined))


def _rels_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _office_document(relationships: list[tuple[str, str, str]]) -> str:
    for _, kind, target in relationships:
        if kind.endswith("/officeDocument"):
            return target
    return "xl/workbook.xml"


def _workbook_element(name: str, attributes: dict, text: str, sheets: list, unsafe: list) -> None:
    """A sheet (name, relationship id) or a defined name whose formula reaches outside."""
    from .formula_scan import unsafe_reason

    if name == "sheet":
        sheets.append((attributes.get("name", ""), attributes.get("id", "")))
    elif name == "definedName":
        reason = unsafe_reason(text)
        if reason:
            unsafe.append(f"이름 정의 / defined name '{attributes.get('name', '')}': ={text[:200]} ({reason})")


def _shared_strings(raw: bytes, parts, book_rels, budget: Budget, read: set[str]):
    from array import array

    for kind, target in book_rels.values():
        if kind.endswith("/sharedStrings") and target in parts:
            read.add(target)
            chunks = inflate(raw, parts[target], budget)
            return scan_shared_strings(chunks, target, budget, limit("SABO_EVAL_MAX_SHARED_STRINGS"))
    return array("q")


def _check_extent(scan: SheetScan, sheet_name: str, file_name: str) -> int:
    """A sheet's rectangle and its dimension claim against :data:`~.limits.MAX_SHEET_CELLS`."""
    most = limit("SABO_EVAL_MAX_SHEET_CELLS")
    if scan.cells > most:
        raise oversized(file_name, f"시트 '{sheet_name}'의 셀 범위({scan.rows:,}행 × {scan.columns:,}열)",
                        f"the cell range of sheet '{sheet_name}' ({scan.rows:,} rows × {scan.columns:,} columns)",
                        scan.cells, "SABO_EVAL_MAX_SHEET_CELLS")
    if scan.claimed > most:
        raise oversized(file_name, f"시트 '{sheet_name}'가 밝힌 사용 범위(<dimension>)",
                        f"the used range sheet '{sheet_name}' declares (<dimension>)", scan.claimed,
                        "SABO_EVAL_MAX_SHEET_CELLS")
    return scan.cells


def _refuse_unsafe_formulas(unsafe: list[str], file_name: str) -> None:
    if unsafe:
        listed = "; ".join(unsafe[:5])
        raise refuse(
            file_name, "dangerous_formula",
            f"셀 밖(이름 정의·데이터 유효성·조건부 서식)에 외부 연결·명령 수식이 있습니다: {listed} — 지우고 값만 "
            "일반 .xlsx로 저장하세요",
            f"formulas reaching outside the workbook outside cells (defined names, data validation, conditional "
            f"formats): {listed}; delete them and save the values as a plain .xlsx",
        )
