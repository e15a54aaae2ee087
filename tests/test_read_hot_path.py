"""Shortcuts of the reader's per-file path give what the plain definitions kept here give: format
sniffing (the first 2 KB asked once, the file name only where the content leaves a doubt), on
every fixture and on made-up heads (byte order marks, long blank runs, markup, web archives)."""

from __future__ import annotations

import random
from pathlib import Path

from nianbao.errors import ReportReadError
from nianbao.read import detect

FIXTURES = Path(__file__).parent / "fixtures"


def reference_sniff(data: bytes, source) -> str:
    """:func:`nianbao.read.detect.sniff` as it was written plainly (every test asked in turn)."""
    from pathlib import PurePath

    suffix = PurePath(str(source)).suffix.lower()
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return detect._zip_kind(data, source)
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") or data.startswith(b"\xd0\xcf\x11\xe0"):
        kind = "WPS 文档（.wps）" if suffix == ".wps" else "旧版 Word 文档（.doc）" if suffix != ".xls" else "旧版 Excel 表格（.xls）"
        raise ReportReadError(source, f"这是{kind}，nianbao 不直接读取这种旧格式",
                              "请用 Word 或 WPS 打开，另存为 .docx（Word 文档）后再试")
    start = data[:1024].lstrip()
    if (start if len(start) >= 4 or len(data) <= 1024 else data.lstrip()).startswith(b"%PDF") or (suffix == ".pdf" and b"%PDF-" in data[:1024]):
        return "pdf"
    if data.startswith(b"{\\rtf"):
        raise ReportReadError(source, "这是 RTF 文档，nianbao 不直接读取", "请用 Word 或 WPS 打开，另存为 .docx 后再试")
    for magic, name in ((b"\x89PNG", "PNG 图片"), (b"\xff\xd8\xff", "JPEG 图片"), (b"GIF8", "GIF 图片"),
                        (b"II*\x00", "TIFF 图片"), (b"MM\x00*", "TIFF 图片"), (b"BM", "BMP 图片")):
        if data.startswith(magic) and (magic != b"BM" or suffix == ".bmp"):
            from nianbao.read.ocr import require

            require(source, f"这是{name}")
            return "image"
    head = detect._head_ascii(data, 2048)
    if head.lstrip().startswith(b"<?xml") and (b"word.document" in head or b"<w:worddocument" in head or b"<pkg:package" in head):
        raise ReportReadError(source, "这是 Word 2003 XML 格式的文档，nianbao 不直接读取",
                              "请用 Word 或 WPS 打开，另存为 .docx（Word 文档）后再试")
    if detect.is_mhtml(data):
        return "mhtml"
    if detect.is_html(data):
        return "html"
    return "text"


def _outcome(sniff, data: bytes, source: str):
    try:
        return sniff(data, source)
    except ReportReadError as exc:
        return ("refused", str(exc))


_BOMS = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"]
_BLANKS = [b" ", b"\n", b"\r\n", b"\t", b"\x00", b"\x0b"]
_STARTS = [b"<html><body>", b"<!DOCTYPE html>", b"<HTML>", b"<p>", b"<?xml version=\"1.0\"?><html>", b"<?xml version=\"1.0\"?><w:wordDocument>",
           b"MIME-Version: 1.0\nContent-Type: multipart/related; boundary=x\n", b"%PDF-1.7\n", b"BM", b"{\\rtf1", b"<", b"<<", b"x<html>",
           "宿迁市人民政府2024年政府信息公开工作年度报告\n".encode(), "一、总体情况".encode("utf-16-le"), b"plain text", b""]
_NAMES = ["x.txt", "x.pdf", "x.bmp", "x.HTML", "dir.pdf/x", "x.", ".pdf", "x.wps", "x.xls"]


def test_sniffing_gives_what_the_plain_definition_gives():
    paths = sorted(p for p in FIXTURES.rglob("*") if p.is_file())
    assert len(paths) > 40
    for path in paths:
        data = path.read_bytes()
        assert _outcome(detect.sniff, data, str(path)) == _outcome(reference_sniff, data, str(path)), path
    rng = random.Random(31)
    kinds = set()
    for _ in range(4000):
        blank = rng.choice(_BLANKS) * rng.choice([0, 1, 3, 1000, 2040, 2046, 2047, 2048, 2050, 4090, 5000])
        data = rng.choice(_BOMS) + blank + rng.choice(_STARTS) + rng.choice([b"", b"<html>", b" text", b"\n" * 3000 + b"<body>"])
        source = rng.choice(_NAMES)
        expected = _outcome(reference_sniff, data, source)
        assert _outcome(detect.sniff, data, source) == expected, (data[:80], len(data), source)
        kinds.add(expected if isinstance(expected, str) else expected[0])
    assert {"html", "mhtml", "text", "pdf", "refused"} <= kinds


def reference_candidates(lines: list[str]) -> tuple[int, ...]:
    """The lines that may be a part heading, as first written: at most 60 characters, no tab, not
    all ASCII, and one of the words every heading has."""
    from nianbao.read.parts import _HEADING_HINT_RE

    return tuple(i for i, line in enumerate(lines)
                 if len(line) <= 60 and "\t" not in line and not line.isascii() and _HEADING_HINT_RE.search(line))


def _report_texts() -> list[str]:
    from nianbao.read.text import read_text

    from .builders import LAYOUTS, NumberStyle, render_text

    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt")) + sorted((FIXTURES / "reports").glob("*.txt"))]
    base = read_text((FIXTURES / "suqian_2024.txt").read_text(encoding="utf-8")).to_dict()
    texts += [render_text(base, layout, NumberStyle(zero=zero), page_every=7) for layout in LAYOUTS for zero in ("0", "", "—")]
    return texts


def test_heading_candidates_are_the_plainly_defined_lines():
    from nianbao.read import parts

    rng = random.Random(37)
    words = ["情况", "事项", "问题", "措施", "主动公开", "政府信息", "总体", "一、", "（二）", "\t", " ", "x", "12", "公开", "情", "况"]
    lines_sets = [text.split("\n") for text in _report_texts()]
    for _ in range(300):
        lines = []
        for _ in range(rng.randint(0, 30)):
            line = "".join(rng.choice(words) for _ in range(rng.randint(0, 12)))
            if rng.random() < 0.3:  # lengths about the limit
                line = (line + "政" * 70)[: rng.choice([59, 60, 61])]
            lines.append(line)
        lines_sets.append(lines)
    hits = 0
    for _ in range(2):  # the second time from the answers kept
        for lines in lines_sets:
            parts._LAST[0] = None
            expected = reference_candidates(lines)
            assert tuple(parts.heading_candidates(lines)) == expected, lines
            hits += len(expected)
    assert hits > 500
    # the answer kept for the last lines is given for equal lines only: asked again after each
    # change in place (a line changed, dropped, added), and for a copy, the lines are read afresh
    kept = 0
    for lines in lines_sets:
        lines = list(lines)
        parts.heading_candidates(lines)
        assert tuple(parts.heading_candidates(list(lines))) == reference_candidates(lines)
        for _ in range(3):
            what = rng.randrange(3)
            if what == 0 and lines:
                lines[rng.randrange(len(lines))] = rng.choice(["一、总体情况", "x", "", "政府信息公开"])
            elif what == 1 and lines:
                del lines[rng.randrange(len(lines))]
            else:
                lines.insert(rng.randint(0, len(lines)), rng.choice(["二、主动公开政府信息情况", "情况", "\t情况"]))
            expected = reference_candidates(lines)
            assert tuple(parts.heading_candidates(lines)) == expected, lines
            kept += parts._LAST[0][1] == expected
    assert kept > 300


def reference_looks_markdown(text: str) -> bool:
    """looks_markdown as first written (each mark looked for as it is)."""
    from nianbao.read.markdown import _HEADING_RE, _PIPE_SEP_RE

    head = text[:200000]
    return bool(
        ("#" in head and _HEADING_RE.search(head))
        or ("---" in head and _PIPE_SEP_RE.search(head, head.rfind("\n", 0, head.find("---")) + 1))
        or "**" in head
        or ("<" in head and "<table" in head.lower())
    )


def test_looks_markdown_gives_what_the_plain_definition_gives():
    from nianbao.read.markdown import looks_markdown

    rng = random.Random(41)
    texts = _report_texts()
    pieces = ["-", "--", "---", "*", "**", "#", "# ", "|", "| --- |", "\n", "文字", " ", "<table>", "_", "x", "——", "－"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 12))) for _ in range(3000)]
    seen = {True: 0, False: 0}
    for text in texts:
        expected = reference_looks_markdown(text)
        assert looks_markdown(text) == expected, text
        seen[expected] += 1
    assert min(seen.values()) > 300


def reference_classify_heading(line: str):
    """classify_heading as first written: every pattern asked in turn, the body cleaned before its
    digits are looked at."""
    import unicodedata

    from nianbao.read import parts as p

    raw = line.strip()
    if not raw or len(raw) > 60:
        return None
    text = unicodedata.normalize("NFKC", p._MD_RE.sub("", raw)).strip()
    toc = bool(p._TOC_TAIL_RE.search(text))
    if toc:
        text = p._TOC_TAIL_RE.sub("", text)
    m = p._NUMBERING_RE.match(text)
    numeral = p._numeral_of(m)
    if numeral == "paren":
        numeral = m.group("paren").strip("()（）")
        strict_only = True
    else:
        strict_only = False
    body = text[m.end():] if m else text
    body = p._TRAIL_PUNCT_RE.sub("", p._STRIP_RE.sub("", body)).lstrip("、.．:：,，-－—一_~～·")
    if not body:
        return None
    searches = p._part_searches()
    if p._LITERAL_PATTERNS[0] and any(map(str.isdigit, body)):
        return None
    for part, strict, loose in searches:
        if any(search(body) for search in strict):
            return part, numeral, toc
        if not strict_only and numeral == part.number and any(search(body) for search in loose):
            return part, numeral, toc
    return None


def test_classify_heading_gives_what_the_plain_definition_gives():
    from nianbao.catalog import PARTS
    from nianbao.read.parts import classify_heading

    rng = random.Random(43)
    lines = sorted({ln for text in _report_texts() for ln in text.split("\n")})
    pieces = ["一、", "二、", "（三）", "四.", "第五部分", "六 ", "3、", "１２", "①", "٣", "²", " ", "\u3000", "\t", "…", "……",
              "...", "·", "．", "。", "：", "，", "**", "# ", "“", "”", "7", "12", " 5", "\t3", "总体", "情况", "其他",
              "|", "-", "一", "x", *[part.heading for part in PARTS]]
    lines += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 8))) for _ in range(6000)]
    # table-of-contents entries and headings with odd tails (page numbers in any digits, dot leaders)
    heads, tails = ["一、", "二.", "第三部分", "（四）", "5、", "六", "", "7", "一、8"], ["……3", "......12", " ··· 4", "\t\t9", "…٣", "．．１２", " 7 ", "。", "3", ""]
    lines += [rng.choice(heads) + rng.choice(PARTS).heading + rng.choice(tails) for _ in range(2000)]
    found = toc = 0
    for line in lines:
        expected = reference_classify_heading(line)
        assert classify_heading.__wrapped__(line) == expected, line
        found += expected is not None
        toc += expected is not None and expected[2]
    assert found > 600 and toc > 300, (found, toc)


def reference_paragraphs(lines: list[str], width):
    """read.text.paragraphs as first written (each line stripped of whitespace, then of U+3000, then
    of whitespace again)."""
    from nianbao.read.text import _SUBHEADING_START_RE, PAGE_MARK_RE, page_width, tidy_spacing

    out, current, last = [], "", ""
    for raw in lines:
        line = raw.strip().strip("\u3000").strip()
        if not line or PAGE_MARK_RE.match(line):
            if not line and current:
                out.append(current)
                current = ""
            continue
        joins = (current and width is not None and page_width(last) >= width - 4
                 and not last.endswith(("。", "！", "？", "；", "：", "!", "?", ";", ":")) and not _SUBHEADING_START_RE.match(line))
        if joins:
            current += line
        else:
            if current:
                out.append(current)
            current = line
        last = line
    if current:
        out.append(current)
    return [tidy_spacing(p) for p in out]


def test_paragraphs_give_what_the_plain_definition_gives():
    import sys

    from nianbao.read.text import paragraphs

    rng = random.Random(47)
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()] + ["\u3000\u3000", "\u200b", "\ufeff"]
    words = ["政府信息公开", "2024", "年", "。", "- 3 -", "第 2 页", "（一）", "x", "", "1."]
    texts = [text.split("\n") for text in _report_texts()]
    texts += [["".join(rng.choice(spaces + words) for _ in range(rng.randint(0, 6))) for _ in range(rng.randint(0, 12))]
              for _ in range(2000)]
    for lines in texts:
        for width in (None, 20.0, 40.0):
            assert paragraphs(lines, width) == reference_paragraphs(lines, width), lines
