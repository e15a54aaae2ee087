"""structure: the six parts, their headings and order, the title and the report year."""

from __future__ import annotations

from ..catalog import PART_BY_KEY, PARTS
from ..findings import Finding

RULES = {
    "structure.pre_2021_format": ("error", "2021 年以前的旧格式报告，表格与现行格式不同"),
    "structure.part_missing": ("error", "六个部分中缺少某部分"),
    "structure.part_order": ("error", "六个部分的顺序不对"),
    "structure.heading_numbering": ("warning", "部分标题的序号与官方格式不同"),
    "structure.part_empty": ("error", "第五或第六部分没有内容"),
    "structure.title_missing": ("warning", "没有找到标题（机关名称 + 年度 + 政府信息公开工作年度报告）"),
    "structure.year_unknown": ("error", "无法确定报告年度"),
    "structure.year_mismatch": ("error", "标题年度与统计期限年度不一致"),
    "structure.stats_period_span": ("warning", "统计期限跨两个年度"),
    "structure.duplicate_report": ("error", "同一个文件里报告全文出现了不止一遍（只读取了最后一遍）"),
}


def _f(rule, message, **loc):
    return Finding(rule, RULES[rule][0], "structure", message, loc)


def run(ctx) -> list[Finding]:
    r = ctx.report
    out: list[Finding] = []
    if r.format == "pre-2021":
        out.append(
            _f(
                "structure.pre_2021_format",
                f"这是 2021 年以前格式的报告（{r.year or '年度不明'}），表格栏目与现行格式（国办公开办函〔2021〕30号）不同，"
                "未读取表格数字，表格规则未检查",
                section=PART_BY_KEY["active_disclosure"].heading,
            )
        )
        return out
    if not r.title:
        out.append(_f("structure.title_missing", "没有找到标题行（如“××县××镇人民政府2024年政府信息公开工作年度报告”），无法确定报告机关", line=1))
    if r.year is None:
        out.append(_f("structure.year_unknown", "无法确定报告年度：标题、统计期限和第一部分开头都没有写明年份"))
    if r.title_year and r.stats_year and r.title_year != r.stats_year:
        out.append(
            _f(
                "structure.year_mismatch",
                f"标题写的是 {r.title_year} 年，统计期限却是 {r.stats_year} 年：一份报告只能报告一个年度",
                section="前言",
            )
        )
    duplicate = duplicate_report(r)
    if duplicate is not None:
        out.append(duplicate)
    found = r.parts
    for part in PARTS:
        if part.key not in found:
            out.append(_f("structure.part_missing", f"缺少第{part.number}部分“{part.heading}”（或其标题无法识别）", section=part.heading))
    present = [p for p in PARTS if p.key in found]
    lines = [found[p.key]["line"] for p in present]
    if lines != sorted(lines):
        order = "、".join(p.number for p in sorted(present, key=lambda p: found[p.key]["line"]))
        out.append(_f("structure.part_order", f"各部分的顺序为 {order}，应为 一、二、三、四、五、六", section="全文"))
    for part in present:
        info = found[part.key]
        numeral = info.get("numeral")
        if numeral and numeral != part.number:
            out.append(
                _f(
                    "structure.heading_numbering",
                    f"“{info['heading']}”的序号是“{numeral}”，按官方格式应为“{part.heading}”",
                    section=part.heading,
                    line=info["line"],
                )
            )
    for key in ("problems", "other_matters"):
        if key in found and not r.sections.get(key, "").strip():
            part = next(p for p in PARTS if p.key == key)
            out.append(_f("structure.part_empty", f"第{part.number}部分“{part.title}”没有内容", section=part.heading, line=found[key]["line"]))
    return out


def duplicate_report(report) -> Finding | None:
    """structure.duplicate_report when ``report`` holds the whole report twice (pasted twice)."""
    again = _second_copy(report.lines)
    if again is None:
        return None
    return _f("structure.duplicate_report",
              f"报告全文似乎出现了两遍：第 {again + 1} 行又从第一部分“{PART_BY_KEY['overview'].heading}”开始，读取时各部分和表格取的是后一遍；"
              "请删去重复的内容后再检查", section="全文", line=again + 1)


def _second_copy(lines: list[str]) -> int | None:
    """The index of the line where a second complete run of the six parts starts, or None.

    A table of contents lists the headings close together; a pasted second copy starts over
    after a whole report (part 一 … part 六 with their text in between).
    """
    from ..read.parts import classify_heading, heading_candidates

    firsts: list[int] = []  # part 一 headings
    lasts: list[int] = []  # part 六 headings
    for i in heading_candidates(lines):
        hit = classify_heading(lines[i])
        if not hit or hit[2]:
            continue
        if hit[0].key == PARTS[0].key:
            firsts.append(i)
        elif hit[0].key == PARTS[-1].key:
            lasts.append(i)
    if len(firsts) < 2 or len(lasts) < 2:
        return None
    first_end = lasts[0]
    if first_end - firsts[0] < 10:  # a table of contents, not a report
        return None
    again = [i for i in firsts if i > first_end]
    return again[0] if again and any(j > again[0] for j in lasts) else None
