"""Saved web pages (.html/.htm/.shtml/.mht) → text lines for :func:`nianbao.read.text.read_text`.

A government portal page holds the report among navigation, banners, “related articles” and
footers. The page is parsed with lxml (no network, no external entities), turned into lines —
block elements one per line, inline elements (``<span>``/``<font>``/``<o:p>``) joined, ``<br>``
a line break, tables expanded to a grid with ``rowspan``/``colspan`` resolved — and the report
body is the smallest element that holds the six part headings and the statistics tables.
"""

from __future__ import annotations

import bisect
import re

from ..errors import ReportReadError
from ..textutil import decode_html
from .grid import SpanCell, cell_text, is_layout_table, resolve_spans, row_line
from .parts import find_parts, find_title

MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 200

BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd section article header footer nav aside main blockquote "
    "pre address center form fieldset figure figcaption hr caption tr tbody thead tfoot body html legend "
    "details summary".split()
)
SKIP_TAGS = frozenset(
    "script style noscript template iframe frame frameset object embed svg math canvas select option "
    "button input textarea map audio video head title meta link base area".split()
)
_TITLE_RE = re.compile(r"(?:19|20)\d{2}\s*年.{0,40}?政府信息公开.{0,10}?报告")
_ATTACHMENT_RE = re.compile(r"\.(?:pdf|docx?|wps|xlsx?|zip|rar)(?:$|[?#])", re.I)
_TABLE_WORDS = ("本年新收", "规范性文件", "行政复议", "予以公开", "本年制发", "结转下年度")
_CHROME_RE = re.compile(
    r"^\s*[【\[]?\s*(?:分享到|分享：|打印(?:本页|此页)?\s*[】\]]|关闭(?:窗口|本页)?\s*[】\]]|关闭窗口|相关(?:文件|链接|阅读|新闻|信息|稿件)"
    r"|扫一扫|上一篇|下一篇|责任编辑|网站标识码|版权所有|主办单位|ICP备|【字体|字号[:：])"
)
_SPACES_RE = re.compile(r"[\s\u200b\ufeff]+")  # HTML collapses white space (&nbsp; &ensp; &emsp; too)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _hidden(el) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style or el.get("hidden") is not None


def _tag(el) -> str | None:
    tag = el.tag
    if not isinstance(tag, str):
        return None  # comment or processing instruction
    return tag.lower()


class _Linearizer:
    """Walks the tree; ``lines`` with, per line, the element it came from (for locating the body)."""

    def __init__(self):
        self.lines: list[str] = []
        self.owners: list = []
        self.current: list[str] = []
        self.owner = None
        self.tables: list = []  # data tables, in order
        self.images: list[tuple[int, object]] = []  # (line index, <img>): tables put in as pictures

    def flush(self):
        text = "".join(self.current)
        self.current = []
        text = _SPACES_RE.sub(" ", text).strip(" ")
        if text:
            self.lines.append(text)
            self.owners.append(self.owner)

    def emit(self, line: str, owner):
        self.flush()
        self.lines.append(line)
        self.owners.append(owner)

    def walk(self, el, depth: int = 0) -> None:
        tag = _tag(el)
        if tag is None or tag in SKIP_TAGS or depth > MAX_DEPTH or _hidden(el):
            return
        if tag == "br":
            self.flush()
            return
        if tag == "img":
            self.images.append((len(self.lines), el))
        if tag == "table":
            self.flush()
            self.table(el, depth)
            return
        block = tag in BLOCK_TAGS or tag in ("td", "th")
        if block:
            self.flush()
            saved, self.owner = self.owner, el
        if tag == "pre":
            for ln in "".join(el.itertext()).split("\n"):
                self.emit(ln.strip(), el)
        else:
            if el.text:
                self.current.append(el.text)
            for child in el:
                self.walk(child, depth + 1)
                if child.tail:
                    self.current.append(child.tail)
        if block:
            self.flush()
            self.owner = saved

    # --- tables ---------------------------------------------------------------------------

    @staticmethod
    def _rows(table):
        for child in table:
            tag = _tag(child)
            if tag == "tr":
                yield child
            elif tag in ("thead", "tbody", "tfoot"):
                for tr in child:
                    if _tag(tr) == "tr":
                        yield tr

    def table(self, table, depth: int) -> None:
        rows = [[c for c in tr if _tag(c) in ("td", "th") and not _hidden(c)] for tr in self._rows(table)]
        nested = any(_tag(d) == "table" for row in rows for c in row for d in c.iterdescendants())
        texts = [[_cell_text(c) for c in row] for row in rows]
        if nested or is_layout_table(texts):
            # a layout table (the page's frame, or a framed paragraph): cells are containers
            for row in rows:
                for cell in row:
                    self.walk(cell, depth + 1)
            return
        spans = [[SpanCell(t, _span(c.get("colspan")), _span(c.get("rowspan"))) for t, c in zip(trow, row)]
                 for trow, row in zip(texts, rows)]
        self.tables.append(table)
        self.emit("", table)
        for cells in resolve_spans(spans):
            self.emit(row_line(cells), table)
        self.emit("", table)


def _span(value) -> int:
    try:
        return max(1, min(int(str(value).strip() or 1), 1000))
    except ValueError:
        return 1


def _cell_text(cell) -> str:
    """Text of a table cell: inline elements joined, ``<br>``/``<p>`` as line breaks (joined later)."""
    parts: list[str] = []

    def walk(el, depth=0):
        tag = _tag(el)
        if tag is None or tag in SKIP_TAGS or depth > MAX_DEPTH or _hidden(el):
            return
        if tag == "br" or (tag in BLOCK_TAGS and parts):
            parts.append("\n")
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child, depth + 1)
            if child.tail:
                parts.append(child.tail)

    walk(cell)
    return cell_text("".join(parts))


def _ancestors(el) -> list:
    chain = [el]
    chain.extend(el.iterancestors())
    return chain[::-1]  # root first


def _common_ancestor(elements: list):
    chains = [_ancestors(e) for e in elements]
    common = None
    for level in zip(*chains):
        if all(x is level[0] for x in level):
            common = level[0]
        else:
            break
    return common


def _page_title(doc) -> str:
    for title in doc.iter("title"):
        text = " ".join("".join(title.itertext()).split())
        for piece in re.split(r"\s*[_|｜—–-]{1,2}\s*", text):
            if "报告" in piece:
                return piece
    return ""


def _attachments(doc) -> list[str]:
    links = []
    for a in doc.iter("a"):
        href = a.get("href") or ""
        if _ATTACHMENT_RE.search(href):
            links.append(href.rsplit("/", 1)[-1][:60])
    return links


def html_text(data: bytes, source, charset: str | None = None, resources: dict[str, bytes] | None = None) -> tuple[str, list[int]]:
    """The report in a web page, as lines (paragraphs; tables as tab-separated rows), and the
    line indices where the report holds pictures (a table put in as an image cannot be read)."""
    import lxml.html
    from lxml import etree

    if len(data) > MAX_BYTES:
        raise ReportReadError(source, f"网页文件太大（{len(data) // 1024 // 1024} MB）", "年度报告的网页通常不超过几 MB，请确认选对了文件")
    text = _CONTROL_RE.sub("", decode_html(data, charset))
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # an XML declaration with an encoding confuses lxml on str
    if not text.strip():
        raise ReportReadError(source, "网页是空的", "请在浏览器中确认页面显示了报告全文后再保存")
    try:
        doc = lxml.html.document_fromstring(text, parser=_parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ReportReadError(source, f"无法解析网页（{exc}）", "请在浏览器中打开后另存为“网页，仅 HTML”再试") from None
    body = doc.find("body")
    start = body if body is not None else doc
    lin = _Linearizer()
    lin.walk(start)
    lin.flush()
    lines, owners = lin.lines, lin.owners

    parts = find_parts(lines)
    anchors = [owners[p["index"]] for p in parts.values()]
    anchors += [t for t in lin.tables if any(w in "".join(t.itertext()) for w in _TABLE_WORDS)]
    unique: list = []
    for a in anchors:
        if a is not None and not any(a is u for u in unique):
            unique.append(a)
    if not unique:
        joined = "\n".join(lines)
        if sum(1 for w in _TABLE_WORDS if w in joined) >= 3:
            return joined, [i for i, _ in lin.images]  # table contents laid out with <div>s: the text reader judges
        files = _attachments(doc)
        hint = (f"网页上有附件链接（{'、'.join(files[:3])}），报告可能在附件里：请下载附件后再读取" if files
                else "请确认页面显示了报告全文（不是列表页或附件下载页）后再保存")
        raise ReportReadError(source, "网页中没有找到政府信息公开工作年度报告的正文（没有六个部分的标题，也没有统计表格）", hint)
    # the body: the smallest element holding every heading and table; one anchor alone is
    # a heading or a table, so its container is taken
    if len(unique) > 1:
        root = _common_ancestor(unique)
    else:
        parent = unique[0].getparent()
        root = parent if parent is not None else unique[0]
    inside = set(root.iter())
    keep = [i for i, o in enumerate(owners) if o in inside]
    body_lines = [lines[i] for i in keep]
    pictures = [(bisect.bisect_left(keep, i), el) for i, el in lin.images if el in inside]
    images = [i for i, _ in pictures]
    body_parts = find_parts(body_lines)
    if "other_matters" in body_parts:
        # the article's container often also holds “分享到”“相关文件”“上一篇” after the report
        last = body_parts["other_matters"]["index"]
        end = next((i for i in range(last + 1, len(body_lines)) if _CHROME_RE.match(body_lines[i])), len(body_lines))
        body_lines, keep = body_lines[:end], keep[:end]
    first_part = min((p["index"] for p in body_parts.values()), default=len(body_lines))
    title, _, _ = find_title(body_lines, first_part)
    if not title:
        # the title is usually above the article container: the nearest title-like line before it
        before = keep[0] if keep else 0
        candidates = [ln for ln in lines[max(0, before - 40):before] if _TITLE_RE.search(ln) and len(ln) <= 80]
        title = candidates[-1] if candidates else _page_title(doc)
        if title:
            body_lines = [title, ""] + body_lines
            images = [i + 2 for i in images]
            pictures = [(i + 2, el) for i, el in pictures]
    if pictures:  # local <img> files next to the saved page: recognised when the ocr extra is installed
        from .pictures import recognise_local_images

        body_lines, images = recognise_local_images(body_lines, images, [(i, el.get("src")) for i, el in pictures], source,
                                                    resources)
    return "\n".join(body_lines), images


def _parser():
    import lxml.html

    return lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, huge_tree=False)


def fragment_table_lines(fragment: str) -> list[str]:
    """An HTML ``<table>`` fragment (as OCR tools put in Markdown) → tab-separated lines."""
    import lxml.html
    from lxml import etree

    try:
        el = lxml.html.fragment_fromstring(_CONTROL_RE.sub("", fragment), create_parent="div", parser=_parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return [fragment]
    lin = _Linearizer()
    lin.walk(el)
    lin.flush()
    return lin.lines


def mhtml_text(data: bytes, source) -> tuple[str, list[int]]:
    """A single-file web archive (.mht): its HTML part."""
    import email
    from email import policy

    if len(data) > MAX_BYTES:
        raise ReportReadError(source, f"网页文件太大（{len(data) // 1024 // 1024} MB）", "请确认选对了文件")
    try:
        message = email.message_from_bytes(data, policy=policy.compat32)
        from .pictures import archive_pictures

        for part in message.walk():
            if part.get_content_type() == "text/html":
                payload = part.get_payload(decode=True)
                if payload:
                    return html_text(payload, source, part.get_content_charset(), archive_pictures(message, part))
    except (ValueError, LookupError, TypeError, IndexError, AttributeError):
        pass
    raise ReportReadError(source, "无法从单文件网页（.mht）中取出网页内容", "请在浏览器中打开后另存为“网页，仅 HTML”（.html）再试")


__all__ = ["html_text", "mhtml_text", "decode_html", "fragment_table_lines"]
