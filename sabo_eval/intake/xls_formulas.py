"""Formulas and strings of a binary ``.xls`` (BIFF8) read as Excel stores them.

An ``.xls`` keeps each formula as parsed tokens (``rgce``), not as text. They are read
here one token at a time, knowing each token's size, and a formula is *unsafe* when:

* it calls a built-in function (``ptgFunc``/``ptgFuncVar``, by its number in Excel's
  function table) of :data:`UNSAFE_FUNCTION_IDS` — ``HYPERLINK``, ``INFO``, ``CELL``,
  ``CALL``, ``REGISTER``, ``REGISTER.ID``, ``EXEC``, ``RTD``, ``GETPIVOTDATA``, the DDE
  functions (``INITIATE``, ``REQUEST``, ``POKE``, ``EXECUTE``, ``TERMINATE``), the
  file functions (``FOPEN`` … ``FILES``, ``DIRECTORY``) and the macro-sheet
  information functions (``GET.CELL``, ``GET.WORKSPACE``, ``EVALUATE`` …);
* it calls a macro command (``ptgFuncVar`` with its command-equivalent bit set);
* it holds a token Excel 97-2003 never writes in a cell formula (it cannot be read,
  so it cannot be shown to be safe).

Functions called by name (``ptgNameX`` to an add-in's ``EXTERNNAME``, ``ptgName`` to a
``_xlfn.`` future-function name) are judged where the names are defined
(:func:`name_reason`): Excel's own add-in functions (:data:`ADDIN_FUNCTIONS`, the
Analysis ToolPak) and ``_xlfn.`` functions pass unless they are unsafe
(:data:`~.formula_scan.UNSAFE_FUNCTIONS`: ``WEBSERVICE``, ``IMAGE``, ``FILTERXML`` …);
any other add-in function is code of an add-in and is refused.
"""

from __future__ import annotations

import struct
from array import array

from .formula_scan import UNSAFE_FUNCTIONS

__all__ = ["UNSAFE_FUNCTION_IDS", "ADDIN_FUNCTIONS", "formula_reason", "name_reason", "shared_string_lengths"]

#: Built-in functions (number in Excel's function table → name) that reach outside the
#: workbook, run code, disclose the machine, or only work on macro sheets.
UNSAFE_FUNCTION_IDS: dict[int, str] = {
    88: "SET.NAME", 108: "SET.VALUE", 110: "EXEC", 123: "DIRECTORY", 125: "CELL", 132: "FOPEN", 133: "FCLOSE",
    134: "FSIZE", 135: "FREADLN", 136: "FREAD", 137: "FWRITELN", 138: "FWRITE", 139: "FPOS", 149: "REGISTER",
    150: "CALL", 166: "FILES", 175: "INITIATE", 176: "REQUEST", 177: "POKE", 178: "EXECUTE", 179: "TERMINATE",
    185: "GET.CELL", 186: "GET.WORKSPACE", 187: "GET.WINDOW", 188: "GET.DOCUMENT", 236: "CREATE.OBJECT",
    242: "GET.LINK.INFO", 244: "INFO", 257: "EVALUATE", 267: "REGISTER.ID", 268: "GET.WORKBOOK",
    358: "GETPIVOTDATA", 359: "HYPERLINK", 379: "RTD",
}
_ANALYSIS_TOOLPAK = """
ACCRINT ACCRINTM AMORDEGRC AMORLINC BESSELI BESSELJ BESSELK BESSELY BIN2DEC BIN2HEX BIN2OCT COMPLEX CONVERT
COUPDAYBS COUPDAYS COUPDAYSNC COUPNCD COUPNUM COUPPCD CUMIPMT CUMPRINC DEC2BIN DEC2HEX DEC2OCT DELTA DISC
DOLLARDE DOLLARFR DURATION EDATE EFFECT EOMONTH ERF ERFC FACTDOUBLE FVSCHEDULE GCD GESTEP HEX2BIN HEX2DEC
HEX2OCT IMABS IMAGINARY IMARGUMENT IMCONJUGATE IMCOS IMDIV IMEXP IMLN IMLOG10 IMLOG2 IMPOWER IMPRODUCT IMREAL
IMSIN IMSQRT IMSUB IMSUM INTRATE ISEVEN ISODD LCM MDURATION MROUND MULTINOMIAL NETWORKDAYS NOMINAL OCT2BIN
OCT2DEC OCT2HEX ODDFPRICE ODDFYIELD ODDLPRICE ODDLYIELD PRICE PRICEDISC PRICEMAT QUOTIENT RANDBETWEEN RECEIVED
SERIESSUM SQRTPI TBILLEQ TBILLPRICE TBILLYIELD WEEKNUM WORKDAY XIRR XNPV YEARFRAC YIELD YIELDDISC YIELDMAT
"""
#: Functions an ``.xls`` stores as add-in names although they are Excel's own (Analysis ToolPak).
ADDIN_FUNCTIONS = frozenset(_ANALYSIS_TOOLPAK.split())

#: Bytes after the token byte, by base token (0x40–0x7F are 0x20–0x3F of another class).
_SIZES = {
    0x01: 4, 0x02: 4, 0x1C: 1, 0x1D: 1, 0x1E: 2, 0x1F: 8, 0x20: 7, 0x21: 2, 0x22: 3, 0x23: 4, 0x24: 4, 0x25: 8,
    0x26: 6, 0x27: 6, 0x28: 6, 0x29: 2, 0x2A: 4, 0x2B: 8, 0x2C: 4, 0x2D: 8, 0x2E: 2, 0x2F: 2, 0x39: 6, 0x3A: 6,
    0x3B: 10, 0x3C: 6, 0x3D: 10,
}
_SIZES.update({token: 0 for token in range(0x03, 0x17)})  # operators, parentheses, missing argument
#: Kinds (``eptg``) of ``ptgExtend`` tokens (natural-language labels, pivot names), each 4 bytes of data.
_EXTENDED = frozenset({0x01, 0x02, 0x03, 0x06, 0x07, 0x0A, 0x0B, 0x0D, 0x0F, 0x10, 0x1D})
_U16 = struct.Struct("<H")


def formula_reason(rgce: bytes) -> str | None:
    """Why parsed formula tokens are unsafe (``"HYPERLINK()"``, ``"macro command"`` …), or None.

    Parameters
    ----------
    rgce : bytes
        The tokens (``rgce``) of a cell, shared, array or name formula, without their size.

    Returns
    -------
    str or None
    """
    i, n = 0, len(rgce)
    while i < n:
        token = rgce[i]
        base = token if token < 0x20 else (token & 0x1F) | 0x20
        if base == 0x17:  # ptgStr: length, flags, characters
            if i + 2 >= n:
                return "unreadable formula"
            i += 3 + rgce[i + 1] * (2 if rgce[i + 2] & 1 else 1)
            continue
        if base == 0x18:  # ptgExtend: natural-language references (ptgElf…) and ptgSxName, 4 bytes each
            if i + 6 > n or rgce[i + 1] not in _EXTENDED:
                return f"unreadable formula (token 0x18 0x{rgce[i + 1] if i + 1 < n else 0:02X})"
            i += 6
            continue
        if base == 0x19:  # ptgAttr: kind, data; tAttrChoose has a jump table
            if i + 4 > n:
                return "unreadable formula"
            extra = 2 * (_U16.unpack_from(rgce, i + 2)[0] + 1) if rgce[i + 1] & 0x04 else 0
            i += 4 + extra
            continue
        size = _SIZES.get(base)
        if size is None or i + 1 + size > n:
            return f"unreadable formula (token 0x{token:02X})"
        if base in (0x21, 0x22):
            number = _U16.unpack_from(rgce, i + (1 if base == 0x21 else 2))[0]
            if base == 0x22 and number & 0x8000:
                return "macro command"
            if number in UNSAFE_FUNCTION_IDS:
                return f"{UNSAFE_FUNCTION_IDS[number]}()"
        i += 1 + size
    return None


def name_reason(name: str, *, addin: bool) -> str | None:
    """Why a function name an ``.xls`` defines is unsafe, or None.

    Parameters
    ----------
    name : str
        An add-in ``EXTERNNAME`` or a ``NAME`` flagged as a future function (``_xlfn.IMAGE``).
    addin : bool
        Whether it is an add-in's name (then only Excel's own functions pass).

    Returns
    -------
    str or None
    """
    bare = name.upper()
    for prefix in ("_XLFN._XLWS.", "_XLFN.", "_XLWS."):
        if bare.startswith(prefix):
            bare = bare[len(prefix):]
            break
    else:
        if addin and bare not in ADDIN_FUNCTIONS:
            return f"{name[:60]}(): add-in function"
    if bare.startswith("_XLUDF.") or bare in UNSAFE_FUNCTIONS:
        return f"{bare}()"
    return None


def shared_string_lengths(pieces: list[bytes], most: int) -> array:
    """Characters of each string of an ``SST`` record and its ``CONTINUE`` records.

    Parameters
    ----------
    pieces : list of bytes
        The ``SST`` payload, then each ``CONTINUE`` payload.
    most : int
        Strings allowed (:data:`~.limits.MAX_SHARED_STRINGS`); ``cstTotal``/``cstUnique`` may claim no more.

    Returns
    -------
    array of int

    Raises
    ------
    OverflowError
        With the number claimed, when over ``most``.
    """
    if len(pieces[0]) < 8:
        return array("q")
    total, unique = struct.unpack_from("<II", pieces[0])
    if max(total, unique) > most:
        raise OverflowError(max(total, unique))
    reader = _Pieces(pieces)
    lengths = array("q")
    while len(lengths) < unique and reader.more():
        length, flags = reader.header()
        extra = 4 * reader.number(2) if flags & 0x08 else 0
        extra += reader.number(4) if flags & 0x04 else 0
        reader.characters(length, flags & 1)
        reader.skip(extra)
        lengths.append(length)
    return lengths


class _Pieces:
    """A reader over an ``SST`` split into records: characters re-announce their width in each new piece."""

    def __init__(self, pieces: list[bytes]) -> None:
        self.pieces, self.index, self.pos = pieces, 0, 8

    def more(self) -> bool:
        while self.index < len(self.pieces) and self.pos >= len(self.pieces[self.index]):
            self.index, self.pos = self.index + 1, 0
        return self.index < len(self.pieces)

    def take(self, size: int) -> bytes:
        out = b""
        while len(out) < size and self.more():
            piece = self.pieces[self.index]
            part = piece[self.pos:self.pos + size - len(out)]
            out += part
            self.pos += len(part)
        return out.ljust(size, b"\0")

    def header(self) -> tuple[int, int]:
        length, flags = struct.unpack("<HB", self.take(3))
        return length, flags

    def number(self, size: int) -> int:
        return int.from_bytes(self.take(size), "little")

    def characters(self, length: int, wide: int) -> None:
        left = length
        while left and self.index < len(self.pieces):
            piece = self.pieces[self.index]
            if self.pos >= len(piece):  # a string continued: the next piece starts with its width flag
                self.index, self.pos = self.index + 1, 0
                if self.index < len(self.pieces) and self.pieces[self.index]:
                    wide, self.pos = self.pieces[self.index][0] & 1, 1
                continue
            fits = min(left, (len(piece) - self.pos) >> wide) or 1
            self.pos += fits << wide
            left -= fits

    def skip(self, size: int) -> None:
        while size > 0 and self.more():
            piece = self.pieces[self.index]
            step = min(size, len(piece) - self.pos)
            self.pos += step
            size -= step
