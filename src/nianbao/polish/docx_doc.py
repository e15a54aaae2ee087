"""Word (.docx): narrative paragraphs are edited in place with python-docx.

Only body paragraphs are candidates (never table cells). A paragraph is edited only when it holds
plain runs (no hyperlinks, fields, pictures, line breaks); the polished body takes the formatting
of the run it starts in, which is the first run unless a sub-heading label is kept before it.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ..catalog import PART_BY_KEY
from ..errors import ReportReadError
from .document import REVERTED, Document, Paragraph, figures_of, narrative_blocks, revert, splice
from .engine import PolishResult

_P_CHILDREN = {"pPr", "r", "proofErr", "bookmarkStart", "bookmarkEnd"}
_R_CHILDREN = {"rPr", "t", "lastRenderedPageBreak"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _plain(paragraph) -> bool:
    """Only runs of plain text: what can be rewritten without losing anything."""
    p = paragraph._p
    if any(_local(child.tag) not in _P_CHILDREN for child in p):
        return False
    return all(_local(child.tag) in _R_CHILDREN for r in paragraph.runs for child in r._r)


def _load(path: Path, data: bytes):
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise ReportReadError(path, "无法打开这个 Word 文件（文件损坏，或不是 .docx 格式）",
                              "请用 Word/WPS 打开后另存为 .docx 再试") from None


def _tables_xml(document) -> list[bytes]:
    from lxml import etree

    return [etree.tostring(t._tbl) for t in document.tables]


class DocxDocument(Document):
    def __init__(self, path: Path, data: bytes):
        super().__init__(path, data)
        self.doc = _load(path, data)
        blocks = list(self.doc.paragraphs)
        texts = [b.text for b in blocks]
        self.agency, self.year, narrative = narrative_blocks(texts, path)
        for i, key in narrative:
            if not texts[i].strip():
                continue
            skip = None if _plain(blocks[i]) else "段落含超链接、域、图片或换行，未润色"
            self.paragraphs.append(Paragraph(texts[i], PART_BY_KEY[key].title, f"第 {i + 1} 段", skip, blocks[i]))
        self.tables_before = _tables_xml(self.doc)

    def render(self, result: PolishResult) -> bytes:
        accepted = [i for i, item in enumerate(result.items) if item.status == "accepted"]
        if not accepted:
            return self.data
        for i in accepted:
            item, block = result.items[i], self.paragraphs[i].anchor
            runs = block.runs
            texts = splice([r.text for r in runs], len(item.kept), item.text[len(item.kept):])
            for run, text in zip(runs, texts):
                if text:
                    run.text = text
                else:
                    run._r.getparent().remove(run._r)
        buffer = io.BytesIO()
        self.doc.save(buffer)
        data = buffer.getvalue()
        before = figures_of(self.data, str(self.path))
        same_tables = _tables_xml(self.doc) == self.tables_before
        if not same_tables or (before is not None and figures_of(data, str(self.path)) != before):
            revert(result, accepted, REVERTED)
            return self.data
        return data
