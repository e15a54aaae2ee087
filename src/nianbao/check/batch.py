"""Rules across the files of one batch: the same report twice, a file name naming another body or year."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..findings import Finding
from .cross_year import normalize_agency

RULES = {
    "batch.duplicate_report": ("warning", "批量检查中两个文件是同一份报告（同一机关同一年度）"),
    "batch.file_name_body": ("warning", "文件名写的是另一个机关"),
    "batch.file_name_year": ("warning", "文件名写的是另一个年度"),
}

_BODY_RE = re.compile(r"[\u4e00-\u9fff]{1,12}?(?:街道办事处|街道|镇|乡|县|区|市|州|盟|旗|局|委员会|委|办公室|厅)")
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_GENERIC = {"年度", "年报", "报告", "政府", "人民政府", "本级", "市", "县", "区", "镇", "乡"}


def _bodies(stem: str) -> list[str]:
    stem = _YEAR_RE.sub(" ", stem)
    return [b for b in _BODY_RE.findall(stem) if b not in _GENERIC]


def name_findings(path: Path, report) -> list[Finding]:
    """The file name names a body that is not the report's agency, or a year that is not its year."""
    out: list[Finding] = []
    agency = normalize_agency(report.agency or "")
    if agency:
        others = [b for b in _bodies(path.stem) if normalize_agency(b) not in agency]
        if others:
            out.append(Finding("batch.file_name_body", "warning", "structure",
                               f"文件名中的“{others[0]}”与报告标题中的机关“{report.agency}”不符；请核对是否放错了文件或文件名写错了",
                               {"section": "文件名"}))
    years = {int(y) for y in _YEAR_RE.findall(path.stem)}
    if report.year and years and report.year not in years:
        named = sorted(years)[0]
        out.append(Finding("batch.file_name_year", "warning", "year",
                           f"文件名写的是 {named} 年，而报告是 {report.year} 年度的；请核对是否放错了文件或文件名写错了",
                           {"section": "文件名"}))
    return out


def _fingerprint(report) -> str:
    import hashlib  # only a batch needs it: a single report's check starts without it

    text = "".join("".join(report.lines).split())  # every whitespace character dropped, as re's \s+
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ReportKey:
    """What :func:`duplicate_findings` needs of a report: small, so a worker process sends it back instead."""

    agency: str | None
    year: int | None
    fingerprint: str

    @classmethod
    def of(cls, report) -> ReportKey:
        return cls(report.agency, report.year, _fingerprint(report))


def duplicate_findings(items: list[tuple[Path, object]]) -> dict[int, list[Finding]]:
    """Index in ``items`` → findings for files holding the same report as an earlier one in the batch.
    Each item is (path, report) or (path, its :class:`ReportKey`)."""
    out: dict[int, list[Finding]] = {}
    first_by_key: dict[tuple, int] = {}
    first_by_text: dict[str, int] = {}
    for i, (path, report) in enumerate(items):
        report = report if isinstance(report, ReportKey) else ReportKey.of(report)
        text_key = report.fingerprint
        agency = normalize_agency(report.agency or "")
        key = (agency, report.year) if agency and report.year else None
        same = first_by_text.get(text_key)
        how = "内容完全相同"
        if same is None and key is not None and key in first_by_key:
            same, how = first_by_key[key], f"同为{report.agency} {report.year} 年度的报告"
        if same is not None:
            other = items[same][0]
            message = f"与 {other} {how}：同一份报告重复了，或者其中一个文件放错了"
            out.setdefault(i, []).append(Finding("batch.duplicate_report", "warning", "structure", message, {"section": "文件"}))
            out.setdefault(same, [])
            if not any(f.rule == "batch.duplicate_report" for f in out[same]):
                out[same].append(Finding("batch.duplicate_report", "warning", "structure",
                                         f"与 {path} {how}：同一份报告重复了，或者其中一个文件放错了", {"section": "文件"}))
        first_by_text.setdefault(text_key, i)
        if key is not None:
            first_by_key.setdefault(key, i)
    return out
