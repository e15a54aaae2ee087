"""``check`` results as tables: one row per report (汇总) and one row per finding (问题清单)."""

from __future__ import annotations

from ..catalog import TABLES
from ..quantities import QUANTITY_BY_KEY

SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
AREA_NAMES = {
    "structure": "结构", **{t.area: t.name for t in TABLES},
    "narrative": "正文", "year": "年份", "cross_year": "跨年度",
}
#: (quantity key from nianbao.quantities, column name: the quantity's short name)
KEY_FIGURE_COLUMNS = tuple(
    (key, QUANTITY_BY_KEY[key].short)
    for key in ("new_received", "carried_over", "results_total", "carried_forward", "review", "litigation")
)
FINDINGS_HEADER = ["文件", "机关", "年度", "严重程度", "方面", "规则", "位置", "说明"]
SUMMARY_HEADER = ["文件", "机关", "年度", "错误", "警告", "待核实标记", "与上年重复率(%)", "状态",
                  *(name for _, name in KEY_FIGURE_COLUMNS)]


def location_text(loc: dict) -> str:
    """部分 / 行 / 列（PDF 第 n 页 | 第 n 行）."""
    get = loc.get
    section, row, column = get("section"), get("row"), get("column")
    if section and row:  # (most findings: formatted at once, not joined from a filtered list)
        text = f"{section!s} / {row!s} / {column!s}" if column else f"{section!s} / {row!s}"
    else:
        text = " / ".join([str(b) for b in (section, row, column) if b])
    if get("cell"):
        text += f"（{loc['cell']}）"
    elif get("page"):
        text += f"（PDF 第 {loc['page']} 页）"
    elif get("line"):
        text += f"（第 {loc['line']} 行）"
    return text


def findings_rows(results: list[dict]) -> list[list]:
    """One row per finding; an unreadable file is one 错误 row saying why."""
    rows = []
    for r in results:
        if "error" in r:
            rows.append([r["file"], "", "", "错误", "读取", "read.unreadable", "", r["error"]])
            continue
        for f in r["findings"]:
            rows.append([
                r["file"], r.get("agency") or "", r.get("year") or "", SEVERITY_NAMES[f["severity"]],
                AREA_NAMES.get(f["area"], f["area"]), f["rule"], location_text(f.get("location") or {}), f["message"],
            ])
    return rows


def summary_rows(results: list[dict], extras: list[dict]) -> list[list]:
    """One row per report. ``extras[i]``: unresolved markers, repetition, key figures of ``results[i]``."""
    from ..findings import count

    rows = []
    for r, x in zip(results, extras):
        if "error" in r:
            rows.append([r["file"], "", "", None, None, None, None, "无法读取", *([None] * len(KEY_FIGURE_COLUMNS))])
            continue
        errors, warnings = count(r["findings"], "error"), count(r["findings"], "warning")
        rep = x.get("repetition")
        figures = x.get("figures") or {}
        rows.append([
            r["file"], r.get("agency") or "", r.get("year"), errors, warnings, x.get("unresolved", 0),
            None if rep is None else round(rep * 100, 1),
            "有错误" if errors else ("有警告" if warnings else "通过"),
            *(figures.get(k) for k, _ in KEY_FIGURE_COLUMNS),
        ])
    return rows


def report_extras(report, prior=None) -> dict:
    """What the 汇总 sheet says of a report beyond its findings."""
    from ..quantities import values

    text = "\n".join(report.lines)
    out: dict = {"unresolved": text.count("【待核实"), "repetition": None, "figures": None}
    if report.format == "2021":
        n = values(report.figures)
        out["figures"] = {k: n[k] for k, _ in KEY_FIGURE_COLUMNS}
    if prior is not None:
        from ..compare.pair import compare_pair

        out["repetition"] = compare_pair(prior, report, words=False).rates()["overall"]
    return out


def findings_csv(results: list[dict]) -> str:
    from .cells import csv_text

    return csv_text(FINDINGS_HEADER, findings_rows(results))


def findings_workbook(results: list[dict], extras: list[dict]) -> bytes:
    """The reviewer's workbook: sheets 汇总 and 问题清单, header frozen, filters on."""
    from .workbook import new_workbook, table_sheet, workbook_bytes

    wb = new_workbook()
    table_sheet(wb, "汇总", SUMMARY_HEADER, summary_rows(results, extras), max_widths={"文件": 50, "机关": 30})
    table_sheet(wb, "问题清单", FINDINGS_HEADER, findings_rows(results),
                max_widths={"文件": 40, "机关": 28, "位置": 36, "说明": 80}, wrap=("位置", "说明"))
    return workbook_bytes(wb)
