"""table2 / table3 / table4: the arithmetic the official tables must satisfy."""

from __future__ import annotations

import re
from functools import lru_cache

from ..catalog import APPLICANT_COLUMNS, OUTCOME_ROWS, ROWS, RULE_MAKING_LEVELS, TABLE2, TABLE3, TABLE4
from ..findings import Finding
from ..model import cell_list, iter_cells

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


def _line(r, path):
    return r.cell_lines.get(path)


def run(ctx) -> list[Finding]:
    r = ctx.report
    fig = r.figures
    out: list[Finding] = []
    bad = set()
    unread = r.unread_cells
    if not unread:  # the common case: every cell a non-negative int, judged in one sweep
        values = cell_list(fig)
        plain = set(map(type, values)) == {int} and min(values) >= 0
    else:
        plain = False
    for cell, value in () if plain else iter_cells(fig):
        if type(value) is int and value >= 0 and not unread:  # the common case, fast
            continue
        if cell.path in unread:  # not read (null, with the reader's finding): nothing to judge
            bad.add(cell.path)
            continue
        if not _valid(value, cell.is_money):
            bad.add(cell.path)
            out.append(
                _f(cell.table, "value_invalid", f"{cell.table.name}“{cell.label}”为 {value!r}，应为非负{'数' if cell.is_money else '整数'}",
                   section=cell.table.name, row=cell.row.label, column=cell.column.label, line=_line(r, cell.path))
            )
    # table 2: 规章 by a body without rule-making power
    level = ctx.level or infer_level(r.agency)
    rules = fig[TABLE2.key]["rules"]
    if level and level not in RULE_MAKING_LEVELS and any(isinstance(v, (int, float)) and v > 0 for v in rules.values()):
        who = f"按 --level {ctx.level}" if ctx.level else f"从机关名称“{r.agency}”判断为{level}"
        out.append(
            _f(
                TABLE2, "rules_without_power",
                f"表二填报了规章（本年制发 {rules['issued']}、本年废止 {rules['repealed']}、现行有效 {rules['in_force']}），"
                f"但{who}，没有规章制定权；规章只能由省级、设区的市级人民政府和国务院部门制定，请核对是否应填在“行政规范性文件”行",
                section=TABLE2.name,
                row=ROWS[TABLE2.key]["rules"].label,
                line=_line(r, "active_disclosure.rules.issued"),
            )
        )
    apps = fig[TABLE3.key]

    if bad:
        def num(row, col):
            return None if f"{TABLE3.key}.{row}.{col}" in bad else apps[row][col]
    else:  # the common case: every cell read and valid
        def num(row, col):
            return apps[row][col]

    unjudged_balance, unjudged_results, unjudged_rows, unjudged_blocks = [], [], [], []
    # table 3, per column
    # (every cell read: each row's values once, the outcome rows' transposed at once)
    row_values = {} if bad else {row.key: list(map(apps[row.key].__getitem__, _COLUMN_KEYS)) for row in TABLE3.rows}
    outcome_columns = () if bad else list(zip(*[row_values[k] for k in _OUTCOME_KEYS]))
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
        parts = [num(row.key, col.key) for row in OUTCOME_ROWS] if bad else outcome_columns[j]
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
        values = [num(row.key, col.key) for col in APPLICANT_COLUMNS] if bad else row_values[row.key]
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
        paths = [f"{TABLE4.key}.{block.key}.{c.key}" for c in block.columns]
        if any(p in bad for p in paths):
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
