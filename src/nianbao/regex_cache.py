"""Compiled regular expressions kept between runs of the command line.

A cold command spends a large share of its time turning regular expressions into the regex engine's code:
the readers', the checker's and the drafting rules' patterns, and those of typer, click, PyYAML and jinja2
(about 20 ms of a ``check``, 60 ms of a ``draft``). That work depends only on the pattern, its flags and the
Python build, so :func:`install` keeps its result — the engine's code, group count and names — in a file in
nianbao's cache folder, and a later run hands it straight to the engine (``_sre.compile``, which validates
the code) instead of parsing and compiling the pattern again.

It is an optimisation only, with every doubt answered by compiling as Python does: another Python
implementation or version, an unknown engine, a file that is missing, damaged (checksum) or of another
build, a pattern not seen before. Only the command line installs it (``nianbao.__main__``); importing
nianbao as a library changes nothing in ``re``.
"""

from __future__ import annotations

import os
import sys

#: entries kept at most: beyond it, a save keeps only what its run used (patterns built from input must not
#: grow the file for ever)
MAX_ENTRIES = 3000

_FORMAT = 1


def _engine():
    """``(compiler module, parser module, _sre)`` where this Python's regex compiler is the one this module knows."""
    if sys.implementation.name != "cpython" or not (3, 10) <= sys.version_info[:2] < (3, 15):
        return None
    try:
        import _sre

        if sys.version_info >= (3, 11):
            from re import _compiler, _parser
        else:  # pragma: no cover - Python 3.10
            import sre_compile as _compiler
            import sre_parse as _parser
    except ImportError:  # pragma: no cover
        return None
    from array import array

    if array("I").itemsize != _sre.CODESIZE or not hasattr(_compiler, "_code"):
        return None
    return _compiler, _parser, _sre


class RegexCache:
    """The table of compiled patterns, and the compile function that reads and fills it."""

    def __init__(self, path, compiler, parser, sre):
        self.path = path
        self._compiler, self._parser, self._sre = compiler, parser, sre
        self._original = compiler.compile
        self.table: dict = {}
        self.added = 0
        self.hits = 0
        self.used: set = set()

    def load(self) -> None:
        import marshal
        import zlib

        try:
            with open(self.path, "rb") as fh:
                data = fh.read()
            if len(data) < 8 or zlib.crc32(data[8:]) != int.from_bytes(data[:8], "little"):
                return
            fmt, table = marshal.loads(data[8:])
        except (OSError, ValueError, EOFError, TypeError):
            return
        if fmt == _FORMAT and isinstance(table, dict):
            self.table = table

    def compile(self, p, flags=0):
        """``_compiler.compile`` with the table in front of it."""
        if not isinstance(p, (str, bytes)) or flags & self._compiler.SRE_FLAG_DEBUG:
            return self._original(p, flags)
        flags = int(flags)  # re passes an int; a RegexFlag given directly must not reach the file
        entry = self.table.get((p, flags))
        if entry is not None:
            try:
                final_flags, code, groups, groupindex, indexgroup = entry
                from array import array

                compiled = self._sre.compile(p, final_flags, array("I", code).tolist(), groups, groupindex, indexgroup)
                self.hits += 1
                self.used.add((p, flags))
                return compiled
            except Exception:  # a damaged entry: forget it, compile as Python does
                del self.table[(p, flags)]
        parsed = self._parser.parse(p, flags)
        code = self._compiler._code(parsed, flags)
        groupindex = dict(parsed.state.groupdict)
        indexgroup = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        args = (flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
        compiled = self._sre.compile(p, *args)
        from array import array

        self.table[(p, flags)] = (args[0], array("I", code).tobytes(), *args[2:])
        self.used.add((p, flags))
        self.added += 1
        return compiled

    def save(self) -> None:
        """Write the table when this run added to it (atomically; a failure only loses the speed-up)."""
        if not self.added:
            return
        if len(self.table) > MAX_ENTRIES:
            self.table = {key: entry for key, entry in self.table.items() if key in self.used}
            if len(self.table) > MAX_ENTRIES:
                return
        import marshal
        import zlib

        try:
            payload = marshal.dumps((_FORMAT, self.table))
        except ValueError:  # an entry marshal cannot write: keep nothing rather than fail the command
            return
        from .io import write_cache

        write_cache(self.path, zlib.crc32(payload).to_bytes(8, "little") + payload)
        self.added = 0


_INSTALLED: RegexCache | None = None


def cache_file(folder) -> str:
    """The table's file for this Python build in ``folder``."""
    import _sre

    tag = f"{sys.implementation.cache_tag}-{sys.hexversion:x}-{_sre.MAGIC}"
    return os.path.join(os.fspath(folder), f"regex-{tag}.marshal")


def install() -> RegexCache | None:
    """Put the table in front of this process's regex compiler (once); None where it cannot apply."""
    global _INSTALLED
    if _INSTALLED is not None:
        return _INSTALLED
    engine = _engine()
    if engine is None or os.environ.get("NIANBAO_NO_REGEX_CACHE"):
        return None
    from .io import cache_dir

    cache = RegexCache(cache_file(cache_dir()), *engine)
    cache.load()
    engine[0].compile = cache.compile
    _INSTALLED = cache
    return cache


def uninstall() -> None:
    """Give ``re`` its own compiler back, saving what this run added."""
    global _INSTALLED
    if _INSTALLED is not None:
        _INSTALLED.save()
        _INSTALLED._compiler.compile = _INSTALLED._original
        _INSTALLED = None
