"""Drafting templates: Jinja2 files in prompts/draft/, sandboxed (immutable, bounded: see ``nianbao.sandbox``), with StrictUndefined.

Lookup order for each file name: the ``--templates DIR`` given by the user, then the packaged
templates. In a wheel the repository's ``prompts/`` folder is installed as ``nianbao/prompts``
(pyproject force-include) and found next to the package's modules; in a source checkout or editable
install it is the repository's own ``prompts/``.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import TemplateError
from ..numbers import decimal_text
from ..textutil import int_to_cn

#: what ``{{ br }}`` puts in a template's output: the end of a paragraph
PARAGRAPH_BREAK = "\ue002"

#: every template drafting renders, one per part or part-一 area (plus shared macros)
TEMPLATE_NAMES = (
    "title.j2",
    "preamble.j2",
    "overview_intro.j2",
    "overview_active.j2",
    "overview_on_request.j2",
    "overview_management.j2",
    "overview_platform.j2",
    "overview_oversight.j2",
    "problems.j2",
    "other_matters.j2",
    "_macros.j2",
)


def packaged_dir() -> Path:
    """The folder of the packaged drafting templates."""
    installed = Path(__file__).parent.parent / "prompts" / "draft"  # importlib.resources' answer, without its import
    if installed.is_dir():
        return installed
    source = Path(__file__).resolve().parents[3] / "prompts" / "draft"
    if source.is_dir():
        return source
    raise TemplateError("找不到内置的起草模板（prompts/draft）。安装可能不完整，请重新安装 nianbao")


def user_dir(path) -> Path:
    """Check a ``--templates`` folder: it exists and holds only known template names.

    The folder may hold the templates itself, or in a ``draft/`` sub-folder (so that one folder
    can also hold the polishing prompts under ``polish/``).
    """
    folder = Path(path)
    if not folder.is_dir():
        raise TemplateError(f"{folder}：模板文件夹不存在（--templates 应给出一个文件夹，其中放要替换的 .j2 模板）")
    if (folder / "draft").is_dir():
        folder = folder / "draft"
    special = sorted(p.name for p in folder.glob("*.j2") if not p.is_file())
    if special:
        raise TemplateError(f"{folder}：{'、'.join(special)} 不是普通文件（管道、设备或文件夹），不能作为模板")
    unknown = sorted(p.name for p in folder.glob("*.j2") if p.name not in TEMPLATE_NAMES)
    if unknown:
        raise TemplateError(
            f"{folder}：{'、'.join(unknown)} 不是起草模板的文件名；可替换的模板：{'、'.join(TEMPLATE_NAMES)}"
        )
    return folder


def _cn(value) -> str:
    return int_to_cn(int(value))


def _num(value) -> str:
    """A number as written in prose: integers plainly, decimals without exponent or trailing zeros."""
    if isinstance(value, float):
        text = decimal_text(round(value, 6))
        text = text.rstrip("0").rstrip(".") if "." in text else text
        return text if text not in ("", "-0") else "0"
    return str(value)


#: the drafting environment's options (part of the compiled templates' cache key)
_OPTIONS = {"autoescape": False, "trim_blocks": True, "lstrip_blocks": True, "extensions": ["jinja2.ext.do"]}


def _bytecode_cache():
    """jinja2's cache of compiled templates in the nianbao cache folder (None where there is none).

    Entries are keyed by template path and source checksum (jinja2), and by the jinja2 version
    and the sandboxed environment's options (the file name pattern here). A damaged or unwritable
    cache only means compiling again."""
    import hashlib

    import jinja2
    from jinja2 import FileSystemBytecodeCache

    from ..io import cache_dir

    class QuietCache(FileSystemBytecodeCache):
        def load_bytecode(self, bucket) -> None:
            try:
                _load_bucket(self._get_cache_filename(bucket), bucket)
            except Exception:  # noqa: BLE001 — a damaged entry (pickle, marshal, I/O): compile again
                bucket.reset()

        def dump_bytecode(self, bucket) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass

    folder = cache_dir() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    options = (jinja2.__version__, "limited-immutable-sandbox-1", "StrictUndefined", sorted(_OPTIONS.items()))
    key = hashlib.sha1(repr(options).encode()).hexdigest()[:12]
    return QuietCache(str(folder), f"draft-{key}-%s.j2c")


def _load_bucket(filename: str, bucket) -> None:
    """jinja2's ``FileSystemBytecodeCache.load_bytecode`` and ``Bucket.load_bytecode`` (the same file, checks and
    resets), with the compiled code read by ``marshal.loads`` from the file's bytes: ``marshal.load`` on a file
    calls its ``readinto`` for every item it reads (~1 M instructions a template). tests/test_draft_shortcuts.py
    holds it to jinja2's own."""
    import marshal
    import pickle
    from io import BytesIO

    from jinja2.bccache import bc_magic

    try:
        with open(filename, "rb") as f:
            data = f.read()
    except (FileNotFoundError, IsADirectoryError, PermissionError):
        return
    stream = BytesIO(data)
    if stream.read(len(bc_magic)) != bc_magic:  # another jinja2 or Python
        bucket.reset()
        return
    if pickle.load(stream) != bucket.checksum:  # the template's source changed
        bucket.reset()
        return
    try:
        bucket.code = marshal.loads(data[stream.tell():])
    except (EOFError, ValueError, TypeError):
        bucket.reset()


_ENVIRONMENT = []


def _environment_class():
    """The sandboxed environment, taking the parser extensions of ``_OPTIONS`` on when it first
    parses a template: a draft whose templates all come from the compiled cache parses none, and
    does not import them (``jinja2.ext``)."""
    if not _ENVIRONMENT:
        from ..sandbox import LimitedEnvironment

        class DraftingEnvironment(LimitedEnvironment):
            _parser_extended = False

            def _extend_parser(self) -> None:
                if not self._parser_extended:
                    for extension in _OPTIONS["extensions"]:
                        self.add_extension(extension)
                    self._parser_extended = True

            def parse(self, source, name=None, filename=None):
                self._extend_parser()
                return super().parse(source, name, filename)

            def compile(self, source, name=None, filename=None, raw=False, defer_init=False):
                self._extend_parser()
                return super().compile(source, name, filename, raw, defer_init)

        _ENVIRONMENT.append(DraftingEnvironment)
    return _ENVIRONMENT[0]


class Templates:
    """Renders the drafting templates from the user's folder first, then the packaged ones."""

    def __init__(self, templates_dir=None):
        from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined

        folders = ([user_dir(templates_dir)] if templates_dir else []) + [packaged_dir()]
        self.folders = folders
        self.env = _environment_class()(
            loader=ChoiceLoader([FileSystemLoader(str(f), encoding="utf-8") for f in folders]),
            undefined=StrictUndefined,
            bytecode_cache=_bytecode_cache(),
            **{k: v for k, v in _OPTIONS.items() if k != "extensions"},
        )
        self.env.filters["cn"] = _cn
        self.env.filters["num"] = _num

    def origin(self, name: str) -> Path:
        for folder in self.folders:
            if (folder / name).is_file():
                return folder / name
        return self.folders[-1] / name

    def render(self, name: str, context: dict) -> list[str]:
        """The template's output as paragraphs.

        ``{{ br }}`` ends a paragraph (carried text brings its own breaks); every other line break
        and the spaces around lines are dropped, since Chinese prose has no spaces between lines.
        """
        import jinja2

        from ..sandbox import LimitExceeded

        try:
            text = self.env.render_limited(self.env.get_template(name), {**context, "br": PARAGRAPH_BREAK})
        except LimitExceeded as err:
            raise TemplateError(f"模板 {self._where(name, err)}：{err}。请简化模板") from None
        except jinja2.TemplateSyntaxError as err:
            raise TemplateError(f"模板 {err.filename or self.origin(name)} 第 {err.lineno} 行：语法错误（{err.message}）") from None
        except jinja2.TemplateNotFound as err:
            raise TemplateError(f"找不到模板 {err.name}") from None
        except jinja2.UndefinedError as err:
            raise TemplateError(f"模板 {self._where(name, err)}：用到了不存在的变量（{err.message}）；可用的变量见 README“起草模板”一节") from None
        except jinja2.exceptions.SecurityError as err:
            raise TemplateError(f"模板 {self._where(name, err)}：不允许的操作（{err}）") from None
        except (TypeError, ValueError, ArithmeticError) as err:
            raise TemplateError(f"模板 {self._where(name, err)}：{type(err).__name__}: {err}") from None
        paragraphs = []
        for block in text.split(PARAGRAPH_BREAK):
            joined = "".join(line.strip() for line in block.splitlines())
            if joined:
                paragraphs.append(joined)
        return paragraphs

    def _where(self, name: str, err: BaseException) -> str:
        tb = err.__traceback__
        where = None
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if filename.endswith(".j2"):
                where = f"{filename} 第 {tb.tb_lineno} 行"
            tb = tb.tb_next
        return where or str(self.origin(name))


_PACKAGED: dict[Path, Templates] = {}


def packaged_templates() -> Templates:
    """The packaged templates, set up once per process and cache folder (a draft with a prior also
    drafts from last year's figures, to know the sentences it generates); jinja2 reloads a template
    whose file changed."""
    from ..io import cache_dir

    key = cache_dir()
    if key not in _PACKAGED:
        _PACKAGED[key] = Templates()
    return _PACKAGED[key]
