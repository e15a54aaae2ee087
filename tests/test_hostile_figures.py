"""Hostile figures files and cells: amounts the tables cannot hold, numerals too long to be numbers,
YAML alias bombs. Each is one Chinese message naming the place, exit 2, quickly."""

from __future__ import annotations

import time

import pytest

from nianbao.errors import FiguresError
from nianbao.figures.load import load_figures_text
from nianbao.numbers import decimal_text, parse_number
from nianbao.render.tables import NumberStyle

from . import builders
from .conftest import ROOT

FIGURES = ROOT / "examples" / "madian-2025" / "figures.yaml"
TEXT = FIGURES.read_text(encoding="utf-8")
FEE_LINE = "  fees_wan_yuan: 0 "
LICENSING_LINE = "  licensing: 12 "


def _with(old: str, new: str) -> str:
    assert old in TEXT
    return TEXT.replace(old, new, 1)


@pytest.mark.parametrize("value,expected", [
    ("12345678901234567.25", "金额过大"),
    ("1" * 400 + ".5", "数字过大"),
    ("0.0000005", "4 位小数"),
    ("12.12345", "4 位小数"),
    ("100000000.0", "金额过大"),
])
def test_money_out_of_bounds_is_refused(cli, tmp_path, value, expected):
    path = tmp_path / "f.yaml"
    path.write_text(_with(FEE_LINE, f"  fees_wan_yuan: {value} "), encoding="utf-8")
    r = cli("draft", path, "-o", tmp_path / "d.md")
    assert r.code == 2, r.err
    assert expected in r.err and "fees_wan_yuan 第 36 行" in r.err and "Traceback" not in r.err
    assert len(r.err) < 400 and not (tmp_path / "d.md").exists()


@pytest.mark.parametrize("value,expected", [("9" * 400, "数字过大"), ("9" * 5000, "数字过大"), ("1000000000", "件数过大")])
def test_counts_out_of_bounds_are_refused(value, expected):
    with pytest.raises(FiguresError) as err:
        load_figures_text(_with(LICENSING_LINE, f"  licensing: {value} "), "f.yaml")
    assert expected in str(err.value) and "active_disclosure.licensing 第 31 行" in str(err.value)
    assert len(str(err.value)) < 300


def test_money_within_bounds_is_kept_exactly(cli, tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text(_with(FEE_LINE, "  fees_wan_yuan: 99999999.9999 "), encoding="utf-8")
    out = tmp_path / "d.md"
    r = cli("draft", path, "-o", out)
    assert r.code == 0, r.err
    text = out.read_text(encoding="utf-8")
    assert "99999999.9999" in text and "e+" not in text and "inf" not in text


def test_decimal_text_never_writes_exponents():
    assert decimal_text(1.2345678901234568e16) == "12345678901234568"
    assert decimal_text(1e-05) == "0.00001" and decimal_text(59237.2449) == "59237.2449"
    assert NumberStyle()(1e16) == "10000000000000000" and builders.NumberStyle(thousands=True)(59237.2449) == "59,237.2449"
    with pytest.raises(ValueError):
        decimal_text(float("inf"))


def test_reader_cells_too_long_are_not_numbers():
    assert parse_number("9" * 5000) is None and parse_number("9" * 30) == int("9" * 30)


def test_long_cell_in_a_report_is_a_finding_not_a_crash(cli, tmp_path):
    from .conftest import FIXTURES

    text = (FIXTURES / "madian_2024.txt").read_text(encoding="utf-8")
    line = "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0"
    assert line in text
    path = tmp_path / "r.txt"
    path.write_text(text.replace(line, line.replace("\t\t0", "\t\t" + "9" * 5000, 1)), encoding="utf-8")
    r = cli("check", path)
    assert r.code in (1, 2) and "Traceback" not in r.err + r.out


ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefghi", "bcdefghij"))


@pytest.mark.parametrize("text", [
    ALIAS_BOMB,
    "a: &a [*a]\n",
    _with(LICENSING_LINE, "  licensing: &n 12 ").replace("  penalty: 3 ", "  penalty: *n ", 1),
])
def test_yaml_aliases_are_refused(text):
    start = time.monotonic()
    with pytest.raises(FiguresError) as err:
        load_figures_text(text, "f.yaml")
    assert "别名" in str(err.value) and time.monotonic() - start < 1
