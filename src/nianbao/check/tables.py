"""table2 / table3 / table4: the arithmetic the official tables must satisfy."""

from __future__ import annotations

import re
from array import array
from functools import lru_cache
from operator import add, itemgetter

from ..catalog import APPLICANT_COLUMNS, CELLS, OUTCOME_ROWS, ROWS, RULE_MAKING_LEVELS, TABLE2, TABLE3, TABLE4
from ..findings import Finding
from ..model import cell_list

#: rule id (the table's area, a dot, the rule's name) → (severity, what it checks)
RULES = {
    f"{TABLE2.area}.value_invalid": ("error", "表二单元格不是非负数"),
    f"{TABLE2.area}.rules_without_power": ("warning", "没有规章制定权的机关填报了规章"),
    f"{TABLE3.area}.value_invalid": ("error", "表三单元格不是非负整数"),
    f"{TABLE3.area}.column_balance": ("error", "表三某列：第一项 + 第二项 ≠ 第三项总计 + 第四项"),
    f"{TABLE3.area}.results_total": ("error", "表三某列：（七）总计 ≠ 21 个办理结果之和"),
    f"{TABLE3.area}.row_total": ("error", "表三某行：总计 ≠ 六类申请人之和"),
    f"{TABLE4.area}.value_invalid": ("error", "表四单元格不是非负整数"),
    f"{TABLE4.area}.block_total": ("error", "表四：总计 ≠ 维持 + 纠正 + 其他 + 尚未审结"),
}


def _f(table, name, message, **loc):
    """A finding of rule ``name`` on ``table`` (a catalog Table): its id and area come from the table."""
    rule = f"{table.area}.{name}"
    return Finding(rule, RULES[rule][0], table.area, message, loc)


def _valid(value, money: bool) -> bool:
    if isinstance(value, bool):
        return False
    if money:
        return isinstance(value, (int, float)) and value >= 0
    return isinstance(value, int) and value >= 0


@lru_cache(maxsize=256)
def infer_level(agency: str) -> str | None:
    """The administrative level of a body from its name, where the name says it."""
    name = re.sub(r"\s", "", agency or "")
    if not name:
        return None
    if re.search(r"(?:镇|乡)(?:人民政府)?$", name):
        return "乡镇"
    if re.search(r"街道(?:办事处)?$", name):
        return "街道"
    if name.startswith(("国家", "中华人民共和国", "国务院")) and re.search(r"(?:部|委员会|总局|局|署|办公室|银行)$", name):
        return "国务院部门"
    if re.search(r"(?:省|自治区)人民政府$", name) or re.search(r"^(?:北京|上海|天津|重庆)市人民政府$", name):
        return "省级政府"
    if re.search(r"(?:县|区|旗)人民政府$", name):
        return "县级政府"
    if re.search(r"(?:局|委员会|委|办公室|办|中心|厅|所|站|队)$", name):
        return "部门"  # a department of some level: none below the State Council makes 规章
    return None  # e.g. “××市人民政府”: 设区的市 (rule-making) or 县级市 — cannot tell


_OUTCOME_KEYS = tuple(row.key for row in OUTCOME_ROWS)
_COLUMN_KEYS = tuple(col.key for col in APPLICANT_COLUMNS)
_COLUMN_INDEX = {key: j for j, key in enumerate(_COLUMN_KEYS)}
_CELL_PATHS = frozenset(cell.path for cell in CELLS)
_PATHS = tuple(cell.path for cell in CELLS)
#: each table 3 cell's path → (its row's key, its column's index)
_TABLE3_PLACES = {f"{TABLE3.key}.{row.key}.{col}": (row.key, j) for row in TABLE3.rows for j, col in enumerate(_COLUMN_KEYS)}
_BLOCK_PATHS = {block.key: [f"{TABLE4.key}.{block.key}.{c.key}" for c in block.columns] for block in TABLE4.rows}


def _line(r, path):
    return r.cell_lines.get(path)


def _reading() -> tuple | None:
    """How :func:`_clean` reads the three tables: (table 2's count rows: (row key, its columns' getter
    or None for a one-cell row), table 2's money cells' row keys, table 3's row getter, its columns'
    getter, the indices in table 3 of rows 一, 二, （七）总计, 四, of the first outcome row and the row
    after the last, table 4's block getter, its columns' getter). None where the catalog's tables
    are not laid out as :func:`_clean` reads them (then every report takes the rules' own path)."""
    rows3 = [row.key for row in TABLE3.rows]
    outcomes = [rows3.index(k) for k in _OUTCOME_KEYS]
    blocks = TABLE4.rows
    columns4 = [c.key for c in blocks[0].columns]
    if (len(_COLUMN_KEYS) != 7 or outcomes != list(range(outcomes[0], outcomes[0] + len(outcomes)))
            or len(columns4) != 5 or any([c.key for c in b.columns] != columns4 for b in blocks) or len(blocks) < 2):
        return None
    counts2: dict[str, list[str]] = {}
    money2: list[str] = []
    read = {f"{TABLE3.key}.{r}.{c}" for r in rows3 for c in _COLUMN_KEYS}
    read |= {f"{TABLE4.key}.{b.key}.{c}" for b in blocks for c in columns4}
    for cell in CELLS:
        parts = cell.path.split(".")
        if parts[0] != TABLE2.key:
            continue
        if cell.is_money:
            if len(parts) != 2:
                return None
            money2.append(parts[1])
        else:
            counts2.setdefault(parts[1], []).append(parts[2] if len(parts) == 3 else None)
        read.add(cell.path)
    if read != {cell.path for cell in CELLS}:
        return None
    rows2 = tuple((row, itemgetter(*cols) if cols != [None] else None) for row, cols in counts2.items())
    if any(getter is None and cols != [None] or getter is not None and len(cols) < 2 for (_, getter), cols in zip(rows2, counts2.values())):
        return None
    return (rows2, tuple(money2), itemgetter(*rows3), itemgetter(*_COLUMN_KEYS),
            *(rows3.index(k) for k in ("new_received", "carried_over", "results_total", "carried_forward")),
            outcomes[0], outcomes[-1] + 1, itemgetter(*(b.key for b in blocks)), itemgetter(*columns4))


_READING = _reading()


def _clean(fig: dict) -> bool:
    """Is every cell valid with none to look at one by one (every count a non-negative int, not a
    bool; every money cell a valid amount: a report's fee is often a float), and does every sum the
    rules below check hold (each column's balance and results total in table 3, each row's total,
    each block's total in table 4)? Then the rules have nothing to say but table 2's 规章 rule."""
    rows2, money2, get_rows3, get_columns3, new, over, results, forward, first, after, get_blocks, get_columns4 = _READING
    t2 = fig[TABLE2.key]
    counts = []
    for row, getter in rows2:
        if getter is None:
            counts.append(t2[row])
        else:
            counts += getter(t2[row])
    rows = list(map(get_columns3, get_rows3(fig[TABLE3.key])))  # table 3 row by row, 7 columns each
    blocks = list(map(get_columns4, get_blocks(fig[TABLE4.key])))  # table 4 block by block, 5 columns each
    for values in rows:
        counts += values
    for values in blocks:
        counts += values
    if list(map(type, counts)) != _INTS:  # (a list of types: built quicker than a set, compared by identity)
        return False
    try:
        array("Q", counts)  # (every one of them at least 0)
    except OverflowError:
        return False
    if not all(_valid(t2[row], True) for row in money2):
        return False
    # each row of table 3: the six kinds of applicant add up to its 总计 (all seven: twice the 总计)
    totals = [values[6] for values in rows]
    if list(map(sum, rows)) != list(map(add, totals, totals)):
        return False
    # each column: 一 + 二 = （七）总计 + 四, and the outcomes add up to （七）总计
    if list(map(add, rows[new], rows[over])) != list(map(add, rows[results], rows[forward])):
        return False
    if tuple(map(sum, zip(*rows[first:after]))) != rows[results]:
        return False
    # each block of table 4: the four outcomes add up to its 总计 (all five: twice the 总计)
    totals = [values[4] for values in blocks]
    return list(map(sum, blocks)) == list(map(add, totals, totals))


#: the type of every count cell :func:`_clean` reads: int (table 2's count cells, then tables 3 and 4)
_INTS = [int] * sum(1 for cell in CELLS if not cell.is_money)


def _power(ctx, r, fig) -> list[Finding]:
    """table 2: 规章 reported by a body without rule-making power."""
    level = ctx.level or infer_level(r.agency)
    rules = fig[TABLE2.key]["rules"]
    if level and level not in RULE_MAKING_LEVELS and any(isinstance(v, (int, float)) and v > 0 for v in rules.values()):
        who = f"按 --level {ctx.level}" if ctx.level else f"从机关名称“{r.agency}”判断为{level}"
        return [
            _f(
                TABLE2, "rules_without_power",
                f"表二填报了规章（本年制发 {rules['issued']}、本年废止 {rules['repealed']}、现行有效 {rules['in_force']}），"
                f"但{who}，没有规章制定权；规章只能由省级、设区的市级人民政府和国务院部门制定，请核对是否应填在“行政规范性文件”行",
                section=TABLE2.name,
                row=ROWS[TABLE2.key]["rules"].label,
                line=_line(r, "active_disclosure.rules.issued"),
            )
        ]
    return []


def run(ctx) -> list[Finding]:
    r = ctx.report
    fig = r.figures
    out: list[Finding] = []
    unread = r.unread_cells
    if not unread and _READING is not None and _clean(fig):  # the common case: one sweep of the values
        return _power(ctx, r, fig)  # no other finding, nothing left unjudged
    values = cell_list(fig)
    bad = unread & _CELL_PATHS  # not read (null, with the reader's finding): nothing to judge
    # the cells that are not plain non-negative ints, in table order, other than those not read: invalid?
    for i in [i for i, v in enumerate(values) if (v.__class__ is not int or v < 0) and _PATHS[i] not in unread]:
        cell, value = CELLS[i], values[i]
        if not _valid(value, cell.is_money):
            bad.add(cell.path)
            out.append(
                _f(cell.table, "value_invalid", f"{cell.table.name}“{cell.label}”为 {value!r}，应为非负{'数' if cell.is_money else '整数'}",
                   section=cell.table.name, row=cell.row.label, column=cell.column.label, line=_line(r, cell.path))
            )
    out += _power(ctx, r, fig)  # table 2: 规章 by a body without rule-making power
    apps = fig[TABLE3.key]

    unjudged_balance, unjudged_results, unjudged_rows, unjudged_blocks = [], [], [], []
    # each row's values once (a cell not read or invalid: None), the outcome rows' transposed at once
    row_values = {row.key: list(map(apps[row.key].__getitem__, _COLUMN_KEYS)) for row in TABLE3.rows}
    for path in bad:
        place = _TABLE3_PLACES.get(path)
        if place is not None:
            row_values[place[0]][place[1]] = None

    def num(row, col):
        return row_values[row][_COLUMN_INDEX[col]]

    outcome_columns = list(zip(*[row_values[k] for k in _OUTCOME_KEYS]))
    for j, col in enumerate(APPLICANT_COLUMNS):
        a, b = num("new_received", col.key), num("carried_over", col.key)
        c, d = num("results_total", col.key), num("carried_forward", col.key)
        if None in (a, b, c, d):
            unjudged_balance.append(col.label)
        elif a + b != c + d:
            out.append(
                _f(
                    TABLE3, "column_balance",
                    f"表三 {col.label}列：第一项+第二项={a}+{b}={a + b}，第三项（七）总计+第四项={c}+{d}={c + d}，两者应相等",
                    section=TABLE3.name,
                    column=col.label,
                    line=_line(r, f"{TABLE3.key}.results_total.{col.key}"),
                )
            )
        parts = outcome_columns[j]
        if c is None or None in parts:
            unjudged_results.append(col.label)
        elif sum(parts) != c:
            out.append(
                _f(
                    TABLE3, "results_total",
                    f"表三 {col.label}列：（七）总计为 {c}，而（一）至（六）各项办理结果之和为 {sum(parts)}",
                    section=TABLE3.name,
                    row=ROWS[TABLE3.key]["results_total"].label,
                    column=col.label,
                    line=_line(r, f"{TABLE3.key}.results_total.{col.key}"),
                )
            )
    # table 3, per row
    for row in TABLE3.rows:
        values = row_values[row.key]
        if None in values:
            unjudged_rows.append(row.name)
            continue
        *each, total = values
        if sum(each) != total:
            out.append(
                _f(
                    TABLE3, "row_total",
                    f"表三“{row.name}”行：总计为 {total}，而自然人与五类法人或其他组织之和为 "
                    f"{'+'.join(str(v) for v in each)}={sum(each)}",
                    section=TABLE3.name,
                    row=row.label,
                    column=APPLICANT_COLUMNS[-1].label,
                    line=_line(r, f"{TABLE3.key}.{row.key}.total"),
                )
            )
    # table 4
    for block in TABLE4.rows:
        vals = fig[TABLE4.key][block.key]
        paths = _BLOCK_PATHS[block.key]
        if bad and any(p in bad for p in paths):
            unjudged_blocks.append(block.name)
            continue
        *outcomes, total = block.columns
        parts = [vals[c.key] for c in outcomes]
        if sum(parts) != vals[total.key]:
            out.append(
                _f(
                    TABLE4, "block_total",
                    f"{TABLE4.name} {block.name}：{total.label}为 {vals[total.key]}，"
                    f"而{'+'.join(c.label for c in outcomes)}="
                    f"{'+'.join(str(v) for v in parts)}={sum(parts)}",
                    section=TABLE4.name,
                    row=block.name,
                    column=total.label,
                    line=_line(r, paths[-1]),
                )
            )
    not_judged = getattr(ctx, "not_judged", None)
    if not_judged is not None:
        if unjudged_balance:
            not_judged.append(f"表三“第一项+第二项=第三项+第四项”（{'、'.join(unjudged_balance)}列）")
        if unjudged_results:
            not_judged.append(f"表三“（七）总计=各项办理结果之和”（{'、'.join(unjudged_results)}列）")
        if unjudged_rows:
            not_judged.append(f"表三各行合计（{'、'.join(unjudged_rows)}）")
        if unjudged_blocks:
            not_judged.append(f"表四合计（{'、'.join(unjudged_blocks)}）")
    return out
