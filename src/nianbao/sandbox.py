"""Jinja2 for templates users write: immutable, sandboxed, and bounded in time, size and depth.

:class:`LimitedEnvironment` is jinja2's ``ImmutableSandboxedEnvironment`` (no ``dict.update``,
``list.append``… on anything a template is given) that also

* stops a render that runs longer than ``LIMITS.seconds`` (checked at every call, attribute
  look-up, loop step over ``range`` and output chunk),
* refuses to build a string or list longer than ``LIMITS.items`` (``'x' * 10**10``, list
  doubling, ``|center(10**10)``), a power with a huge result (``2 ** (2 ** 33)``) and format
  widths of more than four digits,
* stops when the output grows beyond ``LIMITS.output`` characters or macros recurse too deep.

Every refusal raises :class:`LimitExceeded` with a Chinese message; callers add the file name.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass

from jinja2.compiler import CodeGenerator
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .lazy_regex import lazy


@dataclass
class Limits:
    """How far a template render may go."""

    seconds: float = 5.0  # per render
    items: int = 1_000_000  # longest string or list a template may build
    output: int = 2_000_000  # characters a render may produce
    power_bits: int = 4096  # largest result of ``**``


LIMITS = Limits()


class LimitExceeded(Exception):
    """A template went beyond a limit; ``str(err)`` says which (Chinese)."""


_WIDE_FORMAT_RE = lazy(r"%[-#0 +]*(?:\*|\d{5,})|%[-#0 +]*\d*\.(?:\*|\d{5,})|\{[^{}]*:[^{}]*\d{5,}[^{}]*\}")


#: callables whose int arguments set the length of what they make
_SIZING = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs", "indent", "wordwrap", "truncate", "batch",
                     "slice", "join", "replace"})


def _check_replace(text, old, new) -> None:
    """Refuse a ``replace`` whose result would be longer than the limit (before making it)."""
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str) and len(new) > len(old):
        hits = text.count(old) if old else len(text) + 1
        if len(text) + hits * (len(new) - len(old)) > LIMITS.items:
            raise LimitExceeded(f"模板生成的内容过长（上限 {LIMITS.items} 项）")


def _bounded_list(value) -> list:
    """``value`` as a list, refusing more than ``LIMITS.items`` elements (without making them all)."""
    out = []
    for item in value:
        out.append(item)
        if len(out) > LIMITS.items:
            raise LimitExceeded(f"列表过长（上限 {LIMITS.items} 项）")
    return out


def _size(value) -> int | None:
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else None


class _Range:
    """``range`` for templates: sized like the builtin, and each step checks the deadline."""

    def __init__(self, env: "LimitedEnvironment", *args):
        self.env, self.r = env, range(*args)
        if len(self.r) > LIMITS.items:
            raise LimitExceeded(f"range 的长度 {len(self.r)} 超过上限 {LIMITS.items}")

    def __len__(self):
        return len(self.r)

    def __iter__(self):
        tick = self.env.tick
        for i in self.r:
            tick()
            yield i


class _LimitedCodeGenerator(CodeGenerator):
    def visit_Concat(self, node, frame):  # ``a ~ b``: joined by the environment, which checks the length
        self.write("environment.concat_limited((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("), context.eval_ctx.autoescape)")


def _joined_length(items, sep: str = "") -> int:
    total = 0
    for n, item in enumerate(items):
        total += len(item) if isinstance(item, str) else len(str(item))
        if n:
            total += len(sep)
        if total > LIMITS.items:
            break
    return total


class LimitedEnvironment(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _LimitedCodeGenerator

    def concat_limited(self, items, autoescape=False):
        self.tick()
        if _joined_length(items) > LIMITS.items:
            raise LimitExceeded(f"模板生成的内容过长（上限 {LIMITS.items} 字）")
        return markup_join(items) if autoescape else str_join(items)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._deadline: float | None = None
        self.globals.pop("lipsum", None)
        self.globals["range"] = lambda *a: _Range(self, *a)
        self.filters = {name: self._guard_filter(f) for name, f in self.filters.items()}

    # --- the checks ------------------------------------------------------------------

    def tick(self) -> None:
        if self._deadline is not None and time.monotonic() > self._deadline:
            raise LimitExceeded(f"模板运行超过 {LIMITS.seconds:g} 秒，已停止（可能有过大的循环）")

    def _check_args(self, args, kwargs, formats=(), sizes: bool = False) -> None:
        """``sizes``: the callable makes output as long as an int argument (center, indent…)."""
        for value in formats:
            if isinstance(value, str) and _WIDE_FORMAT_RE.search(value):
                raise LimitExceeded("格式串中的宽度或精度过大")
        for value in (*args, *kwargs.values()):
            if sizes and isinstance(value, int) and not isinstance(value, bool) and abs(value) > LIMITS.items:
                raise LimitExceeded(f"参数 {str(value)[:20]} 过大（上限 {LIMITS.items}）")
            if isinstance(value, str) and ("%" in value or "{" in value) and _WIDE_FORMAT_RE.search(value):
                raise LimitExceeded("格式串中的宽度或精度过大")

    def _check_result(self, value):
        n = _size(value)
        if n is not None and n > LIMITS.items:
            raise LimitExceeded(f"模板生成的内容过长（{n} 项，上限 {LIMITS.items}）")
        return value

    def _guard_filter(self, func):
        skip = 2 if getattr(func, "jinja_pass_arg", None) else 1  # the context/environment, then the value
        sizes = getattr(func, "__name__", "").removeprefix("do_") in _SIZING

        replace = getattr(func, "__name__", "") == "do_replace"
        join = getattr(func, "__name__", "") == "sync_do_join" or getattr(func, "__name__", "") == "do_join"

        @functools.wraps(func)
        def guarded(*args, **kwargs):
            self.tick()
            self._check_args(args[skip:], kwargs, args[skip - 1: skip], sizes)
            if replace and len(args) >= skip + 2:
                _check_replace(args[skip - 1], args[skip], args[skip + 1])
            if join and len(args) >= skip:
                items = _bounded_list(args[skip - 1])
                sep = args[skip] if len(args) > skip else kwargs.get("d", "")
                if _joined_length(items, sep if isinstance(sep, str) else "") > LIMITS.items:
                    raise LimitExceeded(f"模板生成的内容过长（上限 {LIMITS.items} 字）")
                args = (*args[: skip - 1], items, *args[skip:])
            return self._check_result(func(*args, **kwargs))

        return guarded

    # --- sandbox hooks ---------------------------------------------------------------

    def call_binop(self, context, operator, left, right):
        self.tick()
        if operator == "**":
            if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
                if abs(left).bit_length() * right > LIMITS.power_bits:
                    raise LimitExceeded("乘方的结果过大")
        elif operator == "*":
            for seq, times in ((left, right), (right, left)):
                n = _size(seq)
                if n is not None and isinstance(times, int) and n * times > LIMITS.items:
                    raise LimitExceeded(f"模板生成的内容过长（上限 {LIMITS.items} 项）")
        elif operator == "+":
            a, b = _size(left), _size(right)
            if a is not None and b is not None and a + b > LIMITS.items:
                raise LimitExceeded(f"模板生成的内容过长（上限 {LIMITS.items} 项）")
        elif operator == "%" and isinstance(left, str) and _WIDE_FORMAT_RE.search(left):
            raise LimitExceeded("格式串中的宽度或精度过大")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (jinja2's signature)
        __self.tick()
        target = getattr(__obj, "__wrapped__", __obj)  # str.format comes wrapped
        __self._check_args(args, kwargs, sizes=getattr(target, "__name__", "") in _SIZING)
        owner = getattr(target, "__self__", None)
        if isinstance(owner, str) and getattr(target, "__name__", "") == "replace" and len(args) >= 2:
            _check_replace(owner, args[0], args[1])
        if isinstance(owner, str) and getattr(target, "__name__", "") == "join" and len(args) == 1:
            items = _bounded_list(args[0])
            if _joined_length(items, owner) > LIMITS.items:
                raise LimitExceeded(f"模板生成的内容过长（上限 {LIMITS.items} 字）")
            args = (items,)
        if isinstance(owner, str) and "{" in owner and _WIDE_FORMAT_RE.search(owner):
            raise LimitExceeded("格式串中的宽度或精度过大")
        return __self._check_result(super().call(__context, __obj, *args, **kwargs))

    def getattr(self, obj, attribute):
        self.tick()
        return self._check_result(super().getattr(obj, attribute))

    def getitem(self, obj, argument):
        self.tick()
        return self._check_result(super().getitem(obj, argument))

    # --- rendering -------------------------------------------------------------------

    def render_limited(self, template, context: dict) -> str:
        """Render ``template`` with ``context`` within :data:`LIMITS`; raises :class:`LimitExceeded`."""
        self._deadline = time.monotonic() + LIMITS.seconds
        out: list[str] = []
        total = 0
        try:
            for chunk in template.generate(context):
                total += len(chunk)
                if total > LIMITS.output:
                    raise LimitExceeded(f"模板输出超过 {LIMITS.output} 字，已停止")
                out.append(chunk)
                self.tick()
        except RecursionError:
            raise LimitExceeded("模板嵌套或递归过深") from None
        except MemoryError:
            raise LimitExceeded("模板占用内存过多") from None
        finally:
            self._deadline = None
        return "".join(out)
