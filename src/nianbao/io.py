"""Writing user files safely: never overwrite without --force, always atomically.

Only a regular file is ever replaced (never a device, a pipe, a socket, a folder or a symbolic
link: ``-o /dev/null --force`` must not turn the device into a file). The new file gets the mode
of the file it replaces, else the user's umask (as any other program's output would). Temporary
files are named ``.NAME.nianbao-PID-XXXX.tmp`` next to the target; a run that was killed before
it could remove its own leaves one behind, and the next write to the same folder removes it.
"""

from __future__ import annotations

import os
import re
import stat
import time
from pathlib import Path

from .errors import NianbaoError, OutputExists

_TMP_RE = re.compile(r"^\..+\.nianbao-(?P<pid>\d+)-[^.]+\.tmp$")
STALE_SECONDS = 3600


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def remove_stale_temps(folder: Path) -> list[Path]:
    """Remove temporary files that nianbao runs killed mid-write left in ``folder``."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        m = _TMP_RE.match(entry.name)
        if not m:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode):
                continue
            if _alive(int(m.group("pid"))) and now - st.st_mtime < STALE_SECONDS:
                continue
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def cache_dir() -> Path:
    """``$NIANBAO_CACHE_DIR``, else ``$XDG_CACHE_HOME/nianbao``, else ``~/.cache/nianbao``."""
    env = os.environ.get("NIANBAO_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "nianbao"


def write_cache(path: str | os.PathLike, data: bytes) -> bool:
    """Write a file of nianbao's cache folder atomically, creating the folder; False where it cannot be
    written (a cache only saves time: the next run builds it again)."""
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data, force=True)
    except (OSError, NianbaoError):
        return False
    return True


def write_atomic(path: str | os.PathLike, data: str | bytes, force: bool = False) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename."""
    target = Path(path)
    try:
        existing = os.lstat(target)
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        raise NianbaoError(f"{target}：无法访问（{exc.strerror or exc}），请检查路径和权限") from None
    if existing is not None and stat.S_ISDIR(existing.st_mode):
        raise NianbaoError(f"{target}：这是一个文件夹，请给出文件名")
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        kind = "符号链接" if stat.S_ISLNK(existing.st_mode) else "设备、管道或套接字"
        raise NianbaoError(f"{target}：这是{kind}，不是普通文件；nianbao 不会替换它，请用 -o 给出普通文件的路径")
    if existing is not None and not force:
        raise OutputExists(target)
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.exists():
        raise NianbaoError(f"{target}：文件夹 {parent} 不存在，请先创建它或换一个输出位置")
    remove_stale_temps(parent)
    mode = stat.S_IMODE(existing.st_mode) if existing is not None else 0o666 & ~_umask()
    payload = data.encode("utf-8") if isinstance(data, str) else data
    import tempfile  # here: it imports random, which a read-only command never needs

    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.nianbao-{os.getpid()}-", suffix=".tmp", dir=parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fchmod(fh.fileno(), mode)
            os.fsync(fh.fileno())
        try:
            now = os.lstat(target)
        except FileNotFoundError:
            now = None
        if now is not None and (not force or not stat.S_ISREG(now.st_mode)):  # appeared or changed meanwhile
            raise OutputExists(target) if stat.S_ISREG(now.st_mode) else NianbaoError(
                f"{target}：这不是普通文件；nianbao 不会替换它，请用 -o 给出普通文件的路径")
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return target
