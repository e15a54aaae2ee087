"""Pictures inside a Word file or next to a saved web page (a table pasted as an image):
recognised with the ``ocr`` extra and their lines put where the picture stands.

Small pictures (logos, seals, icons) are left alone. Without the extra nothing changes and the
reader's ``read.table_as_image`` finding explains what could not be read.
"""

from __future__ import annotations

import io
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: a picture smaller than this (pixels, either side) is not a page or a table
MIN_PICTURE_SIDE = 200
#: at most this many pictures are recognised per document
MAX_PICTURES = 20

_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_A_BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
_V_IMAGEDATA = "{urn:schemas-microsoft-com:vml}imagedata"


def picture_ids(paragraph) -> list[str]:
    """Relationship ids of the pictures in a Word paragraph (DrawingML and legacy VML)."""
    ids = [b.get(_R + "embed") for b in paragraph.iter(_A_BLIP)]
    ids += [v.get(_R + "id") for v in paragraph.iter(_V_IMAGEDATA)]
    return [i for i in ids if i]


def docx_picture_bytes(zf, main: str, ids: list[str]) -> list[bytes]:
    """The image parts of ``ids`` (relationships of the main document part)."""
    from lxml import etree

    folder, name = posixpath.split(main)
    try:
        rels = etree.fromstring(zf.read(posixpath.join(folder, "_rels", name + ".rels")))
    except (KeyError, etree.XMLSyntaxError, OSError):
        return []
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(_REL + "Relationship") if r.get("TargetMode") != "External"}
    out = []
    for rid in ids:
        target = targets.get(rid)
        if not target:
            continue
        path = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target))
        try:
            out.append(zf.read(path))
        except (KeyError, OSError):
            continue
    return out


def archive_pictures(message, page) -> dict[str, bytes]:
    """The pictures of a single-file web archive (.mht), by every name an ``<img src>`` may use
    for them: their Content-Location (as written, and relative to the page's) and ``cid:`` id."""
    from urllib.parse import urljoin

    base = page.get("Content-Location") or ""
    out: dict[str, bytes] = {}
    for part in message.walk():
        if part.get_content_maintype() != "image":
            continue
        payload = part.get_payload(decode=True)
        if not payload:
            continue
        location = (part.get("Content-Location") or "").strip()
        if location:
            out[location] = payload
            if base and location.startswith(base.rsplit("/", 1)[0] + "/"):
                out[location[len(base.rsplit("/", 1)[0]) + 1:]] = payload  # the name relative to the page
        cid = (part.get("Content-ID") or "").strip().strip("<>")
        if cid:
            out["cid:" + cid] = payload
    if base:
        out = {**{urljoin(base, k): v for k, v in out.items() if not k.startswith("cid:")}, **out}
    return out


def local_image_bytes(src: str | None, source, resources: dict[str, bytes] | None = None) -> bytes | None:
    """A web page's ``<img src>``: a picture of the web archive it came in, or a file in the folder
    the page was saved in (never the network)."""
    if not src:
        return None
    if resources is not None:
        return resources.get(src.strip()) or resources.get(unquote(src.strip()))
    parts = urlsplit(src)
    if parts.scheme not in ("", "file") or parts.netloc:
        return None
    base = Path(str(source)).parent
    path = Path(unquote(parts.path))
    path = path if path.is_absolute() else base / path
    try:
        if path.is_file() and path.stat().st_size <= 32 * 1024 * 1024:
            return path.read_bytes()
    except OSError:
        return None
    return None


def recognise_docx(data: bytes, main: str, pictures: list[tuple[int, list[str]]], lines: list[str],
                   images: list[int]) -> tuple[list[str], list[int]]:
    """A Word file's lines with its pictures recognised (when the ocr extra is installed)."""
    import zipfile

    from .ocr import available

    if not available():
        return lines, images
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        blobs = [(index, docx_picture_bytes(zf, main, ids)) for index, ids in pictures]
    new_lines, left, done = recognise_pictures(lines, blobs)
    return (new_lines, left) if done else (lines, images)


def recognise_local_images(lines: list[str], images: list[int], pictures: list[tuple[int, str | None]],
                           source, resources: dict[str, bytes] | None = None) -> tuple[list[str], list[int]]:
    """A web page's lines with its local ``<img>`` files (or the pictures of its web archive,
    ``resources``) recognised (when the ocr extra is installed)."""
    from .ocr import available

    blobs = [(index, [b] if (b := local_image_bytes(src, source, resources)) else []) for index, src in pictures]
    if not any(b for _, b in blobs) or not available():
        return lines, images
    new_lines, left, done = recognise_pictures(lines, blobs)
    return (new_lines, left) if done else (lines, images)


def recognise_pictures(lines: list[str], pictures: list[tuple[int, list[bytes]]]) -> tuple[list[str], list[int], int]:
    """``lines`` with each large picture's recognised lines inserted before line index ``i``.

    ``pictures``: (line index, image bytes) in document order. Returns the new lines, the new
    indices of the pictures not recognised (too small, unreadable) and how many were recognised.
    """
    from PIL import Image

    from .ocr import image_lines

    inserts: dict[int, list[str]] = {}
    left: list[int] = []
    done = 0
    for index, blobs in pictures:
        recognised: list[str] = []
        for blob in blobs:
            try:
                image = Image.open(io.BytesIO(blob))
                image.load()
            except Exception:  # noqa: BLE001 — any undecodable picture (EMF, corrupt) is skipped
                continue
            if min(image.size) < MIN_PICTURE_SIDE or done >= MAX_PICTURES:
                continue
            recognised += image_lines(image, None)
            done += 1
        if recognised:
            inserts.setdefault(index, []).extend([""] + recognised + [""])
        else:
            left.append(index)
    if not inserts:
        return lines, left, 0
    out: list[str] = []
    shift: dict[int, int] = {}
    for i in range(len(lines) + 1):
        out.extend(inserts.get(i, []))
        shift[i] = len(out)
        if i < len(lines):
            out.append(lines[i])
    return out, [shift[i] for i in left], done


__all__ = ["picture_ids", "docx_picture_bytes", "local_image_bytes", "archive_pictures", "recognise_pictures", "recognise_docx",
           "recognise_local_images"]
