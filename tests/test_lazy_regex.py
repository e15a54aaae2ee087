"""Patterns compiled at first use behave as compiled ones, and cold imports leave them uncompiled."""

from __future__ import annotations

import re
import subprocess
import sys

from nianbao.lazy_regex import lazy


def test_lazy_pattern_answers_as_the_compiled_one():
    source = r"(?<=[\u4e00-\u9fff])([0-9]+)(?=件)"
    text = "收到申请12件，办结3件，2024年"
    compiled, pattern = re.compile(source), lazy(source)
    assert pattern.pattern == source and "search" not in vars(pattern)  # nothing compiled yet
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in compiled.finditer(text)] == [(4, 6), (10, 11)]
    assert pattern.sub("N", text) == compiled.sub("N", text)
    assert pattern.split(text) == compiled.split(text)
    assert pattern.flags == compiled.flags and pattern.groups == compiled.groups == 1
    assert pattern.search(text).group(1) == "12"
    assert vars(pattern)["search"] == compiled.search  # later calls go straight to the compiled pattern


def test_reading_modules_import_without_compiling_the_lazy_patterns():
    code = ("import nianbao.read.placement as p, nianbao.read.grid as g, nianbao.identity as i\n"
            "items = [*vars(p).items(), *vars(g).items(), *vars(i).items()]\n"
            "print(sum(hasattr(v, '_flags') for _, v in items), sorted(n for n, v in items if hasattr(v, '_flags') and 'match' in vars(v)))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "8 []"
