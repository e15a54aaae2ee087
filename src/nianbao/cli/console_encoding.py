"""Consoles that cannot show every character (Chinese Windows: GBK) never make a command crash.

Standard output and error get an encoding error handler that writes an ASCII stand-in for the
marks nianbao uses (✓ → OK, ░ → -, − → -) and “?” for anything else the console cannot show.
"""

from __future__ import annotations

import codecs
import sys
import unicodedata

HANDLER = "nianbao-fallback"
FALLBACKS = {
    "✓": "OK", "✔": "OK", "✗": "X", "✘": "X", "░": "-", "▒": "=", "█": "#", "−": "-", "–": "-", "—": "-",
    "…": "...", "→": "->", "←": "<-", "•": "*", "·": ".", "≠": "!=", "≥": ">=", "≤": "<=", "×": "x", "\ufeff": "",
}


def _fallback(err: UnicodeEncodeError):
    out = []
    for ch in err.object[err.start:err.end]:
        stand_in = FALLBACKS.get(ch)
        if stand_in is None:
            plain = unicodedata.normalize("NFKC", ch)
            stand_in = plain if plain != ch else "?"
        try:
            stand_in.encode(err.encoding)
        except (UnicodeEncodeError, LookupError):
            stand_in = "?"
        out.append(stand_in)
    return "".join(out), err.end


def _register() -> None:
    try:
        codecs.lookup_error(HANDLER)
    except LookupError:
        codecs.register_error(HANDLER, _fallback)


def can_encode(stream, text: str) -> bool:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
        return True
    except (UnicodeEncodeError, LookupError):
        return False


def make_streams_safe() -> None:
    """Give stdout/stderr the fallback handler when their encoding is not a Unicode one."""
    _register()
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name, None)
        if stream is None or can_encode(stream, "✓░−\U0001f600"):
            continue
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors=HANDLER)
            except (ValueError, OSError):  # pragma: no cover - a stream already in use in a way that forbids it
                pass
