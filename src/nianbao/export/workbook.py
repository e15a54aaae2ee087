"""Small helpers over openpyxl: a table sheet with a frozen header row, filters and widths."""

from __future__ import annotations

import io

from ..textutil import display_width
from .cells import is_formula_like

HEADER_FILL = "DDEBF7"


def new_workbook():
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    return wb


def put(cell, value) -> None:
    """Set a cell; a formula-like text stays text (never evaluated by Excel or WPS)."""
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"


CENTRED = ("年度", "严重程度", "方面", "错误", "警告", "状态", "待核实标记")


def table_sheet(wb, title: str, header: list[str], rows, max_widths: dict | None = None, wrap: tuple = ()):
    """A sheet holding one table: bold shaded header in row 1, frozen, with an autofilter."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor=HEADER_FILL)
    widths = [display_width(h) for h in header]
    for c, name in enumerate(header, start=1):
        cell = ws.cell(row=1, column=c)
        put(cell, name)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(vertical="center")
    n = 1
    for n, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=n, column=c)
            put(cell, value)
            if wrap or header[c - 1] in CENTRED:
                cell.alignment = Alignment(wrap_text=header[c - 1] in wrap, vertical="top",
                                           horizontal="center" if header[c - 1] in CENTRED else None)
            if value is not None:
                widths[c - 1] = max(widths[c - 1], display_width(str(value)))
    limits = max_widths or {}
    final = [min(widths[c] + 2, limits.get(name, 60)) for c, name in enumerate(header)]
    for c, width in enumerate(final, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    wrapped = [c for c, name in enumerate(header) if name in wrap]
    if wrapped:  # row heights for wrapped text (spreadsheet programs do not always recompute them)
        for r, row in enumerate(ws.iter_rows(min_row=2), start=2):
            lines = max(-(-display_width(str(row[c].value or "")) // max(final[c] - 2, 1)) for c in wrapped)
            if lines > 1:
                ws.row_dimensions[r].height = 15 * lines
    ws.freeze_panes = "A2"
    # printed (or saved as PDF): landscape, all columns on one page width, header on every page
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_title_rows = "1:1"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(n, 1)}"
    return ws


def workbook_bytes(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
