"""A whole report as plain text or Markdown, with the tables in any of the text layouts."""

from __future__ import annotations

from ..catalog import PARTS
from .tables import GridCell, NumberStyle, grids

LAYOUTS = ("tab", "pipe", "cells", "pdf")


def _row_texts(row: list[GridCell], skip_merged: bool) -> list[str]:
    return [c.text for c in row if not (skip_merged and c.merged)]


def grid_to_tab(grid: list[list[GridCell]]) -> list[str]:
    """Rows of tab-separated cells, as Word puts on the clipboard (merged cells left blank)."""
    return ["\t".join(_row_texts(row, False)) for row in grid]


def grid_to_pipe(grid: list[list[GridCell]]) -> list[str]:
    """A Markdown pipe table: the grid's first row is the Markdown header, merged cells blank."""
    width = len(grid[0])

    def line(row: list[GridCell]) -> str:
        return "| " + " | ".join(c.text.replace("|", "｜") for c in row) + " |"

    out = [line(grid[0]), "|" + "|".join(["---"] * width) + "|"]
    out.extend(line(row) for row in grid[1:])
    return out


def grid_to_cells(grid: list[list[GridCell]]) -> list[str]:
    """One cell per line, a line with “|” after each row (text copied from some web pages)."""
    out: list[str] = []
    for row in grid:
        out.extend(_row_texts(row, True))
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


def wrap(text: str, width: int) -> list[str]:
    return [text[i: i + width] for i in range(0, len(text), width)] or [""]


def render_text(
    obj: dict,
    layout: str = "tab",
    numbers: NumberStyle | None = None,
    title: str | None = None,
    preamble: str = "",
    markdown: bool = False,
    page_every: int = 0,
    wrap_width: int = 0,
) -> str:
    """The canonical object (figures + sections) as a complete report text.

    ``layout`` picks how tables are written; ``page_every`` inserts “- N -” page marks and
    ``wrap_width`` hard-wraps narrative lines, as text copied out of a PDF looks.
    """
    if layout not in CONVERTERS:
        raise ValueError(f"unknown layout {layout!r}")
    conv = CONVERTERS[layout]
    tables = grids(obj, numbers or NumberStyle())
    sections = obj.get("sections", {})
    lines: list[str] = []
    head = title if title is not None else f"{obj['agency']}{obj['year']}年政府信息公开工作年度报告"
    lines += [("# " if markdown else "") + head, ""]
    if preamble:
        if markdown:  # one Markdown paragraph per preamble paragraph
            for para in preamble.split("\n"):
                lines += [para, ""]
        else:
            lines += [preamble, ""]
    for part in PARTS:
        lines += [("## " if markdown else "") + part.heading, ""]
        if part.kind == "table":
            lines += conv(tables[part.key])
        else:
            for para in (sections.get(part.key) or "").split("\n"):
                lines += wrap(para, wrap_width) if wrap_width else [para]
                if markdown:
                    lines.append("")
        if lines[-1] != "":
            lines.append("")
    if page_every:
        paged: list[str] = []
        page = 1
        for i, line in enumerate(lines, 1):
            paged.append(line)
            if i % page_every == 0:
                paged.append(f"- {page} -")
                page += 1
        lines = paged
    return "\n".join(lines).rstrip("\n") + "\n"
