"""Repetition: how much of the newer report's narrative repeats the older one.

Definition (README, 对比 section):

* Narrative text is split into sentences at 。！？；(and ! ? ;) and at paragraph ends.
* Each sentence is normalised: width folded (NFKC), whitespace, punctuation, symbols and digits
  removed. Sentences that are empty after this (a bare number) are ignored.
* Similarity of two sentences is the **Sørensen–Dice coefficient of their character bigrams**
  (multiset), 2·|A∩B| / (|A|+|B|). It is symmetric, order-aware within a sentence (a bigram
  holds two adjacent characters), needs no word segmentation and no dictionary, and is exactly
  reproducible. (difflib's SequenceMatcher ratio is neither symmetric nor free of its
  "autojunk" heuristic on long sentences.)
* A sentence of the newer text is **repeated** when its best match among all sentences of the
  older text's narrative (any part) has similarity ≥ 0.9; ties go to the earliest old sentence.
* **Repetition rate** of a unit / part / whole report: characters (after normalisation) of
  repeated sentences ÷ characters of all its sentences.
* **Verbatim share**: share of sentences that equal an older sentence character for character
  (whitespace ignored, digits and punctuation not).

For reference, two definitions used by others:

* **Character-set Jaccard ≥ 0.88**: share of the newer sentences whose character set has a
  Jaccard index ≥ 0.88 with some older sentence's character set.
* **LCS Dice** per part: 2·LCS(old, new) / (|old|+|new|) on the normalised text of the part.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from .record import Record
from .text import Sentence, bigram_items, dice, jaccard, lcs_dice, squash

REPEATED_MIN = 0.9
JACCARD_MIN = 0.88
#: Dice ≥ t is impossible when the shorter item set is below t/(2−t) of the longer one
_LENGTH_RATIO = REPEATED_MIN / (2 - REPEATED_MIN)


@dataclass(repr=False, eq=False)
class Match(Record):
    """How one sentence of the newer text relates to the older text."""

    sentence: Sentence
    old: Sentence | None  # best-matching older sentence (None: none of a length that could match)
    similarity: float
    verbatim: bool
    jaccard_hit: bool

    @property
    def repeated(self) -> bool:
        return self.old is not None and self.similarity >= REPEATED_MIN


@dataclass(repr=False, eq=False)
class Repetition(Record):
    """Repetition figures of one unit, one part or the whole narrative."""

    chars: int = 0  # normalised characters of the newer text's sentences
    repeated_chars: int = 0
    sentences: int = 0
    repeated_sentences: int = 0
    verbatim_sentences: int = 0
    jaccard_sentences: int = 0
    lcs_dice: float | None = None
    matches: list[Match] = field(default_factory=list)

    @property
    def rate(self) -> float | None:
        return self.repeated_chars / self.chars if self.chars else None

    @property
    def verbatim_share(self) -> float | None:
        return self.verbatim_sentences / self.sentences if self.sentences else None

    @property
    def jaccard_share(self) -> float | None:
        return self.jaccard_sentences / self.sentences if self.sentences else None

    def add(self, m: Match) -> None:
        self.matches.append(m)
        self.chars += m.sentence.weight
        self.sentences += 1
        if m.repeated:
            self.repeated_chars += m.sentence.weight
            self.repeated_sentences += 1
        self.verbatim_sentences += m.verbatim
        self.jaccard_sentences += m.jaccard_hit

    def to_dict(self, with_sentences: bool = True) -> dict:
        out = {
            "rate": _round(self.rate),
            "chars": self.chars,
            "repeated_chars": self.repeated_chars,
            "sentences": self.sentences,
            "repeated_sentences": self.repeated_sentences,
            "verbatim_sentences": self.verbatim_sentences,
            "verbatim_share": _round(self.verbatim_share),
            "jaccard_088_share": _round(self.jaccard_share),
            "lcs_dice": _round(self.lcs_dice),
        }
        if with_sentences:
            out["repeated"] = [
                {
                    "sentence": m.sentence.text,
                    "old": m.old.text,
                    "old_unit": m.old.unit,
                    "similarity": _round(m.similarity),
                    "verbatim": m.verbatim,
                }
                for m in self.matches
                if m.repeated
            ]
        return out


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


class OldIndex:
    """The older text's sentences, indexed for the three lookups."""

    def __init__(self, sentences: list[Sentence]):
        kept = [s for s in sentences if s.norm]
        self.sentences = kept
        self.exact: dict[str, int] = {}
        self.verbatim: set[str] = set()
        for i, s in enumerate(kept):
            self.exact.setdefault(s.norm, i)
            self.verbatim.add(squash(s.text))
        self.items = [bigram_items(s.norm) for s in kept]
        self.charsets = [frozenset(s.norm) for s in kept]
        by_size = sorted(range(len(kept)), key=lambda i: (len(self.items[i]), i))
        self._sizes = [len(self.items[i]) for i in by_size]
        self._by_size = by_size
        by_chars = sorted(range(len(kept)), key=lambda i: (len(self.charsets[i]), i))
        self._char_sizes = [len(self.charsets[i]) for i in by_chars]
        self._by_chars = by_chars

    def _window(self, sizes: list[int], order: list[int], size: int, ratio: float) -> list[int]:
        lo = bisect.bisect_left(sizes, size * ratio - 1e-9)
        hi = bisect.bisect_right(sizes, size / ratio + 1e-9)
        return sorted(order[lo:hi])

    def best(self, s: Sentence) -> tuple[int | None, float]:
        """(index, similarity) of the most similar older sentence; earliest on ties."""
        i = self.exact.get(s.norm)
        if i is not None:
            return i, 1.0
        items = bigram_items(s.norm)
        best_i, best_sim = None, 0.0
        # only sentences of compatible length can reach the threshold; below it the best match
        # is not needed (a sentence that is not repeated carries no partner)
        for j in self._window(self._sizes, self._by_size, len(items), _LENGTH_RATIO):
            sim = dice(items, self.items[j])
            if sim > best_sim:
                best_i, best_sim = j, sim
        return best_i, best_sim

    def jaccard_hit(self, s: Sentence) -> bool:
        if s.norm in self.exact:
            return True
        cs = frozenset(s.norm)
        return any(
            jaccard(cs, self.charsets[j]) >= JACCARD_MIN
            for j in self._window(self._char_sizes, self._by_chars, len(cs), JACCARD_MIN)
        )


def match_sentences(old: list[Sentence], new: list[Sentence]) -> list[Match]:
    """One :class:`Match` per (non-empty) sentence of the newer text, in order."""
    index = OldIndex(old)
    out = []
    for s in new:
        if not s.norm:
            continue
        i, sim = index.best(s)
        partner = index.sentences[i] if i is not None else None
        out.append(Match(s, partner, sim, squash(s.text) in index.verbatim, index.jaccard_hit(s)))
    return out


def aggregate(matches: list[Match], old_text: str, new_text: str) -> Repetition:
    rep = Repetition(lcs_dice=lcs_dice(old_text, new_text))
    for m in matches:
        rep.add(m)
    return rep
