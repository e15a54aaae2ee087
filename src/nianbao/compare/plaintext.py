"""The compare terminal view laid out as rich lays it out on a non-terminal, without loading rich's console.

A compare to a pipe or a file would otherwise spend about 45 ms importing rich's console and rendering a few
tables. What rich writes to a stream that is not a terminal is plain text (no styles), so its layout is
reproduced here step by step for the few things the view uses: lines printed with ``soft_wrap``, a ``Rule``
with a title, and tables with box ``SIMPLE_HEAD`` (``Table._calculate_column_widths``, ``Text.wrap``,
``Padding``, ``Segment`` cropping), using rich's own cell-width and line-division functions.

Whatever rich would change or that the layout below does not cover (console markup or emoji codes in a
string, control characters, tabs, multi-line cells, a non-UTF-8 stream, a very narrow console) makes
:func:`layout` return None, and the caller prints with rich. tests/test_compare_plain.py holds the two
to the same bytes at many widths.
"""

from __future__ import annotations

import os
import re
import sys

from rich._wrap import divide_line
from rich.cells import cell_len, set_cell_size

#: characters rich's Text would strip or expand (control codes, tabs)
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
#: what makes a string (rich reads strings as console markup with emoji codes) differ from its text
_MARKUP = re.compile(r"[\x00-\x1f\x7f\\:]|\[[a-z#/@]")
#: narrower consoles are left to rich (rules and tables degrade there in ways not reproduced here)
MIN_WIDTH = 20


class _Unsupported(Exception):
    """Something only rich can lay out."""


def console_width(environ=os.environ) -> int:
    """The width of ``rich.console.Console()`` when its output is not a terminal (POSIX): COLUMNS, else the
    size of the first standard stream that is a terminal, else 80."""
    columns = environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns)
    width = None
    for fd in (0, 1, 2):
        try:
            width, _ = os.get_terminal_size(fd)
        except (AttributeError, ValueError, OSError):
            continue
        break
    return width or 80


def supported(encoding: str | None) -> bool:
    """Whether :func:`layout` can stand for rich on a stream in ``encoding`` on this system."""
    return sys.platform != "win32" and (encoding or "utf-8").lower().startswith("utf")


def layout(blocks, width: int, encoding: str | None = "utf-8") -> str | None:
    """The text rich prints for ``blocks`` (see terminal.view) at ``width``, or None where rich must print it."""
    from .terminal import Line, RuleView, TableView

    if width < MIN_WIDTH or not supported(encoding):
        return None
    out: list[str] = []
    try:
        for block in blocks:
            if block is None:
                out.append("\n")
            elif isinstance(block, Line):
                out.append(_text(block.plain) + "\n")
            elif isinstance(block, RuleView):
                out.append(_rule(_text(block.title.plain), width) + "\n")
            elif isinstance(block, TableView):
                out.append(_table(block, width))
            else:
                return None
    except _Unsupported:
        return None
    return "".join(out)


def _text(text: str) -> str:
    if _CONTROL.search(text):
        raise _Unsupported
    return text


def _cell_text(cell) -> str:
    """A cell's or title's text; a string is read as console markup by rich, a Line is not."""
    if isinstance(cell, str):
        if _MARKUP.search(cell):
            raise _Unsupported
        return cell
    text = cell.plain
    if _CONTROL.search(text) or "\n" in text:
        raise _Unsupported
    return text


def _rule(title: str, width: int) -> str:
    """rich.rule.Rule(title) with the default character and centred title."""
    room = max(0, width - 4)
    if cell_len(title) > room:
        title = set_cell_size(title, room - 1) + "…"
    side = (width - cell_len(title)) // 2
    left = _truncate("─" * (side + 1), side - 1)
    right = _truncate("─" * (side + 1), width - cell_len(left) - cell_len(title))
    return set_cell_size(f"{left} {title} {right}", width)


def _truncate(text: str, width: int, overflow: str = "fold", pad: bool = False) -> str:
    """rich.text.Text.truncate."""
    length = cell_len(text)
    if length > width:
        text = set_cell_size(text, width - 1) + "…" if overflow == "ellipsis" else set_cell_size(text, width)
    if pad and length < width:
        text += " " * (width - length)
    return text


# --- tables ------------------------------------------------------------------------------------

_PAD = 2  # padding (0, 1): one space either side of every cell


def _measure_text(text: str) -> tuple[int, int]:
    """rich.text.Text.__rich_measure__: (longest word, longest line)."""
    lines = text.splitlines()
    longest = max(cell_len(line) for line in lines) if lines else 0
    words = text.split()
    return (max(cell_len(word) for word in words) if words else longest), longest


def _measure_cell(text: tuple[int, int], max_width: int) -> tuple[int, int]:
    """Measurement.get of Padding(text, (0, 1)), from the text's own measure: rich's normalize, clamp and
    padding steps worked out (a text's longest word is never longer than its longest line)."""
    if max_width < 1:
        return 0, 0
    if max_width - _PAD < 1:
        return max_width, max_width
    lo, hi = text
    return min(lo + _PAD, max_width), min(hi + _PAD, max_width)


def _measure_column(cells: list[tuple[int, int]], options: dict, max_width: int) -> tuple[int, int]:
    """rich.table.Table._measure_column (no fixed width) of cells given by their text's measure."""
    if max_width < 1:
        return 0, 0
    ranges = [_measure_cell(text, max_width) for text in cells]
    lo, hi = (max(r[0] for r in ranges), max(r[1] for r in ranges)) if ranges else (1, max_width)
    lo, hi = min(lo, max_width), min(hi, max_width)
    min_width = options.get("min_width")
    if min_width is not None:  # Measurement.clamp → with_minimum
        floor = max(0, min_width + _PAD)
        lo, hi = max(lo, floor), max(hi, floor)
    return lo, hi


def _ratio_reduce(total: int, ratios: list[int], maximums: list[int], values: list[int]) -> list[int]:
    """rich._ratio.ratio_reduce."""
    ratios = [ratio if _max else 0 for ratio, _max in zip(ratios, maximums)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    total_remaining = total
    result = []
    for ratio, maximum, value in zip(ratios, maximums, values):
        if ratio and total_ratio > 0:
            distributed = min(maximum, round(ratio * total_remaining / total_ratio))
            result.append(value - distributed)
            total_remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def _collapse_widths(widths: list[int], wrapable: list[bool], max_width: int) -> list[int]:
    """rich.table.Table._collapse_widths."""
    total_width = sum(widths)
    excess_width = total_width - max_width
    if any(wrapable):
        while total_width and excess_width > 0:
            max_column = max(width for width, allow_wrap in zip(widths, wrapable) if allow_wrap)
            second_max_column = max(width if allow_wrap and width != max_column else 0
                                    for width, allow_wrap in zip(widths, wrapable))
            column_difference = max_column - second_max_column
            ratios = [(1 if (width == max_column and allow_wrap) else 0) for width, allow_wrap in zip(widths, wrapable)]
            if not any(ratios) or not column_difference:
                break
            max_reduce = [min(excess_width, column_difference)] * len(widths)
            widths = _ratio_reduce(excess_width, ratios, max_reduce, widths)
            total_width = sum(widths)
            excess_width = total_width - max_width
    return widths


def _column_widths(columns: list[list[str]], options: list[dict], max_width: int) -> list[int]:
    """rich.table.Table._calculate_column_widths (not expanded, no fixed or minimum table width)."""
    columns = [[_measure_text(text) for text in cells] for cells in columns]
    widths = [_measure_column(cells, opts, max_width)[1] or 1 for cells, opts in zip(columns, options)]
    if sum(widths) > max_width:
        widths = _collapse_widths(widths, [not opts.get("no_wrap", False) for opts in options], max_width)
        if sum(widths) > max_width:
            excess_width = sum(widths) - max_width
            widths = _ratio_reduce(excess_width, [1] * len(widths), widths, widths)
        widths = [_measure_column(cells, opts, width)[1] or 0 for width, cells, opts in zip(widths, columns, options)]
    return widths


def _wrap(text: str, width: int, justify: str, overflow: str, no_wrap: bool) -> list[str]:
    """rich.text.Text.wrap of one line, then each line cropped or padded to ``width`` cells (render_lines)."""
    if no_wrap:
        lines = [text]
    else:
        offsets = [0, *divide_line(text, width, fold=overflow == "fold"), len(text)]
        lines = []
        for start, end in zip(offsets, offsets[1:]):
            piece = text[start:end]
            if len(piece) > width:  # Text.rstrip_end: trailing whitespace beyond the width (counted in characters)
                trailing = len(piece) - len(piece.rstrip())
                if trailing:
                    piece = piece[:len(piece) - min(trailing, len(piece) - width)]
            lines.append(piece)
    out = []
    for piece in lines:
        if justify == "left":
            piece = _truncate(piece, width, overflow, pad=True)
        elif justify == "right":
            piece = _truncate(piece.rstrip(), width, overflow)
            pad = width - cell_len(piece)
            if pad:
                piece = " " * pad + piece
        else:
            raise _Unsupported
        piece = _truncate(piece, width, overflow)
        out.append(set_cell_size(piece, width))
    return out


def _table(table, width: int) -> str:
    """A TableView as rich prints it: title, blank edge, header, rule, rows, blank edge."""
    headers = [_cell_text(header) for header, _ in table.columns]
    options = [opts for _, opts in table.columns]
    rows = [[_cell_text(cell) for cell in row] for row in table.rows]
    if any(len(row) != len(headers) for row in rows) or not headers:
        raise _Unsupported
    for opts in options:
        if set(opts) - {"justify", "overflow", "no_wrap", "min_width"}:
            raise _Unsupported
    columns = [[header, *(row[i] for row in rows)] for i, header in enumerate(headers)]
    extra = len(headers) + 1  # the edges and the dividers between columns
    widths = _column_widths(columns, options, width - extra)
    if any(w < _PAD + 1 for w in widths):  # a column squeezed to its padding: rich's narrowest cases, not reproduced
        raise _Unsupported
    table_width = sum(widths) + extra
    blank = " " * table_width + "\n"
    out = [_cell_text(table.title) + "\n", blank]
    for index, row in enumerate([headers, *rows]):
        cells = []
        for w, text, opts in zip(widths, row, options):
            lines = _wrap(text, max(0, w - _PAD), opts.get("justify", "left"), opts.get("overflow", "ellipsis"),
                          opts.get("no_wrap", False))
            cells.append([set_cell_size(f" {line} ", w) for line in lines])  # Padding, then cropped to the column
        height = max(len(c) for c in cells)
        for w, c in zip(widths, cells):
            filler = [" " * w] * (height - len(c))
            c[:] = filler + c if index == 0 else c + filler  # the header sits at the bottom, the rest at the top
        for n in range(height):
            out.append(" " + " ".join(c[n] for c in cells) + " \n")
        if index == 0:
            out.append(" " + "─" * (table_width - 2) + " \n")
    out.append(blank)
    return "".join(out)
