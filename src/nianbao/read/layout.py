"""OCR text boxes → the lines the text reader reads (rows of tab-separated cells).

Pure geometry, no OCR engine here. The page is deskewed first (the median slant of the long
boxes), boxes are grouped into lines by their vertical centres, boxes far apart on a line become
cells, and the value cells of a table are put in columns by their x-positions, so a blank cell
keeps its column. A number the OCR is not sure of (low confidence, or a look-alike letter such
as O for 0) is written as an *unsure* cell (see :func:`unsure_cell`): the table reader leaves it
null unless the row's arithmetic settles it. A column position with ink but no box (a number
the detector missed) is an unsure cell too; one with no ink is a blank cell.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Callable

from ..lazy_regex import lazy


def median(values):
    """statistics.median, imported when a page layout is first worked out (not on a text report's path)."""
    from statistics import median as _median

    return _median(values)


#: numbers read below this confidence are unsure
MIN_CONFIDENCE = 0.9
#: a number with a decimal point or thousands comma needs more: a speck reads as a point
SEPARATOR_CONFIDENCE = 0.97
#: marks an unsure cell in a row line: UNSURE + text read + PAGE_SEP + page number
UNSURE = "\ue000"
PAGE_SEP = "\ue001"

_DIGITS = "0123456789０１２３４５６７８９"
#: letters an OCR model gives for a digit, and the digit meant
LOOK_ALIKES = {"O": "0", "o": "0", "D": "0", "Q": "0", "〇": "0", "。": "0", "○": "0",
               "I": "1", "l": "1", "|": "1", "!": "1", "i": "1", "丨": "1",
               "S": "5", "s": "5", "B": "8", "Z": "2", "z": "2", "g": "9", "q": "9"}
_NUMBER_RE = re.compile(r"^[0-9０-９]+(?:[,，][0-9０-９]{3})*(?:[.．][0-9０-９]+)?$")
#: a point and zeros only after it (“305.0”): a count never printed so, and a speck before the 0 of
#: 3050 reads so on every look (the point is inside the print); a reader would take it for 305
_ZERO_FRACTION_RE = re.compile(r"^[0-9０-９]+[.．][0０]+$")
_NUMBERISH_RE = re.compile("^[" + re.escape(_DIGITS + "".join(LOOK_ALIKES) + ",，.．") + "]+$")
_MEANINGFUL_RE = lazy(r"[0-9A-Za-z\u3400-\u9fff０-９〇。—\-–－/／\\]")
#: marks a speck of dirt next to a digit is read as
_SPECKS = "°·'\"“”‘’`,.:：;；、，．-"
_BLANK_CELLS = frozenset({"—", "-", "–", "－", "——", "/", "／", "\\", "无", "空"})
#: blank-cell words that are also words of a label: one touching the label before it is part of it
#: (“（四）无” of “（四）无法提供” read as two boxes)
_WORD_BLANKS = frozenset({"无", "空"})


@dataclass
class Box:
    """One OCR text box: corner points (clockwise from top-left), text and confidence."""

    points: list[tuple[float, float]]
    text: str
    score: float


@dataclass
class _Item:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    score: float

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def h(self) -> float:
        return max(1.0, self.y1 - self.y0)


def unsure_cell(text: str, page: int | None) -> str:
    return f"{UNSURE}{text}{PAGE_SEP}{page or ''}"


def parse_unsure(cell: str) -> tuple[str, int | None]:
    """(text read, page) of an unsure cell."""
    text, _, page = cell.lstrip(UNSURE).partition(PAGE_SEP)
    return text, int(page) if page.isdigit() else None


def lookalike_value(text: str) -> str | None:
    """The digits an unsure reading stands for if every look-alike letter is taken as its digit (and
    a point with only zeros after it as a speck)."""
    fixed = "".join(LOOK_ALIKES.get(ch, ch) for ch in text.strip().strip(_SPECKS))
    if _ZERO_FRACTION_RE.match(fixed):
        fixed = fixed.replace(".", "").replace("．", "")  # the point a speck: what the sums must confirm
    return fixed if _NUMBER_RE.match(fixed) else None


def value_kind(text: str, score: float) -> str | None:
    """How a box's text counts as a table value: "num" (sure), "unsure", "blank", or None (text)."""
    t = text.strip().replace(" ", "")
    if not t:
        return None
    if t in _BLANK_CELLS:
        return "blank"
    if _NUMBER_RE.match(t):
        if any(ch in t for ch in ",，.．"):  # a speck between digits reads as a point: “30.50” for 3050
            return "num" if score >= SEPARATOR_CONFIDENCE and not _ZERO_FRACTION_RE.match(t) else "unsure"
        return "num" if score >= MIN_CONFIDENCE else "unsure"
    if t[0] == t[-1] == "-" and len(t) > 2:
        return None  # a page number, “- 4 -”
    if t.strip(_SPECKS) != t:  # “0°”, “.34”, “-5”: a digit with a speck of dirt read as a mark
        return "unsure" if t.strip(_SPECKS) and value_kind(t.strip(_SPECKS), 0) else None
    if _NUMBERISH_RE.match(t) and any(ch in _DIGITS or ch in LOOK_ALIKES for ch in t) and (any(ch in _DIGITS for ch in t) or len(t) <= 2):
        letters = sum(1 for ch in t if ch in LOOK_ALIKES)
        if letters * 2 <= len(t) or len(t) <= 2:
            return "unsure"
    return None


def skew_angle(boxes: list[Box]) -> float:
    """The page's slant in radians: the median slope of the top edges of long boxes."""
    angles = []
    for b in boxes:
        (x0, y0), (x1, y1) = b.points[0], b.points[1]
        (_, y3) = b.points[3]
        width, height = math.hypot(x1 - x0, y1 - y0), abs(y3 - y0)
        if width >= 3 * max(height, 1):
            angles.append(math.atan2(y1 - y0, x1 - x0))
    if not angles:
        return 0.0
    a = median(angles)
    return a if abs(a) < math.radians(10) else 0.0


def _deskewed(boxes: list[Box], angle: float) -> list[_Item]:
    c, s = math.cos(angle), math.sin(angle)
    items = []
    for b in boxes:
        xs = [x * c + y * s for x, y in b.points]
        ys = [-x * s + y * c for x, y in b.points]
        items.append(_Item(min(xs), min(ys), max(xs), max(ys), b.text.strip(), b.score))
    return items


def _lines(items: list[_Item]) -> list[list[_Item]]:
    """Boxes grouped into lines by vertical centre, each line left to right."""
    lines: list[list[_Item]] = []
    for it in sorted(items, key=lambda i: i.cy):
        if lines:
            line = lines[-1]
            cy = median(i.cy for i in line)
            h = min(median(i.h for i in line), it.h)
            if abs(it.cy - cy) <= 0.45 * h:
                line.append(it)
                continue
        lines.append([it])
    return [sorted(line, key=lambda i: i.x0) for line in lines]


def _cells(line: list[_Item]) -> list[_Item]:
    """Boxes close together on a line (one cell's words) joined; far apart ones stay cells."""
    h = median(i.h for i in line)
    out: list[_Item] = []
    for it in line:
        prev = out[-1] if out else None
        if (prev and it.x0 - prev.x1 < 0.6 * h and value_kind(prev.text, 1) is None
                and (value_kind(it.text, 1) is None or it.text in _WORD_BLANKS and it.x0 - prev.x1 < 0.2 * h)):
            out[-1] = _Item(prev.x0, min(prev.y0, it.y0), it.x1, max(prev.y1, it.y1), prev.text + it.text,
                            min(prev.score, it.score))
        else:
            out.append(it)
    return out


@dataclass
class _Row:
    cells: list[_Item]
    values: list[tuple[_Item, str]]  # (cell, kind) of the value cells


def _columns(rows: list[_Row]) -> list[tuple[float, float, int]]:
    """Column intervals (x0, x1, rows using it) of a table block: the union of overlapping value cells."""
    spans = sorted((c.x0, c.x1) for r in rows for c, _ in r.values)
    cols: list[list[float]] = []
    for x0, x1 in spans:
        if cols and x0 <= cols[-1][1]:
            cols[-1][1] = max(cols[-1][1], x1)
        else:
            cols.append([x0, x1])
    out = []
    for x0, x1 in cols:
        used = sum(1 for r in rows if any(c.x0 < x1 and c.x1 > x0 for c, _ in r.values))
        out.append((x0, x1, used))
    return out


def _cell_text(item: _Item, kind: str | None, page: int | None) -> str:
    if kind in ("unsure", "speck"):
        return unsure_cell(item.text, page)
    if kind == "num":
        return item.text.replace(" ", "")
    return item.text


def _narrative_text(item: _Item) -> str:
    """A text box's words; digits the OCR is not sure of are marked for the reader to verify."""
    if item.score >= MIN_CONFIDENCE or not any(ch.isdigit() for ch in item.text):
        return item.text
    return re.sub(r"[0-9０-９][0-9０-９.,，．%]*", lambda m: f"【待核实：{m.group(0)}】", item.text)


def layout_lines(boxes: list[Box], page: int | None = None,
                 has_ink: Callable[[float, float, float, float, float], bool] | None = None,
                 reread: Callable[[float, float, float, float, float], tuple[str, float]] | None = None) -> list[str]:
    """Lines for the text reader from one page's OCR boxes.

    ``has_ink(x0, y0, x1, y1, angle)`` says whether a region of the deskewed page (rotate back
    by ``angle``) holds print: a column position with no box but with ink is recognised on its
    own by ``reread`` (same region; gives text and confidence), and is an unsure cell unless
    that reads a sure number.
    """
    if not boxes:
        return []
    boxes = [b for b in boxes if _MEANINGFUL_RE.search(b.text)]  # specks read as “.”, “·”, “°”
    angle = skew_angle(boxes)
    items = _specks_dropped(_deskewed(boxes, angle))
    rows: list[_Row] = []
    for line in _lines(items):
        cells = _cells(line)
        values = [(c, k) for c in cells if (k := value_kind(c.text, c.score)) is not None]
        rows.append(_Row(cells, values if len(cells) > 1 or values else []))
    # table blocks: runs of rows with values (label-only rows inside a table do not end one)
    out: list[str] = []
    block: list[_Row] = []

    def flush():
        out.extend(_block_lines(block, page, has_ink, angle, reread))
        block.clear()

    for row in rows:
        if row.values or (block and len(row.cells) > 1):
            block.append(row)
            continue
        if block and len(row.cells) == 1 and _is_label_continuation(row, block):
            block.append(row)
            continue
        flush()
        out.append(_narrative_text(row.cells[0]) if len(row.cells) == 1 else "\t".join(c.text for c in row.cells))
    flush()
    return out


#: a number read with less confidence than this, where a second look finds no print, is a speck
SPECK_SCORE = 0.5
#: an unsure value box lower than this share of the page's sure numbers is a speck (“2:”), not print
SPECK_HEIGHT = 0.5


def _specks_dropped(items: list[_Item]) -> list[_Item]:
    """The boxes without specks read as an unsure number or, hardly, as a dash: far lower than the
    page's numbers. (One in a table row leaves a gap that is looked at again; one between rows
    would be a row of its own.)"""
    heights = [it.h for it in items if value_kind(it.text, it.score) == "num"]
    if len(heights) < 3:
        return items
    low = SPECK_HEIGHT * median(heights)

    def speck(it: _Item) -> bool:
        kind = value_kind(it.text, it.score)
        return kind == "unsure" or kind == "blank" and it.score < SPECK_SCORE

    return [it for it in items if it.h >= low or not speck(it)]


def _is_label_continuation(row: _Row, block: list[_Row]) -> bool:
    """A short text line inside a table (a wrapped row label), not a heading or a paragraph."""
    cell = row.cells[0]
    value_rows = [r for r in block if r.values]
    if not value_rows:
        return False
    first_value_x = min(c.x0 for r in value_rows for c, _ in r.values)
    return cell.x1 < first_value_x


def _second_look(reread, region, page) -> str:
    """A cell with ink where the detector found no text: recognised on its own, else unsure."""
    if reread is not None:
        text, score = reread(*region)
        kind = value_kind(text, score)
        if kind == "num" and score < SEPARATOR_CONFIDENCE:  # one reading alone: it must be very sure
            kind = "unsure"
        if kind in ("num", "unsure"):
            return _cell_text(_Item(0, 0, 0, 0, text, score), kind, page)
    return unsure_cell("", page)


def _confirmed(values: list[tuple[_Item, str]], reread, angle) -> list[tuple[_Item, str]]:
    """Unsure values looked at again, each on its own: one whose second reading is a sure number
    equal to what the first reading stands for (specks dropped, look-alikes as digits) is sure.
    A second reading that disagrees leaves the cell unsure: two readings must agree. A sure
    second reading that disagrees replaces the first as what the cell is read as (the print
    alone, without the specks the first took for a point or a digit). A reading hardly made
    (below SPECK_SCORE) where the second look finds no print, or a dash not surely read, is a
    "speck": unsure where it is the only value of its column, left out beside another, in a
    column of its own or alone on a line (see :func:`_block_lines`)."""
    out = []
    for item, kind in values:
        if kind == "blank" and item.score < MIN_CONFIDENCE:
            kind = "speck"  # a dash not surely read: a speck as often as a dash
        elif kind == "unsure" and reread is not None:
            text, score = reread(item.x0, item.y0, item.x1, item.y1, angle)
            text = text.strip().replace(" ", "")
            if value_kind(text, score) == "num":  # (never a point and zeros: see _ZERO_FRACTION_RE)
                if text == lookalike_value(item.text):
                    kind = "num"
                # else the print alone (specks left out) says another number: still unsure, and that
                # reading is the one the table's arithmetic must confirm (“2.0” with a speck, read 0)
                item = _Item(item.x0, item.y0, item.x1, item.y1, text, score if kind == "num" else item.score)
            elif not text and item.score < SPECK_SCORE:
                kind = "speck"
        out.append((item, kind))
    return out


def _fill_gaps(row: _Row, cells: list[str], page, has_ink, angle, reread=None) -> list[str]:
    """A lone row of evenly spaced values (table 4) with a gap where a value should be: an unsure
    cell there if the gap holds ink (a number the detector missed); nothing otherwise."""
    items = [c for c, _ in row.values]
    if len(items) < 4 or has_ink is None:
        return cells
    centres = [(c.x0 + c.x1) / 2 for c in items]
    steps = [b - a for a, b in zip(centres, centres[1:])]
    step = median(steps)
    if step <= 0:
        return cells
    y0, y1 = min(c.y0 for c in items), max(c.y1 for c in items)
    half = median(c.x1 - c.x0 for c in items) / 2 + 2
    out = [cells[0]]
    for i, gap in enumerate(steps):
        missing = round(gap / step) - 1
        if gap >= 1.6 * step and missing <= 3:
            for k in range(1, missing + 1):
                x = centres[i] + gap * k / (missing + 1)
                if has_ink(x - half, y0, x + half, y1, angle):
                    out.append(_second_look(reread, (x - half, y0, x + half, y1, angle), page))
        out.append(cells[i + 1])
    return out


#: text read in a value column (“0元”: a 0 with a speck read as a character) is no label when this short
STRAY_CHARS = 4


def _stray_in_column(cell: _Item, row: _Row, cols) -> bool:
    """A short text box with a digit in it, in a value column right of the row's label: a number
    misread with a speck, not a label. It is left out; the column is then looked at again like
    one where the detector found nothing (see :func:`_second_look`)."""
    if not cols or len(cell.text) > STRAY_CHARS or not any(ch in _DIGITS for ch in cell.text):
        return False
    if cell.x0 <= min(c.x0 for c in row.cells):
        return False
    centre = (cell.x0 + cell.x1) / 2
    return any(x0 <= centre <= x1 for x0, x1, _ in cols)


def _header_speck(row: _Row, values: list[tuple[_Item, str]]) -> bool:
    """A line of a table's heading with a speck read as an unsure number in it (“未经复议直接起诉 0
    复议后起诉”): one unsure value and words right of it (a row of numbers has its label left)."""
    if len(values) != 1 or values[0][1] not in ("unsure", "speck"):
        return False
    value_ids = {id(c) for c, _ in row.values}
    return any(c.x0 > values[0][0].x1 for c in row.cells if id(c) not in value_ids)


def _block_lines(block: list[_Row], page, has_ink, angle, reread=None) -> list[str]:
    checked = {id(r): _confirmed(r.values, reread, angle) for r in block if r.values}
    if any(len(v) >= 4 for v in checked.values()):
        for r in block:
            if r.values and _header_speck(r, checked[id(r)]):
                checked[id(r)] = []
    # the columns are where the numbers are: a speck (see _confirmed) makes none of its own
    value_rows = [_Row(r.cells, real) for r in block if r.values and (real := [v for v in checked[id(r)] if v[1] != "speck"])]
    cols = _columns(value_rows) if len(value_rows) >= 2 else []
    # rows of one value (table 2's small tables of one column, in one block with the others) say
    # nothing about which columns a row of several values has
    wide_rows = sum(1 for r in value_rows if len(r.values) >= 2) or len(value_rows)
    lines = []
    for row in block:
        if not row.values:
            lines.append("\t".join(c.text for c in row.cells))
            continue
        value_ids = {id(c) for c, _ in row.values}
        if not checked[id(row)]:
            lines.append("\t".join(c.text for c in row.cells if id(c) not in value_ids))
            continue
        stray = {id(c) for c in row.cells if id(c) not in value_ids and _stray_in_column(c, row, cols)}
        labels = [c.text for c in row.cells if id(c) not in value_ids and id(c) not in stray]
        row = _Row(row.cells, checked[id(row)])
        kinds = {id(c): k for c, k in row.values}
        real = [c for c, k in row.values if k != "speck"]
        if not real and not labels:
            continue  # specks alone on a line (between two rows): no row
        if not cols:
            cells = [_cell_text(c, kinds[id(c)], page) for c, _ in row.values]
            lines.append("\t".join(labels + _fill_gaps(row, cells, page, has_ink, angle, reread)))
            continue
        y0 = min(c.y0 for c in row.cells)
        y1 = max(c.y1 for c in row.cells)
        # a row of several numbers, or of one number off the first column (规章 with only its 0 read),
        # is a row of a table of several columns
        several = len(real) >= 2 or (real or [c for c, _ in row.values])[0].x0 > cols[0][1]
        slots: list[str] = []
        for x0, x1, used in cols:
            inside = [c for c, _ in row.values if c.x0 < x1 and c.x1 > x0]
            rare = used * 2 < (wide_rows if several else len(value_rows))
            if len(inside) > 1 or rare:  # a speck beside a number, or in a column of its own, is no cell
                inside = [c for c in inside if kinds[id(c)] != "speck"]
            if inside:
                slots.extend(_cell_text(c, kinds[id(c)], page) for c in inside)
            elif rare:
                continue  # a rare column (a stray mark, a value of a few rows): not part of this row
            elif has_ink is not None and has_ink(x0, y0, x1, y1, angle):
                slots.append(_second_look(reread, (x0, y0, x1, y1, angle), page))
            else:
                slots.append("")
        lines.append("\t".join(labels + slots))
    return lines


__all__ = ["Box", "layout_lines", "skew_angle", "value_kind", "lookalike_value", "unsure_cell", "parse_unsure",
           "UNSURE", "MIN_CONFIDENCE"]
