"""A whole report as plain text (tab-separated tables) or Markdown (pipe tables)."""

from __future__ import annotations

from ..catalog import PARTS
from .tables import GridCell, grids


def grid_to_tab(grid: list[list[GridCell]]) -> list[str]:
    """Rows of tab-separated cells, as Word puts on the clipboard (merged cells left blank)."""
    return ["\t".join(c.text for c in row) for row in grid]


def grid_to_pipe(grid: list[list[GridCell]]) -> list[str]:
    """A Markdown pipe table: the grid's first row is the Markdown header, merged cells blank."""
    width = len(grid[0])

    def line(row: list[GridCell]) -> str:
        return "| " + " | ".join(c.text.replace("|", "｜") for c in row) + " |"

    out = [line(grid[0]), "|" + "|".join(["---"] * width) + "|"]
    out.extend(line(row) for row in grid[1:])
    return out


CONVERTERS = {"tab": grid_to_tab, "pipe": grid_to_pipe}


def report_lines(obj: dict, tables: dict, convert, title: str | None = None, preamble: str = "",
                 markdown: bool = False) -> list[str]:
    """The lines of a complete report: ``tables`` are the three grids, written by ``convert``."""
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
            lines += convert(tables[part.key])
        else:
            for para in (sections.get(part.key) or "").split("\n"):
                lines.append(para)
                if markdown:
                    lines.append("")
        if lines[-1] != "":
            lines.append("")
    return lines


def render_text(
    obj: dict,
    layout: str = "tab",
    title: str | None = None,
    preamble: str = "",
    markdown: bool = False,
) -> str:
    """The canonical object (figures + sections) as a complete report text; ``layout`` picks how
    tables are written ("tab" or "pipe")."""
    if layout not in CONVERTERS:
        raise ValueError(f"unknown layout {layout!r}")
    lines = report_lines(obj, grids(obj), CONVERTERS[layout], title, preamble, markdown)
    return "\n".join(lines).rstrip("\n") + "\n"
