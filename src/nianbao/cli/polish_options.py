"""The options of ``polish`` and ``draft --polish``, declared once, and what they say: :class:`PolishOptions`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Optional

import typer

# the model options of `polish` and of `draft --polish`
Model = Annotated[Optional[Path], typer.Option(
    "--model", help="本地模型文件夹（如 Qwen2.5-7B-Instruct，见 models/README.md）")]
Endpoint = Annotated[Optional[str], typer.Option(
    "--endpoint", help="兼容 OpenAI 接口的模型服务，如 http://127.0.0.1:8000/v1")]
ModelName = Annotated[Optional[str], typer.Option(
    "--model-name", help="模型服务上的模型名称（不给则取服务列出的第一个）")]
Device = Annotated[str, typer.Option("--device", help="本地模型的运行设备：auto、cpu、cuda、mps")]
Prompt = Annotated[str, typer.Option("--prompt", help="提示词名称（default、light）或含 system.j2/user.j2 的文件夹")]
AllowRemote = Annotated[bool, typer.Option("--allow-remote", help="允许连接公网上的模型服务（默认只连本机和内网）")]


@dataclass
class PolishOptions:
    """How to polish: the model (a local folder or a service), the prompt, where the record goes."""

    model: Optional[Path] = None
    endpoint: Optional[str] = None
    model_name: Optional[str] = None
    device: str = "auto"
    prompt: str = "default"
    templates: Optional[Path] = None
    allow_remote: bool = False
    batch_size: int = 4
    report: Optional[Path] = None
    force: bool = False

    def backend(self):
        """The model backend, not loaded yet (the API key comes from NIANBAO_API_KEY)."""
        from ..polish import make_backend

        return make_backend(self.model, self.endpoint, model_name=self.model_name, device=self.device,
                            batch_size=self.batch_size, allow_remote=self.allow_remote,
                            api_key=os.environ.get("NIANBAO_API_KEY"))

    def load(self, backend, console) -> None:
        """Load a local model (saying so first: it takes a while); a service needs no loading."""
        if self.model is not None:
            console.print(f"正在加载本地模型 {self.model} …")
            backend.load()

    def write_report(self, payload: dict, console) -> None:
        """The polish record as JSON, when asked for."""
        if self.report is None:
            return
        import json

        from ..io import write_atomic

        write_atomic(self.report, json.dumps(payload, ensure_ascii=False, indent=2) + "\n", force=self.force)
        console.print(f"润色记录已写入 {self.report}")
