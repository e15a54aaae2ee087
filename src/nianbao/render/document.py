"""A whole report as a document: Markdown, plain text, HTML or Word (.docx).

Every writer works from the same sequence of :class:`Block` s — title, preamble paragraphs, the
six part headings, narrative paragraphs (some of them sub-headings) and the three official tables
as grids — so the formats cannot drift apart. Writers return the document (``str`` or ``bytes``);
writing files is the caller's job (:func:`nianbao.io.write_atomic`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog import PARTS
from ..lazy_regex import lazy
from ..markers import MARKER_RE
from .tables import GridCell, grids
from .text import render_text

FORMATS = ("md", "txt", "html", "docx")

_SUFFIXES = {
    ".md": "md",
    ".markdown": "md",
    ".txt": "txt",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
}

#: （一）…（十） (full- or half-width brackets) opening a paragraph of part 一, 五 or 六
_SUBHEADING_RE = lazy(r"^[（(][一二三四五六七八九十]{1,2}[)）]")
#: the short phrase that opens a numbered paragraph (“（一）主动公开：…”), set as a run-in heading
_LEAD_RE = lazy(r"^[（(][一二三四五六七八九十]{1,2}[)）][^，,。：:！？；;\n]{1,24}?[。：:]")
SUBHEADING_MAX = 30
#: control characters and non-characters XML (so Word and HTML) cannot hold; a tab is kept
_CONTROL_RE = lazy(r"[\x00-\x08\x0a-\x1f\x7f\ufffe\uffff]")


def format_for_path(path: str | os.PathLike) -> str | None:
    """The output format a file name asks for (``.md``/``.markdown``, ``.txt``, ``.html``/``.htm``,
    ``.docx``), or None for any other ending."""
    return _SUFFIXES.get(Path(path).suffix.lower())


def is_subheading(paragraph: str) -> bool:
    """A paragraph opening with （一）…（十） that is short or does not end a sentence."""
    text = paragraph.strip()
    if not _SUBHEADING_RE.match(text):
        return False
    return len(text) <= SUBHEADING_MAX or not text.endswith("。")


def split_lead(paragraph: str) -> tuple[str, str]:
    """(run-in heading, rest) for a numbered body paragraph such as “（一）主动公开：…”; the lead
    is empty when the paragraph has none. Only the styling differs: lead + rest == paragraph."""
    m = _LEAD_RE.match(paragraph)
    if not m or m.end() == len(paragraph):
        return "", paragraph
    return paragraph[: m.end()], paragraph[m.end():]


def marked(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is a 【待核实：…】/【沿用上年…】 marker) so writers can highlight the markers;
    the pieces joined give ``text`` back."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in MARKER_RE.finditer(text):
        if m.start() > pos:
            out.append((text[pos: m.start()], False))
        out.append((m.group(), True))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out


@dataclass
class Block:
    """One piece of the document, in reading order.

    kind: ``title`` | ``preamble`` | ``part`` (a part heading) | ``subheading`` | ``paragraph``
    | ``table``. ``lead`` is the run-in heading of a paragraph (``text`` starts with it);
    ``grid`` and ``key`` are set for tables.
    """

    kind: str
    text: str = ""
    lead: str = ""
    key: str = ""
    grid: list[list[GridCell]] = field(default_factory=list)


def default_title(obj: dict) -> str:
    return f"{obj.get('agency', '')}{obj.get('year')}年政府信息公开工作年度报告"


def clean_text(text: str) -> str:
    """Text without the control characters a document cannot hold (a stray form feed or NUL
    from a converted PDF would otherwise make the .docx unwritable)."""
    return _CONTROL_RE.sub("", text)


def _paragraphs(text: str) -> list[str]:
    cleaned = (clean_text(p).strip() for p in (text or "").split("\n"))
    return [p for p in cleaned if p]


def blocks(obj: dict, *, title: str | None = None, preamble: str = "") -> list[Block]:
    """The report as blocks: the title, the preamble, then each part heading with its content."""
    out = [Block("title", clean_text(title if title is not None else default_title(obj)))]
    out += [Block("preamble", p) for p in _paragraphs(preamble)]
    tables = grids(obj)
    sections = obj.get("sections") or {}
    for part in PARTS:
        out.append(Block("part", part.heading, key=part.key))
        if part.kind == "table":
            out.append(Block("table", key=part.key, grid=tables[part.key]))
            continue
        for para in _paragraphs(sections.get(part.key, "")):
            if is_subheading(para):
                out.append(Block("subheading", para, key=part.key))
            else:
                lead, _ = split_lead(para)
                out.append(Block("paragraph", para, lead=lead, key=part.key))
    return out


def render_document(obj: dict, fmt: str, *, title: str | None = None, preamble: str = "") -> str | bytes:
    """The whole report in ``fmt`` (one of :data:`FORMATS`).

    ``obj`` is the canonical dict (agency, year, active_disclosure, applications,
    review_litigation, sections{overview, problems, other_matters}); narrative paragraphs are
    separated by "\\n". ``title`` defaults to “{agency}{year}年政府信息公开工作年度报告”;
    ``preamble`` paragraphs ("\\n"-separated) go between the title and part 一.
    Returns ``str`` for md/txt/html and ``bytes`` for docx.
    """
    if fmt == "txt":
        return render_text(obj, "tab", title=title, preamble=preamble)
    if fmt == "md":
        return render_text(obj, "pipe", title=title, preamble=preamble, markdown=True)
    if fmt == "html":
        from .html import render_html

        return render_html(blocks(obj, title=title, preamble=preamble))
    if fmt == "docx":
        from .docx import render_docx

        return render_docx(blocks(obj, title=title, preamble=preamble), obj)
    raise ValueError(f"unknown document format {fmt!r}; expected one of {', '.join(FORMATS)}")


__all__ = [
    "FORMATS",
    "Block",
    "blocks",
    "clean_text",
    "format_for_path",
    "is_subheading",
    "marked",
    "render_document",
    "split_lead",
]
