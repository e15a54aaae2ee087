"""Regular expressions compiled at first use.

A cold ``nianbao check`` spends a noticeable share of its time compiling the readers' patterns; the ones that
only some reports or commands need are declared with :func:`lazy` instead of ``re.compile`` and cost nothing
until first used. After that first use the compiled pattern's methods sit on the object itself, so a hot loop
pays no more than for a compiled pattern.
"""

from __future__ import annotations

import re

#: a compiled pattern's public methods and attributes, copied onto the lazy pattern at its first use
_PUBLIC = tuple(name for name in dir(re.Pattern) if not name.startswith("_"))


class LazyPattern:
    """Stands for ``re.compile(pattern, flags)``: compiled when a method or attribute is first asked for."""

    def __init__(self, pattern: str, flags: int = 0):
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self._flags)
        for attr in _PUBLIC:
            setattr(self, attr, getattr(compiled, attr))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self.pattern!r})"


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    return LazyPattern(pattern, flags)
