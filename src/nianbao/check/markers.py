"""markers: the final gate — a finished report holds no 【待核实…】/【沿用上年…】 marker and no
section that is only a placeholder.

Drafting leaves these markers where the drafter must confirm or rewrite something; a draft with
markers is a legitimate intermediate product, so this rule runs only when a report is checked as
finished (``check_report(…, final=True)``, i.e. ``nianbao check``), never on the draft that
``nianbao draft`` checks for itself.
"""

from __future__ import annotations

import re

from ..catalog import PART_BY_KEY
from ..findings import Finding
from ..lazy_regex import lazy
from ..markers import MARKER_OPEN_RE, MARKER_RE
from ..textutil import SENTENCE_END_CHARS, clause_after, clause_before

RULE = "draft.unresolved_marker"
RULES = {
    RULE: ("error", "仍有待核实标记（【待核实…】【沿用上年…】）或只有占位文字的段落"),
}

#: placeholder text that is not a marker: ××× / XXX / ○○○ standing for a name or a number
#: (×××, or a bracket holding 补充/填写; written to start with one character class, which re
#: scans for quickly, where the plain alternation tried both branches at every character)
_FILLER_RE = lazy(r"[×xX○（(](?:(?<=[×xX○])[×xX○]{2,}|(?<=[（(])[^（）()\n]{0,6}(?:补充|填写)[^（）()\n]{0,30}[)）])")
#: a numbered sub-heading opening a line (“（三）政府信息管理”, “（一）主动公开：…”)
_SUB_RE = lazy(r"^[#*\s]*(?P<num>[（(][一二三四五六七八九十]{1,3}[)）])\s*(?P<title>[^。：:，,；;！？\n【]{0,20})[。：:]?")
#: what is left of a body that says nothing: punctuation, numbering, spaces
_EMPTY_RE = lazy(r"[\s\u3000，,。.；;：:、！!？?（）()\-—…“”\"*#]|[一二三四五六七八九十]是")
QUOTE_MAX = 36
CONTEXT_CHARS = 12
FRONT = "标题和前言"


def quote(marker: str) -> str:
    """The marker as a message shows it: on one line, a long one cut short (“【沿用上年，请核实：…】”)."""
    text = re.sub(r"\s+", "", marker)
    if len(text) <= QUOTE_MAX:
        return text
    return text[: QUOTE_MAX - 2] + "…】"


def _context(text: str, start: int, end: int) -> str:
    """The marker with the words just before it in its sentence, so a bare “【待核实：3份】” says what."""
    before = text[max(0, start - CONTEXT_CHARS): start]
    lead = clause_before(before, "】")
    cut = len(lead) < start and text[start - len(lead) - 1] not in SENTENCE_END_CHARS + "\n"
    lead = lead.lstrip("，,、：: \u3000")
    return ("…" if cut and lead else "") + lead + quote(text[start:end])


def _sections(report) -> list[tuple[str, bool, list[tuple[int, str]]]]:
    """The report in pieces as (place, is narrative, [(1-based line, text)…]): the title and
    preamble, each part, and in parts 一/五/六 each numbered sub-section (its run-in heading left out)."""
    lines = report.lines
    parts = sorted(report.parts.items(), key=lambda kv: kv[1]["line"])
    first = parts[0][1]["line"] - 1 if parts else len(lines)
    out = [(FRONT, False, [(i + 1, lines[i]) for i in range(first)])]
    for key, info in parts:
        part = PART_BY_KEY.get(key)
        heading = part.heading if part else info.get("heading", "")
        narrative = part is not None and part.kind == "narrative"
        current = (heading, narrative, [])
        out.append(current)
        for i in range(info.get("start", info["line"]), info.get("end", info["line"])):
            m = _SUB_RE.match(lines[i]) if narrative else None
            if m and m.group("title").strip():
                current = (f"{heading}{m.group('num')}{m.group('title').strip()}", True, [])
                out.append(current)
                if lines[i][m.end():].strip():
                    current[2].append((i + 1, lines[i][m.end():]))
                continue
            current[2].append((i + 1, lines[i]))
    return out


def _placeholder_only(body: str) -> bool:
    """A body that, without its markers and placeholder filler, says nothing at all."""
    if not (MARKER_RE.search(body) or _FILLER_RE.search(body)):
        return False
    return not _EMPTY_RE.sub("", _FILLER_RE.sub("", MARKER_RE.sub("", body)))


def _finding(message: str, place: str, line: int) -> Finding:
    return Finding(RULE, "error", "narrative", message, {"section": place, "line": line})


#: three placeholder marks in a row: with 补充/填写 and 【, what any finding here needs somewhere in the text
_MARKS_RUN_RE = lazy(r"[×xX○]{3}")


_MARKS = "×xX○"


def _marks_run(text: str) -> bool:
    """Does ``text`` hold three of ×xX○ in a row (``_MARKS_RUN_RE``)? Looked for where each of them
    is (a report has few, and finding a character is far quicker than the pattern's scan of a whole
    report); in a text with many, by the pattern."""
    seen = 0
    for ch in _MARKS:
        i = text.find(ch)
        while i != -1:
            if i + 2 < len(text) and text[i + 1] in _MARKS and text[i + 2] in _MARKS:
                return True
            seen += 1
            if seen > 64:
                return _MARKS_RUN_RE.search(text) is not None
            i = text.find(ch, i + 1)
    return False


def _nothing_to_mark(text: str) -> bool:
    """No marker and no placeholder can match anywhere in ``text`` (a finished report)."""
    return "【" not in text and "补充" not in text and "填写" not in text and not _marks_run(text)


def run(ctx) -> list[Finding]:
    whole_text = "\n".join(ctx.report.lines)
    if _nothing_to_mark(whole_text):
        return []  # not section by section
    out: list[Finding] = []
    for place, narrative, body in _sections(ctx.report):
        text = "\n".join(t for _, t in body)
        if not text.strip():
            continue
        ends, pos = [], 0
        for _, t in body:
            pos += len(t) + 1
            ends.append(pos)

        def line_at(offset: int) -> int:
            return body[next(n for n, end in enumerate(ends) if offset < end)][0]

        only = narrative and _placeholder_only(text)
        whole = list(MARKER_RE.finditer(text))
        covered = {m.start() for m in whole}
        for m in MARKER_OPEN_RE.finditer(text):
            if m.start() not in covered:  # a marker whose closing bracket was lost
                piece = "【" + clause_after(text[m.start() + 1: m.start() + QUOTE_MAX], "【")
                piece = re.sub(r"\s+", "", piece)
                out.append(_finding(f"{place}仍有待核实标记：“{piece}…”，核实或改写后删去标记", place, line_at(m.start())))
        for m in whole:
            if only:
                message = f"{place}只有占位标记，尚未填写内容：{quote(m.group())}"
            else:
                message = f"{place}仍有待核实标记：“{_context(text, m.start(), m.end())}”，核实或改写后删去标记"
            out.append(_finding(message, place, line_at(m.start())))
        if only and not MARKER_RE.search(text):
            filler = _FILLER_RE.search(text)
            out.append(_finding(f"{place}只有占位文字，尚未填写内容：“{quote(filler.group())}”", place, line_at(filler.start())))
    return out
