"""The report model: one annual report as figures (the three tables) plus narrative.

Figures are kept as plain nested dicts shaped exactly like ``figures.schema.json`` so that the
canonical JSON is the model itself; :mod:`nianbao.catalog` says which paths exist.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from .catalog import CELLS, NARRATIVE_KEYS, TABLE2, TABLE3, TABLE4
from .findings import Finding

FIGURE_KEYS = (TABLE2.key, TABLE3.key, TABLE4.key)


def _shape() -> tuple:
    """(table key, ((row key, column keys or None), …)) for every table, from the catalog."""
    tables: dict[str, dict[str, list | None]] = {}
    for cell in CELLS:
        parts = cell.path.split(".")
        rows = tables.setdefault(parts[0], {})
        if len(parts) == 3:
            rows.setdefault(parts[1], []).append(parts[2])
        else:
            rows[parts[1]] = None
    return tuple((t, tuple((r, tuple(c) if c else None) for r, c in rows.items())) for t, rows in tables.items())


_SHAPE = _shape()


#: all three tables with every cell 0, copied by :func:`blank_figures` (never handed out itself)
_BLANK = {t: {r: (dict.fromkeys(cols, 0) if cols else 0) for r, cols in rows} for t, rows in _SHAPE}


def blank_figures() -> dict:
    """All three tables with every cell 0 (a fresh copy: every report's figures start from one)."""
    return {t: {r: (v.copy() if v.__class__ is dict else v) for r, v in rows.items()} for t, rows in _BLANK.items()}


def get_cell(figures: dict, path: str):
    node = figures
    for part in path.split("."):
        node = node[part]
    return node


def set_cell(figures: dict, path: str, value) -> None:
    *parents, last = path.split(".")
    node = figures
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value


def null_unread(report) -> None:
    """Right or null: every cell the reader could not read for certain becomes None (never 0)."""
    for path in report.unread_cells:
        set_cell(report.figures, path, None)


def iter_cells(figures: dict):
    """(Cell, value) for every official cell, in table order."""
    cells = iter(CELLS)
    for table, rows in _SHAPE:
        node = figures[table]
        for row, cols in rows:
            if cols:
                values = node[row]
                for col in cols:
                    yield next(cells), values[col]
            else:
                yield next(cells), node[row]


def cell_list(figures: dict) -> list:
    """The value of every official cell, in table order (as :func:`iter_cells`, without the cells)."""
    out: list = []
    for table, rows in _SHAPE:
        node = figures[table]
        for row, cols in rows:
            if cols:
                out += map(node[row].__getitem__, cols)
            else:
                out.append(node[row])
    return out


@dataclass
class Report:
    """One report as read from a file (or built for drafting)."""

    agency: str = ""
    year: int | None = None
    figures: dict = field(default_factory=blank_figures)
    sections: dict = field(default_factory=dict)  # overview / problems / other_matters → text
    source: str = ""  # file path or "<text>"
    format: str = "2021"  # "2021" or "pre-2021"
    title: str = ""
    title_year: int | None = None
    stats_year: int | None = None  # year of the 统计期限 stated in the preamble
    preamble: str = ""
    parts: dict = field(default_factory=dict)  # part key → {"heading", "line", "text", "end_line"}
    cell_lines: dict = field(default_factory=dict)  # cell path → 1-based line in the source
    unread_cells: set = field(default_factory=set)  # paths whose value could not be read (None in figures)
    table_seen: dict = field(default_factory=dict)  # table key → (has label text, has values) in its region
    findings: list[Finding] = field(default_factory=list)  # what the reader had to say
    lines: list[str] = field(default_factory=list)  # the decoded source lines
    line_pages: list[int] = field(default_factory=list)  # a PDF: the 1-based page of each line
    known_as: list[str] = field(default_factory=list)  # further names the user declared this body has (draft --agency)

    def to_dict(self, with_sections: bool = True) -> dict:
        """The canonical object of ``figures.schema.json``."""
        out = {"agency": self.agency, "year": self.year}
        for key in FIGURE_KEYS:
            out[key] = copy.deepcopy(self.figures[key])
        if with_sections:
            out["sections"] = {k: self.sections[k] for k in NARRATIVE_KEYS if k in self.sections}
        return out

    def section_line(self, key: str) -> int | None:
        part = self.parts.get(key)
        return part["line"] if part else None
