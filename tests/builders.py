"""Test inputs: reports written as the wild writes them (number styles, text layouts, page marks).

nianbao itself writes one style (:mod:`nianbao.render.text`); the variants here exist only to
build what the readers must cope with.
"""

from __future__ import annotations

from dataclasses import dataclass

from nianbao.render import tables
from nianbao.render.tables import GridCell, grids
from nianbao.render.text import grid_to_pipe, grid_to_tab, report_lines

FULLWIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


@dataclass
class NumberStyle(tables.NumberStyle):
    """How numbers are written: real reports vary, tests exercise every variant."""

    zero: str = "0"  # "0", "", "/", "—", "无"
    thousands: bool = False
    fullwidth: bool = False

    def __call__(self, value) -> str:
        if value == 0 and self.zero != "0":
            return self.zero
        text = super().__call__(value)
        if self.thousands:
            whole, dot, frac = text.partition(".")
            text = f"{int(whole):,}" + dot + frac
        return text.translate(FULLWIDTH) if self.fullwidth else text


def grid_to_cells(grid: list[list[GridCell]]) -> list[str]:
    """One cell per line, a line with “|” after each row (text copied from some web pages)."""
    out: list[str] = []
    for row in grid:
        out.extend(c.text for c in row if not c.merged)
        out.append("|")
    return out


def grid_to_pdf(grid: list[list[GridCell]], split_at: int = 16) -> list[str]:
    """Runs of numbers separated by spaces, long labels wrapped around them (text from a PDF)."""
    out: list[str] = []
    for row in grid:
        labels = [c.text for c in row if c.text and not c.value and not c.merged]
        values = [c.text if c.text else "" for c in row if c.value]
        values = [v for v in values if v]  # a PDF has no blank cells, only the marks printed
        label = " ".join(labels)
        if not values:
            if label:
                out.append(label)
            continue
        if len(label) > split_at:
            out.extend([label[:split_at], " ".join(values), label[split_at:]])
        else:
            out.append((label + " " + " ".join(values)).strip())
    return out


CONVERTERS = {"tab": grid_to_tab, "pipe": grid_to_pipe, "cells": grid_to_cells, "pdf": grid_to_pdf}
LAYOUTS = tuple(CONVERTERS)


def render_text(
    obj: dict,
    layout: str = "tab",
    numbers: NumberStyle | None = None,
    title: str | None = None,
    preamble: str = "",
    markdown: bool = False,
    page_every: int = 0,
) -> str:
    """The canonical object (figures + sections) as a complete report text.

    ``layout`` picks how tables are written (see :data:`CONVERTERS`); ``page_every`` inserts
    “- N -” page marks every so many lines, as text copied out of a PDF looks.
    """
    lines = report_lines(obj, grids(obj, numbers or NumberStyle()), CONVERTERS[layout], title, preamble, markdown)
    if page_every:
        paged: list[str] = []
        for i, line in enumerate(lines, 1):
            paged.append(line)
            if i % page_every == 0:
                paged.append(f"- {i // page_every} -")
        lines = paged
    return "\n".join(lines).rstrip("\n") + "\n"


def reportlab_table(grid, cell_style, font: str, pt: float, ruled: bool, total_width: float, applications_widths):
    """One of the three tables as a reportlab Table: merged cells spanned, ``applications_widths``
    for table 3's ten columns (the printed PDFs of the readers' tests and the scans)."""
    from html import escape

    from reportlab.platypus import Paragraph, Table

    data = [[Paragraph(escape(g.text), cell_style) if g.text and not g.merged else "" for g in row] for row in grid]
    commands = [("FONT", (0, 0), (-1, -1), font, pt), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    if ruled:
        commands.append(("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)))
    for r, row in enumerate(grid):
        for c, g in enumerate(row):
            if not g.merged and (g.colspan > 1 or g.rowspan > 1):
                commands.append(("SPAN", (c, r), (c + g.colspan - 1, r + g.rowspan - 1)))
    widths = list(applications_widths) if applications_widths else [total_width / len(grid[0])] * len(grid[0])
    return Table(data, colWidths=widths, style=commands, repeatRows=0)

