"""Aligning two reports: narrative parts, the sub-areas of part 一, and paragraphs.

A *unit* is the smallest stretch of narrative that is compared with its counterpart: each
sub-area of part 一 (catalog.OVERVIEW_AREAS, plus the report's own extra sub-headings and the
lead text before the first sub-heading, as :func:`nianbao.sections.overview_blocks` finds them),
part 五 and part 六. Units are keyed so that heading variants and re-ordered sub-headings of two
years land on the same key. Sub-headings themselves are not part of a unit's text (they would
count as repeated every year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from ..catalog import NARRATIVE_KEYS, OVERVIEW_AREAS, PART_BY_KEY
from ..model import Report
from ..textutil import int_to_cn
from .record import Record
from .text import bigram_items, dice, normalize, normalize_line, squash

_HEAD_TAIL_RE = re.compile(r"(?:工作)?(?:方面|情况|工作)$")
AREA_NAMES = {key: name for key, name, _ in OVERVIEW_AREAS}
_OVERVIEW = PART_BY_KEY["overview"].title
#: similarity two paragraphs need to be shown as one changed paragraph (else: removed + added)
PARAGRAPH_PAIR_MIN = 0.3


@dataclass(repr=False, eq=False)
class Unit(Record):
    """One stretch of narrative of one report."""

    key: str  # overview.intro | overview.<area> | overview.extra.<heading> | problems | other_matters
    part: str  # part key
    name: str  # display name, e.g. 总体情况·主动公开
    heading: str = ""  # the sub-heading or part heading as the report prints it
    paragraphs: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def _extra_key(title: str) -> str:
    return "overview.extra." + (_HEAD_TAIL_RE.sub("", normalize(title)) or normalize(title))


def split_overview(text: str) -> list[Unit]:
    """Part 一 → units: the lead text, then one per area (sections.overview_blocks), merged when
    a report has several sub-sections of one area; sub-sections naming no area keep their own
    unit, keyed by their heading (or by their number when they have none)."""
    from ..sections import overview_blocks

    units: dict[str, Unit] = {}
    for block in overview_blocks(text):
        if block.number is None:
            key, name = "overview.intro", f"{_OVERVIEW}·开篇"
        elif block.area:
            key, name = f"overview.{block.area}", f"{_OVERVIEW}·{AREA_NAMES[block.area]}"
        elif block.title:
            key, name = _extra_key(block.title), f"{_OVERVIEW}·{_HEAD_TAIL_RE.sub('', block.title) or block.title}"
        else:
            key, name = f"overview.item{block.number}", f"{_OVERVIEW}·第{int_to_cn(block.number)}项"
        unit = units.setdefault(key, Unit(key, "overview", name, block.title))
        unit.paragraphs.extend(p for p in block.paragraphs if p.strip())
    return [u for u in units.values() if u.paragraphs or u.key == "overview.intro" or u.heading]


def narrative_units(report: Report) -> list[Unit]:
    """All narrative units of a report, in the report's order (part 一's units first)."""
    out: list[Unit] = []
    for key in NARRATIVE_KEYS:
        text = report.sections.get(key, "")
        if key == "overview":
            out.extend(split_overview(text))
        else:
            part = PART_BY_KEY[key]
            heading = report.parts.get(key, {}).get("heading", "")
            out.append(Unit(key, key, part.title, heading, [p for p in text.split("\n") if p.strip()]))
    return out


def pair_units(old: list[Unit], new: list[Unit]) -> list[tuple[Unit | None, Unit | None]]:
    """Units of the same key side by side: in part order, the newer report's order within a part,
    units only the older report has after those of their part."""
    old_by_key = {u.key: u for u in old}
    new_by_key = {u.key: u for u in new}
    pairs = []
    for part in NARRATIVE_KEYS:
        keys = [u.key for u in new if u.part == part] + [u.key for u in old if u.part == part and u.key not in new_by_key]
        for k in keys:
            pairs.append((old_by_key.get(k), new_by_key.get(k)))
    return pairs


# --- paragraphs ------------------------------------------------------------------------------


@dataclass(repr=False, eq=False)
class ParagraphPair(Record):
    """One row of a side-by-side view: ``kind`` is same | changed | added | removed."""

    kind: str
    old_index: int | None
    new_index: int | None
    similarity: float = 1.0


def _pair_block(old: list[str], new: list[str], o0: int, n0: int) -> list[ParagraphPair]:
    """Best monotone pairing of two runs of differing paragraphs (dynamic programme on similarity)."""
    a = [bigram_items(normalize_line(p)) for p in old]
    b = [bigram_items(normalize_line(p)) for p in new]
    sim = [[dice(x, y) for y in b] for x in a]
    n, m = len(a), len(b)
    if n == 1 and m == 1:  # one paragraph rewritten in place: one aligned pair, its changes marked inside
        return [ParagraphPair("changed", o0, n0, sim[0][0])]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            s = sim[i][j]
            take = s + best[i + 1][j + 1] if s >= PARAGRAPH_PAIR_MIN else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    rows: list[ParagraphPair] = []
    i = j = 0
    while i < n and j < m:
        s = sim[i][j]
        if s >= PARAGRAPH_PAIR_MIN and best[i][j] == s + best[i + 1][j + 1]:
            rows.append(ParagraphPair("changed", o0 + i, n0 + j, s))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            rows.append(ParagraphPair("removed", o0 + i, None, 0.0))
            i += 1
        else:
            rows.append(ParagraphPair("added", None, n0 + j, 0.0))
            j += 1
    rows += [ParagraphPair("removed", o0 + k, None, 0.0) for k in range(i, n)]
    rows += [ParagraphPair("added", None, n0 + k, 0.0) for k in range(j, m)]
    return rows


def align_paragraphs(old: list[str], new: list[str]) -> list[ParagraphPair]:
    """Rows of a side-by-side view of two units' paragraphs."""
    a, b = [squash(p) for p in old], [squash(p) for p in new]
    rows: list[ParagraphPair] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            rows += [ParagraphPair("same", i1 + k, j1 + k) for k in range(i2 - i1)]
        elif tag == "delete":
            rows += [ParagraphPair("removed", k, None, 0.0) for k in range(i1, i2)]
        elif tag == "insert":
            rows += [ParagraphPair("added", None, k, 0.0) for k in range(j1, j2)]
        else:
            rows += _pair_block(old[i1:i2], new[j1:j2], i1, j1)
    return rows
