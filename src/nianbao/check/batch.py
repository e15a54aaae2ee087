"""Rules across the files of one batch: the same report twice, a file name naming another body or year."""

from __future__ import annotations

import re
from collections import Counter
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


def _fingerprint(text: str) -> str:
    import hashlib  # only a batch needs it: a single report's check starts without it

    text = "".join(text.split())  # every whitespace character dropped, as re's \s+
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


#: characters whose counts in a text tell most different texts apart at once: none is whitespace, so
#: two texts that are the same but for whitespace have the same counts of each
_COUNTED = "。1234"


class ReportKey:
    """What :func:`duplicate_findings` needs of a report: small, so a worker process sends it back instead.

    ``counts`` (of a few characters) tells most different reports apart cheaply; ``fingerprint`` (a
    hash of the text without its whitespace) is worked out only for reports whose counts another
    report of the batch shares, or when the key is sent from a worker process."""

    __slots__ = ("agency", "year", "counts", "_text", "_fingerprint")

    def __init__(self, agency: str | None, year: int | None, counts: tuple, text: str | None = None,
                 fingerprint: str | None = None):
        self.agency, self.year, self.counts = agency, year, counts
        self._text, self._fingerprint = text, fingerprint

    @classmethod
    def of(cls, report) -> ReportKey:
        text = "".join(report.lines)
        return cls(report.agency, report.year, tuple(map(text.count, _COUNTED)), text)

    @property
    def fingerprint(self) -> str:
        if self._fingerprint is None:
            self._fingerprint, self._text = _fingerprint(self._text), None
        return self._fingerprint

    def __reduce__(self):  # (to another process: the fingerprint, not the text)
        return ReportKey, (self.agency, self.year, self.counts, None, self.fingerprint)


def duplicate_findings(items: list[tuple[Path, object]]) -> dict[int, list[Finding]]:
    """Index in ``items`` → findings for files holding the same report as an earlier one in the batch.
    Each item is (path, report) or (path, its :class:`ReportKey`)."""
    out: dict[int, list[Finding]] = {}
    first_by_key: dict[tuple, int] = {}
    first_by_text: dict = {}
    keys = [report if isinstance(report, ReportKey) else ReportKey.of(report) for _, report in items]
    shared = Counter(key.counts for key in keys)
    for i, ((path, _), report) in enumerate(zip(items, keys)):
        # (counts no other report has: its text is no other's, and no fingerprint is needed)
        text_key = report.fingerprint if shared[report.counts] > 1 else report.counts
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
