"""``nianbao init``: a figures file to fill in, with a Chinese comment on every line.

The keys are exactly those of figures.schema.json plus the optional ``facts`` block; comments
give each cell's official label (catalog.CELLS). With last year's report, 上年结转 is prefilled
from its 结转下年度继续办理 and 现行有效件数 from its 现行有效件数 — only when that report is of
the year just before, and only for cells it was sure of; other cells are left null (to fill).

Every value is written by the YAML library (one scalar at a time, so that each line can carry
its comment); comments are single lines built separately. ``init_text`` loads its own output
back and raises if it does not give exactly the values meant.
"""

from __future__ import annotations

from ..catalog import CELLS, DOCUMENT_COLUMNS, G_RESULTS, PART_BY_KEY, ROWS, TABLE2, TABLE3, TABLE4
from ..model import Report, get_cell
from ..sections import split_problems
from ..textutil import display_width
from .facts import FACTS

_COMMENT_COLUMN = 36
_NO_WRAP = 1 << 30


def _scalar(value) -> str:
    """One value as a YAML flow scalar on one line (quoted where YAML needs it)."""
    import yaml

    style = '"' if isinstance(value, str) and not value.isprintable() else None
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, default_style=style, width=_NO_WRAP)
    text = text[: -len("\n...\n")] if text.endswith("\n...\n") else text.rstrip("\n")
    if "\n" in text:  # never: a line break inside a scalar is written as \n in double quotes
        raise ValueError(f"multi-line YAML scalar for {value!r}")
    return text


def _comment(text: str) -> str:
    """Comment text on one line (a prior's sentence may span paragraphs)."""
    return " ".join(str(text).split())


def _line(indent: int, text: str, comment: str = "") -> str:
    body = "  " * indent + text
    if not comment:
        return body
    width = display_width(body)  # as a terminal shows it
    return f"{body}{' ' * max(_COMMENT_COLUMN - width, 0)}  # {_comment(comment)}"


def _entry(indent: int, key: str, value, comment: str = "") -> str:
    """``key: value`` with its comment; an unknown value (None) is left blank for the user to fill."""
    return _line(indent, f"{key}:" if value is None else f"{key}: {_scalar(value)}", comment)


def prior_is_last_year(prior: Report | None, year: int | None) -> bool:
    """Whether ``prior`` is the report of the year just before ``year`` (unknown years: assumed)."""
    return prior is None or not prior.year or not year or prior.year == year - 1


def _declared(prior: Report | None, agency: str | None) -> bool:
    """Whether ``agency`` (init --agency) names another body than the prior's title: the user says
    it is the same body, and drafting will need ``--agency`` to say so again."""
    from ..identity import body_match

    return bool(prior is not None and agency and prior.agency and body_match(agency, prior.agency).kind == "different")


def init_warnings(prior: Report | None, year: int | None, source: str = "", agency: str | None = None) -> list[str]:
    """What ``init`` must tell the user about the prior it was given (Chinese, one line each)."""
    if prior is None:
        return []
    name = source or prior.source
    out = []
    if _declared(prior, agency):
        out.append(f"{name}的机关名称是“{prior.agency}”，已按 --agency 视为“{agency}”（同一机关）；"
                   f"起草时请同样加 --agency {agency}")
    if prior.format != "2021":
        return out + [f"{name}是 2021 年以前格式的报告，表格栏目不同，没有预先填写任何数字"]
    if not prior_is_last_year(prior, year):
        out.append(f"{name}是 {prior.year} 年的报告，不是上一年度（{year - 1} 年）的：表三“上年结转”和表二“现行有效件数”"
                   f"没有预先填写（留空待填），请按 {year - 1} 年报告的“结转下年度继续办理”和现行有效件数填写")
    if not prior.year:
        out.append(f"没有认出{name}的年度，已当作上一年度的报告预填“上年结转”和“现行有效件数”，请核对")
    unread = [c for c in CELLS if _prefill(c) and _source_path(c) in _unknown(prior)]
    if unread and prior_is_last_year(prior, year):
        out.append(f"{name}中有 {len(unread)} 个用于预填的单元格没有读准，已留空待填（见文件中的注释）")
    return out


def _prefill(cell) -> bool:
    return cell.row.key == "carried_over" or cell.column.key == "in_force"


def _source_path(cell) -> str:
    """The prior's cell a prefilled cell is taken from."""
    return f"applications.carried_forward.{cell.column.key}" if cell.row.key == "carried_over" else cell.path


def _unknown(prior: Report) -> set:
    unread = set(getattr(prior, "unread_cells", None) or ())
    return unread | {c.path for c in CELLS if get_cell(prior.figures, c.path) is None}


def init_text(prior: Report | None = None, year: int | None = None, agency: str | None = None,
              prior_source: str = "") -> str:
    """The figures file as YAML text: blank, or prefilled from ``prior`` (last year's report)."""
    import yaml

    usable = prior is not None and prior.format == "2021"
    if year is None and prior is not None and prior.year:
        year = prior.year + 1
    if agency is None:
        agency = prior.agency if prior is not None else ""
    last_year = prior_is_last_year(prior, year)
    data: dict = {"agency": agency or "", "year": year or None}
    out: list[str] = []
    title = f"{agency or '（报告机关）'}{year or '（年度）'}年政府信息公开工作年度报告：本年度数字"
    out += [
        f"# {_comment(title)}",
        "#",
        "# 填好各项数字后起草报告：",
        f"#   nianbao draft 本文件{' --prior ' + _comment(prior_source) if prior_source else ''}"
        f"{' --agency ' + _comment(agency) if _declared(prior, agency) else ''} -o 年报草稿.docx",
        "#",
        "# 说明：",
        "# - 键名与 figures.schema.json（nianbao extract 输出的结构）一致，请勿修改，只改冒号后面的值。",
        "# - 每个单元格后的注释是它在官方表格中的名称；没有的数字填 0，件数填整数；冒号后留空的是待填的数字。",
    ]
    if usable and last_year:
        out += [
            f"# - 已按上年报告（{_comment(prior_source or prior.source)}）预先填写：表三“{ROWS[TABLE3.key]['carried_over'].label}”",
            f"#   = 上年“{ROWS[TABLE3.key]['carried_forward'].label}”；表二“{DOCUMENT_COLUMNS[2].label}” = "
            "上年的现行有效件数（请加上本年制发、减去本年废止）。",
        ]
    elif usable:
        out += [
            f"# - 所给报告（{_comment(prior_source or prior.source)}）是 {prior.year} 年的，不是上一年度（{year - 1} 年）的：",
            "#   表三“上年结转”和表二“现行有效件数”没有预先填写（留空），请按上一年度报告填写。",
        ]
    elif prior is not None:
        out.append("# - 上年报告是 2021 年以前的旧格式，表格栏目不同，没有预先填写任何数字。")
    out += [
        "# - 表三每列须满足：第一项 + 第二项 = 第三项（七）总计 + 第四项；每行的总计 = 各类申请人之和。",
        "# - facts 是起草时使用的扩展部分（表格中没有的数字和文字），都可以不填；nianbao check 与 extract 不读它。",
        "",
        _entry(0, "agency", data["agency"], "报告机关全称，如“洛宁县马店镇人民政府”"),
        _entry(0, "year", data["year"], "报告年度（统计期限为该年 1 月 1 日至 12 月 31 日）"),
    ]
    prior_fig = prior.figures if usable else None
    unknown = _unknown(prior) if usable else set()
    for table in (TABLE2, TABLE3, TABLE4):
        out += ["", f"# {PART_BY_KEY[table.key].heading}", f"{table.key}:"]
        node = data[table.key] = {}
        group = None
        for row in table.rows:
            if table is TABLE2 and row.group != group:
                group = row.group
                out.append(_line(1, f"# {group}"))
            cells = [c for c in CELLS if c.table is table and c.row is row]
            if len(cells) == 1 and not cells[0].column.key:
                value, comment = _cell_value(cells[0], prior_fig, unknown, last_year)
                node[row.key] = value
                out.append(_entry(1, row.key, value, comment))
                continue
            row_label = f"{row.group} {row.label}" if row.group and row.group != G_RESULTS else row.label
            out.append(_line(1, f"{row.key}:", row_label))
            sub = node[row.key] = {}
            for cell in cells:
                value, comment = _cell_value(cell, prior_fig, unknown, last_year)
                sub[cell.column.key] = value
                out.append(_entry(2, cell.column.key, value, comment))
    out += [
        "",
        "# 补充事实（可选）：表格中没有、起草正文时使用的数字和文字。不填就留空，起草时不写相应的句子。",
        "facts:",
    ]
    facts = data["facts"] = {}
    problems = split_problems(prior.sections.get("problems", "")).problems if prior is not None else []
    for fact in FACTS:
        comment = f"{fact.label}：{fact.hint}"
        value = [] if fact.kind == "texts" else 0 if fact.key.startswith("info_fee") else None
        facts[fact.key] = value
        out.append(_entry(1, fact.key, value, comment))
        if fact.key == "prior_problem_progress" and problems:
            out.append(_line(2, "# 上年度报告所列问题（按顺序对应填写，例如“- 本年度制定了……，……”）："))
            for i, p in enumerate(problems, 1):
                out.append(_line(2, f"#   {i}. {_comment(p)}"))
    text = "\n".join(out) + "\n"
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if yaml.load(text, Loader=loader) != data:  # a bug here would hand the user a file that misleads
        raise RuntimeError("init wrote YAML that does not load back to its own values")
    return text


def _cell_value(cell, prior_fig, unknown: set, last_year: bool) -> tuple[int | float | None, str]:
    """(value, comment) of one cell: 0, or prefilled from last year's report, or None (to fill)."""
    comment = cell.label if cell.column.key else f"{cell.label}（{cell.column.label}）"
    if prior_fig is None or not _prefill(cell):
        return 0, comment
    if not last_year:
        return None, comment + "；待填（所给报告不是上一年度的，没有预先填写）"
    source = _source_path(cell)
    if source in unknown:
        return None, comment + "；待填（上年报告中此格没有读准，请按上年报告填写）"
    value = get_cell(prior_fig, source)
    if value is None:  # not read from last year's report (null): left for the user, never 0
        return None, comment + "；待填（上年报告中此格没有读准，请按上年报告填写）"
    if cell.row.key == "carried_over":
        return value, comment + "；已按上年“结转下年度继续办理”填写"
    return value, comment + f"；上年为 {value} 件，请加上本年制发、减去本年废止"
