"""Placing a note in its area: a word model of real reports, kept as data.

``nianbao/data/note_areas.json`` holds, for each word jieba finds in the sentences of real
published reports (and each pair of adjacent words), in how many sentences it occurs under each
area (part 一's five sub-sections, part 五's problems and measures, part 六), plus a hand-kept
vocabulary of the field (``note_vocab.yaml``) counted in with extra weight. A note goes to the
area its words speak for most: complement naive Bayes (each word weighs how much likelier it is
under an area than under all the others), each word weighted by how unevenly it spreads over the
areas (“公开” and “工作” are everywhere and say little; “申请人” says much), equal priors (notes
are not distributed like reports). ``scripts/build_note_areas.py`` rebuilds the data from a
folder of reports and measures the accuracy on reports held out.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from functools import lru_cache
from importlib import resources
from itertools import pairwise

from ..catalog import AREA_TITLE_SYNONYMS, area_words
from ..textutil import SENTENCE_RE
from .notes import NOTE_AREA_NAMES, NOTE_AREAS, NoteItem

_WORD_RE = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_STOP = frozenset(["的", "了", "和", "与", "及", "等", "在", "为", "对", "将", "以", "并", "是", "把", "从", "向", "由", "于", "中", "上", "下", "一", "其", "也", "各", "个", "年", "全年", "本年度", "本年", "我", "我镇", "我县", "我区", "我市", "我局"])
#: weight of one entry of the hand-kept vocabulary, against one report sentence holding the word
SEED_WEIGHT = 12
#: additive smoothing of the word counts
ALPHA = 0.3
#: a note whose best area beats the second by less than this (weighted log-odds) is "not sure": on
#: reports held out, 13 % of part-一 items, half of them placed right (89 % of the others)
SURE_MARGIN = 3.0


@lru_cache(maxsize=4096)
def features(text: str) -> tuple[str, ...]:
    """Words (jieba with the project's dictionary, without numbers, punctuation and filler) and
    adjacent word pairs."""
    from ..compare.words import cut

    words = [w for w in cut(text) if _WORD_RE.search(w) and w not in _STOP]
    return tuple(words + [f"{a}+{b}" for a, b in pairwise(words)])


def count_features(samples, seed: dict[str, list[str]] | None = None) -> dict[str, list[float]]:
    """Per feature, in how many of ``samples`` ((text, area) pairs) it occurs under each area,
    plus SEED_WEIGHT for each entry of the hand-kept vocabulary ``seed`` (area → words) holding it."""
    index = {a: i for i, a in enumerate(NOTE_AREAS)}
    counts: dict[str, list[float]] = {}
    for text, area in samples:
        for f in set(features(text)):
            counts.setdefault(f, [0.0] * len(NOTE_AREAS))[index[area]] += 1
    for area, words in (seed or {}).items():
        for word in words:
            for f in set(features(word)):
                counts.setdefault(f, [0.0] * len(NOTE_AREAS))[index[area]] += SEED_WEIGHT
    return counts


def subtract_counts(total: dict[str, list[float]], part: dict[str, list[float]]) -> dict[str, list[float]]:
    """``total`` without ``part`` (leave-one-report-out without recounting)."""
    out = dict(total)
    for f, c in part.items():
        if f not in total:
            continue  # pruned from a packaged model (too rare to keep)
        left = [max(0.0, x - y) for x, y in zip(total[f], c)]
        if sum(left) > 0:
            out[f] = left
        else:
            del out[f]
    return out


class AreaModel:
    """Word counts per area and the scores they give."""

    def __init__(self, counts: dict[str, list[float]], totals: list[float] | None = None):
        """``totals``: the column sums of ``counts`` where the caller has them already."""
        self.counts = counts
        k = len(NOTE_AREAS)
        self.totals = totals or [sum(c[i] for c in counts.values()) for i in range(k)]
        grand = sum(self.totals)
        vocab = len(counts) + 1
        self._own = [math.log(t + ALPHA * vocab) for t in self.totals]
        self._rest = [math.log(grand - t + ALPHA * vocab) for t in self.totals]
        self._logodds: dict[str, list[float]] = {}

    def logodds(self, f: str) -> list[float]:
        """Per area: the feature's weight × (log P(f | area) − log P(f | the other areas)); the
        weight is 1 − the normalised entropy of the feature's spread over the areas."""
        lo = self._logodds.get(f)
        if lo is None:
            c = self.counts[f]
            k, n = len(c), sum(c)
            spread = [(x + 0.5) / (n + 0.5 * k) for x in c]
            weight = 1 + sum(p * math.log(p) for p in spread) / math.log(k)
            lo = self._logodds[f] = [
                weight * (math.log(c[i] + ALPHA) - self._own[i] - math.log(n - c[i] + ALPHA) + self._rest[i])
                for i in range(k)]
        return lo

    @classmethod
    def train(cls, samples, seed: dict[str, list[str]] | None = None) -> AreaModel:
        """``samples``: (text, area) pairs; ``seed``: area → words of the hand-kept vocabulary."""
        return cls(count_features(samples, seed))

    def to_json(self, min_count: int = 2) -> str:
        kept = {w: [round(x, 2) for x in c] for w, c in sorted(self.counts.items()) if sum(c) >= min_count}
        return json.dumps({"areas": list(NOTE_AREAS), "counts": kept}, ensure_ascii=False, separators=(",", ":"))

    def scores(self, text: str, choices=NOTE_AREAS) -> list[tuple[float, str, list[str]]]:
        """(score, area, the words that spoke most for it), best first."""
        feats = [(f, self.logodds(f)) for f in sorted(set(features(text))) if f in self.counts]
        out = []
        for i, area in enumerate(NOTE_AREAS):
            if area not in choices:
                continue
            parts = [(lo[i], f) for f, lo in feats]
            words = [f for w, f in sorted(parts, key=lambda x: (-x[0], x[1])) if w > 0 and "+" not in f and len(f) > 1][:3]
            out.append((sum(w for w, _ in parts), area, words))
        out.sort(key=lambda x: (-x[0], NOTE_AREAS.index(x[1])))
        return out


@lru_cache(maxsize=1)
def packaged_model() -> AreaModel:
    data = json.loads(resources.files("nianbao").joinpath("data/note_areas.json").read_text(encoding="utf-8"))
    if data.get("areas") != list(NOTE_AREAS):
        raise ValueError("note_areas.json was built for other areas")
    return AreaModel(data["counts"])


_PART_ONE = frozenset(NOTE_AREAS[:5])
#: how much one sentence of the body's own last report weighs against one of another report
PRIOR_WEIGHT = 6


def adapted_model(prior) -> AreaModel:
    """The packaged model with the body's own last report counted in, PRIOR_WEIGHT times: bodies
    keep their habits (where “政府网站…” goes, 主动公开 or 平台建设) from year to year. On the real
    consecutive reports in the fixtures this places 4–5 % more of the next year's sentences right."""
    own = labelled_sentences(prior) if prior is not None and getattr(prior, "sections", None) else []
    own = [(text, area) for text, area in own if area in _PART_ONE]  # habits of part 一; part 五's words are generic
    base = packaged_model()
    if not own:
        return base
    counts = dict(base.counts)
    for f, c in count_features(own).items():
        cur = counts.get(f, [0.0] * len(c))
        counts[f] = [a + PRIOR_WEIGHT * b for a, b in zip(cur, c)]
    return AreaModel(counts)


def seed_vocabulary() -> dict[str, list[str]]:
    """The hand-kept vocabulary of the field: area → words (``nianbao/data/note_vocab.yaml``)."""
    import yaml

    text = resources.files("nianbao").joinpath("data/note_vocab.yaml").read_text(encoding="utf-8")
    return {area: [str(w) for w in words] for area, words in yaml.safe_load(text).items()}


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


def accuracy(model: AreaModel, samples, choices=NOTE_AREAS) -> tuple[float, Counter]:
    """Share of ``samples`` placed in their own area (choosing among ``choices``), and the
    confusions (true, placed)."""
    wrong: Counter = Counter()
    right = 0
    for text, area in samples:
        got = model.scores(text, choices)[0][1]
        if got == area:
            right += 1
        else:
            wrong[(area, got)] += 1
    return (right / len(samples) if samples else 0.0), wrong


#: a numbered sub-heading opening a paragraph of part 一: （一）… / (一)… / 一、… / 一）… / 1.…
_SUB_HEAD_RE = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}\s*[、)）]|\d{1,2}\s*[.、．)）](?!\d))\s*")
_TITLE_END_RE = re.compile(r"[。：:！？；;]")
_TITLE_MAX = 30
#: where an item of an enumeration starts inside a paragraph (一是… / 一方面… / （1）… / ①…)
_ITEM_START_RE = re.compile(
    r"(?:(?<=[。；;！？：:])|^)\s*(?:第?[一二三四五六七八九十]{1,3}是|(?:另)?一方面|[（(]\d{1,2}[)）]|[①-⑳])")


def _sentences(text: str) -> list[str]:
    out = []
    for m in SENTENCE_RE.finditer(text or ""):
        s = m.group(0).strip()
        if len(_WORD_RE.findall(s)) >= 6:
            out.append(s)
    return out


#: what a sub-heading of part 一 says to name an area (wider than catalog's reading: “提升依申请办理质效”)
_TITLE_AREA_RES = tuple((key, re.compile(p)) for key, p in area_words(AREA_TITLE_SYNONYMS))


def _named_areas(title: str) -> set[str]:
    return {key for key, rx in _TITLE_AREA_RES if rx.search(title)}


def _sub_heading(paragraph: str) -> tuple[str, str] | None:
    """(title, rest of the paragraph) when the paragraph opens with a sub-heading of part 一:
    numbered (“（一）主动公开方面。…”, “1.主动公开政府信息的情况”) or a short line of its own
    that names an area (“政府信息主动公开情况：”). A numbered paragraph without a short title
    gives the title ""."""
    m = _SUB_HEAD_RE.match(paragraph)
    if m:
        rest = paragraph[m.end():]
        end = _TITLE_END_RE.search(rest)
        if end and end.start() <= _TITLE_MAX:
            return rest[: end.start()].strip(), rest[end.end():].strip()
        if end is None and len(rest) <= _TITLE_MAX:
            return rest.strip(), ""
        return "", rest.strip()
    core = paragraph.strip().rstrip("：:。")
    if len(core) <= _TITLE_MAX and not _TITLE_END_RE.search(core) and not re.search(r"\d", core) \
            and _named_areas(core):
        return core, ""
    return None


def _items(paragraph: str) -> list[str]:
    """A paragraph cut at its enumeration marks (一是…二是…), each piece without its mark."""
    from .notes import strip_numbering

    cuts = [m.start() for m in _ITEM_START_RE.finditer(paragraph)]
    bounds = sorted({0, *cuts, len(paragraph)})
    pieces = (paragraph[a:b] for a, b in pairwise(bounds))
    return [t for t in (strip_numbering(p) for p in pieces) if len(_WORD_RE.findall(t)) >= 6]


def labelled_items(report) -> list[tuple[str, str]]:
    """(item, area) for a real report: the paragraphs of part 一 cut at their 一是/二是 marks, each
    under the one area its sub-heading names; part 五's problems and measures and part 六's text as
    sentences. Lead text and sub-sections that name no area or several (“主动公开和依申请公开”)
    are left out, as is part 五 that does not split into problems and measures."""
    out: list[tuple[str, str]] = []
    area = None
    for para in (p.strip() for p in (report.sections.get("overview", "") or "").split("\n")):
        if not para:
            continue
        head = _sub_heading(para)
        if head is not None:
            title, para = head
            named = _named_areas(title)
            area = next(iter(named)) if len(named) == 1 else None
        if area and para:
            out.extend((item, area) for item in _items(para))
    from .notes import strip_numbering

    part5 = split_problems_part(report)
    if part5 is not None:
        out.extend((strip_numbering(s), "problems") for s in _sentences(part5.problems_text))
        out.extend((strip_numbering(s), "improvements") for s in _sentences(part5.measures_text))
    out.extend((strip_numbering(s), "other_matters") for s in _sentences(report.sections.get("other_matters", "")))
    return out


def split_problems_part(report):
    from ..sections import split_problems

    part5 = split_problems(report.sections.get("problems", ""))
    return part5 if part5.problems and part5.measures_text else None


def held_out(reports: dict[str, list[tuple[str, str]]], seed: dict[str, list[str]] | None = None,
             names=None) -> tuple[Counter, Counter]:
    """Leave-one-report-out on labelled items (:func:`labelled_items` per report name): for each
    report in ``names`` (default all), a model of the sentences of every other report (and the
    ``seed`` vocabulary) places that report's part-一 items and each of their sentences.

    Returns the tally — ``(unit, "n")`` and ``(unit, "right")`` for unit in "sentence",
    "sentence5" (choosing among part 一's five areas only), "item", "item5" and "item_sentences"
    (the sentences of the items, placed as whole items) — and the sentence confusions
    (true, placed)."""
    from .notes import strip_numbering

    five = NOTE_AREAS[:5]
    sentences = {n: [(strip_numbering(s), area) for item, area in items for s in _sentences(item)]
                 for n, items in reports.items()}
    per = {n: count_features(ss) for n, ss in sentences.items()}
    total = count_features([], seed)
    for counts in per.values():
        for f, c in counts.items():
            t = total.setdefault(f, [0.0] * len(NOTE_AREAS))
            for i, x in enumerate(c):
                t[i] += x
    tally: Counter = Counter()
    wrong: Counter = Counter()
    column = [sum(c[i] for c in total.values()) for i in range(len(NOTE_AREAS))]
    for name in names or list(reports):
        own = [sum(c[i] for c in per[name].values()) for i in range(len(NOTE_AREAS))]
        model = AreaModel(subtract_counts(total, per[name]), [x - y for x, y in zip(column, own)])
        for item, area in reports[name]:
            if area not in five:
                continue
            k = len(_sentences(item))
            got, got5 = model.scores(item)[0][1], model.scores(item, five)[0][1]
            tally["item", "n"] += 1
            tally["item", "right"] += got == area
            tally["item5", "n"] += 1
            tally["item5", "right"] += got5 == area
            tally["item_sentences", "n"] += k
            tally["item_sentences", "right"] += k * (got == area)
        for text, area in sentences[name]:
            if area not in five:
                continue
            got, got5 = model.scores(text)[0][1], model.scores(text, five)[0][1]
            tally["sentence", "n"] += 1
            tally["sentence", "right"] += got == area
            tally["sentence5", "n"] += 1
            tally["sentence5", "right"] += got5 == area
            if got != area:
                wrong[area, got] += 1
    return tally, wrong


def labelled_sentences(report) -> list[tuple[str, str]]:
    """(sentence, area) for a real report: the sentences of :func:`labelled_items`."""
    from .notes import strip_numbering

    return [(strip_numbering(s), area) for item, area in labelled_items(report) for s in _sentences(item)]
