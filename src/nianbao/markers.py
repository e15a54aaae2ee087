"""The visible markers drafting leaves for the drafter to resolve: 【待核实：…】 around a number or
phrase to confirm, 【沿用上年，请核实：…】 around last year's text carried over. Writers highlight
them, ``summarize`` leaves them out, and ``nianbao check`` reports each one left (check/markers.py).
Text inside a marker is not this year's statement: the narrative and year rules look past it."""

from __future__ import annotations

import re

#: the words that open a marker the drafter must resolve
MARKER_WORDS = ("待核实", "沿用上年", "请核实", "待补充", "请补充", "待填写", "请填写")
_OPEN = r"【\s*(?:" + "|".join(r"\s*".join(word) for word in MARKER_WORDS) + r")"
#: one marker; it may run over a line break where a text file was wrapped, even inside its word
MARKER_RE = re.compile(_OPEN + r"[^【】]{0,2000}】")
#: the opening of a marker, also where its closing bracket was lost (text out of order in a PDF)
MARKER_OPEN_RE = re.compile(_OPEN)


def count(text: str) -> int:
    """How many markers ``text`` holds."""
    return len(MARKER_RE.findall(text or ""))


def blank_markers(text: str) -> str:
    """``text`` with every marker replaced by as many ideographic spaces (positions kept)."""
    if "【" not in text:
        return text
    return MARKER_RE.sub(lambda m: "\u3000" * len(m.group(0)), text)
