"""The compiled-pattern cache of the command line (nianbao.regex_cache): what it hands back behaves
exactly as ``re.compile``'s pattern, anything doubtful is compiled as Python does, and only the command
line installs it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nianbao import regex_cache

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"

pytestmark = pytest.mark.skipif(regex_cache._engine() is None, reason="the cache applies to CPython 3.10–3.14 only")

#: patterns of every kind the engine's code has: groups and names, look-arounds, back references,
#: repeats (possessive and lazy), big character sets, flags given and inline, bytes
PATTERNS = [
    (r"(?P<year>(?:19|20)\d{2})\s*年", 0),
    (r"[一二三四五六七八九十百千万零〇两]+", 0),
    (r"(?<=[，,。；;：:\s])(?:[一二三四五六七八九十]是|(?:另)?一方面)", 0),
    (r"^(?:第(?P<ord>[一二三四五六七八九十]+)(?:部分|章|节)[、.．:：\s]*)?(?P<title>[^。]+)$", re.M),
    (r"(\d+)\s*(件|条|次)(?!以上)\1?", 0),
    (r"[\u4e00-\u9fff）)”][0-9０-９]", 0),
    (r"abc|ABC|[^\x00-\x7f]{2,5}?", re.I),
    (r"(?i)x(?#comment)y+?z*+", 0),
    (r"(?s)a.{0,14}?b", 0),
    (r"[^\t\n\r -~\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", 0),
    (rb"\x00(?P<n>[0-9]{2,})\xff", 0),
    (r"", 0),
]
TEXTS = ["2025年", "二〇二四年 第三部分、主动公开", "，一是加强", "12件12 7次以上", "（三）5", "ABC 中文字符", "xyyz", "a\nbb",
         "\x07 bad", "第二章 总体情况\n正文。"]


def _same(cached: re.Pattern, reference: re.Pattern) -> None:
    assert (cached.pattern, cached.flags, cached.groups, cached.groupindex) == \
        (reference.pattern, reference.flags, reference.groups, reference.groupindex)
    texts = [t.encode("utf-8") for t in TEXTS] if isinstance(reference.pattern, bytes) else TEXTS
    for text in texts:
        assert [m.span() + m.groups() for m in cached.finditer(text)] == \
            [m.span() + m.groups() for m in reference.finditer(text)]
        assert cached.sub("#", text) == reference.sub("#", text)


def _cache(path: Path) -> regex_cache.RegexCache:
    cache = regex_cache.RegexCache(str(path), *regex_cache._engine())
    cache.load()
    return cache


def test_a_saved_table_gives_back_patterns_that_behave_as_re_compiles(tmp_path):
    path = tmp_path / "regex.marshal"
    first = _cache(path)
    for pattern, flags in PATTERNS:
        _same(first.compile(pattern, flags), re.compile(pattern, flags))
    assert first.added == len(PATTERNS) and first.hits == 0
    first.save()
    second = _cache(path)
    for pattern, flags in PATTERNS:
        _same(second.compile(pattern, flags), re.compile(pattern, flags))
    assert second.hits == len(PATTERNS) and second.added == 0


def test_every_pattern_of_a_real_run_comes_back_the_same(tmp_path):
    """All the patterns a check of a real report compiles (nianbao's, typer's, click's): after a save
    and a load, each behaves as ``re.compile``'s on the report's own lines."""
    path = tmp_path / "regex.marshal"
    env = dict(os.environ, NIANBAO_CACHE_DIR=str(tmp_path), PYTHONPATH=str(ROOT / "src"))
    env.pop("NIANBAO_NO_REGEX_CACHE", None)
    subprocess.run([sys.executable, "-m", "nianbao", "check", str(FIXTURES / "suqian_2024.txt")], env=env,
                   capture_output=True, check=False)
    written = list(tmp_path.glob("regex-*.marshal"))
    assert len(written) == 1
    written[0].rename(path)
    cache = _cache(path)
    assert len(cache.table) > 100
    lines = (FIXTURES / "suqian_2024.txt").read_text(encoding="utf-8").splitlines()[:400]
    for pattern, flags in list(cache.table):
        compiled, reference = cache.compile(pattern, flags), re.compile(pattern, flags)
        assert (compiled.pattern, compiled.flags, compiled.groups, compiled.groupindex) == \
            (reference.pattern, reference.flags, reference.groups, reference.groupindex)
        if isinstance(pattern, str):
            for line in lines:
                assert [m.span() + m.groups() for m in compiled.finditer(line)] == \
                    [m.span() + m.groups() for m in reference.finditer(line)]
    assert cache.hits == len(cache.table)


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "garbage"])
def test_a_damaged_file_is_ignored(tmp_path, damage):
    path = tmp_path / "regex.marshal"
    first = _cache(path)
    for pattern, flags in PATTERNS:
        first.compile(pattern, flags)
    first.save()
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[len(data) // 2] ^= 0x10
    elif damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "empty":
        data = bytearray()
    else:
        data = bytearray(b"\x00" * 8 + b"not marshal data")
    path.write_bytes(bytes(data))
    cache = _cache(path)
    assert cache.table == {}
    for pattern, flags in PATTERNS:
        _same(cache.compile(pattern, flags), re.compile(pattern, flags))
    assert cache.hits == 0


def test_a_damaged_entry_is_compiled_again(tmp_path):
    cache = _cache(tmp_path / "regex.marshal")
    pattern = r"(?P<n>\d+)件"
    cache.compile(pattern)
    final_flags, code, *rest = cache.table[(pattern, 0)]
    cache.table[(pattern, 0)] = (final_flags, b"\xff\xff\xff\xff" * 3, *rest)  # not valid engine code
    _same(cache.compile(pattern), re.compile(pattern))
    assert cache.hits == 0 and cache.table[(pattern, 0)][1] == code


def test_an_invalid_pattern_raises_as_re_does(tmp_path):
    cache = _cache(tmp_path / "regex.marshal")
    with pytest.raises(re.error):
        cache.compile(r"(?P<a>x")
    assert cache.table == {}


def test_a_full_table_keeps_what_its_run_used(tmp_path, monkeypatch):
    monkeypatch.setattr(regex_cache, "MAX_ENTRIES", 6)
    path = tmp_path / "regex.marshal"

    def run(patterns):
        cache = _cache(path)
        for pattern, flags in patterns:
            _same(cache.compile(pattern, flags), re.compile(pattern, flags))
        cache.save()
        return set(_cache(path).table)

    def keys(patterns):
        return {(p, int(f)) for p, f in patterns}

    assert run(PATTERNS[:5]) == keys(PATTERNS[:5])
    assert run(PATTERNS[3:6]) == keys(PATTERNS[:6])  # two known, one new: six, still within the bound
    assert run(PATTERNS[6:8]) == keys(PATTERNS[6:8])  # eight: only this run's are kept


def test_an_unwritable_folder_only_loses_the_speed_up(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    cache = _cache(blocked / "regex.marshal")
    cache.compile(r"\d+")
    cache.save()  # no exception
    assert blocked.read_text() == "not a folder"


def _run(args, cache: Path, **extra):
    env = {k: v for k, v in os.environ.items() if k != "NIANBAO_NO_REGEX_CACHE"}
    env.update(NIANBAO_CACHE_DIR=str(cache), PYTHONPATH=str(ROOT / "src"), **extra)
    return subprocess.run([sys.executable, "-m", "nianbao", *args], env=env, capture_output=True, text=True)


def test_the_command_line_writes_the_table_once_and_prints_the_same(tmp_path):
    args = ["check", str(FIXTURES / "madian_2024.txt"), "--format", "json"]
    first = _run(args, tmp_path / "cache")
    files = list((tmp_path / "cache").glob("regex-*.marshal"))
    assert len(files) == 1
    stamp = files[0].stat().st_mtime_ns
    second = _run(args, tmp_path / "cache")
    assert (second.returncode, second.stdout, second.stderr) == (first.returncode, first.stdout, first.stderr)
    assert files[0].stat().st_mtime_ns == stamp  # nothing new: not written again
    plain = _run(args, tmp_path / "none", NIANBAO_NO_REGEX_CACHE="1")
    assert (plain.returncode, plain.stdout) == (first.returncode, first.stdout)
    assert not list((tmp_path / "none").glob("regex-*"))


def test_importing_nianbao_leaves_re_alone():
    code = ("import nianbao.cli, nianbao.read, nianbao.check; from nianbao.regex_cache import _engine; "
            "compiler = _engine()[0]; print(compiler.compile.__module__ == compiler.__name__)")
    out = subprocess.run([sys.executable, "-c", code], env=dict(os.environ, PYTHONPATH=str(ROOT / "src")),
                         capture_output=True, text=True, check=True).stdout.strip()
    assert out == "True"
