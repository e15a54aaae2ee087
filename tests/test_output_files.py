"""Outputs: only regular files are replaced; modes follow the umask; killed runs leave no temp files
(or the next run removes them)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time

import pytest

from nianbao.errors import NianbaoError, OutputExists
from nianbao.io import remove_stale_temps, write_atomic

from .conftest import EXAMPLE, ROOT

FIGURES = ROOT / "examples" / "madian-2025" / "figures.yaml"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_pipe_and_symlink_are_not_replaced(cli, tmp_path):
    fifo = tmp_path / "out.md"
    os.mkfifo(fifo)
    r = cli("draft", FIGURES, "-o", fifo, "--force")
    assert r.code == 2 and "不是普通文件" in r.err
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    real = tmp_path / "real.md"
    real.write_text("keep", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    r = cli("draft", FIGURES, "-o", link, "--force")
    assert r.code == 2 and "符号链接" in r.err
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "keep"


@pytest.mark.skipif(not hasattr(os, "mknod") or os.geteuid() != 0, reason="creating a device node needs root")
def test_device_node_is_not_replaced(tmp_path):
    node = tmp_path / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a /dev/null of our own
    with pytest.raises(NianbaoError, match="设备"):
        write_atomic(node, "x", force=True)
    assert stat.S_ISCHR(os.lstat(node).st_mode)


def test_modes_follow_the_umask_and_the_replaced_file(tmp_path):
    old = os.umask(0o027)
    try:
        path = write_atomic(tmp_path / "a.md", "x")
        assert stat.S_IMODE(path.stat().st_mode) == 0o640
        os.chmod(path, 0o604)
        with pytest.raises(OutputExists):
            write_atomic(path, "y")
        write_atomic(path, "y", force=True)
        assert stat.S_IMODE(path.stat().st_mode) == 0o604 and path.read_text() == "y"
    finally:
        os.umask(old)


def test_stale_temp_files_are_removed(tmp_path):
    dead = tmp_path / ".out.md.nianbao-999999999-abcd.tmp"
    old_live = tmp_path / f".out.md.nianbao-{os.getpid()}-old.tmp"
    fresh_live = tmp_path / f".out.md.nianbao-{os.getpid()}-new.tmp"
    other = tmp_path / ".notes.tmp"
    for p in (dead, old_live, fresh_live, other):
        p.write_text("partial")
    two_hours_ago = time.time() - 7200
    os.utime(old_live, (two_hours_ago, two_hours_ago))
    write_atomic(tmp_path / "out.md", "x")
    assert not dead.exists() and not old_live.exists()
    assert fresh_live.exists() and other.exists()
    assert remove_stale_temps(tmp_path) == []


KILLED = """
import os, sys, time
sys.argv = ["nianbao", "draft", sys.argv[1], "-o", sys.argv[2]]
real = os.fsync
def slow(fd):
    open(sys.argv[-1] + ".writing", "w").close()
    time.sleep(20)
    real(fd)
os.fsync = slow
from nianbao.cli import main
main()
"""


def test_killed_run_removes_its_temp_file(tmp_path):
    out = tmp_path / "out.md"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.Popen([sys.executable, "-c", KILLED, str(FIGURES), str(out)], env=env)
    try:
        flag = tmp_path / "out.md.writing"
        deadline = time.monotonic() + 30
        while not flag.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert flag.exists(), "the write never started"
        assert [p.name for p in tmp_path.glob(".out.md.nianbao-*.tmp")]
        proc.terminate()
        assert proc.wait(timeout=10) == 128 + 15
    finally:
        if proc.poll() is None:
            proc.kill()
    assert not list(tmp_path.glob(".out.md.nianbao-*.tmp")) and not out.exists()


def test_report_polish_and_draft_still_write(cli, tmp_path):
    out = tmp_path / "d.md"
    assert cli("draft", FIGURES, "--prior", EXAMPLE, "-o", out).code == 0
    assert out.stat().st_size > 1000
