"""table2 / table3 / table4: the arithmetic the official tables must satisfy."""

from __future__ import annotations

import re
from functools import lru_cache

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
_TABLE3_PREFIX = TABLE3.key + "."
_BLOCK_PATHS = {block.key: [f"{TABLE4.key}.{block.key}.{c.key}" for c in block.columns] for block in TABLE4.rows}


def _line(r, path):
    return r.cell_lines.get(path)


def _layout() -> tuple | None:
    """Where tables 3 and 4 lie in :func:`~nianbao.model.cell_list`'s values, for :func:`_balanced`:
    (table 3's first index, its row count, the indices of rows 一, 二, （七）总计, 四 and of the first
    outcome row and the row after the last, table 4's first index, its block count). None where the
    catalog's tables are not laid out as :func:`_balanced` reads them (then every report takes the
    rules' own path)."""
    index = {cell.path: i for i, cell in enumerate(CELLS)}
    rows3 = [row.key for row in TABLE3.rows]
    ncol = len(_COLUMN_KEYS)
    start3 = index[f"{TABLE3.key}.{rows3[0]}.{_COLUMN_KEYS[0]}"]
    if ncol != 7 or [index.get(f"{TABLE3.key}.{r}.{c}") for r in rows3 for c in _COLUMN_KEYS] != list(
            range(start3, start3 + len(rows3) * ncol)):
        return None
    outcomes = [rows3.index(k) for k in _OUTCOME_KEYS]
    if outcomes != list(range(outcomes[0], outcomes[0] + len(outcomes))):
        return None
    blocks = TABLE4.rows
    if any([c.key for c in b.columns] != [c.key for c in blocks[0].columns] for b in blocks) or len(blocks[0].columns) != 5:
        return None
    start4 = index[f"{TABLE4.key}.{blocks[0].key}.{blocks[0].columns[0].key}"]
    if [index.get(f"{TABLE4.key}.{b.key}.{c.key}") for b in blocks for c in b.columns] != list(
            range(start4, start4 + len(blocks) * 5)):
        return None
    return (start3, len(rows3), *(rows3.index(k) for k in ("new_received", "carried_over", "results_total", "carried_forward")),
            outcomes[0], outcomes[-1] + 1, start4, len(blocks))


_LAYOUT = _layout()


def _add(a, b):
    return a + b


def _balanced(values: list) -> bool:
    """Do tables 3 and 4 hold every sum the rules below check (each column's balance and results
    total, each row's total, each block's total)? ``values``: :func:`~nianbao.model.cell_list`'s, every
    one a plain int. A report that does needs none of the rules' per-cell work: it has no finding."""
    start3, nrows, new, over, results, forward, first, after, start4, nblocks = _LAYOUT
    t3 = values[start3: start3 + nrows * 7]
    # each row: the six kinds of applicant add up to its 总计
    if list(map(sum, zip(t3[0::7], t3[1::7], t3[2::7], t3[3::7], t3[4::7], t3[5::7]))) != t3[6::7]:
        return False
    total = t3[results * 7: results * 7 + 7]
    # each column: 一 + 二 = （七）总计 + 四, and the outcomes add up to （七）总计
    if list(map(_add, t3[new * 7: new * 7 + 7], t3[over * 7: over * 7 + 7])) != list(
            map(_add, total, t3[forward * 7: forward * 7 + 7])):
        return False
    if [sum(t3[first * 7 + j: after * 7: 7]) for j in range(7)] != total:
        return False
    # each block of table 4: the four outcomes add up to its 总计
    t4 = values[start4: start4 + nblocks * 5]
    return list(map(sum, zip(t4[0::5], t4[1::5], t4[2::5], t4[3::5]))) == t4[4::5]


#: where the money cells (a non-negative int or float) lie in cell_list's values, and the runs of
#: count cells between them
_MONEY = tuple(i for i, cell in enumerate(CELLS) if cell.is_money)
_COUNT_RUNS = tuple((a + 1, b) for a, b in zip((-1, *_MONEY), (*_MONEY, len(CELLS))) if b > a + 1)


def _plain(values: list) -> bool:
    """Is every value of :func:`~nianbao.model.cell_list` valid with none to look at one by one: every
    count a non-negative int (not a bool), every money cell a valid amount (a report's fee is often
    a float)?"""
    for a, b in _COUNT_RUNS:
        counts = values[a:b]
        if set(map(type, counts)) != {int} or min(counts) < 0:
            return False
    return all(_valid(values[i], True) for i in _MONEY)


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
    bad = set()
    unread = r.unread_cells
    if not unread:  # the common case: every cell a non-negative int, judged in one sweep
        values = cell_list(fig)
        plain = _plain(values)
        if plain and _LAYOUT is not None and _balanced(values):
            return _power(ctx, r, fig)  # every sum holds: no other finding, nothing left unjudged
    else:
        plain = False
    if not plain:
        values = cell_list(fig)
        bad = unread & _CELL_PATHS  # not read (null, with the reader's finding): nothing to judge
        # the cells that are not plain non-negative ints, in table order: not read, or invalid
        for i in [i for i, v in enumerate(values) if v.__class__ is not int or v < 0]:
            cell, value = CELLS[i], values[i]
            if cell.path in unread:
                continue
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
        if path.startswith(_TABLE3_PREFIX):
            _, row, col = path.split(".")
            row_values[row][_COLUMN_INDEX[col]] = None

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
