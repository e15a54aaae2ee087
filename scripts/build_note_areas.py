"""Rebuild nianbao/data/note_areas.json (the word model that places notes) from real reports.

    python scripts/build_note_areas.py tests/fixtures/reports tests/fixtures/*.txt

Each report is read with nianbao's own reader; its part-一 sentences are labelled by the
sub-section that holds them, part 五's by problems/measures, part 六's as other matters. With
``--check`` it also prints leave-one-report-out accuracy (the figure the README quotes).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from nianbao.draft.classify import AreaModel, accuracy, labelled_sentences, seed_vocabulary
from nianbao.errors import NianbaoError
from nianbao.read import read_report


def _part_one_only(path: Path):
    """A report object holding part 一 alone, from a text that stops after it."""
    import re

    from nianbao.model import Report
    from nianbao.read.decode import decode_bytes

    text = decode_bytes(path.read_bytes(), path)
    m = re.search(r"^\s*(?:一|1)[、.．]\s*总体情况\s*$", text, re.M)
    if not m:
        return None
    rest = text[m.end():]
    end = re.search(r"^\s*(?:二|2)[、.．]\s*主动公开政府信息", rest, re.M)
    return Report(sections={"overview": (rest[: end.start()] if end else rest).strip()})


def corpus(paths) -> dict[str, list[tuple[str, str]]]:
    out = {}
    for p in paths:
        p = Path(p)
        files = sorted(p.glob("*.txt")) if p.is_dir() else [p]
        for f in files:
            try:
                report = read_report(f)
            except NianbaoError:
                report = _part_one_only(f)  # many published copies hold part 一 only
            samples = labelled_sentences(report) if report is not None else []
            if samples:
                out[str(f)] = samples
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "src/nianbao/data/note_areas.json"))
    ap.add_argument("--check", action="store_true", help="print leave-one-report-out accuracy, write nothing")
    args = ap.parse_args()
    reports = corpus(args.paths)
    seed = seed_vocabulary()
    every = [s for samples in reports.values() for s in samples]
    print(f"{len(reports)} reports, {len(every)} sentences: {dict(Counter(a for _, a in every))}")
    if args.check:
        right = total = 0
        confusions: Counter = Counter()
        for name, samples in reports.items():
            model = AreaModel.train([s for n, ss in reports.items() if n != name for s in ss], seed)
            acc, wrong = accuracy(model, samples)
            right += round(acc * len(samples))
            total += len(samples)
            confusions.update(wrong)
            print(f"  {acc:6.1%}  {len(samples):4d}  {name}")
        print(f"leave-one-report-out: {right}/{total} = {right / total:.1%}")
        print("most confused (true → placed):", confusions.most_common(8))
        return
    Path(args.out).write_text(AreaModel.train(every, seed).to_json() + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
