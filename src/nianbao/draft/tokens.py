"""Numbers in narrative text, with their measure words: what carry-forward and provenance look at.

A token is an Arabic number (with any 万/亿, 余/多 and measure word after it), a percentage, a
year (“2024年”, “2024版”), a date (“3月15日”), a document number (“〔2021〕30号”, left alone), or
a Chinese numeral of 2 or more followed by a count measure word (“三次”, “十二件”). Ordinals and
set phrases (“一是”, “第三”, “两个维护”, “五个方面”) are not tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..markers import MARKER_RE
from ..textutil import cn_to_int

MARK_OPEN = "【待核实："
MARK_CLOSE = "】"
#: a whole sentence of last year's text kept for the drafter to confirm or rewrite
CARRIED_MARK_OPEN = "【沿用上年，请核实："
#: every marker a draft may hold: 【待核实：…】 (a number or phrase) and 【沿用上年，请核实：…】 (a sentence)
MARK_RE = MARKER_RE

UNITS = (
    "个百分点", "人次", "场次", "万元", "亿元", "件次", "%", "％", "元", "件", "次", "条", "个", "篇", "期", "场",
    "份", "项", "家", "名", "户", "人", "起", "批", "天", "小时", "万", "亿",
)
_UNIT_ALT = "|".join(re.escape(u) for u in UNITS)
CN_COUNT_UNITS = ("人次", "场次", "件", "次", "条", "篇", "期", "场", "份", "家", "名", "户", "万元", "元")
_CN = "零〇一二两三四五六七八九十百千万"

TOKEN_RE = re.compile(
    rf"(?P<ident>[〔\[［](?:19|20)\d{{2}}[〕\]］]\s*\d+\s*号)"
    rf"|(?P<date>(?:(?<!\d)(?:19|20)\d{{2}}\s*年\s*)?(?<!\d)\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*日)?)"
    rf"|(?P<year>(?<![\d.])(?:19|20)\d{{2}}(?=\s*(?:年|版)))"
    rf"|(?P<num>(?<![\d.])\d+(?:,\d{{3}})*(?:\.\d+)?)(?P<tail>\s*(?:万|亿|千)?(?:余|多)?\s*(?:{_UNIT_ALT})?(?:余)?)"
    rf"|(?<![第{_CN}])(?P<cn>[{_CN}]+)(?P<cntail>(?:余|多)?(?:{'|'.join(CN_COUNT_UNITS)}))"
)

#: the characters a token starts with (every branch of TOKEN_RE consumes one of them first)
_START_RE = re.compile(rf"[\d〔\[［{_CN}]")


def _token_matches(text: str):
    """``TOKEN_RE.finditer(text)``, with TOKEN_RE tried only where a token can start: the pattern has no fixed
    first character, so ``finditer`` runs all five branches at every position of the text (~1.5 K instructions a
    character), where one in twenty characters can start a token. Its matches are never empty, so the scan goes on
    at a match's end, as ``finditer``'s does."""
    search, match = _START_RE.search, TOKEN_RE.match
    pos = 0
    while True:
        start = search(text, pos)
        if start is None:
            return
        m = match(text, start.start())
        if m is None:
            pos = start.start() + 1
        else:
            yield m
            pos = m.end()


@dataclass
class Token:
    """A number of narrative text, with its measure word."""

    start: int
    end: int
    text: str
    kind: str  # number | percent | year | date | ident
    value: float | int | None  # the number (for number/percent/year)
    unit: str = ""  # measure word after it, “” if none
    approximate: bool = False  # “余”, “多”, “万” scale words: not an exact figure

    def __repr__(self) -> str:
        return f"Token({self.kind} {self.text!r})"


def _unit_of(tail: str) -> tuple[str, bool]:
    tail = tail.replace(" ", "")
    approx = "余" in tail or "多" in tail
    core = tail.replace("余", "").replace("多", "")
    scale = core[:1] if core[:1] in ("万", "亿", "千") and core not in ("万元", "亿元") else ""
    unit = core[len(scale):]
    return unit, approx or bool(scale)


def tokens(text: str) -> list[Token]:
    """The number tokens of ``text`` in order (inside 【待核实】 markers too; see outside_marks)."""
    out: list[Token] = []
    for m in _token_matches(text):
        if m.group("ident"):
            out.append(Token(m.start(), m.end(), m.group(0), "ident", None))
        elif m.group("date"):
            out.append(Token(m.start(), m.end(), m.group(0), "date", None))
        elif m.group("year"):
            out.append(Token(m.start(), m.end(), m.group(0), "year", int(m.group("year"))))
        elif m.group("num"):
            raw = m.group("num").replace(",", "")
            value = float(raw) if "." in raw else int(raw)
            unit, approx = _unit_of(m.group("tail"))
            kind = "percent" if unit in ("%", "％", "个百分点") else "number"
            end = m.end() if unit or approx else m.end("num")
            out.append(Token(m.start(), end, text[m.start():end], kind, value, unit, approx))
        else:
            value = cn_to_int(m.group("cn"))
            if value is None or value < 2:
                continue
            unit, approx = _unit_of(m.group("cntail"))
            out.append(Token(m.start(), m.end(), m.group(0), "number", value, unit, approx))
    return out


def mark_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in MARK_RE.finditer(text)]


def outside_marks(text: str) -> list[Token]:
    """The tokens of ``text`` that do not stand inside a 【待核实…】 marker."""
    spans = mark_spans(text)
    return [t for t in tokens(text) if not any(s <= t.start and t.end <= e for s, e in spans)]


def mark(text: str) -> str:
    """Wrap ``text`` in the visible marker the user must resolve: 【待核实：…】."""
    return f"{MARK_OPEN}{text}{MARK_CLOSE}"


def mark_carried(sentence: str) -> str:
    """Last year's ``sentence`` as written, inside 【沿用上年，请核实：…】; its end mark stays outside
    so that the marker never spans two sentences."""
    body = sentence.strip().replace("【", "［").replace("】", "］")
    end = body[-1] if body and body[-1] in "。！？；!?;" else ""
    body = body[: len(body) - len(end)]
    return f"{CARRIED_MARK_OPEN}{body}{MARK_CLOSE}{end or '。'}"


def has_mark(text: str) -> bool:
    return bool(MARK_RE.search(text))
