"""The guard on meaning: besides the numbers, a rewrite keeps what they count and which way they point.

Three checks, each conservative (when in doubt the rewrite is rejected, the original kept):

* **bindings** — each number keeps its unit (3件 stays 3件), and a word bound to a number in the
  original (the words of its clause before it, e.g. 自然人 in 自然人申请1件) that is still bound
  to a number in the rewrite is still bound to the same ones: swapping the 自然人/法人 counts fails,
  reordering clauses or changing a verb does not;
* **polarity** — the words of each class (增加/减少/持平, 未/没有/无/不, 发生, 维持, 纠正,
  同比/较上年) occur as often as in the original;
* **entities** — places and bodies (jieba's ns/nt words and names ending in 市/区/局/委/…) keep
  appearing, and none appear that the original does not name.

The word lists live in ``nianbao/data/guard_words.yaml``. jieba is imported on first use.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from importlib import resources

from .guard import scan_spans

_CLAUSE_SEP = re.compile(r"[，。；：、,;:！？!?（）()\n]")
_CJK = re.compile(r"[\u3400-\u9fff]")


@lru_cache(maxsize=1)
def words() -> dict:
    """The packaged word lists."""
    import yaml

    text = resources.files("nianbao").joinpath("data/guard_words.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["unit_re"] = re.compile(r"\s*(?:余|多)?(" + "|".join(map(re.escape, sorted(data["units"], key=len, reverse=True))) + ")")
    data["polarity_of"] = {w: cls for cls, ws in data["polarity"].items() for w in ws}
    data["unbound_set"] = set(data["unbound"])
    data["suffixes"] = tuple(sorted(data["entity_suffixes"], key=len, reverse=True))
    return data


@lru_cache(maxsize=1)
def _pos_tokenizer():
    import jieba.posseg

    from ..compare.words import tokenizer

    return jieba.posseg.POSTokenizer(tokenizer())


@lru_cache(maxsize=256)
def _tokens(text: str) -> tuple[tuple[str, str, int, int], ...]:
    """(word, jieba tag, start, end) for ``text``."""
    from ..compare.words import tokenizer

    dictionary = tokenizer().nianbao_dictionary  # the cached dictionary loads bucket by bucket
    if dictionary is not None:
        dictionary.load_for(text)
    out, pos = [], 0
    for pair in _pos_tokenizer().lcut(text):
        out.append((pair.word, pair.flag, pos, pos + len(pair.word)))
        pos += len(pair.word)
    return tuple(out)


def _numbers(text: str) -> list[tuple[str, str, int, int]]:
    """(value token, unit or "", start, end) for each number."""
    unit_re = words()["unit_re"]
    out = []
    for tok, _raw, (start, end) in scan_spans(text):
        m = unit_re.match(text, end)
        out.append((tok, m.group(1) if m else "", start, end))
    return out


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _CLAUSE_SEP.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [s for s in spans if s[1] > s[0]]


def bindings(text: str) -> dict[str, Counter]:
    """word → the numbers (value, unit) it is bound to, counted.

    A word belongs to the first number after it in its clause; words after the clause's last number
    belong to that number; words in a clause without numbers are not bound.
    """
    data = words()
    # quantities only: a number with its unit (3件, 2024年) or a percentage; 一是, （二） only enumerate
    nums = [n for n in _numbers(text) if n[1] or n[0].endswith("%")]
    toks = _tokens(text)
    out: dict[str, Counter] = {}
    for start, end in _clauses(text):
        inside = [n for n in nums if start <= n[2] < end]
        if not inside:
            continue
        for word, flag, ws, we in toks:
            if ws < start or we > end or len(word) < 2 or flag in ("m", "q") or not _CJK.search(word):
                continue
            if word in data["unbound_set"] or any(n[2] < we and ws < n[3] for n in inside):
                continue
            after = [n for n in inside if n[2] >= we]
            n = after[0] if after else inside[-1]
            out.setdefault(word, Counter())[(n[0], n[1])] += 1
    return out


def polarity(text: str) -> Counter:
    """class → how many of its words ``text`` has."""
    data = words()
    of, prefixes, exceptions = data["polarity_of"], tuple(data["negation_prefixes"]), set(data["not_negation"])
    out: Counter = Counter()
    for w, _f, _s, _e in _tokens(text):
        if w in of:
            out[of[w]] += 1
        elif w.startswith(prefixes) and w not in exceptions:
            out["negation"] += 1
    return out


def entities(text: str) -> list[str]:
    """Places and bodies named in ``text``."""
    data = words()
    found = []
    for word, flag, _s, _e in _tokens(text):
        if len(word) < 2 or not _CJK.search(word) or word[0] in data["generic_prefixes"]:
            continue
        if flag in data["entity_tags"] or any(word.endswith(s) and len(word) >= len(s) + 2 for s in data["suffixes"]):
            found.append(word)
    return list(dict.fromkeys(found))


_POLARITY_NAMES = {
    "increase": "增加/增长/上升", "decrease": "减少/下降", "unchanged": "持平", "negation": "未/没有/无/不",
    "occurrence": "发生/出现", "upheld": "维持", "corrected": "纠正", "comparison": "同比/较上年",
}


def _show(value: tuple[str, str]) -> str:
    return value[0] + value[1]


def check_meaning(original: str, rewrite: str) -> list[str]:
    """Why ``rewrite`` does not say what ``original`` says (Chinese reasons); empty when it does."""
    reasons: list[str] = []
    # units bound to the numbers
    old_units = Counter((t, u) for t, u, _s, _e in _numbers(original))
    new_units = Counter((t, u) for t, u, _s, _e in _numbers(rewrite))
    if old_units != new_units and Counter(t for t, _ in old_units.elements()) == Counter(t for t, _ in new_units.elements()):
        changed = [_show(v) for v in (old_units - new_units)]
        reasons.append(f"数字的单位被改动：原文的 {'、'.join(changed)}")
    # the words each number counts
    old_b, new_b = bindings(original), bindings(rewrite)
    moved = [w for w in old_b if w in new_b and old_b[w] - new_b[w]]
    if moved:
        w = moved[0]
        was = "、".join(_show(v) for v in sorted(old_b[w]))
        now = "、".join(_show(v) for v in sorted(new_b[w]))
        reasons.append(f"数字所指的对象被改动：原文“{w}”对应 {was}，润色后对应 {now}")
    # polarity and direction
    old_p, new_p = polarity(original), polarity(rewrite)
    for cls in _POLARITY_NAMES:
        if old_p[cls] != new_p[cls]:
            reasons.append(f"表示方向或肯定否定的词（{_POLARITY_NAMES[cls]}）有增减：原文 {old_p[cls]} 处，润色后 {new_p[cls]} 处")
    # places and bodies
    for name in entities(original):
        if rewrite.count(name) < original.count(name):
            reasons.append(f"缺少原文中的机关或地名“{name}”")
    for name in entities(rewrite):
        if name not in original:
            reasons.append(f"出现了原文没有的机关或地名“{name}”")
    return reasons
