"""Figures across years: cell changes, the cross-year links, key figures by year.

Every number here is a cell value of one of the reports, or the difference of the same cell
in two reports; nothing is estimated. Cells a reader could not read are not compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..catalog import CELL_BY_PATH, CELLS, TABLE3, Cell
from ..findings import Finding, count
from ..model import Report, get_cell
from .record import Record

#: the figures of the trend table (and, marked ``chart``, of the HTML chart), in catalog order
KEY_FIGURES: tuple[tuple[str, bool], ...] = (
    ("applications.new_received.total", True),
    ("applications.carried_over.total", False),
    ("applications.disclosed.total", True),
    ("applications.results_total.total", False),
    ("applications.carried_forward.total", True),
    ("review_litigation.review.total", True),
    ("review_litigation.litigation_direct.total", True),
    ("review_litigation.litigation_after_review.total", False),
    ("active_disclosure.normative_documents.issued", True),
    ("active_disclosure.normative_documents.in_force", False),
    ("active_disclosure.licensing", False),
    ("active_disclosure.penalty", False),
)


def short_label(cell: Cell) -> str:
    """A compact label for charts and narrow tables: 本年新收申请·总计, 行政复议·总计."""
    col = cell.column.label if cell.column.key else ""
    return f"{cell.row.name}·{col}" if col else cell.row.name


def display_label(path: str) -> str:
    """The cell's label for people: the official one, except that outcome rows of table 3 whose
    label alone is ambiguous (总计, 1.属于国家秘密 …) get their group: 办理结果总计（自然人）."""
    cell = CELL_BY_PATH[path]
    if cell.table is TABLE3 and cell.row.group and cell.row.short and cell.column.key:
        return f"{cell.row.short}（{cell.column.label}）"
    return cell.label


def _delta(old, new):
    d = new - old
    return round(d, 6) if isinstance(d, float) else d


@dataclass(repr=False, eq=False)
class FigureChanges(Record):
    """The cells whose value changed between the years, those not compared, and why none were."""

    changes: list[dict] = field(default_factory=list)  # {"path","label","old","new","delta"}
    uncompared: list[str] = field(default_factory=list)  # paths unread in either report
    skipped: str = ""  # why figures were not compared at all

    def for_table(self, key: str) -> list[dict]:
        return [c for c in self.changes if c["path"].startswith(key + ".")]

    def to_dict(self) -> dict:
        out = {"changes": self.changes, "uncompared": self.uncompared}
        if self.skipped:
            out["skipped"] = self.skipped
        return out


def figure_changes(old: Report, new: Report) -> FigureChanges:
    """Every official cell whose value differs, largest absolute change first (catalog order on ties)."""
    if "pre-2021" in (old.format, new.format):
        return FigureChanges(skipped="有一份报告是 2021 年以前的格式，表格栏目不同，不对比表格数字")
    result = FigureChanges()
    order = {c.path: i for i, c in enumerate(CELLS)}
    for cell in CELLS:
        a, b = get_cell(old.figures, cell.path), get_cell(new.figures, cell.path)
        if a is None or b is None or cell.path in old.unread_cells or cell.path in new.unread_cells:
            result.uncompared.append(cell.path)  # not read (null): unknown, never taken as 0
            continue
        if a != b:
            result.changes.append({"path": cell.path, "label": cell.label, "old": a, "new": b, "delta": _delta(a, b)})
    result.changes.sort(key=lambda c: (-abs(c["delta"]), order[c["path"]]))
    return result


@dataclass(repr=False, eq=False)
class Links(Record):
    """The cross-year links of FORMAT.md, as judged by :mod:`nianbao.check.cross_year`."""

    checked: bool
    reason: str = ""  # why not checked
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return count(self.findings, "error")

    @property
    def warnings(self) -> int:
        return count(self.findings, "warning")

    def to_dict(self) -> dict:
        out = {"checked": self.checked, "errors": self.errors, "warnings": self.warnings, "findings": [f.to_dict() for f in self.findings]}
        if self.reason:
            out["reason"] = self.reason
        return out


def cross_year_links(old: Report, new: Report) -> Links:
    """上年结转 = 上年结转下年度 (per column) and 现行有效 = 上年 + 制发 − 废止, for consecutive years."""
    from ..check import Context, cross_year

    if "pre-2021" in (old.format, new.format):
        return Links(False, "有一份报告是 2021 年以前的格式")
    if old.year and new.year and new.year != old.year + 1:
        return Links(False, f"两份报告不是相邻年度（{old.year} 年 → {new.year} 年），不核对跨年度衔接")
    ctx = Context(report=new, prior=old)
    findings = cross_year.run(ctx)
    if ctx.not_judged:  # links with a cell not read (null) on either side: say which were not compared
        findings.append(Finding("check.not_judged", "info", "cross_year",
                                "有单元格未读出（null），以下衔接没有核对：" + "；".join(ctx.not_judged), {}))
    return Links(True, findings=findings)


def trend(reports: list[Report]) -> list[dict]:
    """Key figures by report: [{"path","label","short","chart","values": [v or None per report]}]."""
    rows = []
    for path, chart in KEY_FIGURES:
        cell = CELL_BY_PATH[path]
        values = [
            None if r.format == "pre-2021" or path in r.unread_cells else get_cell(r.figures, path)  # None: not read
            for r in reports
        ]
        rows.append({"path": path, "label": display_label(path), "short": short_label(cell), "chart": chart, "values": values})
    return rows
