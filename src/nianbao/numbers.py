"""Numbers as they appear in reports: cell values, Arabic numerals (Chinese ones: :mod:`nianbao.textutil`)."""

from __future__ import annotations

import math
import re
import unicodedata

from .textutil import cn_to_int

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


# --- Arabic or Chinese (Chinese numerals are parsed in nianbao.textutil) ----------------


def to_int(text: str) -> int | None:
    """An Arabic (any width, thousands separators) or Chinese numeral as an int."""
    value = parse_number(text)
    if isinstance(value, int):
        return value
    if value is not None:
        return None
    return cn_to_int(text.strip())
