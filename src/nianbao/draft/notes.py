"""This year's work notes (``draft --notes``): the drafter's own material, placed by area.

A notes file is plain text, Markdown or Word. Each non-empty line (each paragraph in Word) is one
item; bullets and numbering (“- ”, “1.”, “（2）”, “①”, “一是”) are taken off. A line that is a
heading naming an area (“主动公开”, “## 依申请公开”, “（三）政府信息管理”, “问题”, “改进”, “其他”)
sends the items under it to that area; items under no such heading are placed by the classifier
(classify.py, a vocabulary learnt from real reports, kept as data). Lines starting with “>” and
“#” lines that name no area are comments. Every item reaches the draft word for word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..catalog import AREA_NOTE_SYNONYMS, OVERVIEW_AREAS, PART_BY_KEY, area_words
from ..errors import ReportReadError
from ..lazy_regex import lazy

#: where a note can go: part 一's five areas, part 五's problems and improvements, part 六
NOTE_AREAS: tuple[str, ...] = (*(key for key, _, _ in OVERVIEW_AREAS), "problems", "improvements", "other_matters")
NOTE_AREA_NAMES = {
    **{key: name for key, name, _ in OVERVIEW_AREAS}, "problems": "存在的主要问题",
    "improvements": "改进情况", "other_matters": PART_BY_KEY["other_matters"].title,
}

#: heading words → area, most specific first (a heading naming “问题及改进” is part 五 as a whole)
_HEADING_AREAS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"问题.{0,4}(?:及|和|与).{0,6}(?:改进|整改|下一步|打算|措施|计划)", ("problems", "improvements")),
    (r"其他需要报告|其他事项|^其他$|^六、", ("other_matters",)),
    # part 一's areas (catalog.AREA_NOTE_SYNONYMS), 依申请 first: “主动公开和依申请公开” is about applications
    *sorted(((p, (key,)) for key, p in area_words(AREA_NOTE_SYNONYMS)), key=lambda e: e[1] != ("on_request",)),
    (r"改进|整改|下一步|工作打算|工作计划", ("improvements",)),
    (r"问题|不足", ("problems",)),
)
_HEADING_AREA_RES = [(lazy(p), areas) for p, areas in _HEADING_AREAS]
_NUMBERING_RE = lazy(
    r"^\s*(?:#{1,6}\s*|[-*+•·●◆■□▪–—]\s*|\d{1,3}\s*[.、．)）]\s*|[（(]\s*[\d一二三四五六七八九十]{1,3}\s*[)）]\s*|"
    r"[①-⑳]\s*|[一二三四五六七八九十]{1,3}\s*、\s*|(?:第)?[一二三四五六七八九十]{1,3}是[，,：:]?\s*)"
)
_HEADING_MAX = 24
_PRIVATE_RE = lazy("[\ue000-\uf8ff]")  # drafting's own origin marks cannot come from a file
_CN_HEADING_RE = lazy(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*、|[（(]\s*[一二三四五六七八九十]{1,3}\s*[)）])")
#: how the title of a pasted document ends
_TITLE_END_RE = lazy(r"(?:工作总结|总结|工作要点|要点|工作记录|工作报告|汇报材料|情况报告|情况汇报)$")
#: how a heading line without numbering or colon ends (“主动公开方面”, “存在的主要问题”, “其他”)
_HEADING_END_RE = lazy(r"(?:方面|情况|工作|建设|保障|管理|公开|问题|不足|措施|事项|改进|其他|打算)$")
_END_RE = lazy(r"[。！？；!?;]$")


@dataclass
class NoteItem:
    """One item of the drafter's work notes, and the area it was placed in."""

    text: str  # the item, word for word, without its bullet or number
    source: str  # file name
    line: int  # 1-based line (paragraph) in the file
    area: str = ""  # key in NOTE_AREAS once placed
    by: str = ""  # "heading" (the drafter's own heading) or "classifier"
    reason: str = ""  # why the classifier chose the area (shown by --explain)
    confident: bool = True
    choices: tuple[str, ...] = ()  # areas a heading allows (part 五's heading allows two)
    unit: str = "行"  # 行 for text files, 段 (paragraph) for Word

    @property
    def where(self) -> str:
        return f"{self.source} 第 {self.line} {self.unit}"


def heading_areas(line: str) -> tuple[str, ...] | None:
    """The areas a heading line names, () for a heading that names none, None for no heading."""
    raw = line.strip()
    is_md = raw.startswith("#")
    numbered = bool(_NUMBERING_RE.match(raw)) and not raw.startswith(("-", "*", "+", "•", "·"))
    # “一、…” / “（一）…” on a short line of its own is a heading even when it names no area
    # (“一、2025年工作开展情况” in a pasted 工作总结); “1.”, “（1）” and bullets number items
    is_md = is_md or bool(_CN_HEADING_RE.match(raw) and len(raw) <= _HEADING_MAX + 4 and not _END_RE.search(raw)
                          and not re.search(r"[，,；;]", raw))
    core = _NUMBERING_RE.sub("", raw, count=1).strip().strip("：:。 ")
    if not core:
        return () if is_md else None
    if not is_md:
        if len(core) > _HEADING_MAX + 16 or _END_RE.search(raw) or re.search(r"[，,；;]", core):
            return None
        if _TITLE_END_RE.search(core):
            return ()  # the title of a pasted document (“××镇2025年政务公开工作总结”)
        if len(core) > _HEADING_MAX or re.search(r"\d", core):
            return None
        if not (numbered or raw.endswith(("：", ":")) or _HEADING_END_RE.search(core)):
            return None
    for rx, areas in _HEADING_AREA_RES:
        if rx.search(core):
            return areas
    return () if is_md else None


def strip_numbering(line: str) -> str:
    """The item without its bullet and number (both, as in “- 一是…”)."""
    text = line.strip()
    for _ in range(2):
        text = _NUMBERING_RE.sub("", text, count=1).strip()
    return text


def _lines(path: Path) -> list[str]:
    from ..read import file_bytes

    data = file_bytes(path)  # a regular file of bounded size (no pipe, device or folder)
    if data[:4] == b"PK\x03\x04" and path.suffix.lower() == ".xlsx":
        from ..figures.xlsx import work_notes_lines

        lines = work_notes_lines(path)
        if lines is None:
            raise ReportReadError(path, "这个 Excel 工作簿没有“工作记录”表", "请使用 nianbao init -o 文件名.xlsx 生成的工作簿")
        return lines
    if data[:4] == b"PK\x03\x04":
        from ..read.docx import docx_text

        text, _ = docx_text(data, path)
        return [line for line in text.split("\n") if line.strip()]  # one entry per paragraph
    else:
        from ..read.decode import decode_bytes

        text = decode_bytes(data, path)
    return text.split("\n")


def parse_notes(lines: list[str], source: str, unit: str = "行") -> list[NoteItem]:
    """Items of a notes text with the areas their headings give (unplaced items have area "")."""
    items: list[NoteItem] = []
    current: tuple[str, ...] = ()
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith(">"):
            continue
        areas = heading_areas(line)
        if areas is not None:
            current = areas
            continue
        text = _PRIVATE_RE.sub("", strip_numbering(line))
        if not text:
            continue
        item = NoteItem(text, source, number, choices=current, unit=unit)
        if len(current) == 1:
            item.area, item.by = current[0], "heading"
        items.append(item)
    return items


def read_notes(paths, prior=None, already_read: dict | None = None) -> list[NoteItem]:
    """Every item of the notes files, in order, each placed in an area. With ``prior`` (last
    year's report of the same body) the placing also learns where that body put such work.
    ``already_read`` maps a path to its lines when they are at hand (the figures workbook's
    工作记录 sheet, read with the figures), so that the file is not opened again."""
    from .classify import adapted_model, place

    items: list[NoteItem] = []
    for path in paths:
        path = Path(path)
        unit = {".docx": "段", ".xlsx": "条"}.get(path.suffix.lower(), "行")
        lines = (already_read or {}).get(path)
        items.extend(parse_notes(_lines(path) if lines is None else lines, path.name, unit))
    if any(not it.area for it in items):
        place(items, adapted_model(prior) if prior is not None else None)
    return items


def notes_by_area(items: list[NoteItem]) -> dict[str, list[NoteItem]]:
    out: dict[str, list[NoteItem]] = {a: [] for a in NOTE_AREAS}
    for item in items:
        out[item.area].append(item)
    return out


NOTES_TEMPLATE = """\
> 本年度工作记录：起草时用 nianbao draft 数字文件 --notes 本文件
> 每行（或每段）写一件本年度做过的工作，原文照录进报告，不会被改写；“>”开头的行是说明，不进入报告。
> 写在下面某个标题之下的，放进该方面；没有标题的，由 nianbao 按内容归类（--explain 可查看归到了哪里）。
> 数字是您自己的事实，请写准确；与表格不符的件数会被指出。
> 也可以直接粘贴本单位的政务公开工作总结、工作要点落实情况、网站新闻等。

## 主动公开

## 依申请公开

## 政府信息管理

## 政府信息公开平台建设

## 监督保障

## 存在的主要问题

## 改进情况

## 其他需要报告的事项
> 如：人大代表建议和政协委员提案办理结果公开情况、落实上级年度政务公开工作要点情况等
"""


def notes_path_for(figures_path) -> Path:
    """Where ``init`` puts the notes file for a figures file: 2025.yaml → 2025.notes.md."""
    figures_path = Path(figures_path)
    return figures_path.with_name(figures_path.stem + ".notes.md")
