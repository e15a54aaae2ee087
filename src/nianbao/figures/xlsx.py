"""The figures workbook: the three official tables on one sheet, laid out like the official form.

``figures_workbook`` writes it (last year's 结转 and 现行有效 prefilled, totals as formulas, a balance
check cell under each column of 表三 that turns red); ``read_figures_workbook`` reads it back into
the same nested data a YAML figures file gives, with each value's place as “表格!E12”. Formulas are
evaluated here from the cells they name (SUM of ranges, + and −): cached values saved by a
spreadsheet program are never trusted, and a total left empty is computed by the loader.

openpyxl is imported only when a workbook is written or read.
"""

from __future__ import annotations

import re
from pathlib import Path
from dataclasses import dataclass, field

from ..catalog import (APPLICANT_COLUMNS, CELL_BY_PATH, CELLS, OUTCOME_ROWS, PART_BY_KEY, ROWS, TABLE2, TABLE3, TABLE4,
                       TABLE4_BLOCKS)
from ..errors import FiguresError
from ..render.tables import NumberStyle, grids
from .facts import FACT_BY_KEY, FACTS

SHEET = "表格"
FACTS_SHEET = "补充事实"
NOTES_SHEET = "说明"
#: this year's work notes (draft reads them as it reads a --notes file)
WORK_SHEET = "工作记录"
WORK_HEADER = ["方面", "本年度做了什么（每行一条，原文照录进报告；“方面”可空着，由 nianbao 归类）"]
AGENCY_CELL, YEAR_CELL = "C3", "C4"
AGENCY_LABEL, YEAR_LABEL = "报告机关", "报告年度"
BALANCE_LABEL = "勾稽核对：第一项＋第二项－第三项（七）总计－第四项（应为 0，不为 0 时变红）"
FACT_HEADER = ["键（请勿修改）", "名称", "填写说明", "数值或文字（多条文字每行一条）"]


@dataclass
class Layout:
    """Where everything sits on the 表格 sheet."""

    cells: dict = field(default_factory=dict)  # cell path → (row, column), 1-based
    labels: dict = field(default_factory=dict)  # (row, column) → label text expected there
    merges: list = field(default_factory=list)  # (row1, col1, row2, col2)
    headers: set = field(default_factory=set)  # (row, column) of header cells
    texts: dict = field(default_factory=dict)  # (row, column) → text of every label cell
    headings: dict = field(default_factory=dict)  # row → heading text
    balance_row: int = 0
    last_row: int = 0


def _layout() -> Layout:
    lay = Layout()
    shape = grids(_blank(), NumberStyle())
    row = 6
    for table in (TABLE2, TABLE3, TABLE4):
        lay.headings[row] = PART_BY_KEY[table.key].heading
        row += 1
        paths = iter(c.path for c in CELLS if c.table is table)
        for grid_row in shape[table.key]:
            for col, cell in enumerate(grid_row, start=1):
                if cell.merged:
                    continue
                if cell.colspan > 1 or cell.rowspan > 1:
                    lay.merges.append((row, col, row + cell.rowspan - 1, col + cell.colspan - 1))
                if cell.value:
                    lay.cells[next(paths)] = (row, col)
                elif cell.text:
                    lay.texts[(row, col)] = cell.text
                    if cell.header:
                        lay.headers.add((row, col))
            row += 1
        if table is TABLE3:
            lay.balance_row = row
            lay.merges.append((row, 1, row, 3))
            lay.texts[(row, 1)] = BALANCE_LABEL
            row += 1
        row += 1
    lay.last_row = row
    # the labels that tell a moved or edited layout: every row label of 表三 and the first cells
    for (r, c), text in lay.texts.items():
        if not (r, c) in lay.headers:
            lay.labels[(r, c)] = text
    return lay


def _blank() -> dict:
    from ..model import blank_figures

    return blank_figures()


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(col)


def _ref(row: int, col: int) -> str:
    return f"{_letter(col)}{row}"


def total_parts(path: str) -> list[str] | None:
    """The cells a total adds up (row totals, （七）总计, 表四 总计); None for other cells."""
    parts = path.split(".")
    if parts[0] == TABLE3.key and len(parts) == 3:
        row, col = parts[1], parts[2]
        if col == "total":
            return [f"{TABLE3.key}.{row}.{c.key}" for c in APPLICANT_COLUMNS[:6]]
        if row == "results_total":
            return [f"{TABLE3.key}.{r.key}.{col}" for r in OUTCOME_ROWS]
    if parts[0] == TABLE4.key and len(parts) == 3 and parts[2] == "total":
        return [f"{TABLE4.key}.{parts[1]}.{c.key}" for c in TABLE4_BLOCKS[0].columns[:4]]
    return None


def _formula(lay: Layout, path: str) -> str:
    parts = total_parts(path)
    cells = [lay.cells[p] for p in parts]
    rows = {r for r, _ in cells}
    cols = {c for _, c in cells}
    if len(rows) == 1 or len(cols) == 1:  # one contiguous run
        first, last = min(cells), max(cells)
        return f"=SUM({_ref(*first)}:{_ref(*last)})"
    return "=" + "+".join(_ref(*c) for c in cells)


# --- writing -------------------------------------------------------------------------------------


def figures_workbook(obj: dict, facts: dict | None = None, prefilled: dict | None = None, title: str = "",
                     formulas: bool = True) -> bytes:
    """The workbook for ``obj`` (agency, year, three tables). ``prefilled``: cell path → note (shown as a
    comment and shaded); ``formulas``: totals as formulas (a blank to fill) or as the numbers of ``obj``
    (a report's figures, as ``extract`` writes them)."""
    from openpyxl.comments import Comment
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    from ..export.workbook import new_workbook, put, workbook_bytes
    from ..model import get_cell

    lay = _layout()
    wb = new_workbook()
    ws = wb.create_sheet(SHEET)
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    input_fill = PatternFill("solid", fgColor="FFFFFF")
    prefill_fill = PatternFill("solid", fgColor="FFF2CC")
    formula_fill = PatternFill("solid", fgColor="EDEDED")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)

    ws["A1"] = title or f"{obj.get('agency') or '（报告机关）'}{obj.get('year') or '（年度）'}年政府信息公开工作年度报告：本年度数字"
    ws["A1"].font = Font(bold=True, size=14)
    ws.merge_cells("A1:O1")
    ws["A2"] = "白色格子填本年度数字，黄色格子已按上年报告预先填写（请核对），灰色格子是自动计算的合计，请勿改动其位置。"
    ws["A2"].font = Font(color="595959")
    ws.merge_cells("A2:O2")
    for label_cell, value_cell, label, value in (("A3", AGENCY_CELL, AGENCY_LABEL, obj.get("agency") or ""),
                                                 ("A4", YEAR_CELL, YEAR_LABEL, obj.get("year"))):
        ws[label_cell] = label
        ws[label_cell].font = Font(bold=True)
        ws.merge_cells(f"{label_cell}:B{label_cell[1:]}")
        put(ws[value_cell], value)
        ws[value_cell].border = border
        ws.merge_cells(f"{value_cell}:H{value_cell[1:]}")
    for r, heading in lay.headings.items():
        ws.cell(row=r, column=1, value=heading).font = Font(bold=True, size=12)
    for (r, c), text in lay.texts.items():
        cell = ws.cell(row=r, column=c, value=text)
        cell.alignment = centre if (r, c) in lay.headers else left
        if (r, c) in lay.headers:
            cell.fill = header_fill
            cell.font = Font(bold=True)
    for r1, c1, r2, c2 in lay.merges:
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                ws.cell(row=r, column=c).border = border
                if (r, c) in lay.headers or (r1, c1) in lay.headers:
                    ws.cell(row=r, column=c).fill = header_fill
        ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
    for (r, c) in lay.texts:
        ws.cell(row=r, column=c).border = border
    prefilled = prefilled or {}
    for path, (r, c) in lay.cells.items():
        cell = ws.cell(row=r, column=c)
        cell.border = border
        cell.alignment = Alignment(horizontal="right", vertical="center")
        if formulas and total_parts(path) is not None:
            cell.value = _formula(lay, path)
            cell.fill = formula_fill
            continue
        cell.value = get_cell(obj, path)
        cell.fill = prefill_fill if path in prefilled else input_fill
        if path in prefilled:
            cell.comment = Comment(prefilled[path], "nianbao")
        if CELL_BY_PATH[path].is_money:
            cell.number_format = "0.0000"
    # the balance row of 表三: one check per column, red when not 0
    red = PatternFill("solid", fgColor="FF9999")
    green = PatternFill("solid", fgColor="C6EFCE")
    for col in APPLICANT_COLUMNS:
        a, b, c, d = (lay.cells[f"{TABLE3.key}.{row}.{col.key}"] for row in
                      ("new_received", "carried_over", "results_total", "carried_forward"))
        r, column = lay.balance_row, a[1]
        cell = ws.cell(row=r, column=column, value=f"={_ref(*a)}+{_ref(*b)}-{_ref(*c)}-{_ref(*d)}")
        cell.border = border
        cell.alignment = Alignment(horizontal="right")
        ref = _ref(r, column)
        ws.conditional_formatting.add(ref, FormulaRule(formula=[f"{ref}<>0"], fill=red, font=Font(bold=True, color="9C0006")))
        ws.conditional_formatting.add(ref, FormulaRule(formula=[f"{ref}=0"], fill=green))
    widths = {"A": 14, "B": 14, "C": 30}
    for c in range(1, 16):
        ws.column_dimensions[_letter(c)].width = widths.get(_letter(c), 10)
    for r in range(7, lay.last_row):
        ws.row_dimensions[r].height = 30
    ws.freeze_panes = "A6"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    _facts_sheet(wb, facts or {})
    _work_sheet(wb)
    _notes_sheet(wb)
    return workbook_bytes(wb)


def _facts_sheet(wb, facts: dict) -> None:
    from ..export.workbook import table_sheet

    rows = []
    for fact in FACTS:
        value = facts.get(fact.key)
        if isinstance(value, list):
            value = "\n".join(value)
        rows.append([fact.key, fact.label, fact.hint, value])
    ws = table_sheet(wb, FACTS_SHEET, FACT_HEADER, rows, max_widths={"填写说明": 50, FACT_HEADER[3]: 60},
                     wrap=("填写说明", FACT_HEADER[3]))
    ws.column_dimensions["D"].width = 60


def _work_sheet(wb) -> None:
    from ..draft.notes import NOTE_AREA_NAMES
    from ..export.workbook import table_sheet

    rows = [[name, None] for name in NOTE_AREA_NAMES.values()]
    ws = table_sheet(wb, WORK_SHEET, WORK_HEADER, rows, max_widths={WORK_HEADER[1]: 90}, wrap=(WORK_HEADER[1],))
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 90


def work_notes_lines(path) -> list[str] | None:
    """The 工作记录 sheet as notes lines (a heading line for each 方面, then its items), or None
    when the workbook has no such sheet. Rows whose 方面 is empty stay under the one above; an item
    whose 方面 names no area is left for the classifier."""
    from openpyxl import load_workbook

    _check_package(path, str(path))  # a workbook given with --notes is measured too
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # not a workbook we can open: the figures reader says why
        return None
    lines = _work_notes(wb)
    wb.close()
    return lines


def _work_notes(wb) -> list[str] | None:
    """The 工作记录 sheet of an open workbook as notes lines (see :func:`work_notes_lines`)."""
    if WORK_SHEET not in wb.sheetnames:
        return None
    lines: list[str] = []
    current = None
    for row in wb[WORK_SHEET].iter_rows(min_row=2, max_col=2, values_only=True):
        area, text = (str(v).strip() if v is not None else "" for v in (row + (None, None))[:2])
        if area and area != current:
            current = area
            lines.append(f"## {area}")
        for line in text.splitlines():
            if line.strip():
                lines.append(line.strip())
    return lines


def _notes_sheet(wb) -> None:
    ws = wb.create_sheet(NOTES_SHEET)
    lines = [
        "怎样填写这个工作簿",
        "1. 在“表格”表中填写本年度的数字：白色格子填写，黄色格子已按上年报告预先填写（请核对），灰色格子是合计公式。",
        "2. 合计格子也可以直接填数字；留空的合计由 nianbao 按各项之和计算（读取时不使用表格软件保存的计算结果）。",
        "3. 表三下方的“勾稽核对”一行每列应为 0：第一项＋第二项＝第三项（七）总计＋第四项；不为 0 时变红。",
        "4. 请勿插入或删除行、列，也不要移动格子：nianbao 按位置读取数字，位置不对时会指出是哪个格子。",
        "5. “补充事实”表是起草正文用的补充数字和文字，都可以不填；多条文字在同一格内每行写一条。",
        "   “工作记录”表写本年度做过的工作：每行一条（或一格内每行一条），原文照录进报告第一、五、六部分；"
        "“方面”一列可空着，由 nianbao 归类。起草时自动读取，不必另给 --notes。",
        "6. 填好后起草：nianbao draft 本文件.xlsx --prior 上年报告 -o 年报草稿.docx",
        "   只核对数字：nianbao draft 本文件.xlsx -o 草稿.md（数字不平衡时会列出问题并停止）。",
    ]
    for i, text in enumerate(lines, start=1):
        ws.cell(row=i, column=1, value=text)
    ws.column_dimensions["A"].width = 110


# --- reading -------------------------------------------------------------------------------------

_REF_RE = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)")
_RANGE_RE = re.compile(r"\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)")


class _FormulaError(Exception):
    pass


class _NotANumber(_FormulaError):
    """A formula adds up a cell that is not a number: that cell is the problem to report."""


def _evaluate(ws, formula: str, seen: set) -> float | int:
    """SUM(ranges and cells), cell references, numbers, + and −: the formulas the workbook uses."""
    from openpyxl.utils import column_index_from_string

    expr = formula.lstrip("=").replace(" ", "").upper()

    def cell_value(col: str, row: str):
        ref = f"{col}{row}"
        if ref in seen:
            raise _FormulaError("公式循环引用")
        value = ws[ref].value
        if isinstance(value, str) and value.startswith("="):
            return _evaluate(ws, value, seen | {ref})
        if value is None or value == "":
            return 0
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _NotANumber(f"公式引用的 {ref} 不是数字")
        return value

    def term(text: str):
        m = re.fullmatch(r"SUM\((.*)\)", text)
        if m:
            total = 0
            for arg in m[1].split(","):
                r = _RANGE_RE.fullmatch(arg)
                if r:
                    c1, c2 = column_index_from_string(r[1]), column_index_from_string(r[3])
                    for row in range(int(r[2]), int(r[4]) + 1):
                        for col in range(min(c1, c2), max(c1, c2) + 1):
                            total += cell_value(_letter(col), str(row))
                else:
                    total += term(arg)
            return total
        m = _REF_RE.fullmatch(text)
        if m:
            return cell_value(m[1], m[2])
        if re.fullmatch(r"\d+(\.\d+)?", text):
            return float(text) if "." in text else int(text)
        raise _FormulaError(f"无法计算公式 {formula}（只支持 SUM、+、-）")

    total = 0
    for sign, text in re.findall(r"([+-]?)((?:SUM\([^)]*\))|[^+-]+)", expr):
        value = term(text)
        total = total - value if sign == "-" else total + value
    return total


def _check_package(path, source: str) -> None:
    """Refuse a workbook whose parts really decompress to far more than any figures workbook
    (openpyxl trusts the zip directory and would unpack a zip bomb into memory)."""
    from ..errors import ReportReadError
    from ..read.docx import check_package

    data = Path(path).read_bytes()
    try:
        check_package(data, source, kind="Excel 工作簿")
    except ReportReadError as err:
        raise FiguresError(source, [f"{err.problem}。{err.hint}"]) from None


def read_figures_workbook(path) -> tuple[dict, dict, list[str] | None]:
    """(data shaped like a YAML figures file, {key path: "表格!E12"}, the 工作记录 sheet as notes
    lines or None), from one opening of the workbook; FiguresError names sheet and cell."""
    from openpyxl import load_workbook

    source = str(path)
    _check_package(path, source)
    try:
        wb = load_workbook(path, data_only=False)
    except Exception as err:  # openpyxl raises many kinds for a damaged or foreign file
        raise FiguresError(source, [f"无法打开这个 Excel 工作簿（{type(err).__name__}）。请用 Excel 或 WPS 另存为 .xlsx 后重试；"
                                    "可用 nianbao init -o 文件名.xlsx 生成一个新的"]) from None
    if SHEET not in wb.sheetnames:
        raise FiguresError(source, [f"找不到名为“{SHEET}”的工作表（现有：{'、'.join(wb.sheetnames)}）。"
                                    "请使用 nianbao init -o 文件名.xlsx 生成的工作簿，不要改工作表的名称"])
    ws = wb[SHEET]
    lay = _layout()
    problems: list[str] = []
    for (r, c), expected in lay.labels.items():
        found = ws.cell(row=r, column=c).value
        if _norm(found) != _norm(expected):
            problems.append(f"{SHEET}!{_ref(r, c)}：这里应是“{expected}”，实际为“{found or '空'}”。"
                            "表格的行或列被插入、删除或移动过；请按 nianbao init 生成的样式恢复，nianbao 按位置读取数字")
            break
    if problems:
        raise FiguresError(source, problems)
    refs: dict[str, str] = {}
    data: dict = {}
    agency = ws[AGENCY_CELL].value
    year = ws[YEAR_CELL].value
    data["agency"] = agency.strip() if isinstance(agency, str) else agency
    refs["agency"] = f"{SHEET}!{AGENCY_CELL}"
    if isinstance(year, float) and year.is_integer():
        year = int(year)
    if isinstance(year, str) and re.fullmatch(r"\s*\d{4}\s*(年|年度)?\s*", year):
        year = int(re.sub(r"\D", "", year))
    data["year"] = year
    refs["year"] = f"{SHEET}!{YEAR_CELL}"
    for table in (TABLE2, TABLE3, TABLE4):
        data[table.key] = {}
    for cell in CELLS:
        r, c = lay.cells[cell.path]
        ref = _ref(r, c)
        refs[cell.path] = f"{SHEET}!{ref}"
        value = ws[ref].value
        if isinstance(value, str) and value.startswith("="):
            try:
                value = _evaluate(ws, value, {ref})
            except _NotANumber:
                value = None  # the cell it names is reported (or, outside the tables, the total is computed)
            except _FormulaError as err:
                problems.append(f"{SHEET}!{ref}（{cell.label}）：{err}；请改为直接填写数字")
                continue
        elif isinstance(value, str):
            stripped = value.strip().replace(",", "").replace("，", "")
            if stripped == "":
                value = None
            elif re.fullmatch(r"\d+", stripped):
                value = int(stripped)
            elif re.fullmatch(r"\d+\.\d+", stripped):
                value = float(stripped)
        if isinstance(value, float) and value.is_integer() and not cell.is_money:
            value = int(value)
        _set(data, cell.path, value)
    if problems:
        raise FiguresError(source, problems)
    if FACTS_SHEET in wb.sheetnames:
        facts = _read_facts(wb[FACTS_SHEET], refs, problems)
        if facts:
            data["facts"] = facts
    if problems:
        raise FiguresError(source, problems)
    return data, refs, _work_notes(wb)


def _read_facts(ws, refs: dict, problems: list) -> dict:
    facts: dict = {}
    for row in ws.iter_rows(min_row=2):
        key = row[0].value
        if not key:
            continue
        key = str(key).strip()
        value = row[3].value if len(row) > 3 else None
        ref = f"{FACTS_SHEET}!D{row[0].row}"
        refs[f"facts.{key}"] = ref
        fact = FACT_BY_KEY.get(key)
        if value is None or value == "":
            continue
        if fact is not None and fact.kind == "texts":
            value = [line.strip() for line in str(value).splitlines() if line.strip()]
        elif isinstance(value, float) and value.is_integer() and fact is not None and fact.kind == "count":
            value = int(value)
        facts[key] = value
    return facts


def _norm(text) -> str:
    return re.sub(r"\s+", "", str(text or ""))


def _set(data: dict, path: str, value) -> None:
    *parents, last = path.split(".")
    node = data
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value


def init_workbook(prior=None, year: int | None = None, agency: str | None = None) -> bytes:
    """The workbook ``nianbao init -o X.xlsx`` writes: zeros to fill, last year's 结转 and 现行有效 prefilled."""
    from ..model import blank_figures, get_cell, set_cell

    usable = prior is not None and prior.format == "2021"
    if year is None and prior is not None and prior.year:
        year = prior.year + 1
    if agency is None:
        agency = prior.agency if prior is not None else ""
    obj = {"agency": agency or "", "year": year, **blank_figures()}
    prefilled: dict[str, str] = {}
    if usable:
        for cell in CELLS:
            if cell.row.key == "carried_over":
                set_cell(obj, cell.path, get_cell(prior.figures, f"{TABLE3.key}.carried_forward.{cell.column.key}"))
                prefilled[cell.path] = f"已按上年“{ROWS[TABLE3.key]['carried_forward'].label}”填写"
            elif cell.column.key == "in_force":
                value = get_cell(prior.figures, cell.path)
                set_cell(obj, cell.path, value)
                prefilled[cell.path] = f"上年为 {value} 件，请加上本年制发、减去本年废止"
    facts = {f.key: (0 if f.key.startswith("info_fee") else None) for f in FACTS}
    return figures_workbook(obj, facts, prefilled)
