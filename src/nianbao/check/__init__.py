"""Consistency rules for one report (and its prior year).

``check_report`` returns the reader's findings plus every rule's; each rule module exposes
``run(ctx) -> list[Finding]``. Rule ids are stable (see ``RULES``). The final gate (``markers``:
no 【待核实…】 marker left) runs only with ``final=True``: a draft may hold markers, a finished report not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..findings import Finding
from ..model import Report

NOT_JUDGED = "check.not_judged"

#: the rule modules check_report runs, in order; they and ``RULES`` load when first asked for (a comparison
#: needs only cross_year)
_RULE_MODULES = ("structure", "tables", "narrative", "years", "cross_year")


def __getattr__(name: str):
    """``RULE_MODULES`` and ``RULES`` (every rule id a finding may carry, with its severity and a one-line
    description), made when first asked for."""
    from importlib import import_module

    if name == "RULE_MODULES":
        value = tuple(import_module(f"{__name__}.{m}") for m in _RULE_MODULES)
    elif name == "RULES":
        from . import batch, markers

        value = {}
        for module in _rule_modules():
            value.update(module.RULES)
        value.update(markers.RULES)
        value.update(batch.RULES)  # rules across the files of one batch
        value.update(_READ_RULES)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def _rule_modules() -> tuple:
    modules = globals().get("RULE_MODULES")
    return modules if modules is not None else __getattr__("RULE_MODULES")


#: the reader's rule ids (the rest are the rule modules')
_READ_RULES = (
    {
        "read.row_count": ("error", "一行读到的数字个数与该行单元格数不符，无法确定各属哪一列"),
        "read.row_empty": ("error", "一行没有读到数字"),
        "read.row_missing": ("error", "没有找到某一行"),
        "read.row_by_position": ("warning", "没有找到某行的标签，按位置读取"),
        "read.table_missing": ("error", "没有找到某张表"),
        "read.not_a_number": ("error", "单元格不是非负数字"),
        "read.not_integer": ("error", "件数单元格不是整数"),
        "read.blank_as_zero": ("info", "空白、“/”、“—”、“无”单元格按 0 读取"),
        "read.blank_alignment": ("info", "空白单元格的位置按行合计确定"),
        "read.blank_ambiguous": ("warning", "空白单元格的位置无法确定"),
        NOT_JUDGED: ("info", "有单元格未读出（null），相关核对没有进行（每份报告一条，列出未核对的项目）"),
        "read.blank_unplaced": ("error", "空白单元格的位置无法确定，受影响的单元格记为未读出（null）"),
        "read.placement_ambiguous": ("error", "数字行属于标签前还是标签后的行无法确定，记为未读出（null）"),
        "read.placement_by_arithmetic": ("info", "数字行的归属按表格勾稽关系确定"),
        "read.decoded_by_arithmetic": ("info", "连在一起的数字按本行合计唯一地拆分"),
        "read.digits_ambiguous": ("error", "连在一起的数字无法唯一拆分，记为未读出（null）"),
        "read.group_row_zero": ("info", "只列了分组合计一行且为 0，其下各项按 0 读取"),
        "read.group_row_only": ("error", "只列了分组合计一行，其下各项记为未读出（null）"),
        "read.tables_blank": ("error", "三张表格都没有填写任何数字（空白模板）"),
        "read.table_blank": ("warning", "某张表格没有填写任何数字，按 0 读取"),
        "read.pdf_pages_without_text": ("warning", "PDF 有的页面没有文字层（扫描图片），其内容没有读到"),
        "read.table_as_image": ("error", "表格是以图片形式放在文档里的，读不到其中的数字"),
        "read.ocr_pages": ("info", "扫描页面或图片已用文字识别（OCR）读取"),
        "read.ocr_uncertain": ("warning", "文字识别（OCR）不能确定的数字，记为未读出（null）（注明页码和单元格）"),
        "read.ocr_by_arithmetic": ("info", "文字识别不够确定的数字，已由本行合计核实"),
    }
)


@dataclass
class Context:
    report: Report
    prior: Report | None = None
    level: str | None = None
    not_judged: list[str] = field(default_factory=list)  # checks a rule skipped: cells not read (null)



def check_report(report: Report, prior: Report | None = None, level: str | None = None,
                 final: bool = False) -> list[Finding]:
    """All findings for ``report``: the reader's, then each rule module's, errors first.

    ``final``: check it as a finished report (``nianbao check``), so every remaining 【待核实…】/
    【沿用上年…】 marker and placeholder-only section is an error; drafting checks its drafts without.
    """
    ctx = Context(report, prior, level)
    findings = list(report.findings)
    if report.format == "pre-2021":
        from . import structure

        findings += structure.run(ctx)
        return findings
    for module in _rule_modules():
        findings += module.run(ctx)
    if final:
        from . import markers

        findings += markers.run(ctx)
    if ctx.not_judged:
        findings.append(Finding(
            NOT_JUDGED, "info", "structure",
            "以下核对因有单元格未读出（null）而没有进行：" + "；".join(ctx.not_judged),
            {},
        ))
    _add_pages(findings, report)
    errors: list[Finding] = []
    warnings: list[Finding] = []
    infos: list[Finding] = []
    put = {"error": errors.append, "warning": warnings.append, "info": infos.append}
    for f in findings:  # errors first, then warnings, then the rest, each in order (a stable sort by severity)
        put[f.severity](f)
    return errors + warnings + infos


def _add_pages(findings: list[Finding], report: Report) -> None:
    """A PDF's findings give the page as well as the line of the extracted text."""
    pages = report.line_pages
    if not pages:
        return
    for f in findings:
        line = f.location.get("line")
        if isinstance(line, int) and 0 < line <= len(pages) and "page" not in f.location:
            f.location["page"] = pages[line - 1]
