"""Scanned copies of PDFs, made at test time: rasterise with pypdfium2, degrade with Pillow.

A degradation level turns a clean page into what a 政务 office scanner gives: grey, a small
skew, speckle noise, JPEG compression; the pages go back into an image-only PDF (Pillow writes
it), which has no text layer.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass


@dataclass(frozen=True)
class Degrade:
    name: str
    dpi: int = 150
    skew: float = 0.0  # degrees
    noise: float = 0.0  # share of pixels flipped to a random grey
    jpeg: int | None = None  # JPEG quality


LEVELS = (
    Degrade("clean-150dpi", 150),
    Degrade("light", 200, 0.3, 0.002, 90),
    Degrade("medium", 150, 0.5, 0.005, 70),
    Degrade("heavy", 150, 0.8, 0.01, 55),
)


def page_images(pdf: bytes, dpi: int, pages: list[int] | None = None) -> list:
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        numbers = pages or list(range(1, len(doc) + 1))
        return [doc[n - 1].render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for n in numbers]
    finally:
        doc.close()


def degrade(image, level: Degrade, seed: int = 0):
    from PIL import Image

    rng = random.Random(seed)
    img = image.convert("L")
    if level.skew:
        img = img.rotate(level.skew, resample=Image.BICUBIC, expand=False, fillcolor=255)
    if level.noise:
        px = img.load()
        w, h = img.size
        for _ in range(int(w * h * level.noise)):
            px[rng.randrange(w), rng.randrange(h)] = rng.randrange(0, 256)
    if level.jpeg:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=level.jpeg)
        img = Image.open(io.BytesIO(buf.getvalue())).convert("L")
    return img


def scanned_pdf(pdf: bytes, level: Degrade, pages: list[int] | None = None, seed: int = 0) -> bytes:
    """An image-only PDF of ``pdf``'s pages as scanned at ``level``."""
    images = [degrade(img, level, seed + i) for i, img in enumerate(page_images(pdf, level.dpi, pages))]
    out = io.BytesIO()
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=level.dpi)
    return out.getvalue()


def cell_accuracy(read: dict, truth: dict, unread: set[str]) -> tuple[int, int, int, list[str]]:
    """(right, null, wrong, wrong paths) over every table cell; a cell marked unread counts as null."""
    from nianbao.catalog import CELLS

    right = null = wrong = 0
    wrong_paths = []
    for cell in CELLS:
        if cell.path in unread:
            null += 1
            continue
        node_r, node_t = read, truth
        for part in cell.path.split("."):
            node_r = node_r.get(part) if isinstance(node_r, dict) else None
            node_t = node_t.get(part) if isinstance(node_t, dict) else None
        if node_r is None:
            null += 1
        elif node_r == node_t:
            right += 1
        else:
            wrong += 1
            wrong_paths.append(f"{cell.path}: {node_r} != {node_t}")
    return right, null, wrong, wrong_paths


def report_pdf(obj: dict, title: str, preamble: str = "", cell_pt: float = 9, sentences: int = 1) -> bytes:
    """A compact printed report (A4, ruled tables at ``cell_pt``) with the first sentences of
    each narrative part: what a small 乡镇 report looks like when printed and scanned."""
    import re
    from html import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    from nianbao.catalog import PARTS
    from nianbao.render.tables import NumberStyle, grids

    from .builders import reportlab_table

    font = "STSong-Light"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    body = ParagraphStyle("body", fontName=font, fontSize=12, leading=18, wordWrap="CJK", firstLineIndent=24)
    head = ParagraphStyle("head", parent=body, firstLineIndent=0)
    cells = ParagraphStyle("cell", fontName=font, fontSize=cell_pt, leading=cell_pt * 1.25, wordWrap="CJK")
    story = [Paragraph(escape(title), head), Spacer(1, 6)]
    if preamble:
        story.append(Paragraph(escape(preamble), body))
    tables = grids(obj, NumberStyle())
    for part in PARTS:
        story.append(Paragraph(escape(part.heading), head))
        if part.kind == "narrative":
            text = (obj["sections"].get(part.key) or "").split("\n")[0]
            first = "".join(re.findall(r"[^。]*。", text)[:sentences]) or text
            story.append(Paragraph(escape(first), body))
            continue
        grid = tables[part.key]
        widths = [26, 34, 146] + [42] * 7 if part.key == "applications" else None
        story.append(reportlab_table(grid, cells, font, cell_pt, True, 500, widths))
        story.append(Spacer(1, 6))
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=40, rightMargin=40, topMargin=40, bottomMargin=40).build(story)
    return out.getvalue()


def renders_cjk(pdf: bytes) -> bool:
    """Whether this machine's PDF renderer draws the Chinese text (it needs a CJK font)."""
    img = page_images(pdf, 50, [1])[0]
    return img.getextrema()[0] < 128


def table_picture(obj: dict, key: str = "active_disclosure", cell_pt: float = 10, dpi: int = 150) -> bytes:
    """One official table (ruled, at ``cell_pt``) as a PNG, as pasted into Word or a web page."""
    from html import escape

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    from nianbao.render.tables import NumberStyle, grids

    font = "STSong-Light"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    cells = ParagraphStyle("cell", fontName=font, fontSize=cell_pt, leading=cell_pt * 1.25, wordWrap="CJK")
    grid = grids(obj, NumberStyle())[key]
    data = [[Paragraph(escape(g.text), cells) if g.text and not g.merged else "" for g in row] for row in grid]
    commands = [("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    for r, row in enumerate(grid):
        for c, g in enumerate(row):
            if not g.merged and (g.colspan > 1 or g.rowspan > 1):
                commands.append(("SPAN", (c, r), (c + g.colspan - 1, r + g.rowspan - 1)))
    table = Table(data, colWidths=[440 / len(grid[0])] * len(grid[0]), style=commands)
    _, height = table.wrap(440, 2000)
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=(480, height + 30), leftMargin=20, rightMargin=20, topMargin=10,
                      bottomMargin=10).build([table])
    image = degrade(page_images(out.getvalue(), dpi)[0], Degrade("pasted", dpi, 0.0, 0.0, 85))
    png = io.BytesIO()
    image.save(png, "PNG")
    return png.getvalue()
