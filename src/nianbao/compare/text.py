"""Sentences, normalisation and character-level similarity measures used by the comparison.

Everything here is deterministic and pure Python (no dictionary, no model).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from operator import add

from ..textutil import sentence_spans as split_sentences
from .record import Record

#: what normalisation removes: whitespace, punctuation and symbols (everything that is not a
#: word character), digits and the underscore
_DROP_RE = re.compile(r"[\W\d_]+")


#: full-width ASCII forms, the ideographic space and the ellipsis (what reports are full of) as their
#: compatibility decompositions: NFKC decomposes every character fully before composing, so the NFKC of
#: a text with these replaced is the same, and a text with no other such character takes unicodedata's
#: quick path (about twice as fast)
_WIDE = {c: unicodedata.normalize("NFKD", chr(c)) for c in (*range(0xFF01, 0xFF5F), 0x3000, 0x2026)}


def normalize(text: str) -> str:
    """Width-folded text without whitespace, punctuation, symbols or digits.

    ``“2023年，共收到申请 96 件。”`` and ``2024年,共收到申请105件.`` both become ``年共收到申请件``.
    """
    return _DROP_RE.sub("", unicodedata.normalize("NFKC", text.translate(_WIDE)))


#: :func:`normalize` of one line, remembered: a unit's paragraphs are lines of its part, and the parts'
#: lines are those of the whole narrative, so each is normalised once (see :func:`normalize_lines`)
normalize_line = lru_cache(maxsize=4096)(normalize)


def normalize_lines(text: str) -> str:
    """``normalize(text)``, line by line: a line break is dropped, and no character composes or reorders
    across it in NFKC, so the result is the same."""
    return "".join(map(normalize_line, text.split("\n")))


def squash(text: str) -> str:
    """Text without any whitespace: equality of two squashed sentences is "verbatim"."""
    return "".join(text.split())


@dataclass(repr=False, eq=False)
class Sentence(Record):
    """One sentence of a narrative unit, located inside its paragraph."""

    unit: str  # unit key (see align.py)
    para: int  # paragraph index inside the unit
    start: int  # character offsets inside the paragraph
    end: int
    text: str
    norm: str

    @property
    def weight(self) -> int:
        return len(self.norm)


def sentences_of(unit: str, paragraphs: list[str]) -> list[Sentence]:
    out = []
    for p, para in enumerate(paragraphs):
        for s, e in split_sentences(para):
            text = para[s:e]
            out.append(Sentence(unit, p, s, e, text, normalize(text)))
    return out


# --- similarity ----------------------------------------------------------------------------


class Bigrams:
    """The character bigrams of a text as a multiset: ``distinct``, the set of them; ``extra``, how many more
    times than once each repeated one occurs (None when none does); ``len()``, how many there are in all.

    ``"公开公开"`` → distinct {"公开", "开公"}, extra {"公开": 1}, 3 in all. A one-character text is its
    own single item.
    """

    __slots__ = ("distinct", "extra", "size")

    def __init__(self, distinct: frozenset, extra: dict[str, int] | None, size: int):
        self.distinct, self.extra, self.size = distinct, extra, size

    def __len__(self) -> int:
        return self.size

    def common(self, other: Bigrams) -> int:
        """The size of the multiset intersection: each bigram as often as it occurs in both."""
        n = len(self.distinct & other.distinct)
        if self.extra and other.extra:
            small, large = (self.extra, other.extra) if len(self.extra) <= len(other.extra) else (other.extra, self.extra)
            n += sum(min(k, large[g]) for g, k in small.items() if g in large)
        return n


def bigram_items(norm: str) -> Bigrams:
    """The character bigrams of ``norm`` (see :class:`Bigrams`)."""
    if len(norm) < 2:
        return Bigrams(frozenset((norm,)), None, 1) if norm else Bigrams(frozenset(), None, 0)
    grams = list(map(add, norm, norm[1:]))
    distinct = frozenset(grams)
    if len(distinct) == len(grams):  # the usual case: no bigram occurs twice
        return Bigrams(distinct, None, len(grams))
    return Bigrams(distinct, {g: k - 1 for g, k in Counter(grams).items() if k > 1}, len(grams))


def dice(a: Bigrams, b: Bigrams) -> float:
    """Sørensen–Dice coefficient 2|A∩B| / (|A| + |B|) of two bigram multisets."""
    if not a.size and not b.size:
        return 1.0
    return 2 * a.common(b) / (a.size + b.size)


def jaccard(a: frozenset | set, b: frozenset | set) -> float:
    if not a and not b:
        return 1.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)  # |A ∪ B| without building it


def lcs_length(a: str, b: str) -> int:
    """Length of the longest common subsequence of two strings (exact).

    Bit-parallel algorithm (Allison & Dix 1986; Hyyrö 2004): one row of the dynamic programme
    is a Python integer with one bit per character of ``a``, so the cost is ``len(b)`` big-integer
    operations instead of ``len(a) × len(b)`` cell updates. A step is V ← (V + (V & M)) | (V & ~M)
    with M the positions of ``b``'s character in ``a``. The carry out of the sum lands above the row
    and is not masked off at each step: no step reads those bits (M and ~M have none), and what they
    hold grows by at most one a step (a dozen bits for a report's part), so it is dropped once, at the end.
    """
    if not a or not b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    masks: dict[str, int] = {}
    for i, ch in enumerate(a):
        masks[ch] = masks.get(ch, 0) | (1 << i)
    full = (1 << len(a)) - 1
    others = {ch: full ^ m for ch, m in masks.items()}  # ~M within the row
    v = full
    for ch in b:
        m = masks.get(ch)
        if m is None:
            continue
        v = (v + (v & m)) | (v & others[ch])
    return len(a) - (v & full).bit_count()


def lcs_prefix_lengths(a: str, b: str, i: int, j: int) -> tuple[int, int]:
    """(LCS(a[:i], b[:j]), LCS(a, b)) in one pass of :func:`lcs_length`'s algorithm over ``b`` with a row
    of ``a``: the row's lowest ``i`` bits depend only on ``a[:i]`` (a carry only moves up), so after the
    first ``j`` characters of ``b`` they are those of LCS(a[:i], b[:j])."""
    if not a or not b:
        return 0, 0
    masks: dict[str, int] = {}
    for k, ch in enumerate(a):
        masks[ch] = masks.get(ch, 0) | (1 << k)
    full = (1 << len(a)) - 1
    others = {ch: full ^ m for ch, m in masks.items()}
    v = full
    for ch in b[:j]:
        m = masks.get(ch)
        if m is not None:
            v = (v + (v & m)) | (v & others[ch])
    first = i - (v & ((1 << i) - 1)).bit_count()
    for ch in b[j:]:
        m = masks.get(ch)
        if m is not None:
            v = (v + (v & m)) | (v & others[ch])
    return first, len(a) - (v & full).bit_count()


#: LCS lengths worked out so far, by the two normalised texts: a part of one unit (五, 六) has the unit's
#: text, and the whole narrative's pass gives its first part's as well (:func:`lcs_dice_of_parts`)
_LCS: dict[tuple[str, str], int] = {}


def _remember(na: str, nb: str, n: int) -> None:
    if len(_LCS) >= 64:
        _LCS.clear()
    _LCS[na, nb] = n


def lcs_dice(a: str, b: str) -> float | None:
    """2·LCS(a, b) / (|a| + |b|) on normalised text; None when both are empty."""
    na, nb = normalize_lines(a), normalize_lines(b)
    if not na and not nb:
        return None
    n = _LCS.get((na, nb))
    if n is None:
        n = lcs_length(na, nb)
        _remember(na, nb, n)
    return 2 * n / (len(na) + len(nb))


def lcs_dice_of_parts(a: list[str], b: list[str]) -> float | None:
    """``lcs_dice("\\n".join(a), "\\n".join(b))``, whose pass also gives the LCS of the first parts,
    ``a[0]`` and ``b[0]``: a later ``lcs_dice(a[0], b[0])`` finds it worked out."""
    na, nb = [normalize_lines(t) for t in a], [normalize_lines(t) for t in b]
    whole_a, whole_b = "".join(na), "".join(nb)
    if (whole_a, whole_b) not in _LCS and na and nb:
        first, whole = lcs_prefix_lengths(whole_a, whole_b, len(na[0]), len(nb[0]))
        _remember(na[0], nb[0], first)
        _remember(whole_a, whole_b, whole)
    return lcs_dice("\n".join(a), "\n".join(b))
