"""Finding the six part headings, the title (agency, year) and the statistics period."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..catalog import PARTS, Part
from ..lazy_regex import lazy

CN_PART_NUMERALS = "一二三四五六七八九十"

_MD_RE = re.compile(r"^\s*#{1,6}\s*|\*\*|__")
_TOC_TAIL_RE = re.compile(r"(?:[.·…．\s]{2,}|\t+)\s*\d+\s*$")
_NUMBERING_RE = re.compile(
    r"^(?:第(?P<ord>[一二三四五六七八九十]+)(?:部分|章|节)[、.．:：\s]*"
    r"|(?P<cn>[一二三四五六七八九十]+)\s*[、.．:：]\s*"
    r"|(?P<ar>\d{1,2})\s*[、.．:：]\s*(?!\d)"
    r"|(?P<paren>[(（][一二三四五六七八九十\d]+[)）])\s*"
    r"|(?P<bare>[一二三四五六七八九十])\s+)"
)
_STRIP_RE = re.compile(r"[\s\u3000*“”\"]")
_TRAIL_PUNCT_RE = re.compile(r"[。:：;；,，]+$")


def _numeral_of(match) -> str | None:
    if match is None:
        return None
    for name in ("ord", "cn", "bare"):
        if match.group(name):
            return match.group(name)
    if match.group("ar"):
        n = int(match.group("ar"))
        return CN_PART_NUMERALS[n - 1] if 1 <= n <= 10 else "?"
    return "paren"


@lru_cache(maxsize=4096)  # the reader and check's duplicate-report rule ask about the same lines
def classify_heading(line: str) -> tuple[Part, str | None, bool] | None:
    """If ``line`` is a part heading: (part, numeral used or None, looks like a TOC entry)."""
    raw = line.strip()
    if not raw or len(raw) > 60:
        return None
    text = unicodedata.normalize("NFKC", _MD_RE.sub("", raw)).strip()
    # (a TOC tail ends in a digit: the text, stripped, does; its pattern is asked only then)
    toc = bool(text) and text[-1].isdecimal() and bool(_TOC_TAIL_RE.search(text))
    if toc:
        text = _TOC_TAIL_RE.sub("", text)
    m = _NUMBERING_RE.match(text)
    numeral = _numeral_of(m)
    if numeral == "paren":  # （一）… numbers sub-headings; a part only with its full title
        numeral = m.group("paren").strip("()（）")
        strict_only = True
    else:
        strict_only = False
    body = text[m.end():] if m else text
    searches = _part_searches()
    # a table row (“一、本年新收… 128 158 …”): told before the body is cleaned, which drops no digit
    if _LITERAL_PATTERNS[0] and any(map(str.isdigit, body)):
        return None
    # a scan's speck or a lost numeral leaves punctuation in front (“二、.主动公开…”, “、主动公开…”, “二、一主动公开…”: a dash read as 一)
    body = _TRAIL_PUNCT_RE.sub("", _STRIP_RE.sub("", body)).lstrip("、.．:：,，-－—一_~～·")
    if not body:
        return None
    for part, strict, loose in searches:
        if any(search(body) for search in strict):
            return part, numeral, toc
        if not strict_only and numeral == part.number and any(search(body) for search in loose):
            return part, numeral, toc
    return None


_PART_SEARCHES: list = []
#: whether every heading pattern is made of words only (no digit, class, dot or escape): then a body
#: with a digit in it matches none (set with the searches)
_LITERAL_PATTERNS = [False]


def _part_searches() -> list:
    """Each part with the compiled search of its heading patterns (strict, loose), built at first use."""
    if not _PART_SEARCHES:
        _LITERAL_PATTERNS[0] = not any(any(map(str.isdigit, p)) or any(c in p for c in "[.\\")
                                       for part in PARTS for p in (*part.patterns, *part.loose))
        _PART_SEARCHES.extend((part, tuple(re.compile(p).search for p in part.patterns),
                               tuple(re.compile(p).search for p in part.loose)) for part in PARTS)
    return _PART_SEARCHES


#: every heading pattern ends in one of these words (a cheap filter before the full match)
_HEADING_HINT_RE = re.compile(r"情况|事项|问题|措施|计划|方向|概述|概况|主动公开|依申请公开|政府信息")


def heading_candidates(lines: list[str]) -> list[int]:
    """Indices of the lines that may be a part heading: at most 60 characters, no tab, and one of the
    words every heading has. The reader and check's duplicate-report rule ask about the same lines,
    one after the other: the answer is kept for the last text, with a copy of its lines to compare
    (equal lists: the same strings, mostly the very same objects; no hash of every long line)."""
    kept = _LAST[0]  # (read once: the lines and their answer together, whoever asks next)
    if kept is not None and kept[0] == lines:
        return list(kept[1])
    found = _candidates(lines)
    _LAST[0] = (list(lines), found)
    return list(found)


#: [(a copy of the lines heading_candidates last answered for, its answer) or None]
_LAST: list = [None]


def _candidates(lines: list[str]) -> tuple[int, ...]:
    # only short lines are asked (long paragraphs are most of a text); their answers are kept, by the
    # line's text: headings, table labels, numbers and blank lines come again in every report
    known = _SHORT_LINES
    found = []
    for i, line in enumerate(lines):
        if len(line) <= 60:
            hit = known.get(line)
            if hit is None:
                if len(known) >= 8192:
                    known.clear()
                hit = known[line] = _is_candidate(line)
            if hit:
                found.append(i)
    return tuple(found)


#: short line → whether it may be a part heading (see _candidates)
_SHORT_LINES: dict[str, bool] = {}


def _is_candidate(line: str) -> bool:
    """Whether a line of at most 60 characters may be a part heading: no tab, and one of the words
    (none of them ASCII)."""
    return "\t" not in line and not line.isascii() and _HEADING_HINT_RE.search(line) is not None


def find_parts(lines: list[str]) -> dict[str, dict]:
    """Locate the body heading of each part: {key: {"index", "numeral", "heading"}}.

    A table of contents repeats the headings near the top (entries with page numbers are
    recognised as such); otherwise the body's heading is each part's last candidate, which keeps
    parts that are out of order visible to the structure rules.
    """
    chosen: dict[str, dict] = {}
    for i in heading_candidates(lines):
        line = lines[i]
        hit = classify_heading(line)
        if hit and not hit[2]:
            chosen[hit[0].key] = {"index": i, "numeral": hit[1], "heading": line.strip()}
    return dict(sorted(chosen.items(), key=lambda kv: kv[1]["index"]))


#: a part heading with its own numeral, as it runs inside a paragraph of web text
_INLINE_HEADING_RE = lazy(
    r"(?P<n>[一二三四五六])、\s*(?:(?P<一>(?:工作)?总体情况)"
    r"|(?P<二>主动公开政府信息(?:的)?情况)"
    r"|(?P<三>收到(?:和|及|与)处理政府信息公开申请(?:的)?情况)"
    r"|(?P<四>(?:因)?政府信息公开(?:工作)?(?:被申请)?行政复议[、和及与]?(?:被)?(?:提起)?行政诉讼(?:的)?情况)"
    r"|(?P<五>(?:政府信息公开工作)?存在的(?:主要)?问题(?:及|和|与)(?:改进|整改)(?:情况|措施|计划|方向))"
    r"|(?P<六>其[他它]需要报告的(?:事项|情况)))"
)
_INLINE_BEFORE = "。！？；”）)"  # a sentence ended (or a table's last number) just before


def split_inline_headings(lines: list[str]) -> list[str]:
    """Lines with a part heading running inline (“…。一、总体情况 2024年，…”) split so that the
    heading stands on its own line; other lines unchanged (the common case costs one search)."""
    text = "\n".join(lines)
    for m in _INLINE_HEADING_RE.finditer(text):
        if not m.group(m.group("n")):
            continue
        before = text[text.rfind("\n", 0, m.start()) + 1: m.start()].strip()
        end = text.find("\n", m.end())
        if before or text[m.end(): end if end >= 0 else len(text)].strip():
            break  # a heading that shares its line with other text
    else:
        return lines  # the common case: every heading stands on its own line
    out: list[str] = []
    for line in lines:
        cuts = []
        for m in _INLINE_HEADING_RE.finditer(line):
            if not m.group(m.group("n")):
                continue  # a numeral with another part's title
            before = line[: m.start()].rstrip()
            after = line[m.end():].strip()
            if (before and before[-1] not in _INLINE_BEFORE and not before[-1].isdigit()) or (not before and not after):
                continue  # a heading alone on its line, or a heading named inside a sentence
            cuts.append((m.start(), m.end()))
        if not cuts:
            out.append(line)
            continue
        pos = 0
        for start, end in cuts:
            if line[pos:start].strip():
                out.append(line[pos:start].rstrip())
            out.append(line[start:end])
            pos = end
        if line[pos:].strip():
            out.append(line[pos:].strip())
    return out


# --- title, agency, year ----------------------------------------------------------------

_TITLE_RE = re.compile(
    r"^(?P<pre>.*?)(?P<year>(?:19|20)\d{2})\s*年\s*(?:度)?\s*(?P<mid>.*?)"
    r"政府信息公开(?:工作)?(?:年度)?(?:工作)?(?:年度)?报告"
)
_YEAR_TITLE_RE = re.compile(r"(?P<year>(?:19|20)\d{2})\s*年\s*度?")
_AGENCY_SUFFIX_RE = re.compile(
    r"(?:人民政府|政府|办公厅|办公室|委员会|局|厅|委|办|署|院|会|中心|街道办事处|街道|镇|乡|管委会|公司|部|所|站|馆|队|处|集团|区|县|市|省)$"
)
_STATS_RE = re.compile(
    r"(?:统计期限|统计期间|统计时限|统计时间|数据统计|所列数据)[^。\n]{0,30}?(?P<y1>(?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日"
    r"(?:[^。\n]{0,8}?(?P<y2>(?:19|20)\d{2})\s*年\s*12\s*月\s*31\s*日)?"
)


#: the first line of a long agency name set on two title lines (“中国（河南）自由贸易试验区”)
_AGENCY_PART_RE = lazy(r"[\u4e00-\u9fff（）()]{4,24}")


def _clean_agency(text: str) -> str:
    from ..identity import agency_name

    return agency_name(text)


def find_title(lines: list[str], limit: int) -> tuple[str, str, int | None]:
    """(title text, agency, year) from the lines before part 一 (or the first few lines)."""
    head = [(i, ln.strip()) for i, ln in enumerate(lines[: max(limit, 0) or 12][:40]) if ln.strip()]
    for pos, (i, line) in enumerate(head):
        m = _TITLE_RE.search(line)
        if not m:
            continue
        agency = _clean_agency(m.group("pre")) or _clean_agency(m.group("mid"))
        title = line
        if not agency and pos > 0:
            prev = head[pos - 1][1]
            if len(prev) <= 40 and _AGENCY_SUFFIX_RE.search(_clean_agency(prev)) and not _YEAR_TITLE_RE.search(prev):
                agency = _clean_agency(prev)
                title = prev + line
                first = head[pos - 2][1] if pos > 1 else ""
                if _AGENCY_PART_RE.fullmatch(first) and _AGENCY_SUFFIX_RE.search(first):  # a long name on two lines
                    agency, title = first + agency, first + title
        return title, agency, int(m.group("year"))
    # a title split as "agency" / "2024年" / "政府信息公开工作年度报告"
    for pos, (i, line) in enumerate(head[:-1]):
        if "政府信息公开" in head[pos + 1][1] and "报告" in head[pos + 1][1]:
            joined = line + head[pos + 1][1]
            m = _TITLE_RE.search(joined)
            if m:
                agency = _clean_agency(m.group("pre")) or _clean_agency(m.group("mid"))
                return joined, agency, int(m.group("year"))
    return "", "", None


def find_stats_year(text: str) -> tuple[int | None, int | None]:
    """Years of the 统计期限 (start year, end year) stated in the preamble, if any."""
    m = _STATS_RE.search(text)
    if not m:
        return None, None
    y1 = int(m.group("y1"))
    y2 = int(m.group("y2")) if m.group("y2") else None
    return y1, y2
