"""Rebuild nianbao/data/note_areas.json (the word model that places notes) from real reports.

    python scripts/build_note_areas.py tests/fixtures/reports tests/fixtures/*.txt

Each report is read with nianbao's own reader; its part-一 sentences are labelled by the
sub-section that holds them, part 五's by problems/measures, part 六's as other matters. With
``--check`` it also prints leave-one-report-out accuracy (the figure the README quotes).
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from nianbao.draft.classify import (
    AreaModel,
    held_out,
    labelled_items,
    labelled_sentences,
    seed_vocabulary,
)
from nianbao.errors import NianbaoError
from nianbao.read import read_report


def _part_one_only(path: Path):
    """A report object holding part 一 alone, from a text that stops after it."""
    import re

    from nianbao.model import Report
    from nianbao.read.decode import decode_bytes

    text = decode_bytes(path.read_bytes(), path)
    m = re.search(r"^\s*(?:一|1)[、.．]\s*(?:总体情况|[^\n]{0,20}基本情况)\s*$", text, re.MULTILINE)
    if not m:
        return None
    rest = text[m.end():]
    end = re.search(r"^\s*(?:二|2)[、.．]\s*主动公开政府信息", rest, re.MULTILINE)
    part = rest[: end.start()] if end else rest[: rest.rfind("。") + 1]  # an excerpt: up to its last full sentence
    return Report(sections={"overview": part.strip()})


def reports(paths):
    """(file name, report) for each report file (a folder gives its .txt files)."""
    for p in paths:
        p = Path(p)
        files = sorted(p.glob("*.txt")) if p.is_dir() else [p]
        for f in files:
            try:
                report = read_report(f)
            except NianbaoError:
                report = _part_one_only(f)  # many published copies hold part 一 only
            if report is not None:
                yield str(f), report


def corpus(paths) -> dict[str, list[tuple[str, str]]]:
    """Labelled sentences per report."""
    return {name: ss for name, r in reports(paths) if (ss := labelled_sentences(r))}


def corpus_items(paths) -> dict[str, list[tuple[str, str]]]:
    """Labelled items (paragraphs cut at 一是/二是) per report."""
    return {name: ss for name, r in reports(paths) if (ss := labelled_items(r))}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "src/nianbao/data/note_areas.json"))
    ap.add_argument("--check", action="store_true", help="print leave-one-report-out accuracy, write nothing")
    args = ap.parse_args()
    seed = seed_vocabulary()
    if args.check:
        items = corpus_items(args.paths)
        tally, wrong = held_out(items, seed)
        print(f"{len(items)} reports; leave-one-report-out on part 一:")
        for unit, what in (("sentence", "sentences, each alone"), ("sentence5", "sentences, five areas only"),
                           ("item", "items (paragraphs / 一是… items)"), ("item5", "items, five areas only"),
                           ("item_sentences", "sentences placed with their item")):
            n, right = tally[unit, "n"], tally[unit, "right"]
            print(f"  {what:36s} {right}/{n} = {right / n:.1%}")
        print("most confused sentences (true → placed):", wrong.most_common(8))
        return
    every = [s for samples in corpus(args.paths).values() for s in samples]
    print(f"{len(every)} sentences: {dict(Counter(a for _, a in every))}")
    Path(args.out).write_text(AreaModel.train(every, seed).to_json() + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
