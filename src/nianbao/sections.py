"""The narrative parts split into their pieces: part 一 by area, part 五 into problems and measures.

Part 一 of a real report is usually a lead paragraph followed by sub-sections （一）…（五）, one per
area reviewers look for (catalog.OVERVIEW_AREAS); some reports add more sub-sections or put the
heading on a line of its own. Part 五 names the year's problems (“一是…；二是…”, “一方面…另一方面…”)
and then the measures taken or planned. These functions recover that structure from plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .catalog import OVERVIEW_AREAS
from .lazy_regex import lazy
from .textutil import SENTENCE_END_RE, SENTENCE_RE, STATEMENT_END_RE, cn_to_int

AREA_KEYS = tuple(key for key, _, _ in OVERVIEW_AREAS)
AREA_NAMES = {key: name for key, name, _ in OVERVIEW_AREAS}

#: a numbered sub-heading opening a paragraph: （一）… / (一)… / 一、…
_SUB_RE = lazy(r"^\s*(?:[（(](?P<paren>[一二三四五六七八九十]{1,3})[)）]|(?P<plain>[一二三四五六七八九十]{1,3})、)\s*")
#: where a run-in heading ends: the first sentence or colon mark
_LEAD_END_RE = lazy(r"[。：:！？；;]")
_LEAD_MAX = 24


# --- paragraphs as a drafter reads them --------------------------------------------------

#: Markdown marks an OCR tool or an editor leaves at a paragraph's start ("### ", "> ", "- ", "**")
_MD_LEAD_RE = lazy(r"^(?:#{1,6}\s*|>\s*|[-*+]\s+(?=[（(一二三四五六七八九十\d])|\*\*|__)+")
_MD_EMPHASIS_RE = lazy(r"\*\*|__")
#: a page number line as PDF/OCR copies keep it: "- 3 -", "— 3 —", "第3页", "3/12"
_PAGE_NUMBER_RE = lazy(r"^(?:[-—–－]\s*\d{1,3}\s*[-—–－]|第\s*\d{1,3}\s*页(?:\s*[/，,]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})$")
#: the tool's own markers left in a draft used as a prior: an instruction is dropped, a value kept
_MARKER_RE = lazy(r"【(?:待核实|沿用上年)[^：:】]{0,10}[：:]?(?P<body>[^】]*)】")
_INSTRUCTION_RE = lazy(r"^(?:请|以下|此处|本段|本节|…)")
#: where a sentence may end a paragraph
_PARA_END = ("。", "！", "？", "；", "：", "!", "?", ";", ":", "…", "】", "”", "）", ")")
#: a paragraph that opens a new item (so a paragraph broken before it stays broken)
_ITEM_START_RE = lazy(
    r"^(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．]|[一二三四五六七八九十]是|(?:另)?一方面)"
)
_SHORT_HEAD = 24


def _resolve_marker(m: re.Match) -> str:
    body = m.group("body").strip()
    return "" if not body or _INSTRUCTION_RE.match(body) else body


def _broken(paragraph: str) -> bool:
    """A paragraph that stops mid-sentence (a page end, an OCR block end), not a heading."""
    if paragraph.endswith(_PARA_END):
        return False
    if _SUB_RE.match(paragraph):  # a numbered line stopping without a mark is a heading unless long
        return len(paragraph) > _SHORT_HEAD + 12
    return len(paragraph) > _SHORT_HEAD or bool(re.search(r"[，,]", paragraph))  # headings hold no comma


def _opens_item(paragraph: str) -> bool:
    return bool(_ITEM_START_RE.match(paragraph))


def narrative_paragraphs(text: str) -> list[str]:
    """A narrative part's paragraphs as a drafter reads them.

    Markdown marks (``#``/``###`` headings, quotes, bold) and page-number lines are dropped; a
    paragraph cut at a page end (it stops mid-sentence and the next one opens no new item) is
    joined to what follows; the tool's own 【待核实…】 markers in a draft used as a prior are
    resolved: an instruction (“请补充…”, “以下…沿用上年度报告…”) is dropped, a marked value kept.
    """
    out: list[str] = []
    for raw in (text or "").split("\n"):
        para = raw.strip().strip("\u3000").strip()
        if _PAGE_NUMBER_RE.match(para):
            continue
        para = _MD_LEAD_RE.sub("", para)
        para = _MD_EMPHASIS_RE.sub("", para)
        para = _MARKER_RE.sub(_resolve_marker, para).strip()
        if not para or _PAGE_NUMBER_RE.match(para):
            continue
        if out and _broken(out[-1]) and not _opens_item(para) and not _signoff_line(para):
            out[-1] += para
        else:
            out.append(para)
    return out


_DATE_LINE_RE = lazy(r"^(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{0,3}\s*月(?:\s*[\d一二三四五六七八九十]{0,3}\s*日)?$")
_SIGNOFF_NAME_RE = lazy(
    r"^[\u4e00-\u9fff（）()]{2,40}(?:人民政府|政府|办公厅|办公室|委员会|管委会|管理委员会|局|厅|委|办|署|院|中心|街道办事处|街道|镇|乡|公司|集团)"
    r"(?:[\s、]+[\u4e00-\u9fff（）()]{2,40})*$"
)
_SIGNOFF_EXTRA_RE = lazy(r"^[（(]?此件(?:公开发布|主动公开)[)）]?$")


def _signoff_line(paragraph: str) -> bool:
    """A line that could be a sign-off: a date alone, or a body's name alone."""
    line = re.sub(r"\s+", "", paragraph)
    return bool(_DATE_LINE_RE.match(line) or (not re.search(r"[。；;，,：:！？]", line) and _SIGNOFF_NAME_RE.match(line)))


def strip_signoff(paragraphs: list[str]) -> list[str]:
    """``paragraphs`` without the sign-off at their end: the agency's name and the date
    (“淮安市人民政府办公室” / “2025年1月20日”), in either order, and “（此件公开发布）”."""
    out = list(paragraphs)
    dated = False
    while out:
        last = re.sub(r"\s+", "", out[-1])
        if _DATE_LINE_RE.match(last) or _SIGNOFF_EXTRA_RE.match(last):
            dated = dated or bool(_DATE_LINE_RE.match(last))
            out.pop()
        elif (dated or len(out) > 1) and not re.search(r"[。；;，,：:！？]", last) and _SIGNOFF_NAME_RE.match(last):
            out.pop()
        else:
            break
    return out


@dataclass
class Block:
    """One sub-section of part 一 (or the lead text before the first one)."""

    number: int | None  # 1 for （一）…; None for the lead text
    title: str  # heading text without numbering and trailing punctuation (“主动公开方面”)
    area: str | None  # key from catalog.OVERVIEW_AREAS, or None
    paragraphs: list[str] = field(default_factory=list)  # body, without the heading

    @property
    def text(self) -> str:
        return "\n".join(p for p in self.paragraphs if p)


def area_of(title: str) -> str | None:
    """The part-一 area a sub-heading names (“政府信息公开平台建设情况” → ``platform``)."""
    for key, _, pattern in OVERVIEW_AREAS:
        if re.search(pattern, title):
            return key
    return None


def _split_heading(paragraph: str) -> tuple[int, str, str] | None:
    """(number, title, rest) when ``paragraph`` opens with a numbered sub-heading."""
    m = _SUB_RE.match(paragraph)
    if not m:
        return None
    number = cn_to_int(m.group("paren") or m.group("plain"))
    rest = paragraph[m.end():]
    end = _LEAD_END_RE.search(rest)
    if end and end.start() <= _LEAD_MAX:
        return number, rest[: end.start()].strip(), rest[end.end():].strip()
    if end is None and len(rest) <= _LEAD_MAX:  # a heading on a line of its own
        return number, rest.strip(), ""
    return number, "", rest.strip()  # numbered, but no recognisable heading text


def overview_blocks(text: str) -> list[Block]:
    """Part 一 as blocks: the lead text (number None), then each numbered sub-section in order.

    Paragraphs that follow a sub-heading belong to it until the next sub-heading. A report
    without sub-headings gives one lead block holding every paragraph.
    """
    blocks = [Block(None, "", None)]
    for para in narrative_paragraphs(text):
        head = _split_heading(para)
        if head is not None:
            number, title, rest = head
            last = blocks[-1]
            if last.number == number and (last.title == title or not title):
                # the same sub-heading again (a running head at a page top): the block goes on
                if rest:
                    _continue(last.paragraphs, rest)
                continue
            blocks.append(Block(number, title, area_of(title) if title else None, [rest] if rest else []))
        else:
            _continue(blocks[-1].paragraphs, para)
    return blocks


def _continue(paragraphs: list[str], para: str) -> None:
    """Append ``para``, joined to the paragraph before when that one stops mid-sentence."""
    if paragraphs and _broken(paragraphs[-1]) and not _opens_item(para):
        paragraphs[-1] += para
    else:
        paragraphs.append(para)


def split_overview(text: str) -> dict[str, str]:
    """Part 一 text → ``{"intro": …, <area key>: …, "other": …}``.

    Area keys are those of catalog.OVERVIEW_AREAS (``active``, ``on_request``, ``management``,
    ``platform``, ``oversight``); each holds the body of the sub-section(s) naming that area, without
    the heading. ``intro`` is the text before the first sub-heading; ``other`` the sub-sections that
    name no area (with their headings, e.g. “（六）政府信息公开标准化建设方面。…”). Keys with no text
    are absent. Paragraphs are separated by "\\n".
    """
    out: dict[str, list[str]] = {}
    for block in overview_blocks(text):
        if block.number is None:
            key = "intro"
        elif block.area:
            key = block.area
        else:
            key = "other"
        body = block.text
        if key == "other" and block.title:
            body = f"{block.title}。{body}" if body else block.title
        if body:
            out.setdefault(key, []).append(body)
    return {k: "\n".join(v) for k, v in out.items()}


# --- part 五 ------------------------------------------------------------------------------

#: where a part 五 turns from the problems to what was or will be done about them
_TURN_RE = lazy(
    r"针对(?:上述|以上|这些|存在的?|上述存在的?)?问题|对于(?:上述|以上|这些)问题|针对存在问题|下一步|针对上年度?报告(?:指出|所列)|"
    r"改进(?:措施|情况|方向)[:：]|整改措施[:：]|我们将|我(?:镇|乡|县|区|市|局|委|办|街道|单位)将"
)
_ENUM_RE = lazy(r"(?:(?<=[，,。；;：:\s])|^)(?:[一二三四五六七八九十]是|(?:另)?一方面(?:是)?|[（(][一二三四五六七八九十][)）]|\d[.、．])")


def _enumerated(text: str) -> list[str]:
    """Items of an enumeration (一是…二是…, 一方面…另一方面…, （一）…): each item's text.

    An item ends at the next mark or at the end of its paragraph.
    """
    marks = list(_ENUM_RE.finditer(text))
    if len(marks) < 2:
        return []
    items = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        item = text[m.end(): end].split("\n", 1)[0].strip().strip("，,；;。：: ")
        if item:
            items.append(item)
    return items


_MEASURE_MAX = 30
_TURN_LEAD_RE = lazy(r"^(?:[^，。；]{0,14}(?:问题|下一步|我们将|将)[，,：:]?)+")


def _first_sentence(text: str) -> str:
    m = SENTENCE_END_RE.search(text)
    return (text[: m.start()] if m else text).strip()


def measure_head(measure: str) -> str:
    """A short name for a measure: the measure itself, or its first clause when it is long."""
    if len(measure) > _MEASURE_MAX:
        return re.split(r"[，,：:]", measure)[0].strip()
    return measure


#: a sub-heading of part 五 that names its problems (“（一）存在的主要问题”) or its measures
#: (“（二）整改措施”, “改进情况：”); run-in (“（一）存在的问题。一是…”) or on a line of its own
_P5_HEAD_RE = lazy(
    r"^(?:[（(][一二三四五六][)）]|[一二三四五六][、.．]|\d[、.．])?\s*(?P<title>[^。：:，,；;]{2,16}?)\s*(?:[。：:]|$)"
)
_P5_PROBLEMS_RE = lazy(r"问题|不足|差距")
_P5_MEASURES_RE = lazy(r"改进|整改|措施|下一步|计划|打算|方向")


def _p5_heading(paragraph: str) -> tuple[str, str] | None:
    """("problems" | "measures" | "both", the rest of the paragraph) for a part-五 sub-heading."""
    m = _P5_HEAD_RE.match(paragraph)
    if not m:
        return None
    title = m.group("title")
    problems, measures = bool(_P5_PROBLEMS_RE.search(title)), bool(_P5_MEASURES_RE.search(title))
    if not (problems or measures) or re.search(r"[一二三四五六七八九十]是|一方面", title):
        return None
    kind = "both" if problems and measures else "problems" if problems else "measures"
    return kind, paragraph[m.end():].strip()


def _split_by_headings(paragraphs: list[str]) -> tuple[str, str] | None:
    """(problems text, measures text) of a part 五 divided by sub-headings, or None."""
    marks = [(i, h) for i, p in enumerate(paragraphs) if (h := _p5_heading(p)) is not None and h[0] != "both"]
    kinds = [h[0] for _, h in marks]
    if "problems" not in kinds or "measures" not in kinds or kinds.index("problems") > kinds.index("measures"):
        return None
    head: list[str] = []
    tail: list[str] = []
    current = head
    heads = dict(marks)
    for i, p in enumerate(paragraphs):
        if i in heads:
            kind, rest = heads[i]
            current = head if kind == "problems" else tail
            p = rest
        elif (h := _p5_heading(p)) is not None and h[0] == "both" and not h[1]:
            continue  # the part's own title repeated
        if p:
            current.append(p)
    return "\n".join(head), "\n".join(tail)


@dataclass
class ProblemsPart:
    """Part 五 split into the problems it names and the measures it gives."""

    problems: list[str]  # each problem named, as written
    measures: list[str]  # each measure taken or planned: its first sentence, as written
    problems_text: str  # the text naming the problems
    measures_text: str  # the text of the measures


def split_problems(text: str) -> ProblemsPart:
    """Part 五 → the problems it names and the measures it gives.

    The problems are the items of the enumeration before the turn (“针对上述问题”, “下一步”, “我们将”…),
    or, without an enumeration, the sentences that speak of a shortfall; the measures are the items
    after the turn.
    """
    paragraphs = strip_signoff(narrative_paragraphs(text))  # part 五 may close the report
    split = _split_by_headings(paragraphs)
    if split is not None:
        head, tail = split
    else:
        text = "\n".join(paragraphs)
        m = _TURN_RE.search(text)
        head, tail = (text[: m.start()], text[m.start():]) if m else (text, "")
    problems = _enumerated(head)
    if not problems:
        sentences = [s.strip() for s in SENTENCE_RE.findall(head) if s.strip()]
        problems = [s.strip("。；; ") for s in sentences if re.search(r"不足|差距|问题|有待|仍需|还需|需要进一步|需进一步|不够|不到位", s)]
        problems = [p for p in problems if not re.search(r"还存在一定|存在一定(?:的)?差距|取得了一定", p)] or problems
    items = _enumerated(tail)
    if not items and tail:  # “下一步，我市将着力…；建立健全…。”: one measure per clause group
        body = _TURN_LEAD_RE.sub("", tail)
        items = [s for s in STATEMENT_END_RE.split(body) if s.strip()]
    measures = [_first_sentence(item) for item in items]
    return ProblemsPart([p for p in problems if p], [m for m in measures if m], head.strip(), tail.strip())
