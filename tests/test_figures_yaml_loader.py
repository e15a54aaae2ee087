"""Figures files through libyaml's parser read exactly as through PyYAML's pure-Python one:
the same values, the same line of every key, the same messages for every syntax error."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao.errors import FiguresError
from nianbao.figures import init_text
from nianbao.figures.load import _Invalid, parse_text
from nianbao.read import read_report

from .conftest import FIXTURES, ROOT, examples

pytestmark = pytest.mark.skipif(not getattr(yaml, "__with_libyaml__", False), reason="PyYAML built without libyaml")

EXAMPLE = (ROOT / "examples" / "madian-2025" / "figures.yaml").read_text(encoding="utf-8")


def _comparable(value):
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    if isinstance(value, _Invalid):
        return ("invalid", value.raw)
    return (type(value).__name__, value)


def _outcome(text: str, source: str = "f.yaml"):
    try:
        data, lines = parse_text(text, source)
    except FiguresError as err:
        return ("error", err.problems)
    return _comparable(data), lines


def _pure(text: str, source: str = "f.yaml"):
    fast = yaml.CSafeLoader
    del yaml.CSafeLoader
    try:
        return _outcome(text, source)
    finally:
        yaml.CSafeLoader = fast


def test_libyaml_is_used(monkeypatch):
    used = []
    compose = yaml.compose
    monkeypatch.setattr(yaml, "compose", lambda text, Loader: used.append(Loader) or compose(text, Loader=Loader))
    parse_text(EXAMPLE, "f.yaml")
    assert used == [yaml.CSafeLoader]
    used.clear()
    _outcome("a: [1, 2\nb: 3\n")
    # the error worded by the pure-Python parser (SafeLoader refusing aliases)
    assert used[0] is yaml.CSafeLoader and len(used) == 2 and issubclass(used[1], yaml.SafeLoader)


def _documents() -> list[tuple[str, str]]:
    report = read_report(FIXTURES / "suqian_2024.txt")
    return [
        (EXAMPLE, "f.yaml"),
        (init_text(year=2025, agency="某县某局"), "f.yaml"),
        (init_text(report, year=2025), "f.yaml"),
        (json.dumps(report.to_dict(), ensure_ascii=False, indent=2), "f.json"),
        (json.dumps(report.to_dict(), ensure_ascii=False), "f.json"),
    ]


BROKEN = [
    "agency: 某局\nyear: 2025\n  active_disclosure: 1\n",
    "agency: [某局\nyear: 2025\n",
    "agency: 某局\nyear: 2025\nyear: 2026\n",
    "agency: '某局\n",
    'agency: "某局\\q"\n',
    "agency: 某局\n\tyear: 2025\n",
    "- a\nb: c\n",
    "a: b: c\n",
    "a: &x 1\nb: *y\n",
    "a: !!python/object:os.system 1\n",
    "%YAML 1.1\n--- a\n--- b\n",
    "a: 1\n---\nb: 2\n",
    "{a: 1,, b: 2}\n",
    "a: 1\x07\n",
    "a: |\n x\n  y\n z\n",
    "? [a, b]\n: c\n",
    '{"agency": "某局", "year": 2025,}',
    "",
    "# only a comment\n",
    "a: 010\nb: 1_000\nc: 0x1f\nd: 1e3\ne: .5\nf: +3\ng: ~\nh: yes\ni: '7'\nj: 2025-01-01\n",
]


@pytest.mark.parametrize("text, source", _documents() + [(t, "f.yaml") for t in BROKEN] + [(t, "f.json") for t in BROKEN[-4:-2]])
def test_same_values_lines_and_errors(text, source):
    assert _outcome(text, source) == _pure(text, source)


_PIECES = st.sampled_from([":", " ", "\n", "  ", "-", "[", "]", "{", "}", ",", "'", '"', "#", "&a ", "*a", "!", "?",
                           "|", ">", "\t", "0", "1_0", "07", "%", "---", "...", "\\", "\r\n", "\r", "\u2028", "\x85", "\ufeff",
                           "<<: ", "~", "\u3000", "：", "\x00", "😀", "!!str ", "'a''b'", '"\\x41"'])


#: the first lines of the example (the pure-Python parser takes ~70 ms for the whole file)
_HEAD = EXAMPLE[:EXAMPLE.index("\n", 1200) + 1]


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(_HEAD)), st.integers(0, 3), _PIECES), min_size=1, max_size=4))
def test_mutated_files_read_the_same(edits):
    text = _HEAD
    for at, cut, piece in edits:
        text = text[:at] + piece + text[at + cut:]
    assert _outcome(text) == _pure(text)
