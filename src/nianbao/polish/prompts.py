"""Polishing prompts: Jinja2 templates (``system.j2`` + ``user.j2``) looked up by name.

Lookup order for ``--prompt NAME``:
1. NAME itself, when it is a folder holding ``system.j2`` and ``user.j2``;
2. ``TEMPLATES/polish/NAME`` and ``TEMPLATES/NAME`` when ``--templates TEMPLATES`` is given;
3. the packaged ``nianbao/prompts/polish/NAME`` (a wheel), else the source tree's ``prompts/polish/NAME``.

Templates are rendered in a sandbox with ``StrictUndefined``; the variables are ``paragraph``,
``section``, ``agency``, ``year`` and ``protected`` (a list of texts to keep verbatim).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..errors import TemplateError

FILES = ("system.j2", "user.j2")
VARIABLES = ("paragraph", "section", "agency", "year", "protected")


def prompts_root() -> Path:
    """The folder of bundled prompts: packaged ``nianbao/prompts`` else the source tree's ``prompts/``."""
    packaged = resources.files("nianbao").joinpath("prompts")
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "prompts"


def _complete(folder: Path) -> bool:
    return folder.is_dir() and all((folder / f).is_file() for f in FILES)


def available_prompts() -> list[str]:
    root = prompts_root() / "polish"
    return sorted(p.name for p in root.iterdir() if _complete(p)) if root.is_dir() else []


@dataclass(frozen=True)
class Prompt:
    """A polishing prompt: its system and user templates."""

    name: str
    folder: Path
    system: str  # template sources
    user: str

    def render(self, **variables) -> tuple[str, str]:
        """(system message, user message). Raises :class:`TemplateError` on a template problem."""
        from jinja2 import StrictUndefined, TemplateError as JinjaError

        from ..sandbox import LimitedEnvironment, LimitExceeded

        env = LimitedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)
        out = []
        for file, source in zip(FILES, (self.system, self.user)):
            try:
                out.append(env.render_limited(env.from_string(source), variables).strip())
            except LimitExceeded as err:
                raise TemplateError(f"{self.folder / file}：提示词模板超出限制：{err}。请简化模板") from None
            except JinjaError as err:
                where = f"第 {err.lineno} 行" if getattr(err, "lineno", None) else ""
                raise TemplateError(
                    f"{self.folder / file}{('（' + where + '）') if where else ''}：提示词模板有误：{err.message or err}。"
                    f"可用的变量：{'、'.join(VARIABLES)}"
                ) from None
        return out[0], out[1]


def load_prompt(name: str = "default", templates: str | Path | None = None) -> Prompt:
    """Find and read the prompt ``name`` (see the module docstring for the lookup order)."""
    candidates: list[Path] = []
    as_path = Path(name).expanduser()
    if _complete(as_path):
        candidates.append(as_path)
    if templates is not None:
        base = Path(templates).expanduser()
        if not base.is_dir():
            raise TemplateError(f"{base}：模板文件夹不存在。请检查 --templates 给出的路径")
        candidates += [base / "polish" / name, base / name]
    candidates.append(prompts_root() / "polish" / name)
    for folder in candidates:
        if _complete(folder):
            try:
                system, user = ((folder / f).read_text(encoding="utf-8") for f in FILES)
            except (OSError, UnicodeDecodeError) as exc:
                raise TemplateError(f"{folder}：无法读取提示词模板（{exc}）。模板须为 UTF-8 编码的文本") from None
            return Prompt(name, folder, system, user)
    known = "、".join(available_prompts()) or "（无）"
    raise TemplateError(
        f"找不到润色提示词“{name}”：需要一个含 system.j2 和 user.j2 的文件夹。自带的提示词：{known}；"
        "也可以用 --prompt 给出文件夹路径，或用 --templates 指定模板文件夹"
    )
