"""Fuzz the format readers: mutated Word files, web pages, PDFs, Markdown and text.

Every input must either read (a Report) or be refused with ReportReadError — never another
exception, never a hang. Hypothesis draws a seed document and a few mutations (byte flips,
truncation, spliced chunks; for Word, edits to the XML inside the package; for web pages,
hostile markup such as huge spans, deep nesting, broken tags and odd charsets), and shrinks
any failure it finds. Not part of the test suite (it runs for minutes).

Run: .venv/bin/python benchmarks/fuzz_readers.py [SECONDS] [FORMAT…]
Failing inputs are written to $TMPDIR/nianbao-fuzz-failures/.

The amplification shapes (tests/hostile_files.py: span bombs, paragraph floods, inflating zip
parts, lying zip directories, PDF stream bombs and page counts, deep .mht) are seeds of the
fuzzer too, in small sizes. ``fuzz_readers.py amplify`` reads each at full size once, in its
own process, and prints the outcome, the time and the peak memory.
"""

from __future__ import annotations

import hashlib
import io
import sys
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))  # this checkout, not whichever nianbao is installed

from nianbao.errors import ReportReadError  # noqa: E402
from nianbao.read import read_bytes, read_report  # noqa: E402
from nianbao.render.document import render_document  # noqa: E402
from tests import hostile_files as hf  # noqa: E402
from tests.test_read_formats import portal_html, printed_pdf, word_docx  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
FAILURES = Path(tempfile.gettempdir()) / "nianbao-fuzz-failures"
SLOW_S = 5.0


def seeds() -> dict[str, list[bytes]]:
    text = read_report(FIXTURES / "huaian_2024.txt")
    obj, title, preamble = text.to_dict(), text.title, text.preamble
    small = read_report(FIXTURES / "madian_2024.txt")
    docx = render_document(obj, "docx", title=title, preamble=preamble)
    return {
        "docx": [docx, word_docx(obj, title, preamble), (FIXTURES / "official_blank_template.docx").read_bytes(),
                 hf.docx_many_paragraphs(1), hf.docx_lying_directory(docx)],
        "html": [portal_html(obj, title, preamble).encode("gb18030"),
                 render_document(small.to_dict(), "html", title=small.title).encode(),
                 hf.span_bomb_html(cells=8, rows=40, span=200)],
        "pdf": [(FIXTURES / "huaian_2024.pdf").read_bytes(), printed_pdf(small.to_dict(), small.title, small.preamble),
                hf.pdf_stream_bomb(70), hf.pdf_many_pages(5000)],
        "mht": [hf.deep_mht(300), hf.deep_mht(3000)],
        "md": [render_document(obj, "md", title=title, preamble=preamble).encode()],
        "txt": [(FIXTURES / "huaian_2024.txt").read_bytes(), (FIXTURES / "suqian_2024.txt").read_bytes()],
    }


# --- mutations ------------------------------------------------------------------------------

HOSTILE_MARKUP = [
    b'<td colspan="99999999" rowspan="99999999">', b"<table>" * 300, b"</table></tr></td>" * 50, b"<tr><td>",
    b"<!--", b"<![CDATA[", b"<?xml version='1.0' encoding='utf-16'?>", b'<meta charset="utf-16">',
    b'<meta charset="no-such-charset">', b"&#0;&#xD800;&#1114112;&nbsp;&amp", b"<br/>" * 100, b"<o:p>",
    b"<div>" * 5000, b'<span style="display:none">', b"\x00\xff\xfe", b"<script>", b"<pre>", b"</body></html>",
    "一、总体情况".encode(), "<td>本年新收</td>".encode(), b"<td>1,1,1</td>", b"<td>-5</td>",
]
HOSTILE_XML = [
    b'<w:gridSpan w:val="999999"/>', b'<w:vMerge/>', b'<w:vMerge w:val="restart"/>', b"<w:tbl>" * 50,
    b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', b"&e;", b'<w:numPr><w:ilvl w:val="99"/><w:numId w:val="1"/></w:numPr>',
    b"<w:br/>", b"<w:tab/>", b"</w:p>", b"<w:p>", b"\x00", b"<w:t>\xe4\xb8</w:t>", b'<w:gridSpan w:val="-3"/>',
]


def _flip(data: bytes, positions: list[int], values: list[int]) -> bytes:
    buf = bytearray(data)
    for p, v in zip(positions, values):
        if buf:
            buf[p % len(buf)] = v
    return bytes(buf)


@st.composite
def byte_mutation(draw, data: bytes, extras: list[bytes]) -> bytes:
    kind = draw(st.sampled_from(["flip", "truncate", "insert", "splice", "delete"]))
    n = len(data)
    if kind == "flip":
        k = draw(st.integers(1, 40))
        return _flip(data, draw(st.lists(st.integers(0, n), min_size=k, max_size=k)),
                     draw(st.lists(st.integers(0, 255), min_size=k, max_size=k)))
    if kind == "truncate":
        return data[: draw(st.integers(0, n))]
    if kind == "delete":
        a = draw(st.integers(0, n))
        return data[:a] + data[a + draw(st.integers(1, 4000)):]
    at = draw(st.integers(0, n))
    if kind == "insert":
        piece = draw(st.sampled_from(extras)) if extras and draw(st.booleans()) else draw(st.binary(min_size=1, max_size=64))
        return data[:at] + piece * draw(st.integers(1, 3)) + data[at:]
    a = draw(st.integers(0, n))
    return data[:at] + data[a: a + draw(st.integers(1, 2000))] + data[at:]


@st.composite
def docx_mutation(draw, data: bytes) -> bytes:
    """Mutate a part inside the package (the zip stays valid), or the package bytes."""
    if draw(st.integers(0, 4)) == 0:
        return draw(byte_mutation(data, []))
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    target = draw(st.sampled_from([n for n in names if n.endswith((".xml", ".rels"))]))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in names:
            part = src.read(name)
            if name == target:
                part = draw(byte_mutation(part, HOSTILE_XML))
            if name == target and draw(st.integers(0, 9)) == 0:
                continue  # a part missing altogether
            dst.writestr(name, part)
    return out.getvalue()


def mutated(fmt: str, seed_docs: list[bytes]):
    @st.composite
    def build(draw):
        data = draw(st.sampled_from(seed_docs))
        for _ in range(draw(st.integers(1, 3))):
            if fmt == "docx":
                data = draw(docx_mutation(data))
            else:
                data = draw(byte_mutation(data, HOSTILE_MARKUP if fmt in ("html", "md") else []))
        return data

    return build()


# --- the run --------------------------------------------------------------------------------


class Tally:
    def __init__(self):
        self.outcomes: Counter = Counter()
        self.failures: dict[str, str] = {}
        self.slow: list[tuple[float, str]] = []


def check_one(fmt: str, data: bytes, tally: Tally) -> None:
    name = f"fuzz.{fmt}"
    start = time.perf_counter()
    try:
        read_bytes(data, name)
        tally.outcomes[(fmt, "read")] += 1
    except ReportReadError:
        tally.outcomes[(fmt, "refused")] += 1
    except Exception:  # noqa: BLE001 — exactly what the fuzzer looks for
        tally.outcomes[(fmt, "CRASH")] += 1
        digest = hashlib.sha1(data).hexdigest()[:12]
        FAILURES.mkdir(exist_ok=True)
        (FAILURES / f"{fmt}-{digest}.bin").write_bytes(data)
        tb = traceback.format_exc()
        key = tb.strip().splitlines()[-1][:200]
        tally.failures.setdefault(key, f"{FAILURES / f'{fmt}-{digest}.bin'}\n{tb}")
        raise
    finally:
        elapsed = time.perf_counter() - start
        if elapsed > SLOW_S:
            tally.slow.append((elapsed, f"{fmt} {len(data)} bytes"))


def fuzz(fmt: str, seed_docs: list[bytes], seconds: float, tally: Tally) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        @settings(max_examples=50, deadline=None, database=None, derandomize=False,
                  phases=[Phase.generate, Phase.shrink],
                  suppress_health_check=list(HealthCheck))
        @given(mutated(fmt, seed_docs))
        def run(data):
            check_one(fmt, data, tally)

        try:
            run()
        except Exception:  # noqa: BLE001 — recorded in the tally; keep fuzzing
            pass


def amplification_shapes() -> dict[str, bytes]:
    docx = render_document(read_report(FIXTURES / "madian_2024.txt").to_dict(), "docx")
    return {
        "span_bomb.html": hf.span_bomb_html(),
        "paragraphs_60mb.docx": hf.docx_many_paragraphs(60),
        "paragraphs_2mb.docx": hf.docx_many_paragraphs(2),
        "inflating_member.docx": hf.docx_with_big_member(docx, 160),
        "lying_directory.docx": hf.docx_lying_directory(docx),
        "stream_bomb.pdf": hf.pdf_stream_bomb(1024),
        "pages_50000.pdf": hf.pdf_many_pages(50_000),
        "deep.mht": hf.deep_mht(5000),
    }


def _read_one(path: str) -> int:
    """Child process: read one file, print outcome, seconds and peak memory (MB)."""
    import resource

    start = time.perf_counter()
    try:
        read_bytes(Path(path).read_bytes(), path)
        outcome = "read"
    except ReportReadError as err:
        outcome = "refused: " + str(err).split("：", 1)[-1][:60]
    except Exception as exc:  # noqa: BLE001 — reported
        outcome = f"CRASH {type(exc).__name__}"
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"{time.perf_counter() - start:.2f}\t{peak}\t{outcome}")
    return 0


def amplify() -> int:
    import subprocess

    folder = Path(tempfile.mkdtemp(prefix="nianbao-amplify-"))
    bad = 0
    for name, data in amplification_shapes().items():
        path = folder / name
        path.write_bytes(data)
        try:
            r = subprocess.run([sys.executable, __file__, "--one", str(path)], capture_output=True, text=True, timeout=120)
            seconds, peak, outcome = r.stdout.strip().split("\t", 2)
        except subprocess.TimeoutExpired:
            seconds, peak, outcome = ">120", "?", "HUNG"
        bad += outcome.startswith(("CRASH", "HUNG"))
        print(f"{name:24} {len(data) // 1024:7} KB  {seconds:>6} s  {peak:>6} MB peak  {outcome}", flush=True)
    return 1 if bad else 0


def main() -> int:
    if sys.argv[1:2] == ["--one"]:
        return _read_one(sys.argv[2])
    if sys.argv[1:2] == ["amplify"]:
        return amplify()
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 240.0
    wanted = sys.argv[2:] or ["docx", "html", "pdf", "mht", "md", "txt"]
    all_seeds = seeds()
    tally = Tally()
    share = seconds / len(wanted)
    started = time.monotonic()
    for fmt in wanted:
        fuzz(fmt, all_seeds[fmt], share, tally)
        read_n, refused, crash = (tally.outcomes[(fmt, k)] for k in ("read", "refused", "CRASH"))
        print(f"{fmt:5} inputs {read_n + refused + crash:6}  read {read_n:6}  refused {refused:6}  crashed {crash}", flush=True)
    print(f"total {sum(tally.outcomes.values())} inputs in {time.monotonic() - started:.0f} s; "
          f"{len(tally.failures)} distinct uncaught exceptions; {len(tally.slow)} inputs over {SLOW_S:.0f} s")
    for key, where in tally.failures.items():
        print("\nUNCAUGHT:", key, "\n", where)
    for elapsed, what in sorted(tally.slow, reverse=True)[:10]:
        print(f"slow: {elapsed:.1f} s  {what}")
    return 1 if tally.failures else 0


if __name__ == "__main__":
    sys.exit(main())
