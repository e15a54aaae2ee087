"""Numbers as they appear in reports: cell values, Arabic and Chinese numerals."""

from __future__ import annotations

import math
import re
import unicodedata

#: cell texts that real reports use for "nothing" (read as 0, with a finding)
DASHES = frozenset({"/", "／", "—", "——", "-", "--", "–", "－", "无", "空", "\\"})

_NUMBER_RE = re.compile(r"^[+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_NEGATIVE_RE = re.compile(r"^-\s*(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def fold(text: str) -> str:
    """Full-width digits, letters and punctuation to their ASCII forms (NFKC)."""
    return unicodedata.normalize("NFKC", text)


def parse_number(text: str) -> int | float | None:
    """``"1,111"`` → 1111, ``"９６"`` → 96, ``"96171.6"`` → 96171.6; anything else → None."""
    t = fold(text).strip().replace(" ", "")
    if not _NUMBER_RE.match(t):
        return None
    t = t.lstrip("+").replace(",", "")
    if len(t) > 30:  # no table cell holds such a number: not read as one (and int() would refuse it)
        return None
    return float(t) if "." in t else int(t)


def decimal_text(value: float | int) -> str:
    """A number written out in full: ``12.5`` → "12.5", ``1e-05`` → "0.00001", ``1e+16`` → "10000000000000000";
    never an exponent, never "inf" (a value that is not finite raises ValueError)."""
    from decimal import Decimal

    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    text = format(d, "f")
    return text


def is_negative_number(text: str) -> bool:
    return bool(_NEGATIVE_RE.match(fold(text).strip()))


def is_dash(text: str) -> bool:
    t = fold(text).strip()
    return t in DASHES or (len(t) > 1 and set(t) <= {"-", "—", "–"})


# --- Chinese numerals --------------------------------------------------------------------

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(CN_UNITS)


def cn_to_int(text: str) -> int | None:
    """``十二`` → 12, ``两`` → 2, ``一百零五`` → 105, ``二〇二四`` → 2024; not a numeral → None."""
    if not text or len(text) > 30 or any(ch not in CN_DIGITS and ch not in CN_UNITS for ch in text):
        return None
    if all(ch in CN_DIGITS for ch in text) and len(text) > 1:  # digit by digit: 二〇二四
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in CN_DIGITS:
            digit = CN_DIGITS[ch]
        else:
            unit = CN_UNITS[ch]
            if unit == 10000:
                section = (section + (digit or 0)) * unit
                total += section
                section = 0
            else:
                section += (1 if digit is None else digit) * unit
            digit = None
    return total + section + (digit or 0)


def to_int(text: str) -> int | None:
    """An Arabic (any width, thousands separators) or Chinese numeral as an int."""
    value = parse_number(text)
    if isinstance(value, int):
        return value
    if value is not None:
        return None
    return cn_to_int(text.strip())


_CN_SMALL = "零一二三四五六七八九"


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
