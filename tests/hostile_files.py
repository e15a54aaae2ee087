"""Generators of hostile input files (amplification shapes), shared by the tests and
benchmarks/fuzz_readers.py. Each is small on disk and large (or deep, or endless) when read."""

from __future__ import annotations

import io
import zipfile
import zlib

CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 b'<Default Extension="xml" ContentType="application/xml"/>'
                 b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                 b'</Types>')
RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        b'</Relationships>')
DOC_HEAD = b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
DOC_TAIL = b"</w:body></w:document>"


def span_bomb_html(cells: int = 40, rows: int = 200, span: int = 200) -> bytes:
    """A 300 KB page whose every cell spans 200 × 200 positions."""
    row = f'<td colspan="{span}" rowspan="{span}">1</td>' * cells
    return f"<html><body><h1>报告</h1><table>{''.join(f'<tr>{row}</tr>' for _ in range(rows))}</table></body></html>".encode()


def docx_many_paragraphs(megabytes: int = 60) -> bytes:
    """A small .docx whose document.xml holds ``megabytes`` MB of empty paragraphs."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        with zf.open("word/document.xml", "w") as member:
            member.write(DOC_HEAD)
            chunk = b"<w:p/>" * (1024 * 1024 // 6)
            for _ in range(megabytes):
                member.write(chunk)
            member.write(DOC_TAIL)
    return out.getvalue()


def docx_with_big_member(base: bytes, megabytes: int = 160) -> bytes:
    """``base`` (a real .docx) plus a media part that inflates to ``megabytes`` MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            zf.writestr(info, src.read(info))
        with zf.open("word/media/image1.png", "w") as member:
            zero = bytes(1024 * 1024)
            for _ in range(megabytes):
                member.write(zero)
    return out.getvalue()


def docx_lying_directory(base: bytes, claimed: int = 100) -> bytes:
    """``base`` with every member's uncompressed size in the zip directory (and local headers)
    replaced by ``claimed``: a reader must count what really comes out."""
    data = bytearray(base)
    for signature, at in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):  # central directory, local headers
        i = data.find(signature)
        while i >= 0:
            data[i + at:i + at + 4] = claimed.to_bytes(4, "little")
            i = data.find(signature, i + 4)
    return bytes(data)


def _pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def pdf_stream_bomb(megabytes: int = 200, lead: bytes = b"") -> bytes:
    """One page whose content stream (FlateDecode, about 200 KB) inflates to ``megabytes`` MB (after
    ``lead``, deflated first in the same stream)."""
    comp = zlib.compressobj(9)
    body = comp.compress(lead) + b"".join(comp.compress(bytes(1024 * 1024)) for _ in range(megabytes)) + comp.flush()
    stream = f"<< /Length {len(body)} /Filter /FlateDecode >>\nstream\n".encode() + body + b"\nendstream"
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        stream,
    ])


def pdf_stream_bomb_damaged(megabytes: int = 70) -> bytes:
    """:func:`pdf_stream_bomb` with one byte of its deflate data damaged about 40 % in: zlib stops
    there, and pdfminer salvages the stream byte by byte up to that point."""
    data = bytearray(pdf_stream_bomb(megabytes))
    start, end = data.index(b"stream\n") + 7, data.index(b"\nendstream")
    data[start + (end - start) * 2 // 5] = 0x30
    return bytes(data)


def pdf_many_pages(declared: int = 50_000) -> bytes:
    """A PDF whose page tree declares ``declared`` pages."""
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [3 0 R] /Count {declared} >>".encode(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ])


def deep_mht(depth: int = 5000) -> bytes:
    """A .mht whose multipart parts nest ``depth`` deep."""
    head, tail = [], []
    for i in range(depth):
        head.append(f'Content-Type: multipart/related; boundary="b{i}"\r\n\r\n--b{i}\r\n')
        tail.append(f"\r\n--b{i}--\r\n")
    inner = "Content-Type: text/html\r\n\r\n<html><body>x</body></html>"
    return ("MIME-Version: 1.0\r\n" + "".join(head) + inner + "".join(reversed(tail))).encode()
