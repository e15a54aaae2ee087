"""Polishing a report file in place: find the narrative paragraphs, write back the accepted ones.

Only paragraphs of parts 一 (总体情况), 五 (存在的主要问题及改进情况) and 六 (其他需要报告的事项) are
candidates; the title, the preamble before part 一, headings and the tables are never touched.
Plain text and Markdown keep every other byte (encoding, BOM, line ends); Word (.docx) and HTML
are edited paragraph by paragraph (see :mod:`.docx_doc` and :mod:`.html_doc`). After writing back,
the result is read again: figures must be identical, or nothing is changed.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog import PART_BY_KEY
from ..errors import ReportReadError
from ..read.decode import decode_bytes_codec
from ..read.table_tokens import PAGE_MARK_RE
from ..read.text import paragraphs as read_paragraphs
from ..read.text import read_text, tidy_spacing, wrap_width
from ..sections import strip_signoff
from ..textutil import display_width
from .engine import PolishResult

NARRATIVE = ("overview", "problems", "other_matters")
STOP_PUNCT = "。！？；：!?;:"
NO_START = "，。、；：？！）》」』”’…%,.;:?!)]}"
REVERTED = "写回文件后无法按原段落读回，已保留原文"


@dataclass
class Paragraph:
    """A paragraph of a report offered for polishing (or skipped, with the reason)."""

    text: str
    section: str  # part title, e.g. 总体情况
    where: str  # e.g. 第 12 行
    skip: str | None = None  # reason it must not change
    anchor: object = None  # format-specific handle (line span, paragraph object…)


@dataclass
class Document:
    """A report file's narrative paragraphs; subclasses add ``render(result) -> bytes``."""

    path: Path
    data: bytes
    paragraphs: list[Paragraph] = field(default_factory=list)
    agency: str = ""
    year: int | None = None

    @property
    def texts(self) -> list[str]:
        return [p.text for p in self.paragraphs]

    @property
    def sections(self) -> list[str]:
        return [p.section for p in self.paragraphs]

    @property
    def where(self) -> list[str]:
        return [p.where for p in self.paragraphs]

    @property
    def skip(self) -> dict[int, str]:
        return {i: p.skip for i, p in enumerate(self.paragraphs) if p.skip}


def splice(slots: list[str], keep: int, body: str) -> list[str]:
    """New texts for a paragraph's runs: the first ``keep`` characters stay, ``body`` follows them.

    The body goes into the run holding the first character after the kept label, so it takes
    that run's formatting (the first run's, when nothing is kept); later runs are emptied.
    """
    out, seen, placed = [], 0, False
    for slot in slots:
        if placed:
            out.append("")
        elif seen + len(slot) > keep:
            out.append(slot[: keep - seen] + body)
            placed = True
        else:
            out.append(slot)
        seen += len(slot)
    if not placed:
        out[-1] += body
    return out


def narrative_blocks(texts: list[str], path) -> tuple[str, int | None, list[tuple[int, str]]]:
    """(agency, year, [(block index, part key)]) of the narrative blocks of parts 一、五、六.

    ``texts`` are a structured document's block texts (Word paragraphs, HTML block elements).
    """
    from ..read.parts import find_parts, find_title

    parts = find_parts(texts)
    if not parts:
        raise ReportReadError(path, "没有找到年度报告的六个部分的标题", "请确认选对了文件")
    order = sorted(parts.items(), key=lambda kv: kv[1]["index"])
    _, agency, year = find_title(texts, order[0][1]["index"])
    blocks = []
    for n, (key, info) in enumerate(order):
        if key not in NARRATIVE:
            continue
        end = order[n + 1][1]["index"] if n + 1 < len(order) else len(texts)
        if n + 1 == len(order):  # the 落款 (agency, date) closing the document is nothing to polish
            filled = [i for i in range(info["index"] + 1, end) if texts[i].strip()]
            kept = len(strip_signoff([texts[i] for i in filled]))
            end = filled[kept] if kept < len(filled) else end
        blocks.extend((i, key) for i in range(info["index"] + 1, end))
    return agency, year, blocks


def revert(result: PolishResult, indexes, reason: str) -> None:
    """Turn accepted outcomes back into rejected ones (the original text is kept)."""
    for i in indexes:
        item = result.items[i]
        if item.status == "accepted":
            item.status, item.text, item.reasons = "rejected", item.original, [reason]


def figures_of(data: bytes, source: str) -> dict | None:
    """The canonical figures of a report given as bytes, or None where no reader handles its format."""
    from ..read import read_bytes

    try:
        return read_bytes(data, source).to_dict(with_sections=False)
    except ReportReadError:
        return None


# --- plain text and Markdown ----------------------------------------------------------------


#: BOM → the codec that writes what follows it
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def _encoding(data: bytes, codec: str) -> tuple[bytes, str]:
    """(BOM to write, codec) that reproduce ``data``, which the reader decoded with ``codec``
    (read.decode.decode_bytes_codec: one policy for check and polish)."""
    if codec in ("utf-8-sig", "utf-16", "utf-32"):
        for bom, name in _BOMS:
            if data.startswith(bom):
                return bom, name
    return b"", codec


def rewrap(text: str, width: float) -> list[str]:
    """Hard-wrap ``text`` like a PDF copy: full lines that end mid-sentence, so a reader joins them.

    No line starts with closing punctuation (a comma may hang one place past the margin), and no
    line but the last ends a sentence, since the reader would take that as a paragraph end.
    """
    lines: list[str] = []
    rest = text
    while rest:
        cut = 1
        while cut < len(rest) and display_width(rest[: cut + 1], page=True) <= width:
            cut += 1
        if cut >= len(rest):
            lines.append(rest)
            break
        if rest[cut] in NO_START and rest[cut] not in STOP_PUNCT:
            cut += 1
        while cut > 1 and (rest[cut - 1] in STOP_PUNCT or (cut < len(rest) and rest[cut] in NO_START)):
            cut -= 1
        lines.append(rest[:cut])
        rest = rest[cut:]
    return lines


def _spans(lines: list[str], start: int, end: int, width: float | None) -> list[list[int]]:
    """[first line, last line] of each paragraph the reader finds in ``lines[start:end]``."""
    spans: list[list[int]] = []
    seen = 0
    for k in range(start, end):
        stripped = lines[k].strip().strip("\u3000").strip()
        if not stripped or PAGE_MARK_RE.match(stripped):
            continue
        count = len(read_paragraphs(lines[start:k + 1], width))
        if count > seen:
            spans.append([k, k])
            seen = count
        else:
            spans[-1][1] = k
    return spans


class TextDocument(Document):
    """Plain text / Markdown: polished paragraphs replace their lines; every other byte stays."""

    def __init__(self, path: Path, data: bytes):
        super().__init__(path, data)
        self.text, codec = decode_bytes_codec(data, path)
        self.bom, self.codec = _encoding(data, codec)
        raw = data[len(self.bom):].decode(self.codec, errors="replace")
        self.newline = "\r\n" if "\r\n" in raw else "\r" if "\r" in raw else "\n"
        self.lines = self.text.split("\n")
        self.report = read_text(self.text, str(path))
        self.agency, self.year = self.report.agency, self.report.year
        analysed = self.report.lines or self.lines
        self.width = wrap_width(analysed)
        for key in NARRATIVE:
            part = self.report.parts.get(key)
            if not part:
                continue
            start, end = part["start"], part["end"]
            texts = read_paragraphs(analysed[start:end], self.width)
            spans = _spans(analysed, start, end, self.width)
            if len(texts) != len(spans):  # the reader changed under us: touch nothing here
                continue
            if end >= max(p["end"] for p in self.report.parts.values()):  # the 落款 is nothing to polish
                texts = texts[:len(strip_signoff(texts))]
            for text, (a, b) in zip(texts, spans):
                where = f"第 {a + 1} 行" if a == b else f"第 {a + 1}–{b + 1} 行"
                crosses = any(PAGE_MARK_RE.match(analysed[k].strip()) for k in range(a, b + 1))
                self.paragraphs.append(Paragraph(
                    text, PART_BY_KEY[key].title, where,
                    "跨页的段落（PDF 文本），未润色" if crosses else None, (a, b),
                ))

    def _lines_for(self, item, a: int, b: int) -> list[str] | None:
        original = self.lines[a]
        lead = original[: len(original) - len(original.lstrip())]
        if "\n" in item.text or not item.text.strip():
            return None
        if a == b:
            trail = original[len(original.rstrip()):]
            return [lead + item.text + trail]
        block = rewrap(item.text, self.width)
        block[0] = lead + block[0]
        if read_paragraphs(block, self.width) != [tidy_spacing(item.text.strip())]:
            return None
        return block

    def _build(self, indexes: list[int]) -> list[str]:
        lines = list(self.lines)
        for i in sorted(indexes, key=lambda j: self.paragraphs[j].anchor[0], reverse=True):
            a, b = self.paragraphs[i].anchor
            lines[a:b + 1] = self._replacement[i]
        return lines

    def render(self, result: PolishResult) -> bytes:
        self._replacement: dict[int, list[str]] = {}
        for i, item in enumerate(result.items):
            if item.status != "accepted":
                continue
            block = self._lines_for(item, *self.paragraphs[i].anchor)
            if block is None:
                revert(result, [i], "写回文件后不再是原来的一个段落，已保留原文")
            else:
                self._replacement[i] = block
        accepted = list(self._replacement)
        multi = [i for i in accepted if self.paragraphs[i].anchor[0] != self.paragraphs[i].anchor[1]]
        for attempt in (accepted, [i for i in accepted if i not in multi], []):
            if not attempt:
                revert(result, accepted, REVERTED)
                return self.data
            lines = self._build(attempt)
            if self._reads_back(lines, result, attempt):
                revert(result, [i for i in accepted if i not in attempt], REVERTED)
                return self.bom + self.newline.join(lines).encode(self.codec)
        return self.data  # unreachable: the last attempt is empty

    def _reads_back(self, lines: list[str], result: PolishResult, applied: list[int]) -> bool:
        try:
            again = read_text("\n".join(lines), str(self.path))
        except ReportReadError:
            return False
        if again.to_dict(with_sections=False) != self.report.to_dict(with_sections=False):
            return False
        expected: dict[str, list[str]] = {}
        for i, p in enumerate(self.paragraphs):
            key = next(k for k in NARRATIVE if PART_BY_KEY[k].title == p.section)
            text = result.items[i].text if i in applied else p.text
            expected.setdefault(key, []).append(tidy_spacing(text.strip().strip("\u3000").strip()))
        return all(again.sections.get(k, "").split("\n") == v for k, v in expected.items())


# --- dispatch ---------------------------------------------------------------------------------


def open_document(path: str | Path) -> Document:
    """Read a report file for polishing: .docx, .html/.htm, else plain text / Markdown."""
    from ..read import file_bytes

    p = Path(path)
    data = file_bytes(p)  # a regular file of a sane size, else the reader's message
    suffix = p.suffix.lower()
    if suffix == ".docx":
        from ..read.docx import check_package
        from .docx_doc import DocxDocument

        check_package(data, p)

        return DocxDocument(p, data)
    if suffix in (".html", ".htm"):
        from .html_doc import HtmlDocument

        return HtmlDocument(p, data)
    return TextDocument(p, data)
