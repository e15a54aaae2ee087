"""Bytes → text: encodings real reports come in, and refusing what is not text."""

from __future__ import annotations

import codecs
import re

from ..errors import ReportReadError

MAX_BYTES = 50 * 1024 * 1024

_MAGIC = (
    (b"PK\x03\x04", "Word 文档（.docx）或其他压缩文件"),
    (b"\xd0\xcf\x11\xe0", "旧版 Word/WPS 文档（.doc/.wps）"),
    (b"%PDF", "PDF 文件"),
    (b"{\\rtf", "RTF 文档"),
    (b"\x89PNG", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF8", "GIF 图片"),
)


def sniff_binary_kind(data: bytes) -> str | None:
    """A human name for well-known binary formats, else None."""
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    return None


def _looks_utf16(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    half = len(sample) / 2
    # CJK text in UTF-16 has few NULs, so also accept a decode that yields mostly CJK
    if odd_nul > 0.3 * half and even_nul < 0.05 * half:
        return "utf-16-le"
    if even_nul > 0.3 * half and odd_nul < 0.05 * half:
        return "utf-16-be"
    for enc in ("utf-16-le", "utf-16-be"):
        if len(sample) % 2:
            sample = sample[:-1]
        try:
            text = sample.decode(enc)
        except UnicodeDecodeError:
            continue
        cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
        if cjk > 0.6 * len(text):
            return enc
    return None


_BAD_CHAR_RE = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


#: every byte but the control bytes _BAD_CHAR_RE counts (in UTF-8 those bytes are only ever those characters)
_NOT_BAD_BYTES = bytes(b for b in range(256) if not (b <= 0x08 or b == 0x0B or 0x0E <= b <= 0x1F))


def decode_bytes(data: bytes, path) -> str:
    """Decode a plain-text report. UTF-8 (± BOM), UTF-16 (± BOM), GB18030/GBK; CRLF/CR → LF."""
    return decode_bytes_codec(data, path)[0]


def decode_bytes_codec(data: bytes, path) -> tuple[str, str]:
    """(text as :func:`decode_bytes` gives it, the codec that decoded it: ``utf-8-sig``, ``utf-16``
    and ``utf-32`` when a BOM says so, else ``utf-8``, ``gb18030``, ``utf-16-le`` or ``utf-16-be``)."""
    if len(data) > MAX_BYTES:
        raise ReportReadError(path, f"文件太大（{len(data) // 1024 // 1024} MB）", "年度报告的文本通常不超过 1 MB，请确认选对了文件")
    blank = b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"
    if not data[:4096].strip(blank) and not data.strip(blank):  # (the whole file copied only when it starts blank)
        raise ReportReadError(path, "文件是空的", "请确认选对了文件，或重新导出报告全文")
    text = None
    if data.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif data.startswith(codecs.BOM_UTF32_LE) or data.startswith(codecs.BOM_UTF32_BE):
        encodings = ["utf-32"]
    elif data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        encodings = ["utf-16"]
    else:
        kind = sniff_binary_kind(data)
        if kind:
            raise ReportReadError(path, f"这是{kind}，不是纯文本", "请用对应的格式读取，或另存为 .txt（UTF-8）后再试")
        has_nul = data.find(b"\x00", 0, 65536) != -1
        try:
            text = None if has_nul else data.decode("utf-8")  # decoded once: most reports are UTF-8
        except UnicodeDecodeError:
            text = None
        utf16 = _looks_utf16(data) if text is None else None
        if not utf16 and has_nul:
            raise ReportReadError(path, "文件内容不像文本（含二进制数据），可能是图片、压缩包或程序文件", "请确认选对了文件，或另存为 .txt 后再试")
        encodings = [utf16] if utf16 else [] if text is not None else ["gb18030"]
    enc = "utf-8"  # what decoded ``text`` when no other encoding is tried
    for enc in encodings:
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise ReportReadError(path, "无法识别文件编码（不是 UTF-8、GBK/GB18030 或 UTF-16）", "请用记事本等工具另存为 UTF-8 编码的 .txt 后再试")
    # (decoded as UTF-8, the bytes EF BF BD can only be U+FFFD: EF is never a continuation byte, and the
    # character is found in the text far quicker than the three bytes among CJK characters' EF… bytes)
    clean_utf8 = not encodings and not data.translate(None, _NOT_BAD_BYTES) and "\ufffd" not in text
    bad = 0 if clean_utf8 else len(_BAD_CHAR_RE.findall(text, 0, 20000))
    if bad > max(8, len(text[:20000]) // 100):
        raise ReportReadError(path, "文件内容不像文本（含大量控制字符），可能是二进制文件", "请确认选对了文件，或另存为 .txt 后再试")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.lstrip("\ufeff"), enc
