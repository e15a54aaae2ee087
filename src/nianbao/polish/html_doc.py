"""HTML: the text of narrative ``<p>`` elements is edited in place with lxml.

Blocks (``p``, ``h1``–``h6``, ``li`` and leaf ``div``s outside tables) are read in document order
to find the six part headings; ``<p>`` blocks of parts 一/五/六 that hold only inline text
(``span``, ``font``, ``strong``…; no links, pictures or line breaks) are candidates. The document
is written back by lxml in its original encoding, so markup outside the edited paragraphs may be
re-serialised (same elements and text, possibly different quoting or entities).
"""

from __future__ import annotations

from pathlib import Path

from ..catalog import PART_BY_KEY
from ..errors import ReportReadError
from ..read.text import tidy_spacing
from ..textutil import decode_html_codec
from .document import REVERTED, Document, Paragraph, figures_of, narrative_blocks, revert, splice
from .engine import PolishResult

_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div"}
_INLINE = {"span", "font", "strong", "b", "em", "i", "u", "small", "big", "sub", "sup"}


def _decode(path: Path, data: bytes) -> tuple[str, str]:
    """The page's text and the codec to write it back with (the reader's policy: UTF-8 first)."""
    text, codec = decode_html_codec(data)
    if codec is None:
        raise ReportReadError(path, "无法识别网页的编码", "请另存为 UTF-8 编码的网页后再试")
    return text, codec


def _text(el) -> str:
    return tidy_spacing(" ".join(el.text_content().split()))


def _in_table(el) -> bool:
    return any(a.tag in ("table", "script", "style") for a in el.iterancestors())


def _slots(el) -> list[tuple[object, str]]:
    """(node, "text"/"tail") in document order for the text inside ``el``."""
    out = [(el, "text")]
    for child in el:
        out += _slots(child)
        out.append((child, "tail"))
    return out


class HtmlDocument(Document):
    def __init__(self, path: Path, data: bytes):
        from lxml import html as lhtml

        super().__init__(path, data)
        text, self.encoding = _decode(path, data)
        try:
            self.root = lhtml.document_fromstring(text)
        except (ValueError, lhtml.etree.ParserError):
            raise ReportReadError(path, "无法解析这个网页文件", "请确认是完整的 HTML 文件") from None
        blocks = [
            el for el in self.root.iter()
            if isinstance(el.tag, str) and el.tag in _BLOCKS and not _in_table(el)
            and not (el.tag == "div" and any(isinstance(c.tag, str) and c.tag in _BLOCKS | {"table"} for c in el))
        ]
        texts = [_text(b) for b in blocks]
        self.agency, self.year, narrative = narrative_blocks(texts, path)
        for i, key in narrative:
            el = blocks[i]
            if not texts[i] or el.tag not in ("p", "div", "li"):
                continue
            plain = all(isinstance(d.tag, str) and d.tag in _INLINE for d in el.iterdescendants())
            skip = None if plain else "段落含链接、图片或换行，未润色"
            self.paragraphs.append(Paragraph(texts[i], PART_BY_KEY[key].title, f"第 {i + 1} 个段落", skip, el))
        self.tables_before = self._tables()

    def _tables(self) -> list[bytes]:
        from lxml import etree

        return [etree.tostring(t, encoding="utf-8") for t in self.root.iter("table")]

    def render(self, result: PolishResult) -> bytes:
        from lxml import html as lhtml

        accepted = [i for i, item in enumerate(result.items) if item.status == "accepted"]
        if not accepted:
            return self.data
        for i in accepted:
            item, el = result.items[i], self.paragraphs[i].anchor
            slots = _slots(el)
            # whitespace as the reader saw it: collapse, so label offsets match the paragraph text
            values = [tidy_spacing(" ".join((getattr(node, attr) or "").split())) for node, attr in slots]
            new = splice(values, len(item.kept), item.text[len(item.kept):])
            for (node, attr), value in zip(slots, new):
                setattr(node, attr, value or None)
        doctype = self.root.getroottree().docinfo.doctype
        out = lhtml.tostring(self.root, encoding="unicode", method="html", doctype=doctype or None)
        data = out.encode(self.encoding, errors="xmlcharrefreplace")
        before = figures_of(self.data, str(self.path))
        if self._tables() != self.tables_before or (before is not None and figures_of(data, str(self.path)) != before):
            revert(result, accepted, REVERTED)
            return self.data
        return data
