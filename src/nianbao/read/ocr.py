"""Offline text recognition (OCR) of scanned pages and pictures, for the ``ocr`` extra.

rapidocr-onnxruntime ships the PP-OCRv4 Chinese models inside its wheel and runs them on
onnxruntime: nothing is downloaded at run time. The engine is loaded once per process and
reused for every page and file. Only pages without a text layer come here; the boxes become
text lines in :mod:`nianbao.read.layout`, which the ordinary text reader then reads.
"""

from __future__ import annotations

import io
import sys
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Callable

from ..errors import ReportReadError

#: how to get the extra, for messages
INSTALL_HINT = '安装文字识别扩展：pip install "nianbao[ocr]"'
#: PDF pages are rendered so that their long side has about this many pixels (A4 at 170 dpi):
#: recognition reads print better from crops of this size than from the detector's (below)
TARGET_LONG_SIDE = 2000
#: a scan is never rendered larger than this (pixels)
MAX_LONG_SIDE = 3600
#: the detector sees the page scaled down to this long side (its boxes are mapped back to the page):
#: enough to find 9 pt print, at half the work of the full page
DET_LONG_SIDE = 1280
#: print whose text boxes are lower than this (pixels; 9 pt print at 170 dpi: 31) is found and
#: recognised again on the page enlarged (at most 1.5×) to boxes this high (7.5 pt table print
#: scanned at 150 dpi, as in 淮安 2024's tables)
SMALL_PRINT = 26
ENLARGED_PRINT = 30
#: an image smaller than this (pixels, either side) holds no readable text
MIN_SIDE = 16
#: share of dark pixels that counts as print in a table cell
INK_SHARE = 0.004
#: a page with fewer dark pixels than this is blank; with more than this, a picture, not text
BLANK_SHARE = 0.0002
SOLID_SHARE = 0.4
#: a pixel darker than this is print or a speck; a page with more isolated ones than this share is cleaned first
SPECK_LEVEL = 200
SPECK_SHARE = 0.0005
#: recognised text below this confidence is dropped (a speck read as a character)
MIN_TEXT_SCORE = 0.3


def available() -> bool:
    """Whether the ``ocr`` extra is installed (without importing it)."""
    from importlib.util import find_spec

    return find_spec("rapidocr_onnxruntime") is not None and find_spec("pypdfium2") is not None


_threads: int | None = None
#: pages of one PDF recognised in up to this many processes (1: in this process); see :func:`configure`
_page_jobs = 1
_show_progress = True


def set_threads(threads: int | None) -> None:
    """onnxruntime threads of this process's engine (before it is first used); None: the default."""
    global _threads
    _threads = threads


def configure(jobs: int = 1, progress: bool = True) -> None:
    """How the command line wants pages recognised: in up to ``jobs`` processes (each with its
    own engine, the cores shared out between them) and with a progress bar or not."""
    global _page_jobs, _show_progress
    _page_jobs, _show_progress = max(1, jobs), progress


def threads_for(cores: int, workers: int) -> int:
    """Threads per engine so that ``workers`` engines together use at most ``cores`` CPU cores."""
    return max(1, cores // max(1, workers))


def engine_options(providers: list[str], threads: int) -> dict:
    """RapidOCR's settings: the GPU build of onnxruntime where it offers CUDA; no text-angle
    classifier (report pages are upright: deskewing handles small slants); the detector on a
    reduced page; recognition one text line at a time on the CPU (a batch pads every line to
    the longest, and most lines of a table are one number)."""
    gpu = "CUDAExecutionProvider" in providers
    return {"use_cls": False, "det_use_cuda": gpu, "rec_use_cuda": gpu, "cls_use_cuda": False,
            "intra_op_num_threads": threads, "inter_op_num_threads": 1,
            "det_limit_type": "max", "det_limit_side_len": DET_LONG_SIDE,
            "rec_batch_num": 16 if gpu else 1}


def default_threads() -> int:
    """All cores in the main process; one in a worker process (the workers share the cores)."""
    import multiprocessing
    import os

    if _threads:
        return _threads
    return threads_for(os.cpu_count() or 1, 1) if multiprocessing.parent_process() is None else 1


@lru_cache(maxsize=1)
def engine():
    """The one OCR engine of this process (loading the models takes a second or two)."""
    import onnxruntime
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(**engine_options(onnxruntime.get_available_providers(), default_threads()))


def _grey(image):
    """A PIL image → a 2-D uint8 numpy array."""
    import numpy as np

    return np.asarray(image.convert("L"))


def despeckled(grey):
    """The page without its specks: a dark pixel with no dark neighbour (scanner noise, dust) takes
    the median of its 3×3 neighbourhood. Strokes of print, even one pixel thin, have dark
    neighbours and stay as they are; a page with hardly any specks is returned unchanged."""
    import cv2
    import numpy as np

    dark = (grey < SPECK_LEVEL).astype(np.uint8)
    ring = np.ones((3, 3), np.float32)
    ring[1, 1] = 0
    neighbours = cv2.filter2D(dark, -1, ring, borderType=cv2.BORDER_CONSTANT)
    specks = (dark == 1) & (neighbours == 0)
    if float(specks.mean()) < SPECK_SHARE:
        return grey
    out = grey.copy()
    out[specks] = cv2.medianBlur(grey, 3)[specks]
    return out


def recognise(grey, native: Callable[[], object] | None = None) -> tuple[list, object]:
    """OCR boxes of a grey page image (2-D uint8 array), and the image their coordinates are in
    (the page, or the page enlarged when its print is small: see SMALL_PRINT). ``native`` gives
    the scanned page at its own resolution (a PIL image, or None), the one to enlarge if so."""
    import cv2
    import numpy as np

    from .layout import Box, median

    eng = engine()
    bgr = np.ascontiguousarray(np.repeat(grey[:, :, None], 3, axis=2))
    boxes, _ = eng.text_det(bgr)
    if boxes is None or len(boxes) == 0:
        return [], grey
    height = median(float(np.linalg.norm(b[0] - b[3])) for b in boxes)
    if 0 < height < SMALL_PRINT:  # small print: found and read again on the page enlarged
        own = native() if native is not None else None
        if own is not None:  # enlarged from the scan's own pixels (specks removed there), not from a render
            grey = despeckled(_grey(own))
            found, _ = eng.text_det(np.ascontiguousarray(np.repeat(grey[:, :, None], 3, axis=2)))
            if found is None or len(found) == 0:
                return [], grey
            height = median(float(np.linalg.norm(b[0] - b[3])) for b in found)
        factor = min(1.5, ENLARGED_PRINT / height)
        grey = cv2.resize(grey, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
        bgr = np.ascontiguousarray(np.repeat(grey[:, :, None], 3, axis=2))
        boxes, _ = eng.text_det(bgr)
        if boxes is None or len(boxes) == 0:
            return [], grey
    boxes = eng.sorted_boxes(boxes)
    crops = eng.get_crop_img_list(bgr, boxes)
    return [Box([(float(x), float(y)) for x, y in b], text, score)
            for b, (text, score) in zip(boxes, read_crops(crops)) if score >= MIN_TEXT_SCORE], grey


@lru_cache(maxsize=2)
def digit_classes(chars: tuple[str, ...]):
    """The recognizer's characters as digits: the indices of the characters that are a digit, its
    full-width form or a letter that looks like it (O, o and 〇 for 0; l, I and | for 1: see
    layout.LOOK_ALIKES), a (those characters × 10) 0/1 matrix that adds up their probabilities
    for each digit, and the digit of each character (-1: not a digit; -2: a look-alike letter,
    whose probability counts for its digit but which is no digit when it is what was read)."""
    import numpy as np

    from .layout import LOOK_ALIKES

    meant = np.full(len(chars), -1)
    for i, ch in enumerate(chars):
        d = LOOK_ALIKES.get(ch, ch)
        if len(d) == 1 and "0" <= d <= "9":
            meant[i] = int(d)
        elif len(d) == 1 and "０" <= d <= "９":
            meant[i] = ord(d) - ord("０")
    columns = np.flatnonzero(meant >= 0)
    matrix = np.zeros((len(columns), 10), np.float32)
    matrix[np.arange(len(columns)), meant[columns]] = 1
    digit = np.where(np.array([ch in LOOK_ALIKES for ch in chars]) & (meant >= 0), -2, meant)
    return (columns, matrix), digit


def read_crops(crops: list) -> list[tuple[str, float]]:
    """(text, confidence) of each text-line crop (BGR arrays), as RapidOCR reads them, except that
    a reading of digits alone is given the confidence that each is that digit: the model's
    probability for the digit and its look-alikes together (a blurred 0 is 0, O or o by turns: one
    digit, not three doubts), the least over the digits, and lowered where a frame between the
    digits leans to another digit (one the greedy reading dropped). A reading with a look-alike
    letter in it stays RapidOCR's own (unsure: see layout.value_kind)."""
    import numpy as np

    rec = engine().text_rec
    _, height, width = rec.rec_image_shape[:3]
    matrix, digit = digit_classes(tuple(rec.postprocess_op.character))
    decode = rec.postprocess_op
    out: list[tuple[str, float]] = [("", 0.0)] * len(crops)
    order = sorted(range(len(crops)), key=lambda i: crops[i].shape[1] / max(1, crops[i].shape[0]))
    for start in range(0, len(order), max(1, rec.rec_batch_num)):
        batch = order[start: start + max(1, rec.rec_batch_num)]
        ratio = max([width / height] + [crops[i].shape[1] / max(1, crops[i].shape[0]) for i in batch])
        preds = rec.session(np.stack([rec.resize_norm_img(crops[i], ratio) for i in batch]).astype(np.float32))[0]
        for i, (text, score), probs in zip(batch, decode(preds), preds):
            out[i] = as_digits(probs, matrix, digit) or (str(text), float(score))
    return out


#: a frame the reading skips that gives another digit this much probability makes the reading unsure
DROPPED_DIGIT = 0.2


def as_digits(probs, matrix, digit) -> tuple[str, float] | None:
    """(digits, confidence) of one line's CTC output (frames × characters, character 0 the blank;
    ``matrix`` and ``digit`` from :func:`digit_classes`) when every character read is a digit;
    None otherwise."""
    best = probs.argmax(axis=1)
    runs: list[tuple[int, int]] = []  # (first frame, character) of each character read
    for t, c in enumerate(best):
        if c != 0 and (t == 0 or best[t - 1] != c):
            runs.append((t, int(c)))
    if not runs or any(digit[c] < 0 for _, c in runs):
        return None  # a letter read (O for 0: a look-alike, unsure until a second look agrees), or no digit
    columns, sums = matrix
    merged = probs[:, columns] @ sums  # frames × 10: each digit with its look-alikes
    text, sure = "", 1.0
    spans = [(t, runs[k + 1][0] if k + 1 < len(runs) else len(best)) for k, (t, _) in enumerate(runs)]
    for (t, c), (t0, t1) in zip(runs, spans):
        d = int(digit[c])
        run = [u for u in range(t0, t1) if best[u] == c]
        text += str(d)
        sure = min(sure, float(merged[run, d].max()))
    starts = [t for t, _ in runs]
    for k in range(1, len(runs)):
        if text[k] == text[k - 1] and all(best[u] != 0 for u in range(starts[k - 1], starts[k])):
            return None  # one digit read as two look-alikes in a row (0 then O): not two digits
    for t in range(len(best)):
        if best[t] != 0:
            continue
        k = sum(1 for s in starts if s < t)  # runs before this frame
        near = {text[j] for j in (k - 1, k) if 0 <= j < len(text)}
        other = max(float(merged[t, d]) for d in range(10) if str(d) not in near)
        if other > DROPPED_DIGIT:
            sure = min(sure, 1.0 - other)
    return text, sure


def _region(grey, x0, y0, x1, y1, angle, margin: float):
    """The page pixels of a region of the deskewed page (its centre rotated back; a small skew
    barely changes its size), grown by ``margin`` pixels on each side (negative: shrunk)."""
    import math

    height, width = grey.shape[:2]
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    c, s = math.cos(angle), math.sin(angle)
    px, py = cx * c - cy * s, cx * s + cy * c
    hw, hh = (x1 - x0) / 2 + margin, (y1 - y0) / 2 + margin
    if hw < 1 or hh < 1:
        return None
    return grey[max(0, int(py - hh)): min(height, int(py + hh)), max(0, int(px - hw)): min(width, int(px + hw))]


def _ink_probe(grey, line_height: float) -> Callable[[float, float, float, float, float], bool]:
    """Whether a region holds print: enough dark pixels, or a dark mark as high as print (faint
    thin print, a 5 blurred by JPEG, has few dark pixels; a cell taken for blank reads as 0)."""
    def has_ink(x0, y0, x1, y1, angle):
        region = _region(grey, x0, y0, x1, y1, angle, -2)
        if region is None or region.size == 0 or min(region.shape[:2]) < 4:
            return False
        if float((region < 128).mean()) > INK_SHARE:
            return True
        return int(region.min()) < 128 and print_only(region, MIN_PRINT_SHARE * line_height) is not None

    return has_ink


def _rereader(grey, line_height: float) -> Callable[[float, float, float, float, float], tuple[str, float]]:
    """Recognition of one region alone (no detection): a second look at a cell, at the print
    only (see :func:`print_only`), which the model reads with more confidence than the page.
    ``line_height``: the page's usual text box height (pixels)."""
    import numpy as np

    def reread(x0, y0, x1, y1, angle):
        region = _region(grey, x0, y0, x1, y1, angle, 3)
        if region is None or region.size == 0 or min(region.shape[:2]) < 4:
            return "", 0.0
        crop = print_only(region, MIN_PRINT_SHARE * line_height)
        if crop is None:
            return "", 0.0
        return read_crops([np.ascontiguousarray(np.repeat(crop[:, :, None], 3, axis=2))])[0]

    return reread


#: print in a cell's second look is scaled to this height (pixels), with this margin: the
#: recognizer reads lines 48 pixels high
PRINT_HEIGHT = 32
PRINT_MARGIN = 8
#: print is at least this share of the page's usual text box height (a box holds the characters
#: and a margin): lower marks are specks
MIN_PRINT_SHARE = 0.35


def print_only(region, min_height: float = 0):
    """A cell's print without the specks around it: the region's dark marks (Otsu's threshold)
    at least half as tall as the tallest are the characters; the picture is cut to their box,
    marks wholly outside that box (specks beside or above the number) are whitened, and it is
    scaled so the characters are PRINT_HEIGHT pixels high. A mark inside the box (a decimal
    point between digits, or a speck there) stays, so a point is never lost. A table rule that
    crosses the region (nine tenths of its width or height) is not print. None: no print (no
    mark ``min_height`` pixels high: specks only)."""
    import cv2
    import numpy as np

    _, ink = cv2.threshold(region, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    rows, cols = region.shape[:2]
    rules = np.zeros_like(ink)
    for size in ((max(3, int(0.9 * cols)), 1), (1, max(3, int(0.9 * rows)))):  # table rules across the region
        rules |= cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, size))
    ink[cv2.dilate(rules, np.ones((3, 3), np.uint8)) > 0] = 0
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if count <= 1:
        return None
    left, top, width, height = (stats[1:, k] for k in range(4))
    if height.max() < min_height:
        return None  # specks only
    tall = height >= 0.5 * height.max()
    x0, x1 = left[tall].min(), (left + width)[tall].max()
    y0, y1 = top[tall].min(), (top + height)[tall].max()
    keep = np.concatenate([[False], (left < x1) & (left + width > x0) & (top < y1) & (top + height > y0)])
    out = np.where(keep[labels], region, 255).astype(np.uint8)[y0:y1, x0:x1]
    factor = PRINT_HEIGHT / max(1, out.shape[0])
    out = cv2.resize(out, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)
    return cv2.copyMakeBorder(out, PRINT_MARGIN, PRINT_MARGIN, PRINT_MARGIN, PRINT_MARGIN, cv2.BORDER_CONSTANT, value=255)


def image_lines(image, page: int | None = None, native: Callable[[], object] | None = None) -> list[str]:
    """Text lines (table rows tab-separated) of one page image (a PIL image, or None for a page
    that could not be rendered); ``native``: see :func:`recognise`."""
    from .layout import layout_lines, median

    if image is None:
        return []
    grey = _grey(image)
    if min(grey.shape[:2]) < MIN_SIDE:
        return []
    dark = float((grey[::4, ::4] < 128).mean())
    if dark < BLANK_SHARE or dark > SOLID_SHARE:
        return []  # a blank page, or one that is mostly a dark picture: no text to recognise
    boxes, grey = recognise(despeckled(grey), native)
    if not boxes:
        return []
    line_height = median(abs(b.points[3][1] - b.points[0][1]) for b in boxes)
    return layout_lines(boxes, page, _ink_probe(grey, line_height), _rereader(grey, line_height))


def pdf_page_image(pdf, number: int, native: bool = False):
    """Page ``number`` (1-based) of an open pypdfium2 document as a grey PIL image; ``native``:
    at the resolution of the scan that fills the page (None if no picture fills it, or if PDFium
    cannot load or draw the page: a damaged page has nothing to recognise)."""
    import pypdfium2

    try:
        page = pdf[number - 1]
    except pypdfium2.PdfiumError:
        return None
    try:
        w, h = page.get_size()
        scale = _scan_scale(page, w, h) if native else TARGET_LONG_SIDE / max(w, h, 1)
        if scale is None:
            return None
        return page.render(scale=min(3.0, MAX_LONG_SIDE / max(w, h, 1), max(1.0, scale)), grayscale=True).to_pil()
    except pypdfium2.PdfiumError:
        return None
    finally:
        page.close()


def _scan_scale(page, width: float, height: float) -> float | None:
    """Pixels per point of the picture that fills a scanned page (its own resolution), or None."""
    import pypdfium2.raw as pdfium_c

    best = None
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        if (right - left) * (top - bottom) >= 0.5 * width * height:
            px_w, px_h = obj.get_px_size()
            best = max(best or 0.0, px_w / max(right - left, 1), px_h / max(top - bottom, 1))
    return best


def pdf_pages_lines(data: bytes, pages: list[int], source, progress: Callable[[], None] | None = None) -> dict[int, list[str]]:
    """Text lines of the given (1-based) pages of a PDF: one page at a time, or in parallel
    processes (see :func:`configure`)."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        raise ReportReadError(source, f"PDF 无法渲染为图片，不能做文字识别（{exc}）", "请重新下载，或在 PDF 阅读器中另存一份再试") from None
    workers = min(_page_jobs, len(pages))
    if workers >= 2:
        pdf.close()
        return _parallel_pages(data, pages, workers, progress)
    out = {}
    try:
        for number in pages:
            out[number] = image_lines(pdf_page_image(pdf, number), number, lambda n=number: pdf_page_image(pdf, n, True))
            if progress:
                progress()
    finally:
        pdf.close()
    return out


_worker_pdf = None


def _start_worker(data: bytes, threads: int) -> None:
    global _worker_pdf
    import pypdfium2

    set_threads(threads)
    _worker_pdf = pypdfium2.PdfDocument(data)


def _worker_page(number: int) -> tuple[int, list[str]]:
    return number, image_lines(pdf_page_image(_worker_pdf, number), number, lambda: pdf_page_image(_worker_pdf, number, True))


def _parallel_pages(data: bytes, pages: list[int], workers: int, progress) -> dict[int, list[str]]:
    """Pages recognised in ``workers`` fresh processes (spawned: onnxruntime's threads do not
    survive a fork), each loading its engine once and taking its share of the cores."""
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor, as_completed

    out = {}
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker,
                             initargs=(data, threads_for(os.cpu_count() or 1, workers))) as pool:
        for done in as_completed([pool.submit(_worker_page, n) for n in pages]):
            number, lines = done.result()
            out[number] = lines
            if progress:
                progress()
    return out


def read_scanned_pages(data: bytes, source, pdf_text, lines: list[str]) -> list[str]:
    """The PDF's lines with those of its pages without a text layer recognised and put in place.

    Updates ``pdf_text`` (a :class:`~nianbao.read.pdf.PdfText`): pages where text was recognised
    move from ``pages_without_text`` to ``ocr_pages``. Without the extra, nothing changes.
    """
    if not available():
        return lines
    pages = list(pdf_text.pages_without_text)
    with page_progress(len(pages), source) as advance:
        recognised = pdf_pages_lines(data, pages, source, advance)
    if not any(ln.strip() for page_lines in recognised.values() for ln in page_lines) and not any(ln.strip() for ln in lines):
        raise ReportReadError(source, "这个 PDF 没有文字层（是扫描件或图片），文字识别（OCR）也没有识别出文字",
                              "请确认扫描件清晰、页面方向正确，或使用报告的网页版、Word 版或带文字的 PDF")
    merged: list[str] = []
    merged_pages: list[int] = []
    pending = sorted(recognised.items())
    for line, page in zip(lines, pdf_text.line_pages):
        while pending and pending[0][0] < page:
            number, page_lines = pending.pop(0)
            merged += page_lines
            merged_pages += [number] * len(page_lines)
        merged.append(line)
        merged_pages.append(page)
    for number, page_lines in pending:
        merged += page_lines
        merged_pages += [number] * len(page_lines)
    pdf_text.line_pages = merged_pages
    pdf_text.ocr_pages = [p for p in pages if any(ln.strip() for ln in recognised.get(p, []))]
    pdf_text.pages_without_text = [p for p in pages if p not in pdf_text.ocr_pages]  # no text found: still unread
    return merged


@contextmanager
def page_progress(total: int, source):
    """A progress bar on stderr, one step per recognised page (when stderr is a terminal and this
    is the main process: a worker reading one of many files leaves the screen to the main one)."""
    import multiprocessing

    if total < 1 or not _show_progress or not sys.stderr.isatty() or multiprocessing.parent_process() is not None:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    name = Path(str(source)).name
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task(f"文字识别 {name}", total=total)
        yield lambda: progress.advance(task)


def image_file_lines(data: bytes, source) -> list[str]:
    """Text lines of a page image file (.png, .jpg, …)."""
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ReportReadError(source, f"图片无法打开（{type(exc).__name__}）", "请确认图片完整，或另存为 PNG/JPEG 后再试") from None
    return image_lines(image, None)


def require(source, what: str) -> None:
    """Refuse clearly when the extra is missing."""
    if not available():
        raise ReportReadError(source, f"{what}，读取需要文字识别（OCR），但没有安装文字识别扩展", INSTALL_HINT)


__all__ = ["available", "engine", "configure", "engine_options", "threads_for", "image_lines", "pdf_pages_lines", "read_scanned_pages", "image_file_lines", "require",
           "INSTALL_HINT"]
