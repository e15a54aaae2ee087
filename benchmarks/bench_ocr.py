"""Scanned reports: accuracy per degradation level and seconds per page of the OCR reader.

Each report is printed to PDF (or taken as published: the real 淮安 PDF, the only real PDF in the corpus), rasterised with
pypdfium2, degraded with Pillow (grey, skew, speckle, JPEG; see tests/scans.py) and read back
through ``read_bytes``. Printed per level: table cells right / null / wrong (the target: 0
wrong, ≥ 99 % right), agency and year right, and seconds per recognised page (median, min, max),
with the CPU seconds and the machine's load average (a shared machine's wall time says little alone).
Target (issue 14): ≤ 3 s per page on 2 CPU cores. Needs the ``ocr`` and ``test`` extras.

Run: .venv/bin/python benchmarks/bench_ocr.py [--levels clean-150dpi,medium] [--docs compact-huaian,real-huaian]
[--seeds 0,3,5,7] (where the specks fall; 0 is the tests' scan)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the scan builders of the tests

import nianbao.read.ocr as ocr  # noqa: E402
from nianbao.read import read_bytes, read_report  # noqa: E402
from tests.scans import LEVELS, cell_accuracy, report_pdf, scanned_pdf  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"


def documents(names: list[str]) -> dict[str, tuple[bytes, object]]:
    """{name: (printed PDF, the true report)}."""
    out = {}
    for name in names:
        kind, _, place = name.partition("-")
        truth = read_report(FIXTURES / f"{place}_2024.txt")
        if kind == "compact":
            out[name] = (report_pdf(truth.to_dict(), truth.title, truth.preamble), truth)
        elif kind == "real":
            out[name] = ((FIXTURES / f"{place}_2024.pdf").read_bytes(), truth)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--levels", default=",".join(lv.name for lv in LEVELS))
    ap.add_argument("--docs", default="compact-huaian,compact-suqian,real-huaian")
    ap.add_argument("--seeds", default="0", help="degradation seeds (where the specks fall), e.g. 0,3,5,7")
    ap.add_argument("--save", help="a folder to write each scan's first page (PNG) and the lines read from it")
    args = ap.parse_args()
    levels = [lv for lv in LEVELS if lv.name in args.levels.split(",")]
    docs = documents(args.docs.split(","))

    page_secs: list[float] = []
    page_cpu: list[float] = []
    original = ocr.image_lines

    def timed(image, page=None, native=None):
        start, cpu = time.perf_counter(), time.process_time()
        try:
            return original(image, page, native)
        finally:
            page_secs.append(time.perf_counter() - start)
            page_cpu.append(time.process_time() - cpu)

    ocr.image_lines = timed
    t0 = time.perf_counter()
    ocr.engine()
    print(f"engine load: {time.perf_counter() - t0:.1f} s")
    print(f"{'level':<14}{'document':<16}{'pages':>6}{'right':>7}{'null':>6}{'wrong':>6}  agency/year  s/page(median)")
    totals: dict[str, list[int]] = {}
    seeds = [int(s) for s in args.seeds.split(",")]
    for level in levels:
        for name, (pdf, truth), seed in ((n, d, s) for n, d in docs.items() for s in seeds):
            scan = scanned_pdf(pdf, level, seed=seed)
            if args.save:
                from tests.scans import degrade, page_images

                Path(args.save).mkdir(parents=True, exist_ok=True)
                for n, img in enumerate(page_images(pdf, level.dpi), 1):
                    degrade(img, level, seed + n - 1).save(Path(args.save) / f"{level.name}-{name}-s{seed}-p{n}.png")
            before = len(page_secs)
            report = read_bytes(scan, f"{name}.pdf")
            secs = page_secs[before:]
            right, null, wrong, wrong_paths = cell_accuracy(report.to_dict(), truth.to_dict(), report.unread_cells)
            ok = "yes" if (report.agency, report.year) == (truth.agency, truth.year) else f"NO ({report.agency} {report.year})"
            t = totals.setdefault(level.name, [0, 0, 0, []])
            t[0] += right
            t[1] += null
            t[2] += wrong
            t[3] += secs
            label = name if len(seeds) == 1 else f"{name}/{seed}"
            print(f"{level.name:<14}{label:<16}{len(secs):>6}{right:>7}{null:>6}{wrong:>6}  {ok:<11}  "
                  f"{statistics.median(secs):.1f}", flush=True)
            for w in wrong_paths:
                print("    WRONG", w)
            if args.save:
                (Path(args.save) / f"{level.name}-{name}-s{seed}.txt").write_text("\n".join(report.lines), encoding="utf-8")
    print()
    for name, (right, null, wrong, secs) in totals.items():
        print(f"{name:<14} cells right {right / (right + null + wrong):.1%}  null {null}  wrong {wrong}  "
              f"s/page median {statistics.median(secs):.1f} (min {min(secs):.1f}, max {max(secs):.1f})")
    if page_secs:
        print(f"seconds per page: median {statistics.median(page_secs):.1f}, min {min(page_secs):.1f}, "
              f"max {max(page_secs):.1f} over {len(page_secs)} pages (CPU seconds: median "
              f"{statistics.median(page_cpu):.1f}, min {min(page_cpu):.1f}, max {max(page_cpu):.1f}; "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
