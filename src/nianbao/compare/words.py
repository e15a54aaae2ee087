"""Words: jieba with the packaged 政务公开 user dictionary, and word-level diffs of paragraphs.

jieba is imported only here, and only when a diff actually needs words. Its prefix dictionary
(about 500 000 entries, with the user words already added) is cached as one marshal file in
the nianbao cache folder; loading that file takes about 0.15 s, a third of what jieba's own
cache loader needs.
"""

from __future__ import annotations

import hashlib
import os
from difflib import SequenceMatcher
from importlib import resources
from pathlib import Path

from ..errors import NianbaoError

_TOKENIZER = None


def cache_dir() -> Path:
    """``$NIANBAO_CACHE_DIR``, else ``$XDG_CACHE_HOME/nianbao``, else ``~/.cache/nianbao``."""
    env = os.environ.get("NIANBAO_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "nianbao"


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
    key = hashlib.sha1(repr((version, words)).encode("utf-8")).hexdigest()[:16]
    return cache_dir() / f"jieba-{key}.cache"


def tokenizer():
    """The shared jieba tokenizer with the user dictionary (loaded once per process)."""
    global _TOKENIZER
    if _TOKENIZER is None:
        _TOKENIZER = _load()
    return _TOKENIZER


def _load():
    import gc
    import logging
    import marshal

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    words = user_words()
    path = _cache_path(jieba.__version__, words)
    try:
        data = path.read_bytes()
        gc.disable()  # half a million new objects: collections during the load only cost time
        try:
            tk.FREQ, tk.total = marshal.loads(data)
        finally:
            gc.enable()
        tk.initialized = True
        return tk
    except (OSError, EOFError, ValueError, TypeError):
        pass
    tk.initialize()  # jieba's own build (and its cache in the temporary folder), once
    for word, freq, tag in words:
        tk.add_word(word, freq, tag)
    try:
        from ..io import write_atomic

        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, marshal.dumps((tk.FREQ, tk.total)), force=True)
    except (OSError, NianbaoError):
        pass  # no writable cache folder: the next run builds the dictionary again
    return tk


def cut(text: str) -> list[str]:
    """jieba tokens of ``text``; their concatenation is ``text``."""
    return tokenizer().lcut(text, HMM=False)


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
