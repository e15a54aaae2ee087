"""Parameter coercion without pydantic for the plain types our commands use.

typer 0.29 coerces every command-line value through a pydantic ``TypeAdapter``; importing pydantic and building
the adapters is most of a cold ``nianbao check``. For the values our commands take (a str, a bool, an int
given as ASCII digits, a path, lists of these) the result is the same as pydantic's, so those are converted here; any
other value (and every value that would be rejected) goes to typer's own coercion, so its checks and messages
stay exactly as they were. An Enum's value (``--format``) is converted here too: by the Enum itself (its
``_missing_`` may accept other spellings), and a value it rejects gets the Enum's own message (``problem``).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

_LEAVES = (str, int, bool, Path)


class _Slow(Exception):
    """This value needs typer's own (pydantic) coercion."""


def _leaf(value: Any, annotation: Any, info: Any, param: Any, ctx: Any) -> Any:
    if annotation is str or annotation is bool:
        if type(value) is annotation:
            return value
    elif annotation is int:
        if type(value) is str:
            digits = value[1:] if value[:1] == "-" else value
            if digits.isascii() and digits.isdigit():
                value = int(value)
        if type(value) is int and (info.min is None or value >= info.min) and (info.max is None or value <= info.max):
            return value
    elif annotation is Path:
        if type(value) is str:
            value = Path(value)
        if isinstance(value, Path):
            from typer._param_types import coerce_cli_path

            return coerce_cli_path(value, info, path_type=Path, param=param, ctx=ctx)
    elif _is_enum(annotation):
        if isinstance(value, annotation):
            return value
        if type(value) is str:
            try:
                return annotation(value)
            except ValueError:
                problem = getattr(annotation, "problem", None)
                if problem is not None:
                    from .usage import click_errors

                    raise click_errors.BadParameter(problem(value), ctx=ctx, param=param,
                                                    param_hint=_hint(param)) from None
    raise _Slow


def _hint(param: Any) -> str | None:
    """How a message names the parameter: an option by its flag (--level), an argument by its metavar (SHELL)."""
    if param.param_type_name == "argument":
        return getattr(param, "metavar", None) or param.name.upper()
    return param.opts[0] if param.opts else None


def _is_enum(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, Enum)


class FastRuntimeParam:
    """Stands in for typer's runtime coercion of one parameter; falls back to it for anything unusual."""

    def __init__(self, descriptor: Any):
        self.descriptor = descriptor
        annotation = descriptor.annotation
        self.is_list = get_origin(annotation) is list
        self.leaf = get_args(annotation)[0] if self.is_list else annotation

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:
            return () if (param.multiple or param.nargs == -1) else None
        info = self.descriptor.parameter_info
        try:
            if self.is_list:
                if not isinstance(value, (list, tuple)):
                    raise _Slow
                return [_leaf(item, self.leaf, info, param, ctx) for item in value]
            return _leaf(value, self.leaf, info, param, ctx)
        except _Slow:
            from typer._coercion import build_runtime_param

            return build_runtime_param(self.descriptor).coerce(value, param=param, ctx=ctx)


def _plain(descriptor: Any) -> bool:
    info = descriptor.parameter_info
    annotation = descriptor.annotation
    if get_origin(annotation) is list:
        args = get_args(annotation)
        annotation = args[0] if len(args) == 1 else None
    return (
        (annotation in _LEAVES or _is_enum(annotation))
        and descriptor.file_annotation is None
        and info.parser is None
        and getattr(info, "click_type", None) is None
        and info.path_type is None
        and not info.clamp
    )


def _give(param: Any) -> None:
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is not None and getattr(param, "_runtime_param", 0) is None and _plain(descriptor):
        param._runtime_param = FastRuntimeParam(descriptor)


def _fast_help_option(cmd: Any) -> None:
    """The --help option is made when a context asks for it; give it the light coercion then."""
    made = cmd.get_help_option

    def get_help_option(ctx: Any) -> Any:
        option = made(ctx)
        if option is not None:
            _give(option)
        return option

    cmd.get_help_option = get_help_option


def install(command: Any) -> None:
    """Give every plain parameter of a click command tree the light coercion."""
    stack = [command]
    while stack:
        cmd = stack.pop()
        for param in getattr(cmd, "params", ()):
            _give(param)
        _fast_help_option(cmd)
        stack += list(getattr(cmd, "commands", {}).values())
