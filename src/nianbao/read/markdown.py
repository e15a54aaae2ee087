"""Markdown (hand-written, exported, or produced by OCR tools) → plain text lines.

The text reader already knows ``#`` headings and pipe tables; this pass removes what Markdown
adds around the words — bold/italic markers, backslash escapes, ``<br>`` inside table cells,
entities, images and link targets — and replaces HTML ``<table>`` blocks (which OCR tools
write for tables with merged cells) with tab-separated rows. Line numbers are kept except
where an HTML table is expanded.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import accumulate

_HEADING_RE = re.compile(r"^\s{0,3}#{1,6}\s", re.M)
_PIPE_SEP_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$", re.M)
_EMPHASIS_RE = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")
_BR_RE = re.compile(r"<\s*br\s*/?\s*>", re.I)
_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK_RE = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_RULE_RE = re.compile(r"^\s*(?:={3,}|-{3,}|\*{3,}|_{3,})\s*$")
_QUOTE_RE = re.compile(r"^\s*>\s?")
_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
_TAG_RE = re.compile(r"</?(?:span|font|b|strong|i|em|u|sup|sub|p|div)\b[^>]*>", re.I)


def looks_markdown(text: str) -> bool:
    head = text[:200000]
    # (“-” and “*” looked for first: one character is found far quicker than two or three, and a
    # text without it has neither “---” nor “**”)
    return bool(
        ("#" in head and _HEADING_RE.search(head))
        # (a separator row's first dashes are the text's first “---”, or it has none: searched from that line)
        or ("-" in head and "---" in head and _PIPE_SEP_RE.search(head, head.rfind("\n", 0, head.find("---")) + 1))
        or ("*" in head and "**" in head)
        or ("<" in head and "<table" in head.lower())
    )


def _html_tables(text: str) -> str:
    """Each ``<table>…</table>`` block → its rows as tab-separated lines."""
    if "<" not in text:  # (no character lower-cases to “<”: the common case without a lower-cased copy)
        return text
    lower = text.lower()
    if "<table" not in lower:
        return text
    from .html import fragment_table_lines

    out: list[str] = []
    pos = 0
    while True:
        start = lower.find("<table", pos)
        if start == -1:
            break
        depth, cursor, end = 0, start, -1
        while True:
            nxt_open = lower.find("<table", cursor + 1)
            nxt_close = lower.find("</table", cursor + 1)
            if nxt_close == -1:
                break
            if nxt_open != -1 and nxt_open < nxt_close:
                depth += 1
                cursor = nxt_open
                continue
            if depth == 0:
                end = lower.find(">", nxt_close)
                end = len(text) if end == -1 else end + 1
                break
            depth -= 1
            cursor = nxt_close
        if end == -1:
            end = len(text)
        out.append(text[pos:start])
        out.append("\n" + "\n".join(fragment_table_lines(text[start:end])) + "\n")
        pos = end
    out.append(text[pos:])
    return "".join(out)


#: a line without any of these characters has no Markdown to clean (the common case, fast)
_SPECIAL_RE = re.compile(r"[=\-*_>!\[<\\&]")
#: the same characters, each looked for in a whole text
_SPECIALS = "=-*_>![<\\&"


def _clean_line(line: str) -> str:
    if not _SPECIAL_RE.search(line):
        return line
    if "|" in line and not line.strip("|-: "):  # a table's separator row: nothing to clean
        return line
    if _RULE_RE.match(line):
        return ""
    line = _QUOTE_RE.sub("", line)
    line = _IMAGE_RE.sub("", line)
    line = _LINK_RE.sub(r"\1", line)
    pipe = line.lstrip().startswith("|")
    if pipe:
        line = line.replace("\\|", "｜")
        line = _BR_RE.sub("", line)
    line = _TAG_RE.sub("", line)
    line = _EMPHASIS_RE.sub("", line)
    line = _ESCAPE_RE.sub(r"\1", line)
    if "&" in line:
        import html

        line = html.unescape(line).replace("\xa0", " ")
    return line


def markdown_text(text: str) -> str:
    """Markdown → the plain text the text reader expects."""
    # comments are invisible in Markdown (OCR tools leave page notes in them); keep line numbers
    text = _COMMENT_RE.sub(lambda m: "\n" * m.group().count("\n"), text)
    text = _html_tables(text)
    lines = text.split("\n")
    starts = list(accumulate([len(ln) + 1 for ln in lines], initial=0))
    marked = set()  # only lines with such a character need cleaning: found by one pass per character
    for ch in _SPECIALS:
        pos = text.find(ch)
        while pos != -1:
            i = bisect_right(starts, pos) - 1
            marked.add(i)
            pos = text.find(ch, starts[i + 1])
    for i in marked:  # (each once: cleaning is not idempotent)
        lines[i] = _clean_line(lines[i])
    return "\n".join(lines)


__all__ = ["looks_markdown", "markdown_text"]
