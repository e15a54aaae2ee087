"""Writing user files safely: never overwrite without --force, always atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import NianbaoError, OutputExists


def cache_dir() -> Path:
    """``$NIANBAO_CACHE_DIR``, else ``$XDG_CACHE_HOME/nianbao``, else ``~/.cache/nianbao``."""
    env = os.environ.get("NIANBAO_CACHE_DIR")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "nianbao"


def write_atomic(path: str | os.PathLike, data: str | bytes, force: bool = False) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder and a rename."""
    target = Path(path)
    if target.exists() and not force:
        raise OutputExists(target)
    if target.is_dir():
        raise NianbaoError(f"{target}：这是一个文件夹，请给出文件名")
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.exists():
        raise NianbaoError(f"{target}：文件夹 {parent} 不存在，请先创建它或换一个输出位置")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists() and not force:  # appeared meanwhile
            raise OutputExists(target)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return target
