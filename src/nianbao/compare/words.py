"""Words: jieba with the packaged 政务公开 user dictionary, and word-level diffs of paragraphs.

jieba is imported only here, and only when a diff actually needs words. Its prefix dictionary
(about 500 000 entries, with the user words already added) is cached in the nianbao cache
folder, split into buckets: two-character entries by their characters, longer ones by their
first three; a text loads only the buckets of the character pairs and triples that its runs of
word characters (jieba's blocks) hold before jieba cuts it.
Every look-up jieba makes while cutting a text is a single character (all of which are loaded)
or starts with one of those pairs or triples, so the tokens are exactly those of the whole
dictionary.
"""

from __future__ import annotations

import hashlib
import struct
from difflib import SequenceMatcher
from importlib import resources
from pathlib import Path

from ..errors import NianbaoError
from ..io import cache_dir

_TOKENIZER = None
#: the cache file's layout; a new one is built when this changes
_FORMAT = b"NBJIEBA3"
#: buckets of two-character entries, by a stable hash of the pair
_PAIRS = 1 << 16
#: buckets of longer entries, by a stable hash of their first three characters (after the pairs')
_TRIPLES = 1 << 18
_BUCKETS = _PAIRS + _TRIPLES


def user_words() -> list[tuple[str, int | None, str | None]]:
    """(word, frequency or None, tag or None) from ``nianbao/data/userdict.txt``."""
    text = resources.files("nianbao").joinpath("data/userdict.txt").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        bits = line.split()
        word = bits[0]
        freq = int(bits[1]) if len(bits) > 1 and bits[1].isdigit() else None
        tag = bits[-1] if len(bits) > 1 and not bits[-1].isdigit() else None
        out.append((word, freq, tag))
    return out


def _cache_path(version: str, words: list) -> Path:
    key = hashlib.sha1(repr((_FORMAT, version, words)).encode("utf-8")).hexdigest()[:16]
    return cache_dir() / f"jieba-{key}.cache"


def _bucket(word: str) -> int:
    """The bucket of an entry of two or more characters."""
    pair = ord(word[0]) * 40503 + ord(word[1])
    if len(word) == 2:
        return pair & (_PAIRS - 1)
    return _PAIRS + ((pair * 40503 + ord(word[2])) & (_TRIPLES - 1))


class _Dictionary:
    """The cached prefix dictionary: single characters at once, the rest bucket by bucket."""

    def __init__(self, data):
        import marshal
        from array import array

        if data[:8] != _FORMAT:
            raise ValueError("not a nianbao jieba cache")
        (head_len,) = struct.unpack_from("<I", data, 8)
        start = 12 + head_len
        self.total, singles = marshal.loads(data[12:start])
        self.offsets = array("I")
        self.offsets.frombytes(data[start:start + 4 * (_BUCKETS + 1)])
        if len(self.offsets) != _BUCKETS + 1:
            raise ValueError("truncated nianbao jieba cache")
        self.base = start + 4 * (_BUCKETS + 1)
        if self.base + self.offsets[-1] != len(data):
            raise ValueError("truncated nianbao jieba cache")
        self.data = data
        self.freq: dict = dict(singles)  # what jieba looks words up in
        self.loaded: set[int] = set()

    def load_for(self, text: str) -> None:
        """Load every bucket a cut of ``text`` can look into."""
        import marshal

        from jieba import re_han_default  # jieba cuts each run of these characters on its own

        wanted: set[int] = set()
        pairs, triples = _PAIRS - 1, _TRIPLES - 1
        for block in re_han_default.findall(text):
            codes = [ord(ch) for ch in block]
            keys = [a * 40503 + b for a, b in zip(codes, codes[1:])]
            wanted.update([k & pairs for k in keys])
            wanted.update([_PAIRS + ((k * 40503 + c) & triples) for k, c in zip(keys, codes[2:])])
        wanted -= self.loaded
        data, offsets, base, update = self.data, self.offsets, self.base, self.freq.update
        for n in wanted:
            lo, hi = offsets[n], offsets[n + 1]
            if hi > lo:
                update(marshal.loads(data[base + lo:base + hi]))
        self.loaded |= wanted

    @staticmethod
    def dump(freq: dict, total: int) -> bytes:
        import marshal

        singles = {k: v for k, v in freq.items() if len(k) == 1}
        buckets: list[dict] = [{} for _ in range(_BUCKETS)]
        for k, v in freq.items():
            if len(k) > 1:
                buckets[_bucket(k)][k] = v
        blobs = [marshal.dumps(b) if b else b"" for b in buckets]
        offsets, at = [0], 0
        for blob in blobs:
            at += len(blob)
            offsets.append(at)
        head = marshal.dumps((total, singles))
        return b"".join([_FORMAT, struct.pack("<I", len(head)), head, struct.pack(f"<{_BUCKETS + 1}I", *offsets), *blobs])


def _map(path: Path):
    """The file's bytes, memory-mapped where possible (only the buckets used are read)."""
    import mmap

    with open(path, "rb") as f:
        try:
            return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):
            return f.read()


def tokenizer():
    """The shared jieba tokenizer with the user dictionary (loaded once per process).

    Its dictionary may hold only the buckets loaded so far: cut text with :func:`cut`.
    """
    global _TOKENIZER
    if _TOKENIZER is None:
        _TOKENIZER = _load()
    return _TOKENIZER


class _LazyFinalseg:
    """Stands in ``sys.modules`` for ``jieba.finalseg`` (jieba's HMM segmenter, whose 1.3 MB
    emission table takes longer to load than the rest of jieba) until something uses it: nianbao
    cuts with ``HMM=False``, so a compare never needs it."""

    def __init__(self):
        self.__spec__ = None

    def __getattr__(self, name: str):
        import importlib
        import sys

        if sys.modules.get("jieba.finalseg") is self:
            del sys.modules["jieba.finalseg"]
        return getattr(importlib.import_module("jieba.finalseg"), name)


def _import_jieba():
    import sys

    if "jieba" not in sys.modules and "jieba.finalseg" not in sys.modules:
        sys.modules["jieba.finalseg"] = _LazyFinalseg()  # type: ignore[assignment]
    import jieba

    return jieba


def _load():
    import logging

    jieba = _import_jieba()

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    words = user_words()
    path = _cache_path(jieba.__version__, words)
    try:
        tk.nianbao_dictionary = _Dictionary(_map(path))
        tk.FREQ, tk.total = tk.nianbao_dictionary.freq, tk.nianbao_dictionary.total
        tk.initialized = True
        return tk
    except (OSError, EOFError, ValueError, TypeError, struct.error):  # missing, damaged, older layout
        pass
    tk.initialize()  # jieba's own build (and its cache in the temporary folder), once
    for word, freq, tag in words:
        tk.add_word(word, freq, tag)
    tk.nianbao_dictionary = None  # the whole dictionary is loaded
    try:
        from ..io import write_atomic

        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, _Dictionary.dump(tk.FREQ, tk.total), force=True)
    except (OSError, NianbaoError):
        pass  # no writable cache folder: the next run builds the dictionary again
    return tk


def cut(text: str) -> list[str]:
    """jieba tokens of ``text``; their concatenation is ``text``."""
    tk = tokenizer()
    if tk.nianbao_dictionary is not None:
        tk.nianbao_dictionary.load_for(text)
    return tk.lcut(text, HMM=False)


def word_diff(old: str, new: str) -> list[tuple[str, str, str]]:
    """(tag, old piece, new piece) covering both texts: tag is equal | replace | delete | insert.

    Tokens are compared with difflib (no autojunk, so deterministic for any length); an unchanged
    single character between two changes is folded into them so edits read as whole phrases.
    """
    a, b = cut(old), cut(new)
    ops = [(tag, "".join(a[i1:i2]), "".join(b[j1:j2])) for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes()]
    merged: list[tuple[str, str, str]] = []
    k = 0
    while k < len(ops):
        tag, x, y = ops[k]
        if tag == "equal" and len(x) == 1 and merged and merged[-1][0] != "equal" and k + 1 < len(ops):
            _, px, py = merged.pop()
            _, nx, ny = ops[k + 1]
            merged.append(("replace", px + x + nx, py + y + ny))
            k += 2
            continue
        if tag != "equal" and merged and merged[-1][0] != "equal":
            _, px, py = merged.pop()
            merged.append(("replace", px + x, py + y))
        else:
            merged.append((tag, x, y))
        k += 1
    return [(("delete" if not y else "insert" if not x else "replace") if t != "equal" else t, x, y) for t, x, y in merged]
