"""Words: jieba with the packaged 政务公开 user dictionary, and word-level diffs of paragraphs.

jieba is imported only here, and only when a diff actually needs words. Its prefix dictionary
(about 500 000 entries, with the user words already added) is cached in the nianbao cache
folder, split into buckets: single characters by their code, two-character entries by their
characters, longer ones by their first three; a text loads only the buckets of the characters,
pairs and triples that its runs of word characters (jieba's blocks) hold before jieba cuts it
(a triple's only when its pair is in the dictionary: jieba looks no further otherwise).
Every look-up jieba makes while cutting a text is one of those characters or starts with one of
those pairs or triples, so the tokens are exactly those of the whole dictionary. :func:`cut` cuts
with jieba's own algorithm (without its HMM) over that table, written out in :func:`_cut_block`, so a
cut from the cache does not import jieba at all; tests/test_compare_words.py holds its tokens to jieba's.

``nianbao summarize`` uses jieba's own keyword extractor (``jieba.analyse.extract_tags``) through
:func:`keyword_extractor`: jieba's default dictionary (without the user words, as ``jieba.dt``)
cached in the same way, and jieba's IDF table cached bucket by bucket too (a text loads the
buckets of its tokens), without jieba.analyse's default extractors and their models.
"""

from __future__ import annotations

import marshal
import os
import re
import struct
from difflib import SequenceMatcher
from itertools import compress, repeat
from math import log
from operator import add, mul
from pathlib import Path

from ..io import cache_dir, write_cache

_TOKENIZER = None
#: jieba's own dictionary, without the user words (what ``jieba.dt`` holds)
_DEFAULT_TOKENIZER = None
#: jieba.analyse's TF-IDF keyword extractor over the cached dictionary and IDF table
_EXTRACTOR = None
#: the cache file's layout; a new one is built when this changes
_FORMAT = b"NBJIEBA4"
#: buckets of single characters, by their code
_SINGLES = 1 << 14
#: buckets of two-character entries, by a stable hash of the pair (after the singles')
_PAIRS = 1 << 18
#: buckets of longer entries, by a stable hash of their first three characters (after the pairs')
_TRIPLES = 1 << 19
_BUCKETS = _SINGLES + _PAIRS + _TRIPLES
#: jieba's ``re_han_default`` and ``re_skip_default`` (tests/test_compare_words.py holds them to jieba's): runs of
#: word characters, which jieba cuts with its dictionary, and the line breaks and spaces between them
_RE_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)", re.U)
_RE_SKIP = re.compile("(\r\n|\\s)", re.U)


def user_words() -> list[tuple[str, int | None, str | None]]:
    """(word, frequency or None, tag or None) from ``nianbao/data/userdict.txt``."""
    try:  # the package folder itself (importlib.resources would cost a cold compare a few ms of imports)
        with open(os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", "userdict.txt"), encoding="utf-8") as f:
            text = f.read()
    except OSError:  # a package not in a folder (e.g. a zip)
        from importlib import resources

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


def _cache_path(version: str, words: list, kind: str = "jieba") -> Path:
    import zlib  # (hashlib would load OpenSSL for a file name)

    data = repr((_FORMAT, version, words)).encode("utf-8")
    return cache_dir() / f"{kind}-{zlib.crc32(data):08x}{zlib.adler32(data):08x}.cache"


def _bucket(word: str) -> int:
    """The bucket of a dictionary entry."""
    code = ord(word[0])
    if len(word) == 1:
        return code & (_SINGLES - 1)
    pair = code * 40503 + ord(word[1])
    if len(word) == 2:
        return _SINGLES + (pair & (_PAIRS - 1))
    return _SINGLES + _PAIRS + ((pair * 40503 + ord(word[2])) & (_TRIPLES - 1))


class _Dictionary:
    """The cached prefix dictionary (or IDF table), loaded bucket by bucket.

    ``total`` is the number the file's head holds: the dictionary's total, or the IDF table's median.
    A bucket holds its entries as marshalled keys and values one after the other (marshal version 2,
    which shares nothing between objects), so any number of buckets joined between ``{`` and the
    end mark ``0`` is one marshalled dict: the buckets a text needs load in one call.
    """

    def __init__(self, data, rebuild=None):
        if data[:8] != _FORMAT:
            raise ValueError("not a nianbao jieba cache")
        (head_len,) = struct.unpack_from("<I", data, 8)
        start = 12 + head_len
        self.total = marshal.loads(data[12:start])
        self.base = start + 4 * (_BUCKETS + 1)
        if len(data) < self.base:
            raise ValueError("truncated nianbao jieba cache")
        self.offsets = memoryview(data)[start:self.base].cast("I")
        if self.base + self.offsets[-1] != len(data):
            raise ValueError("truncated nianbao jieba cache")
        self.data = data
        self.freq: dict = {}  # what jieba looks words up in
        self.loaded: set[int] = set()
        #: () -> the whole table from jieba's own files (writing the cache anew): what a bucket that does
        #: not load falls back on
        self.rebuild = rebuild
        self.complete = False

    def _load(self, wanted: set[int]) -> None:
        if self.complete:
            return
        wanted -= self.loaded
        if not wanted:
            return
        self.loaded |= wanted
        data, offsets, base = self.data, self.offsets, self.base
        try:
            parts = [data[base + offsets[n]:base + offsets[n + 1]] for n in wanted]
            table = marshal.loads(b"".join([b"{", *parts, b"0"]))
            if not isinstance(table, dict):
                raise ValueError("not a table")
        except (ValueError, EOFError, TypeError, IndexError):  # a damaged cache file
            if self.rebuild is None:
                raise
            table, self.complete = self.rebuild(), True
            self.freq.clear()
        self.freq.update(table)

    def load_for(self, text: str) -> None:
        """Load every bucket a cut of ``text`` can look into."""
        self.load_blocks(_RE_HAN.findall(text))  # jieba cuts each run of word characters on its own

    def load_blocks(self, blocks: list[str]) -> None:
        """Load every bucket a cut of the ``blocks`` (runs of ``re_han_default``) can look into.

        jieba looks up each single character of a block, each pair of neighbours, and a longer piece
        only when the piece one shorter is in the dictionary (which holds every prefix of its words):
        so the buckets of the pairs come first, then those of the triples whose pair was found. The
        blocks are joined by a line break (never in a block, nor in a dictionary entry) and the codes
        worked out over the whole at once: the pairs and triples across a break only load a few
        buckets more.
        """
        if self.complete or not blocks:
            return
        joined = "\n".join(blocks)
        codes = memoryview(joined.encode("utf-32-le")).cast("I").tolist()
        pairs = list(map(add, map(mul, codes, repeat(40503)), codes[1:]))  # a pair's hash before its mask
        mask, pair_mask = _SINGLES - 1, _PAIRS - 1
        self._load({c & mask for c in set(codes)} | {_SINGLES + (h & pair_mask) for h in set(pairs)})
        found = map(self.freq.__contains__, map(add, joined, joined[1:]))  # the pair at each position
        triples = compress(map(add, map(mul, pairs, repeat(40503)), codes[2:]), found)
        first, triple_mask = _SINGLES + _PAIRS, _TRIPLES - 1
        self._load({first + (h & triple_mask) for h in set(triples)})

    def load_words(self, words) -> None:
        """Load the buckets of ``words`` (an IDF table's look-ups are the tokens themselves)."""
        self._load({_bucket(w) for w in words if w})

    @staticmethod
    def dump(freq: dict, total: int | float) -> bytes:
        from array import array
        from itertools import accumulate
        from operator import itemgetter

        # the entries in bucket order (a stable sort: in a bucket, in the dictionary's order)
        entries = sorted([(_bucket(k), marshal.dumps(k, 2) + marshal.dumps(v, 2)) for k, v in freq.items()],
                         key=itemgetter(0))
        sizes = [0] * _BUCKETS
        for n, entry in entries:
            sizes[n] += len(entry)
        offsets = array("I", [0])
        offsets.extend(accumulate(sizes))
        head = marshal.dumps(total)
        return b"".join([_FORMAT, struct.pack("<I", len(head)), head, offsets.tobytes(), *map(itemgetter(1), entries)])


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
    return _words().jieba_tokenizer()


class _Words:
    """The user dictionary in this process: its table (``FREQ``: all of it, or the buckets of the cache loaded
    so far, ``nianbao_dictionary``), the tokens of each block :func:`cut` has cut, and the jieba tokenizer
    over the same table, made when first asked for (a cut from the cache does not import jieba)."""

    def __init__(self, dictionary: _Dictionary | None, freq: dict, total: int, tk=None):
        self.nianbao_dictionary, self.FREQ, self._total, self._tk = dictionary, freq, total, tk
        self.blocks: dict[str, list[str]] = {}
        self.weights: tuple[int, dict[str, float]] = (total, {})  # log frequency − log total, by total

    @property
    def total(self) -> int:
        return self._tk.total if self._tk is not None else self._total  # (jieba's add_word changes its total)

    def jieba_tokenizer(self):
        if self._tk is None:
            tk = _jieba().Tokenizer()
            tk.FREQ, tk.total, tk.initialized = self.FREQ, self._total, True
            self._tk = tk
        self._tk.nianbao_dictionary = self.nianbao_dictionary
        return self._tk


def _words() -> _Words:
    global _TOKENIZER
    if _TOKENIZER is None:
        words = user_words()
        path = _cache_path(_dictionary_key(), words)
        dictionary = _cached(path, rebuild=lambda: _build(path, words).FREQ)
        if dictionary is not None:
            _TOKENIZER = _Words(dictionary, dictionary.freq, dictionary.total)
        else:
            tk = _build(path, words)
            _TOKENIZER = _Words(None, tk.FREQ, tk.total, tk)  # the whole dictionary is loaded
    return _TOKENIZER


def _dictionary_key() -> str:
    """What names jieba's dictionary in a cache file's name, found without importing jieba: the size and time
    of its dictionary file and of its code (another jieba, other files); its version where jieba is not in
    a folder of files."""
    from importlib.util import find_spec

    try:
        folder = find_spec("jieba").submodule_search_locations[0]
        files = [os.stat(os.path.join(folder, name)) for name in ("dict.txt", "__init__.py")]
    except (ImportError, AttributeError, TypeError, IndexError, ValueError, OSError):
        return _jieba().__version__
    return " ".join(f"{st.st_size}:{st.st_mtime_ns}" for st in files)


def default_tokenizer():
    """A jieba tokenizer with jieba's own dictionary and no user words (the dictionary of ``jieba.dt``),
    from a cache of its own like :func:`tokenizer`'s (loaded once per process)."""
    global _DEFAULT_TOKENIZER
    if _DEFAULT_TOKENIZER is None:
        _DEFAULT_TOKENIZER = _load([])
    return _DEFAULT_TOKENIZER


class _StandIn:
    """Stands in ``sys.modules`` for a module jieba imports that a cut from nianbao's cache never uses:
    the first thing asked of it imports the real module, which takes its place."""

    def __init__(self, module: str, **attributes):
        self.__spec__ = None
        self.__dict__.update(attributes)
        self._module = module

    def __getattr__(self, name: str):
        import importlib
        import sys

        if name.startswith("__"):  # what the import system asks of a module (e.g. __path__)
            raise AttributeError(name)
        if sys.modules.get(self._module) is self:
            del sys.modules[self._module]
        return getattr(importlib.import_module(self._module), name)


def _md5(*args, **kwargs):
    """``hashlib.md5``, imported when first called."""
    import hashlib

    return hashlib.md5(*args, **kwargs)


def _import_jieba():
    """jieba, without what a cut from nianbao's cache never needs: its HMM segmenter ``jieba.finalseg``
    (whose 1.3 MB emission table takes longer to load than the rest of jieba; nianbao cuts with
    ``HMM=False``), and hashlib (OpenSSL) and tempfile, with which jieba names and places the cache of a
    dictionary it builds itself. Stand-ins take their place while jieba imports; jieba keeps them, and
    any later ``import`` of hashlib or tempfile gets the real module."""
    import sys

    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    stand_ins = {name: stand_in for name, stand_in in (
        ("jieba.finalseg", _StandIn("jieba.finalseg")),
        ("hashlib", _StandIn("hashlib", md5=_md5)),  # jieba: from hashlib import md5
        ("tempfile", _StandIn("tempfile")),
    ) if name not in sys.modules}
    sys.modules.update(stand_ins)
    try:
        import jieba
    finally:
        for name, stand_in in stand_ins.items():
            if name != "jieba.finalseg" and sys.modules.get(name) is stand_in:
                del sys.modules[name]
    return jieba


def _jieba():
    """jieba (see :func:`_import_jieba`), quiet below warnings."""
    import logging

    jieba = _import_jieba()
    jieba.setLogLevel(logging.WARNING)
    return jieba


def _build(path: Path, words: list):
    """A jieba tokenizer with jieba's whole dictionary and ``words``, its table written to the cache ``path``."""
    tk = _jieba().Tokenizer()
    tk.initialize()  # jieba's own build (and its cache in the temporary folder), once
    for word, freq, tag in words:
        tk.add_word(word, freq, tag)
    _save(path, _Dictionary.dump(tk.FREQ, tk.total))
    return tk


def _load(words: list):
    path = _cache_path(_dictionary_key(), words)
    dictionary = _cached(path, rebuild=lambda: _build(path, words).FREQ)
    if dictionary is not None:
        tk = _jieba().Tokenizer()
        tk.nianbao_dictionary = dictionary
        tk.FREQ, tk.total, tk.initialized = dictionary.freq, dictionary.total, True
        return tk
    tk = _build(path, words)
    tk.nianbao_dictionary = None  # the whole dictionary is loaded
    return tk


def _save(path: Path, data: bytes) -> None:
    write_cache(path, data)  # where it cannot, the next run builds the table again


#: what opening a cache file raises when it is missing, damaged or of an older layout
_UNUSABLE = (OSError, EOFError, ValueError, TypeError, struct.error)


def _cached(path: Path, rebuild) -> _Dictionary | None:
    """The cache file ``path`` (``rebuild``: the whole table, where one of its buckets does not load), or
    None where it is missing, damaged or of an older layout."""
    try:
        return _Dictionary(_map(path), rebuild=rebuild)
    except _UNUSABLE:
        return None


def _import_tfidf():
    """jieba's module ``jieba.analyse.tfidf`` (its TF-IDF extractor), without what ``import jieba.analyse``
    also does: build the default extractors (parsing the 6 MB IDF table) and load jieba.posseg (its
    models and tag dictionary, ~0.4 s), which an extractor without ``allowPOS`` never uses. The module is
    imported under a bare package and a stand-in for jieba.posseg, and kept out of ``sys.modules``: a
    later ``import jieba.analyse`` is jieba's own."""
    import sys
    import types

    jieba = _import_jieba()
    if "jieba.analyse.tfidf" in sys.modules:
        return sys.modules["jieba.analyse.tfidf"]
    package = types.ModuleType("jieba.analyse")
    package.__path__ = [os.path.join(os.path.dirname(jieba.__file__), "analyse")]
    saved = {name: sys.modules.get(name) for name in ("jieba.analyse", "jieba.posseg")}
    sys.modules["jieba.analyse"] = package
    sys.modules.setdefault("jieba.posseg", _StandIn("jieba.posseg"))
    try:
        from jieba.analyse import tfidf
    finally:
        sys.modules.pop("jieba.analyse.tfidf", None)
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
    return tfidf


class _CachedCut:
    """The tokenizer a keyword extractor cuts with: jieba's ``cut`` (with its HMM, as ``jieba.dt``) over
    the cached default dictionary; the IDF of each token is loaded as the text is cut."""

    def __init__(self, tk, idf: _Dictionary | None):
        self.tk, self.idf = tk, idf

    def cut(self, sentence: str) -> list[str]:
        if self.tk.nianbao_dictionary is not None:
            self.tk.nianbao_dictionary.load_for(sentence)
        tokens = self.tk.lcut(sentence)
        if self.idf is not None:
            self.idf.load_words(tokens)
        return tokens


def keyword_extractor():
    """jieba.analyse's TF-IDF extractor as ``jieba.analyse.extract_tags`` uses it (jieba's default
    dictionary, cut with its HMM, and jieba's IDF table), the dictionary and the IDF table loaded from the
    nianbao cache as texts need them. Its ``extract_tags`` gives what ``jieba.analyse.extract_tags`` gives
    (``allowPOS`` aside: it has no part-of-speech tokenizer)."""
    global _EXTRACTOR
    if _EXTRACTOR is None:
        tfidf = _import_tfidf()
        tk = default_tokenizer()
        path = _cache_path(tfidf.jieba.__version__, [os.path.basename(tfidf.DEFAULT_IDF)], kind="idf")
        def build():
            table, median = tfidf.IDFLoader(tfidf.DEFAULT_IDF).get_idf()  # jieba's own parse of the whole table
            _save(path, _Dictionary.dump(table, median))
            return table, median

        idf = _cached(path, rebuild=lambda: build()[0])
        idf_freq, median_idf = (idf.freq, idf.total) if idf is not None else build()
        extractor = tfidf.TFIDF.__new__(tfidf.TFIDF)  # its __init__ would load posseg and parse the IDF table
        extractor.tokenizer, extractor.postokenizer = _CachedCut(tk, idf), None
        extractor.stop_words = extractor.STOP_WORDS.copy()
        extractor.idf_freq, extractor.median_idf = idf_freq, median_idf
        extractor.nianbao_idf = idf
        _EXTRACTOR = extractor
    return _EXTRACTOR


#: ASCII letters and digits: jieba joins one-character words of these into one token (its ``re_eng``)
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def _cut_block(block: str, freq: dict, logtotal: float, weights: dict) -> list[str]:
    """jieba's cut of one block of word characters without its HMM (``Tokenizer.__cut_DAG_NO_HMM``), in one
    pass: the same candidate words (every piece starting at a character that ``freq`` holds with a
    frequency, else the character alone), the same scores (log frequency − log total, a piece's being
    ``weights``'s memo of that same sum) added up from the end in the same order, the same choice among
    equal scores (the longest piece: jieba takes the ``max`` of (score, end)), and runs of one-character
    ASCII letters and digits joined. tests/test_compare_words.py holds it to jieba's own cut."""
    n = len(block)
    score = [0.0] * (n + 1)
    end = list(range(n))  # where no dictionary word starts: the character alone
    get, weight = freq.get, weights.get
    alone = 0.0 - logtotal  # its score: log(1) − log total, as jieba scores it
    k = n
    for piece in reversed(block):
        k -= 1
        best = None
        f = get(piece)
        i = k
        while f is not None:  # the piece is in the dictionary: a word (frequency > 0) or a prefix (0)
            if f:
                w = weight(piece)
                if w is None:
                    w = weights[piece] = log(f) - logtotal
                s = w + score[i + 1]
                if best is None or s >= best:  # ends come in order: on a tie the longer piece wins
                    best = s
                    end[k] = i
            i += 1
            if i == n:
                break
            piece = block[k:i + 1]
            f = get(piece)
        score[k] = alone + score[k + 1] if best is None else best
    out: list[str] = []
    run = ""  # one-character ASCII words so far
    x = 0
    while x < n:
        y = end[x] + 1
        word = block[x:y]
        if word in _ASCII_ALNUM:
            run += word
        else:
            if run:
                out.append(run)
                run = ""
            out.append(word)
        x = y
    if run:
        out.append(run)
    return out


def cut(text: str) -> list[str]:
    """jieba tokens of ``text``; their concatenation is ``text``.

    jieba cuts a text block by block (its ``re_han_default`` splits the text into runs of word
    characters and the rest) and no block's tokens depend on another's; a report says much the same
    as last year's, so each distinct block is cut once per process and its tokens reused. A run of
    word characters is cut by :func:`_cut_block` (jieba's cut without its HMM, faster), the rest by
    :func:`_cut_other`; from the cache, without importing jieba.
    """
    state = _words()
    memo = state.blocks
    if len(memo) > 50_000:
        memo.clear()
    pieces = _RE_HAN.split(text)  # the runs of word characters at the odd places
    new = [block for block in dict.fromkeys(pieces[1::2]) if block not in memo]
    if new:
        if state.nianbao_dictionary is not None:
            state.nianbao_dictionary.load_blocks(new)
        total, weights = state.weights
        if total != state.total:  # (a word added since changes the total, and so every score)
            weights = {}
            state.weights = (state.total, weights)
        freq, logtotal = state.FREQ, log(state.total)
        for block in new:
            memo[block] = _cut_block(block, freq, logtotal, weights)
    out: list[str] = []
    for piece in pieces:
        if piece:
            tokens = memo.get(piece)
            if tokens is None:  # punctuation, spaces: one token each, as jieba gives them
                tokens = memo[piece] = _cut_other(piece)
            out += tokens
    return out


def _cut_other(piece: str) -> list[str]:
    """jieba's cut of what lies between runs of word characters: a line break "\\r\\n" or any other
    space is a token, every other character a token of its own."""
    out: list[str] = []
    for part in _RE_SKIP.split(piece):
        if _RE_SKIP.match(part):
            out.append(part)
        else:
            out += part
    return out


def word_diff(old: str, new: str) -> list[tuple[str, str, str]]:
    """(tag, old piece, new piece) covering both texts: tag is equal | replace | delete | insert.

    Tokens are compared with difflib (no autojunk, so deterministic for any length); an unchanged
    single character between two changes is folded into them so edits read as whole phrases.
    """
    if old == new:  # what difflib gives for two equal token lists
        return [("equal", old, new)] if old else []
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
