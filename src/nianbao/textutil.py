"""Text helpers every layer shares: sentences, Chinese numerals, display width, web-page decoding.

One copy of each, so that the reader, the checker, drafting, compare, polish and summarize agree:

* **Sentences** — :data:`SENTENCE_RE` (a sentence or clause ends at 。！？；!?; or a line break: the
  checker and drafting), :data:`FULL_SENTENCE_RE` (not at ；: summarize keeps “一是…；二是…。”
  whole), :func:`sentence_spans` (closing quotes and brackets stay with their sentence, runs of end
  marks are one end: compare), :data:`SENTENCE_END_RE` (where the first sentence ends),
  :data:`STATEMENT_END_RE` (not at ！？: a list of measures), :func:`clause_before` /
  :func:`clause_after` (the words of a sentence up to or from a point).
* **Markers** — the 【待核实：…】 markers live in :mod:`nianbao.markers` (``MARKER_RE``,
  ``blank_markers``), re-exported here.
* **Chinese numerals** — :func:`cn_number` (strict: a numeral that is not well formed, such as
  ``十四五`` or ``一百五``, is not a number), :func:`cn_to_int`, :func:`int_to_cn`,
  :func:`int_to_cn_digits` (二〇二四).
* **Display width** — :func:`display_width`: terminal or spreadsheet columns, or (``page=True``)
  Chinese characters on a printed page.
* **Web pages** — :func:`decode_html` / :func:`decode_html_codec`: BOM, then valid UTF-8, then the
  declared charset, then GB18030.

Nothing heavy is imported and the patterns compile at first use (:mod:`nianbao.lazy_regex`).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import TYPE_CHECKING

from .lazy_regex import lazy
from .markers import MARKER_RE, blank_markers

if TYPE_CHECKING:
    from decimal import Decimal

# --- sentences ---------------------------------------------------------------------------

#: a sentence or clause: up to and including the next 。！？；!?; or up to a line break. The
#: checker's and drafting's unit (a number and what it counts stay in one clause).
SENTENCE_RE = lazy(r"[^。！？；!?;\n]+[。！？；!?;]?")
#: a full sentence: as SENTENCE_RE but not ended by ；; — “一是…；二是…。” is one sentence
FULL_SENTENCE_RE = lazy(r"[^。！？!?\n]+[。！？!?]?")
#: the marks that end a sentence or clause
SENTENCE_END_CHARS = "。！？；!?;"
#: a mark that ends a sentence or clause
SENTENCE_END_RE = lazy(r"[。！？；!?;]")
#: a mark that ends a statement where only statements are expected (a plan of measures is written
#: in 。 and ；): not ！？ and not a line break
STATEMENT_END_RE = lazy(r"[。；;]")
#: a sentence whose closing quotes/brackets stay with it; a run of end marks is one end; a line
#: break does not end it (used on one paragraph at a time)
_QUOTED_SENTENCE_RE = lazy(r"[^。！？!?；;]*(?:[。！？!?；;]+[”’\"』」）)】]*|$)")


def clause_before(text: str, also: str = "") -> str:
    """The words at the end of ``text`` since its last sentence or clause end or line break (or
    any character of ``also``): what the sentence that ``text`` runs into says before that point."""
    cut = max(text.rfind(ch) for ch in SENTENCE_END_CHARS + "\n" + also)
    return text[cut + 1:]


def clause_after(text: str, also: str = "") -> str:
    """The words at the start of ``text`` up to its first sentence or clause end or line break (or
    any character of ``also``)."""
    ends = [i for i in (text.find(ch) for ch in SENTENCE_END_CHARS + "\n" + also) if i >= 0]
    return text[: min(ends)] if ends else text


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of one paragraph, white space around it left out, closing
    quotes and brackets kept with it (“坚持“公开为常态。”” is one sentence); blank pieces dropped."""
    out = []
    for m in _QUOTED_SENTENCE_RE.finditer(paragraph):
        if m.start() == m.end():
            continue
        piece = m.group(0)
        if not piece.strip():
            continue
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        out.append((m.start() + lead, m.end() - trail))
    return out


# --- Chinese numerals --------------------------------------------------------------------

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL = "零一二三四五六七八九"
#: the characters a Chinese numeral is written with
CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿"


def int_to_cn(n: int) -> str:
    """12 → 十二, 105 → 一百零五 (for rendering small counts in prose)."""
    if n < 0:
        raise ValueError(n)
    if n < 10:
        return _CN_SMALL[n]
    if n < 20:
        return "十" + (_CN_SMALL[n % 10] if n % 10 else "")
    parts, zero = [], False
    for unit, name in ((10000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, unit)
        if unit == 10000 and d:
            parts.append(int_to_cn(d) + name)
        elif d:
            if zero:
                parts.append("零")
            parts.append(_CN_SMALL[d] + name)
            zero = False
        elif parts:
            zero = True
    return "".join(parts)


def int_to_cn_digits(n: int) -> str:
    """2024 → 二〇二四: digit by digit, as a year is written (Word's ``ideographDigital`` counter)."""
    return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))


def _cn_canonical(n: int) -> str:
    """The standard spelling of ``n`` (亿 and 万 sections), to test whether a numeral is well formed."""
    if n >= 10**8:
        high, low = divmod(n, 10**8)
        rest = _cn_canonical(low) if low else ""
        if low and low < 10**7:
            rest = "零" + rest
        return _cn_canonical(high) + "亿" + rest
    return int_to_cn(n)


def cn_number(text: str) -> Decimal | None:
    """A well-formed Chinese numeral → its value; anything else → None.

    ``两`` → 2, ``十二``/``一十二`` → 12, ``一百零五`` → 105, ``十四万`` → 140000, ``三点五`` → 3.5,
    ``二〇二四`` → 2024 (digit by digit). Not well formed, so None: ``十四五``, ``一百五``,
    ``一万二`` (colloquial), ``〇一``, ``万``.
    """
    from decimal import Decimal  # not at import: a cold ``check`` needs no decimal arithmetic

    s = text.replace("两", "二").replace("〇", "零")
    if "点" in s:
        whole, _, frac = s.partition("点")
        w = _cn_int(whole)
        if w is None or not frac or any(c not in _CN_DIGITS for c in frac):
            return None
        return w + Decimal("0." + "".join(str(_CN_DIGITS[c]) for c in frac))
    value = _cn_int(s)
    return None if value is None else Decimal(value)


def _cn_int(s: str) -> int | None:
    """A well-formed whole numeral (两 and 〇 already folded to 二 and 零) → its value, else None (also when
    longer than 30 characters: no report states such a number, and int() would refuse thousands of digits)."""
    if not s or len(s) > 30:
        return None
    if all(c in _CN_DIGITS for c in s):
        if len(s) == 1:
            return _CN_DIGITS[s]
        if s[0] == "零":
            return None
        return int("".join(str(_CN_DIGITS[c]) for c in s))  # 二〇二四 → 2024
    spelled = s[1:] if s.startswith("一十") else s
    value = _parse_units(spelled)
    if value is None or _cn_canonical(value) != spelled:
        return None
    return value


def _parse_units(s: str) -> int | None:
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in _CN_DIGITS:
            if digit is not None and digit != 0 and _CN_DIGITS[ch] != 0:
                return None
            digit = _CN_DIGITS[ch]
        elif ch in "十百千":
            section += (1 if digit is None else digit) * {"十": 10, "百": 100, "千": 1000}[ch]
            digit = None
        elif ch == "万":
            section = (section + (digit or 0)) * 10000
            total, section, digit = total + section, 0, None
        elif ch == "亿":
            total = (total + section + (digit or 0)) * 10**8
            section, digit = 0, None
        else:
            return None
    return total + section + (digit or 0)


def cn_to_int(text: str) -> int | None:
    """A well-formed whole Chinese numeral (see :func:`cn_number`) as an int, else None."""
    return _cn_int(text.replace("两", "二").replace("〇", "零"))


# --- display width -----------------------------------------------------------------------


def display_width(text: str, *, page: bool = False) -> float:
    """How wide ``text`` shows.

    ``page=False`` (a terminal, a spreadsheet column): in columns — a wide or full-width character
    (Unicode East Asian Width W/F: CJK, full-width forms, 　) is 2, anything else 1. Curly quotes
    and other *ambiguous*-width characters are 1, as terminals and Excel show them.

    ``page=True`` (text laid out on a Chinese page, e.g. copied from a PDF or set in Word): in
    Chinese characters — wide, full-width and ambiguous characters are 1 (a Chinese font sets
    “”‘’…—· a full character wide), anything else ½.
    """
    if text.isascii():
        return len(text) / 2 if page else len(text)
    return sum(map((_PAGE_WIDTHS if page else _COLUMN_WIDTHS).__getitem__, text))


class _Widths(dict):
    """Character → its display width, each character's East Asian Width looked up once (the
    reader measures every line of a report: a lookup per character was a fifth of reading one)."""

    def __init__(self, wide: str, full, half):
        super().__init__()
        self.wide, self.full, self.half = wide, full, half

    def __missing__(self, ch: str):
        width = self.full if unicodedata.east_asian_width(ch) in self.wide else self.half
        if len(self) < 65536:  # a bound, whatever the text holds
            self[ch] = width
        return width


_PAGE_WIDTHS = _Widths("WFA", 1.0, 0.5)
_COLUMN_WIDTHS = _Widths("WF", 2, 1)


# --- web pages ---------------------------------------------------------------------------

_CHARSET_RE = lazy(rb"<meta[^>]{0,300}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_:.\-]{2,40})", re.I)
_GB_NAMES = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "gb18030", "cp936", "x-cp936", "euc-cn", "csgb2312", "chinese"}


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower()
    if name in _GB_NAMES:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html_codec(data: bytes, charset: str | None = None) -> tuple[str, str | None]:
    """Bytes of a page → (text, the codec that decodes it exactly, to write it back with).

    Tried in order: a BOM; valid UTF-8 (a page re-saved as UTF-8 often keeps its old “gb2312”
    declaration, and GBK text is practically never valid UTF-8); the given or declared charset;
    GB18030. When none decodes every byte: GB18030 with replacement characters, and codec None.
    """
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                return data.decode(enc, "replace"), None
    declared = _codec(charset)
    if declared is None:
        m = _CHARSET_RE.search(data[:8192])
        declared = _codec(m.group(1).decode("ascii", "replace")) if m else None
    for enc in dict.fromkeys(e for e in ("utf-8", declared, "gb18030") if e):
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("gb18030", "replace"), None


def decode_html(data: bytes, charset: str | None = None) -> str:
    """Bytes of a page → text (see :func:`decode_html_codec`); never fails."""
    return decode_html_codec(data, charset)[0]


__all__ = [
    "SENTENCE_RE", "FULL_SENTENCE_RE", "SENTENCE_END_CHARS", "SENTENCE_END_RE", "STATEMENT_END_RE",
    "clause_before", "clause_after", "sentence_spans",
    "MARKER_RE", "blank_markers",
    "CN_NUMERAL_CHARS", "cn_number", "cn_to_int", "int_to_cn", "int_to_cn_digits",
    "display_width",
    "decode_html", "decode_html_codec",
]
