"""Batch comparison of two folders (older year, newer year): pairing by agency, one row per pair.

Pairing key: the normalised agency name (:func:`nianbao.check.cross_year.normalize_agency`).
A report without a recognisable title has no agency; it is paired by its file name with the
year taken out (``suqian_2023.txt`` → ``suqian``) with a report of the same file name that has
no agency or whose agency found no partner, and the row says so. Files left over on
either side are returned as unpaired, with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog import PART_BY_KEY
from ..check.cross_year import normalize_agency
from ..errors import NianbaoError
from ..model import Report
from .pair import compare_pair

_YEAR_IN_NAME_RE = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)\s*(?:年度|年)?")
_EDGE_RE = re.compile(r"^[\s_\-.—·]+|[\s_\-.—·]+$")
PART_COLUMNS = tuple((key, PART_BY_KEY[key].title) for key in ("overview", "problems", "other_matters"))


def name_key(path: Path) -> str:
    """The file name without extension and year: ``宿迁市_2023年.txt`` → ``宿迁市``."""
    stem = _YEAR_IN_NAME_RE.sub("", path.stem)
    stem = re.sub(r"[\s_\-.—·]{2,}", "_", stem)
    return normalize_agency(_EDGE_RE.sub("", stem))


@dataclass
class Entry:
    """One report file of a folder: read, or the error that kept it from being read."""

    path: Path
    report: Report | None = None
    error: NianbaoError | None = None

    @property
    def agency_key(self) -> str:
        return normalize_agency(self.report.agency) if self.report and self.report.agency else ""

    @property
    def file_key(self) -> str:
        return name_key(self.path)


@dataclass
class Pairing:
    """Two folders' reports paired by agency (or file name), and what stayed unpaired."""

    pairs: list[tuple[Entry, Entry, str]] = field(default_factory=list)  # (old, new, "agency" | "filename")
    unpaired: list[tuple[Entry, str]] = field(default_factory=list)  # (entry, reason)
    by_filename: list[str] = field(default_factory=list)  # keys paired by file name

    @property
    def count(self) -> int:
        return len(self.pairs)


def _group(entries: list[Entry], key) -> dict[str, list[Entry]]:
    out: dict[str, list[Entry]] = {}
    for e in entries:
        k = key(e)
        if k:
            out.setdefault(k, []).append(e)
    return out


def _pick(olds: list[Entry], news: list[Entry]) -> tuple[Entry, Entry] | None:
    """One old and one new report under the same key; with several, the pair of consecutive years."""
    if len(olds) == 1 and len(news) == 1:
        return olds[0], news[0]
    for n in news:
        for o in olds:
            if n.report.year and o.report.year == n.report.year - 1:
                return o, n
    return None


def _pair_name_variants(old: list[Entry], new: list[Entry], result: Pairing) -> tuple[list[Entry], list[Entry]]:
    """Pair reports whose agency names differ only by a place prefix or the 人民政府/政府/办公室
    ending (“宿迁市人民政府” / “江苏省宿迁市政府”), where the match is one-to-one; the rest is returned."""
    from ..identity import body_match

    def matches(e: Entry, others: list[Entry]) -> list[Entry]:
        return [o for o in others if o.agency_key and body_match(e.report.agency, o.report.agency).kind == "same"]

    used: set[int] = set()
    for n in new:
        if not n.agency_key:
            continue
        cands = matches(n, old)
        if len(cands) == 1 and matches(cands[0], new) == [n]:
            result.pairs.append((cands[0], n, "agency"))
            used |= {id(cands[0]), id(n)}
    return [e for e in old if id(e) not in used], [e for e in new if id(e) not in used]


def pair_by_agency(old: list[Entry], new: list[Entry]) -> Pairing:
    """Pair the readable reports of two folders: by agency name, then by file name."""
    result = Pairing()
    for side in (old, new):
        result.unpaired += [(e, "无法读取") for e in side if e.error]
    old_left = [e for e in old if e.report]
    new_left = [e for e in new if e.report]
    for how, key in (("agency", lambda e: e.agency_key), ("filename", lambda e: e.file_key)):
        olds, news = _group(old_left, key), _group(new_left, key)
        used: set[int] = set()
        for k in sorted(set(olds) & set(news)):
            pick = _pick(olds[k], news[k])
            if pick is None or (how == "filename" and pick[0].agency_key and pick[1].agency_key):
                continue  # by file name only where at least one report names no agency
            result.pairs.append((pick[0], pick[1], how))
            used |= {id(pick[0]), id(pick[1])}
            if how == "filename":
                result.by_filename.append(k)
        old_left = [e for e in old_left if id(e) not in used]
        new_left = [e for e in new_left if id(e) not in used]
        if how == "agency":
            old_left, new_left = _pair_name_variants(old_left, new_left, result)
    result.unpaired += [(e, "旧年度文件夹中没有同一机关的新报告") for e in old_left]
    result.unpaired += [(e, "新年度文件夹中没有同一机关的旧报告") for e in new_left]
    return result


def _pct(x: float | None) -> str:
    return "" if x is None else f"{x * 100:.1f}"


def compare_row(pair: tuple[Entry, Entry, str]) -> dict:
    """The summary row of one pair (no word diff: repetition, figure changes, cross-year links)."""
    o, n, how = pair
    c = compare_pair(o.report, n.report, words=False)
    rates = c.rates()
    return {
        "agency": n.report.agency or o.report.agency or n.file_key,
        "paired_by": how,
        "old_file": str(o.path),
        "new_file": str(n.path),
        "old_year": o.report.year,
        "new_year": n.report.year,
        "repetition": {"overall": rates["overall"], **{k: rates.get(k) for k, _ in PART_COLUMNS}},
        "verbatim_share": c.overall.verbatim_share,
        "figure_changes": len(c.figures.changes),
        "cross_year_errors": c.links.errors,
        "cross_year_warnings": c.links.warnings,
        "cross_year_checked": c.links.checked,
    }


CSV_HEADER = (
    ["机关", "配对依据", "旧报告", "新报告", "旧年度", "新年度", "全文重复率(%)"]
    + [f"{name}重复率(%)" for _, name in PART_COLUMNS]
    + ["逐字相同句子(%)", "变化的表格数字(处)", "跨年度衔接错误", "跨年度衔接警告"]
)


def _table_rows(rows: list[dict], pct=_pct, blank="") -> list[list]:
    out = []
    for r in rows:
        out.append(
            [r["agency"], "机关名称" if r["paired_by"] == "agency" else "文件名", r["old_file"], r["new_file"],
             r["old_year"] or blank, r["new_year"] or blank, pct(r["repetition"]["overall"])]
            + [pct(r["repetition"][k]) for k, _ in PART_COLUMNS]
            + [pct(r["verbatim_share"]), r["figure_changes"],
               r["cross_year_errors"] if r["cross_year_checked"] else "未核对",
               r["cross_year_warnings"] if r["cross_year_checked"] else "未核对"]
        )
    return out


def to_csv(rows: list[dict]) -> str:
    """CSV with a UTF-8 byte-order mark so that spreadsheet programs read the Chinese correctly."""
    from ..export.cells import csv_text

    return csv_text(CSV_HEADER, _table_rows(rows))


def to_xlsx(rows: list[dict], unpaired: list[tuple[Entry, str]]) -> bytes:
    """The same table as a workbook (rates as numbers), and the unpaired files on a second sheet."""
    from ..export.workbook import new_workbook, table_sheet, workbook_bytes

    def number_pct(x):
        return None if x is None else round(x * 100, 1)

    wb = new_workbook()
    table_sheet(wb, "对比汇总", CSV_HEADER, _table_rows(rows, number_pct, None),
                max_widths={"旧报告": 40, "新报告": 40, "机关": 30})
    table_sheet(wb, "未配对", ["文件", "原因"], [[str(e.path), why] for e, why in unpaired], max_widths={"文件": 60})
    return workbook_bytes(wb)


def render_table(rows: list[dict], unpaired: list[tuple[Entry, str]], console) -> None:
    from rich import box
    from rich.table import Table

    table = Table(title=f"批量对比：{len(rows)} 对报告（按全文重复率从高到低）", title_justify="left", title_style="bold", box=box.SIMPLE_HEAD)
    table.add_column("机关", overflow="fold", min_width=10)
    for col in ("年度", "全文", *(PART_BY_KEY[k].column for k, _ in PART_COLUMNS), "数字变化", "衔接错误"):
        table.add_column(col, justify="left" if col == "年度" else "right", no_wrap=True)
    for r in sorted(rows, key=lambda r: -(r["repetition"]["overall"] or 0)):
        rep = r["repetition"]
        table.add_row(
            r["agency"] + ("（按文件名）" if r["paired_by"] == "filename" else ""),
            f"{r['old_year'] or '？'}→{r['new_year'] or '？'}",
            *(f"{_pct(rep[k])}%" if rep[k] is not None else "—" for k in ("overall", "overview", "problems", "other_matters")),
            str(r["figure_changes"]),
            str(r["cross_year_errors"]) if r["cross_year_checked"] else "未核对",
        )
    console.print(table)
    if unpaired:
        console.print(f"未配对的文件（{len(unpaired)} 个）：")
        for e, why in unpaired:
            console.print(f"  {e.path}（{why}）", markup=False)
