"""Placing a note in its area: a word model of real reports, kept as data.

``nianbao/data/note_areas.json`` holds, for each word jieba finds in the sentences of real
published reports, how often it occurs under each area (part 一's five sub-sections, part 五's
problems and measures, part 六), plus a hand-kept vocabulary of the field (``note_vocab.yaml``)
counted in with extra weight. A note goes to the area under which its words are most likely
(naive Bayes over words and word pairs, equal priors: notes are not distributed like reports).
``scripts/build_note_areas.py`` rebuilds the data from a folder of reports.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from functools import lru_cache
from importlib import resources

from .notes import NOTE_AREA_NAMES, NOTE_AREAS, NoteItem

_WORD_RE = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_STOP = frozenset("的 了 和 与 及 等 在 为 对 将 以 并 是 把 从 向 由 于 中 上 下 一 其 也 各 个 年 全年 本年度 本年 我 我镇 我县 我区 我市 我局".split())
#: weight of one occurrence in the hand-kept vocabulary, against one in a report sentence
SEED_WEIGHT = 6
#: a note whose best area beats the second by less than this (log-odds) is "not sure"
SURE_MARGIN = 1.5


def features(text: str) -> list[str]:
    """Words (jieba, without numbers, punctuation and filler) and adjacent word pairs."""
    from ..compare.words import cut

    words = [w for w in cut(text) if _WORD_RE.search(w) and w not in _STOP]
    return words + [f"{a}+{b}" for a, b in zip(words, words[1:])]


class AreaModel:
    """Word counts per area and the scores they give."""

    def __init__(self, counts: dict[str, list[float]]):
        self.counts = counts
        k = len(NOTE_AREAS)
        self.totals = [sum(c[i] for c in counts.values()) for i in range(k)]
        self.vocab = len(counts) + 1

    @classmethod
    def train(cls, samples, seed: dict[str, list[str]] | None = None) -> "AreaModel":
        """``samples``: (text, area) pairs; ``seed``: area → words of the hand-kept vocabulary."""
        index = {a: i for i, a in enumerate(NOTE_AREAS)}
        counts: dict[str, list[float]] = {}
        for text, area in samples:
            for f in set(features(text)):
                counts.setdefault(f, [0.0] * len(NOTE_AREAS))[index[area]] += 1
        for area, words in (seed or {}).items():
            for w in words:
                counts.setdefault(w, [0.0] * len(NOTE_AREAS))[index[area]] += SEED_WEIGHT
        return cls(counts)

    def to_json(self, min_count: int = 2) -> str:
        kept = {w: [round(x, 2) for x in c] for w, c in sorted(self.counts.items()) if sum(c) >= min_count}
        return json.dumps({"areas": list(NOTE_AREAS), "counts": kept}, ensure_ascii=False, separators=(",", ":"))

    def scores(self, text: str, choices=NOTE_AREAS) -> list[tuple[float, str, list[str]]]:
        """(log-likelihood, area, the words that spoke most for it), best first."""
        feats = [f for f in set(features(text)) if f in self.counts]
        out = []
        for i, area in enumerate(NOTE_AREAS):
            if area not in choices:
                continue
            denom = math.log(self.totals[i] + self.vocab)
            total, weights = 0.0, []
            for f in feats:
                c = self.counts[f]
                lp = math.log(c[i] + 1) - denom
                total += lp
                # how much more likely under this area than on average over the areas
                rest = sum(math.log(c[j] + 1) - math.log(self.totals[j] + self.vocab) for j in range(len(c))) / len(c)
                weights.append((lp - rest, f))
            words = [f for w, f in sorted(weights, reverse=True) if w > 0 and "+" not in f][:3]
            out.append((total, area, words))
        out.sort(key=lambda x: -x[0])
        return out


@lru_cache(maxsize=1)
def packaged_model() -> AreaModel:
    data = json.loads(resources.files("nianbao").joinpath("data/note_areas.json").read_text(encoding="utf-8"))
    if data.get("areas") != list(NOTE_AREAS):
        raise ValueError("note_areas.json was built for other areas")
    return AreaModel(data["counts"])


def seed_vocabulary() -> dict[str, list[str]]:
    """The hand-kept vocabulary of the field: area → words (``nianbao/data/note_vocab.yaml``)."""
    import yaml

    text = resources.files("nianbao").joinpath("data/note_vocab.yaml").read_text(encoding="utf-8")
    return {area: list(words) for area, words in yaml.safe_load(text).items()}


def place(items: list[NoteItem], model: AreaModel | None = None) -> None:
    """Give every item without an area the most likely one (within what its heading allows),
    with the reason --explain shows."""
    todo = [it for it in items if not it.area]
    if not todo:
        return
    model = model or packaged_model()
    for item in todo:
        ranked = model.scores(item.text, item.choices or NOTE_AREAS)
        best, area, words = ranked[0]
        margin = best - ranked[1][0] if len(ranked) > 1 else math.inf
        item.area, item.by = area, "classifier"
        item.confident = margin >= SURE_MARGIN
        why = f"关键词：{'、'.join(words)}" if words else "没有明显的关键词"
        if len(ranked) > 1:
            why += f"；其次可能是“{NOTE_AREA_NAMES[ranked[1][1]]}”"
        item.reason = why


def accuracy(model: AreaModel, samples) -> tuple[float, Counter]:
    """Share of ``samples`` placed in their own area, and the confusions (true, placed)."""
    wrong: Counter = Counter()
    right = 0
    for text, area in samples:
        got = model.scores(text)[0][1]
        if got == area:
            right += 1
        else:
            wrong[(area, got)] += 1
    return (right / len(samples) if samples else 0.0), wrong


_SENTENCE_RE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]?")


def _sentences(text: str) -> list[str]:
    out = []
    for m in _SENTENCE_RE.finditer(text or ""):
        s = m.group(0).strip()
        if len(_WORD_RE.findall(s)) >= 6:
            out.append(s)
    return out


def labelled_sentences(report) -> list[tuple[str, str]]:
    """(sentence, area) for a real report: part 一's sentences under the sub-section that holds
    them, part 五's problems and measures, part 六's sentences. Lead text, sub-sections that name
    no area and unsplittable part 五 text are left out."""
    from ..sections import overview_blocks, split_problems

    out: list[tuple[str, str]] = []
    for block in overview_blocks(report.sections.get("overview", "")):
        if block.area:
            out.extend((s, block.area) for s in _sentences(block.text))
    part5 = split_problems(report.sections.get("problems", ""))
    if part5.problems and part5.measures_text:
        out.extend((s, "problems") for s in _sentences(part5.problems_text))
        out.extend((s, "improvements") for s in _sentences(part5.measures_text))
    out.extend((s, "other_matters") for s in _sentences(report.sections.get("other_matters", "")))
    return out
