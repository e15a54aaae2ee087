"""Tables of any document format → the tab-separated lines that :mod:`nianbao.read.tables` reads.

Every reader (Word, web page, PDF, Markdown with embedded HTML tables) resolves merged cells
first: a merged cell's text is given once, at its top-left origin, and the positions it covers
are left out. The table reader then sees each row as label text followed by exactly that row's
value cells, as in the official form, so blank cells keep their columns.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..lazy_regex import lazy
from ..numbers import parse_number

_WS_RE = lazy(r"[\s\u00a0\u3000\u200b\ufeff]+")
_CJK_GAP_RE = lazy(r"(?<=[\u3400-\u9fff\uff00-\uffef（）“”])\s+(?=[\u3400-\u9fff\uff00-\uffef（）“”])")


def cell_text(text: str) -> str:
    """One cell's text on one line: line breaks (a label wrapped in the cell) joined without a gap."""
    lines = [_WS_RE.sub(" ", ln).strip() for ln in text.replace("\r", "\n").split("\n")]
    joined = ""
    for ln in lines:
        if not ln:
            continue
        if joined and joined[-1].isascii() and ln[0].isascii() and joined[-1].isalpha() and ln[0].isalpha():
            joined += " "  # two words on separate lines stay apart; a number wrapped in a narrow cell is one
        joined += ln
    return _CJK_GAP_RE.sub("", joined).replace("\t", " ")


def _is_label(text: str) -> bool:
    return bool(text) and parse_number(text) is None


def row_line(cells: list[str]) -> str:
    """One table row as a line. Blank cells before the row's label are layout, not values."""
    cells = [cell_text(c) for c in cells]
    if any(_is_label(c) for c in cells):
        while cells and not cells[0]:
            cells.pop(0)
    return "\t".join(cells)


@dataclass
class SpanCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


#: the most grid positions one table may cover once spans are resolved (the official tables have < 300)
MAX_GRID_CELLS = 100_000


class GridTooLarge(ValueError):
    """A table whose spans would make a grid beyond :data:`MAX_GRID_CELLS` positions."""


def resolve_spans(rows: list[list[SpanCell]], max_span: int = 200) -> list[list[str]]:
    """Rows of cells with row/col spans → each row's origin cells in grid order.

    Covered positions are left out; a cell whose origin lies in an earlier row (rowspan)
    is not repeated. Spans are clamped to the table's size (a colspan to the most cells any row
    has, a rowspan to the rows left) and the work is linear in the grid's width, not its area;
    a grid beyond :data:`MAX_GRID_CELLS` positions raises :class:`GridTooLarge`.
    """
    width = max((len(row) for row in rows), default=0)
    busy: list[int] = []  # per column: the first row no longer covered by a rowspan above
    out: list[list[str]] = []
    positions = 0
    for r, row in enumerate(rows):
        col = 0
        line: list[tuple[int, str]] = []
        for cell in row:
            while col < len(busy) and busy[col] > r:
                col += 1
            cs = max(1, min(cell.colspan, max_span, width))
            rs = max(1, min(cell.rowspan, max_span, len(rows) - r))
            positions += cs
            if positions > MAX_GRID_CELLS:
                raise GridTooLarge(f"table grid beyond {MAX_GRID_CELLS} positions")
            line.append((col, cell.text))
            if len(busy) < col + cs:
                busy.extend([0] * (col + cs - len(busy)))
            for c in range(col, col + cs):
                busy[c] = r + rs
            col += cs
        out.append([text for _, text in sorted(line)])
    return out


def table_lines(rows: list[list[str]]) -> list[str]:
    """A table's rows (origin cells only) → lines, with a blank line before and after."""
    return [""] + [row_line(r) for r in rows] + [""]


def is_layout_table(rows: list[list[str]]) -> bool:
    """A table of one column (a framed paragraph) is text, not a statistics table."""
    return all(sum(1 for c in r if c.strip()) <= 1 for r in rows)


__all__ = ["cell_text", "row_line", "SpanCell", "resolve_spans", "GridTooLarge", "table_lines", "is_layout_table"]
