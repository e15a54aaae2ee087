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
from .numbers import cn_to_int

AREA_KEYS = tuple(key for key, _, _ in OVERVIEW_AREAS)
AREA_NAMES = {key: name for key, name, _ in OVERVIEW_AREAS}

#: a numbered sub-heading opening a paragraph: （一）… / (一)… / 一、…
_SUB_RE = re.compile(r"^\s*(?:[（(](?P<paren>[一二三四五六七八九十]{1,3})[)）]|(?P<plain>[一二三四五六七八九十]{1,3})、)\s*")
#: where a run-in heading ends: the first sentence or colon mark
_LEAD_END_RE = re.compile(r"[。：:！？；;]")
_LEAD_MAX = 24


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
    for para in (p.strip() for p in (text or "").split("\n")):
        if not para:
            continue
        head = _split_heading(para)
        if head is not None:
            number, title, rest = head
            blocks.append(Block(number, title, area_of(title) if title else None, [rest] if rest else []))
        else:
            blocks[-1].paragraphs.append(para)
    return blocks


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
_TURN_RE = re.compile(
    r"针对(?:上述|以上|这些|存在的?|上述存在的?)?问题|对于(?:上述|以上|这些)问题|针对存在问题|下一步|"
    r"改进(?:措施|情况|方向)[:：]|整改措施[:：]|我们将|我(?:镇|乡|县|区|市|局|委|办|街道|单位)将"
)
_ENUM_RE = re.compile(r"(?:(?<=[，,。；;：:\s])|^)(?:[一二三四五六七八九十]是|(?:另)?一方面(?:是)?|[（(][一二三四五六七八九十][)）]|\d[.、．])")
_SENT_END_RE = re.compile(r"[。；;！？]")


def _enumerated(text: str) -> list[str]:
    """Items of an enumeration (一是…二是…, 一方面…另一方面…, （一）…): each item's text."""
    marks = list(_ENUM_RE.finditer(text))
    if len(marks) < 2:
        return []
    items = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        item = text[m.end(): end].strip().strip("，,；;。：: ")
        if item:
            items.append(item)
    return items


_MEASURE_MAX = 30
_TURN_LEAD_RE = re.compile(r"^(?:[^，。；]{0,14}(?:问题|下一步|我们将|将)[，,：:]?)+")


def _first_sentence(text: str) -> str:
    m = _SENT_END_RE.search(text)
    return (text[: m.start()] if m else text).strip()


def measure_head(measure: str) -> str:
    """A short name for a measure: the measure itself, or its first clause when it is long."""
    if len(measure) > _MEASURE_MAX:
        return re.split(r"[，,：:]", measure)[0].strip()
    return measure


@dataclass
class ProblemsPart:
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
    text = (text or "").strip()
    m = _TURN_RE.search(text)
    head, tail = (text[: m.start()], text[m.start():]) if m else (text, "")
    problems = _enumerated(head)
    if not problems:
        sentences = [s.strip() for s in re.split(r"(?<=[。；;！？])", head) if s.strip()]
        problems = [s.strip("。；; ") for s in sentences if re.search(r"不足|差距|问题|有待|仍需|还需|需要进一步|需进一步|不够|不到位", s)]
        problems = [p for p in problems if not re.search(r"还存在一定|存在一定(?:的)?差距|取得了一定", p)] or problems
    items = _enumerated(tail)
    if not items and tail:  # “下一步，我市将着力…；建立健全…。”: one measure per clause group
        body = _TURN_LEAD_RE.sub("", tail)
        items = [s for s in re.split(r"[；;。]", body) if s.strip()]
    measures = [_first_sentence(item) for item in items]
    return ProblemsPart([p for p in problems if p], [m for m in measures if m], head.strip(), tail.strip())
