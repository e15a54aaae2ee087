"""``nianbao init``: a figures file to fill in, with a Chinese comment on every line.

The keys are exactly those of figures.schema.json plus the optional ``facts`` block; comments
give each cell's official label (catalog.CELLS). With last year's report, 上年结转 is prefilled
from its 结转下年度继续办理 and 现行有效件数 from its 现行有效件数.
"""

from __future__ import annotations

import json

from ..catalog import CELLS, G_RESULTS, PART_BY_KEY, TABLE2, TABLE3, TABLE4
from ..model import Report, get_cell
from ..sections import split_problems
from .facts import FACTS

_COMMENT_COLUMN = 36


def _line(indent: int, text: str, comment: str = "") -> str:
    body = "  " * indent + text
    if not comment:
        return body
    return f"{body.ljust(_COMMENT_COLUMN)}  # {comment}"


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _number(value) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def init_text(prior: Report | None = None, year: int | None = None, agency: str | None = None,
              prior_source: str = "") -> str:
    """The figures file as YAML text: blank, or prefilled from ``prior`` (last year's report)."""
    usable = prior is not None and prior.format == "2021"
    if year is None and prior is not None and prior.year:
        year = prior.year + 1
    if agency is None:
        agency = prior.agency if prior is not None else ""
    out: list[str] = []
    title = f"{agency or '（报告机关）'}{year or '（年度）'}年政府信息公开工作年度报告：本年度数字"
    out += [
        f"# {title}",
        "#",
        "# 填好各项数字后起草报告：",
        f"#   nianbao draft 本文件{' --prior ' + prior_source if prior_source else ''} -o 年报草稿.docx",
        "#",
        "# 说明：",
        "# - 键名与 figures.schema.json（nianbao extract 输出的结构）一致，请勿修改，只改冒号后面的值。",
        "# - 每个单元格后的注释是它在官方表格中的名称；没有的数字填 0，件数填整数。",
    ]
    if usable:
        out += [
            f"# - 已按上年报告（{prior_source or prior.source}）预先填写：表三“二、上年结转政府信息公开申请数量”",
            "#   = 上年“四、结转下年度继续办理”；表二“现行有效件数” = 上年的现行有效件数（请加上本年制发、减去本年废止）。",
        ]
    elif prior is not None:
        out.append("# - 上年报告是 2021 年以前的旧格式，表格栏目不同，没有预先填写任何数字。")
    out += [
        "# - 表三每列须满足：第一项 + 第二项 = 第三项（七）总计 + 第四项；每行的总计 = 各类申请人之和。",
        "# - facts 是起草时使用的扩展部分（表格中没有的数字和文字），都可以不填；nianbao check 与 extract 不读它。",
        "",
        _line(0, f"agency: {_quoted(agency or '')}", "报告机关全称，如“洛宁县马店镇人民政府”"),
        _line(0, f"year: {year if year else ''}", "报告年度（统计期限为该年 1 月 1 日至 12 月 31 日）"),
    ]
    prior_fig = prior.figures if usable else None
    for table in (TABLE2, TABLE3, TABLE4):
        out += ["", f"# {PART_BY_KEY[table.key].heading}", f"{table.key}:"]
        group = None
        for row in table.rows:
            if table is TABLE2 and row.group != group:
                group = row.group
                out.append(_line(1, f"# {group}"))
            cells = [c for c in CELLS if c.table is table and c.row is row]
            if len(cells) == 1 and not cells[0].column.key:
                out.append(_cell_line(1, row.key, cells[0], prior_fig))
                continue
            row_label = f"{row.group} {row.label}" if row.group and row.group != G_RESULTS else row.label
            out.append(_line(1, f"{row.key}:", row_label))
            for cell in cells:
                out.append(_cell_line(2, cell.column.key, cell, prior_fig))
    out += [
        "",
        "# 补充事实（可选）：表格中没有、起草正文时使用的数字和文字。不填就留空，起草时不写相应的句子。",
        "facts:",
    ]
    problems = split_problems(prior.sections.get("problems", "")).problems if prior is not None else []
    for fact in FACTS:
        comment = f"{fact.label}：{fact.hint}"
        if fact.kind == "texts":
            out.append(_line(1, f"{fact.key}: []", comment))
            if fact.key == "prior_problem_progress" and problems:
                out.append(_line(2, "# 上年度报告所列问题（按顺序对应填写，例如“- 本年度制定了……，……”）："))
                for i, p in enumerate(problems, 1):
                    out.append(_line(2, f"#   {i}. {p}"))
        elif fact.key.startswith("info_fee"):
            out.append(_line(1, f"{fact.key}: 0", comment))
        else:
            out.append(_line(1, f"{fact.key}:", comment))
    return "\n".join(out) + "\n"


def _cell_line(indent: int, key: str, cell, prior_fig) -> str:
    value = 0
    comment = cell.label if cell.column.key else f"{cell.label}（{cell.column.label}）"
    if prior_fig is not None:
        if cell.row.key == "carried_over":
            value = get_cell(prior_fig, f"applications.carried_forward.{cell.column.key}")
            comment += "；已按上年“结转下年度继续办理”填写" if value is not None else "；上年报告中这一格未读出，请填写"
        elif cell.column.key == "in_force":
            value = get_cell(prior_fig, cell.path)
            comment += (f"；上年为 {value} 件，请加上本年制发、减去本年废止" if value is not None
                        else "；上年报告中现行有效件数未读出，请填写")
    if value is None:  # unknown (not read from last year's report): left for the user, never 0
        return _line(indent, f"{key}:", comment)
    return _line(indent, f"{key}: {_number(value)}", comment)
