"""User-caused failures are exit 2 with a Chinese message (never 3); a report pasted twice is a finding;
a sub-folder that cannot be opened is said, not skipped in silence."""

from __future__ import annotations

import os

import pytest

from .conftest import EXAMPLE, FIXTURES

MADIAN = (FIXTURES / "madian_2024.txt").read_text(encoding="utf-8")


def test_report_pasted_twice_is_a_finding(cli, tmp_path):
    path = tmp_path / "twice.txt"
    path.write_text(MADIAN + "\n" + MADIAN, encoding="utf-8")
    r = cli("check", path)
    assert r.code == 1 and "structure.duplicate_report" in r.out and "两遍" in r.out
    r = cli("extract", path)
    assert r.code == 1 and "两遍" in r.err
    once = tmp_path / "once.txt"
    once.write_text(MADIAN, encoding="utf-8")
    assert "duplicate_report" not in cli("check", once).out


def test_unreadable_sub_folder_is_reported(cli, tmp_path, monkeypatch):
    folder = tmp_path / "reports"
    locked = folder / "locked"
    locked.mkdir(parents=True)
    (folder / "a.txt").write_bytes(EXAMPLE.read_bytes())
    (locked / "b.txt").write_bytes(EXAMPLE.read_bytes())
    real = os.scandir

    def scandir(path="."):
        if os.fspath(path) == os.fspath(locked):  # chmod 000 does not stop root: simulate it
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    r = cli("check", folder)
    assert r.code == 2, r.err
    assert "locked" in r.err and "无法打开这个文件夹" in r.err and "Traceback" not in r.err


def test_bad_safetensors_header_is_exit_2(cli, tmp_path):
    pytest.importorskip("transformers")
    pytest.importorskip("torch")
    from .test_polish_local import build_tiny_model

    folder = build_tiny_model(tmp_path / "model")
    weights = folder / "model.safetensors"
    assert weights.exists()
    weights.write_bytes((200).to_bytes(8, "little") + b'{"a": {"dtype": "F32", "shape": [99999999999], "data_offsets": [0, 4]}}' + b" " * 200)
    src = tmp_path / "r.txt"
    src.write_bytes(EXAMPLE.read_bytes())
    r = cli("polish", src, "--model", folder, "--device", "cpu")
    assert r.code == 2, (r.code, r.err[-300:])
    assert "无法加载模型" in r.err and "Traceback" not in r.err
