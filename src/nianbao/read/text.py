"""Plain text (as copied from Word, a web page or a PDF) → :class:`~nianbao.model.Report`."""

from __future__ import annotations

import re

from ..catalog import NARRATIVE_KEYS, PARTS, TABLE2, TABLE3, TABLE4
from ..errors import ReportReadError
from ..findings import Finding
from ..model import Report
from ..textutil import display_width
from .parts import find_parts, find_stats_year, find_title, split_inline_headings
from .table_tokens import PAGE_MARK_RE, has_pre2021_hint, is_pre2021
from .tables import read_tables

_SPACE_RUN_RE = re.compile("[ \t\u00a0]+")
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_AFTER_CJK = frozenset(_LETTERS + "%(（")  # besides CJK and digits
_BEFORE_CJK = frozenset(_LETTERS + "%)）")  # besides digits
_SUBHEADING_START_RE = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、|\d+[、.．](?!\d))")
_OPENING_YEAR_RE = re.compile(r"^\s*((?:19|20)\d{2})\s*年")
_META_RE = re.compile(r"^#\s*[A-Za-z_][\w-]*\s*:")
_T3_START_RE = re.compile(r"勾稽关系|申请人情况|本年新收")
_T4_START_RE = re.compile(r"行政复议")


def _is_cjk(ch: str) -> bool:
    """U+3400–U+9FFF, CJK punctuation U+3000–U+303F, full-width forms U+FF00–U+FFEF."""
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF


def _space_kept(m: re.Match) -> str:
    """A run of spaces between CJK and CJK, a digit, a Latin letter, % or an opening bracket, or
    between a digit, a letter, % or a closing bracket and CJK, is dropped; any other stays. (A
    function: one regex with these CJK character classes takes ~7 ms to compile in every run.)"""
    s, i, j = m.string, m.start(), m.end()
    if i == 0 or j == len(s):
        return m.group()
    before, after = s[i - 1], s[j]
    if _is_cjk(before):
        drop = _is_cjk(after) or after.isdecimal() or after in _AFTER_CJK
    else:
        drop = _is_cjk(after) and (before.isdecimal() or before in _BEFORE_CJK)
    return "" if drop else m.group()


#: lines measured by look-up so far: the GBK codec takes about 1 ms to load, which pays off only after
#: a few hundred lines (a batch), not for one report
_looked_up = 0


def page_width(text: str) -> float:
    """``display_width(text, page=True)``, counted by the C codec once it pays off: every character GBK
    encodes in two bytes is East Asian Width W, F or A (one Chinese character wide on a page), every
    one it encodes in one byte is ASCII (half as wide), so the width is half the GBK length (a test
    checks the codec)."""
    global _looked_up
    if text.isascii():
        return len(text) / 2
    if _looked_up < 300:
        _looked_up += 1
        return display_width(text, page=True)
    try:
        return len(text.encode("gbk")) / 2
    except UnicodeEncodeError:  # a character GBK does not have
        return display_width(text, page=True)


def _page_widths(texts: list[str]) -> list[float]:
    """Page widths of ``texts`` (in any order), half the length of those over 128 characters (see
    :func:`wrap_width`); once the codec pays off (:func:`page_width`), the others by one encoding."""
    short = [s for s in texts if len(s) <= 128]
    widths = [len(s) / 2 for s in texts if len(s) > 128]
    joined = "\0".join(short) if _looked_up >= 300 else ""
    if joined and joined.count("\0") == len(short) - 1:  # (GBK writes NUL only for NUL)
        try:
            return widths + [len(b) / 2 for b in joined.encode("gbk").split(b"\0")]
        except UnicodeEncodeError:  # a character GBK does not have: measured line by line
            pass
    return widths + [page_width(s) for s in short]


def wrap_width(lines: list[str]) -> float | None:
    """The page width of text copied from a PDF (hard-wrapped lines), else None."""
    # a line of more than 128 characters is wider than 64 (every character is at least ½): its
    # exact width cannot change the answer (a page width is at most 60, and such a line counts as
    # near it either way), so half its length stands in for it (long paragraphs are most of a text)
    texts = [s for ln in lines if len(ln) > 8 and "\t" not in ln and len(s := ln.strip()) > 8]
    if len(texts) < 8:
        return None
    # the common case, text that is not hard-wrapped: when the top tenth are all lines of more than
    # 120 characters (wider than 60), so is the page width below, and no line need be measured
    if sum(1 for s in texts if len(s) > 120) >= len(texts) - int(len(texts) * 0.9):
        return None
    widths = sorted(_page_widths(texts))
    top = widths[int(len(widths) * 0.9)]
    if top > 60:
        return None
    near = sum(1 for w in widths if w >= top - 4)
    return top if near >= 0.4 * len(widths) else None


def tidy_spacing(text: str) -> str:
    """Drop the spaces a PDF puts between Chinese characters and digits (“2024 年” → “2024年”)."""
    if " " not in text and "\t" not in text and "\xa0" not in text:
        return text
    return _SPACE_RUN_RE.sub(_space_kept, text)


def paragraphs(lines: list[str], width: float | None) -> list[str]:
    """Narrative lines → paragraphs: page marks dropped, PDF line wraps re-joined."""
    out: list[str] = []
    current = ""
    last = ""
    for raw in lines:
        line = raw.strip()  # (U+3000, the ideographic space, is whitespace: strip() drops it too)
        if not line or PAGE_MARK_RE.match(line):
            if not line and current:
                out.append(current)
                current = ""
            continue
        joins = (
            current
            and width is not None
            and page_width(last) >= width - 4
            and not last.endswith(("。", "！", "？", "；", "：", "!", "?", ";", ":"))
            and not _SUBHEADING_START_RE.match(line)
        )
        if joins:
            current += line
        else:
            if current:
                out.append(current)
            current = line
        last = line
    if current:
        out.append(current)
    return [tidy_spacing(p) for p in out]


def looks_like_report(text: str) -> bool:
    return "政府信息公开" in text or "本年新收" in text or "主动公开" in text


def read_text(text: str, source: str = "<text>") -> Report:
    """Read a report from decoded text. Raises :class:`ReportReadError` if it is not a report."""
    lines = text.split("\n")
    # a metadata header ("# source: …", "# kind: …") as corpus files carry: keep line numbers, drop text
    for i, line in enumerate(lines):
        if not _META_RE.match(line):
            break
        lines[i] = ""
    parts = find_parts(lines)
    if len(parts) < len(PARTS):  # headings may run inline in paragraphs (web text): split them out
        split = split_inline_headings(lines)
        if split is not lines:
            lines = split
            parts = find_parts(lines)
    report = Report(source=source, lines=lines)
    if not parts and not looks_like_report(text):
        raise ReportReadError(
            source,
            "没有找到政府信息公开工作年度报告的内容（既没有六个部分的标题，也没有统计表格）",
            "请确认选对了文件",
        )
    _refuse_truncated(parts, source, lines)
    width = wrap_width(lines)
    order = list(parts.items())
    first = order[0][1]["index"] if order else len(lines)

    # title, agency, year --------------------------------------------------------------
    title, agency, title_year = find_title(lines, first)
    report.title, report.agency, report.title_year = title, agency, title_year
    head = [ln for ln in lines[:first] if not (title and ln.strip().lstrip("#").strip() and ln.strip().lstrip("#").strip() in title)]
    report.preamble = "\n".join(paragraphs(head, width))
    y1, y2 = find_stats_year(tidy_spacing(" ".join(lines[:first])))
    report.stats_year = y1
    if y2 is not None and y1 is not None and y2 != y1:
        report.findings.append(
            Finding("structure.stats_period_span", "warning", "structure",
                    f"统计期限跨了两个年度（{y1}年至{y2}年），年度报告应为一个自然年", {"section": "前言"})
        )

    # parts ---------------------------------------------------------------------------
    for n, (key, info) in enumerate(order):
        start = info["index"] + 1
        end = order[n + 1][1]["index"] if n + 1 < len(order) else len(lines)
        report.parts[key] = {"heading": info["heading"], "numeral": info["numeral"], "line": info["index"] + 1,
                             "start": start, "end": end}
        if key in NARRATIVE_KEYS:
            report.sections[key] = "\n".join(paragraphs(lines[start:end], width))

    opening = _OPENING_YEAR_RE.match(tidy_spacing(report.sections.get("overview", "")))
    report.year = title_year or (int(opening.group(1)) if opening else None) or y1

    # tables --------------------------------------------------------------------------
    regions = _table_regions(report, lines)
    if _may_be_pre2021(report, lines) and is_pre2021([ln for region in regions.values() for ln in region]):
        report.format = "pre-2021"
        return report
    read_tables(report, regions)
    return report


def _refuse_truncated(parts: dict, source: str, lines: list[str]) -> None:
    """A file that stops before the tables end (parts 四–六 all absent) is not a report to check."""
    if not parts or any(k in parts for k in ("review_litigation", "problems", "other_matters")):
        return
    last = max(parts.values(), key=lambda p: p["index"])
    raise ReportReadError(
        source,
        f"报告不完整：最后一个部分是“{last['heading']}”（第 {last['index'] + 1} 行），之后没有第四、五、六部分，文件可能被截断",
        "请重新复制或导出完整的报告全文",
    )


def _may_be_pre2021(report: Report, lines: list[str]) -> bool:
    """False where :func:`is_pre2021` of the table regions is: with all three tables' parts found
    (the common case), their regions are lines of the span from the first to the last, joined at once
    and searched for the words (without them, no line of the regions has one)."""
    keys = (TABLE2.key, TABLE3.key, TABLE4.key)
    if not all(k in report.parts for k in keys):
        return True
    spans = [report.parts[k] for k in keys]
    return has_pre2021_hint("\n".join(lines[min(p["start"] for p in spans): max(p["end"] for p in spans)]))


def _numbered(lines: list[str], start: int, end: int) -> list[tuple[int, str]]:
    if 0 <= start and end <= len(lines):  # (the common case, at C speed)
        return list(zip(range(start + 1, end + 1), lines[start:end]))
    return [(i + 1, lines[i]) for i in range(start, end)]


def _table_regions(report: Report, lines: list[str]) -> dict[str, list[tuple[int, str]]]:
    """Lines of each table: its part's body, or (headings missing) found by content."""
    keys = (TABLE2.key, TABLE3.key, TABLE4.key)
    if all(k in report.parts for k in keys):
        return {k: _numbered(lines, report.parts[k]["start"], report.parts[k]["end"]) for k in keys}
    # the zone that holds the tables: after part 一 (or the first table heading) up to part 五/六
    starts = [report.parts[k]["start"] - 1 for k in keys if k in report.parts]
    if starts:
        zone_start = min(starts)
    elif "overview" in report.parts:
        zone_start = report.parts["overview"]["start"]
    else:
        zone_start = 0
    ends = [report.parts[k]["start"] - 1 for k in ("problems", "other_matters") if k in report.parts]
    zone_end = min(ends) if ends else len(lines)
    if "overview" in report.parts and not starts:
        # the tables follow the narrative; begin at the first line that looks like table 2
        for i in range(zone_start, zone_end):
            if re.search(r"第二十条|信息内容|本年制发", lines[i]):
                zone_start = i
                break
    t3 = report.parts.get(TABLE3.key, {}).get("start", 0) - 1 if TABLE3.key in report.parts else None
    t4 = report.parts.get(TABLE4.key, {}).get("start", 0) - 1 if TABLE4.key in report.parts else None
    if t3 is None:
        t3 = next((i for i in range(zone_start, t4 if t4 is not None else zone_end) if _T3_START_RE.search(lines[i])), None)
    if t4 is None:
        after = (t3 + 1) if t3 is not None else zone_start
        last_t3 = max((i for i in range(after, zone_end) if re.search(r"结转下年度|转下年度", lines[i])), default=None)
        search_from = (last_t3 + 1) if last_t3 is not None else after
        t4 = next((i for i in range(search_from, zone_end) if _T4_START_RE.search(lines[i])), None)
    t2_end = next(x for x in (t3, t4, zone_end) if x is not None)
    t3_end = t4 if t4 is not None else zone_end
    return {
        TABLE2.key: _numbered(lines, zone_start, t2_end),
        TABLE3.key: _numbered(lines, t3, t3_end) if t3 is not None else [],
        TABLE4.key: _numbered(lines, t4, zone_end) if t4 is not None else [],
    }
