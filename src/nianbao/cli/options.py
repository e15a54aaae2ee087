"""What several commands share, declared once: the choices of ``--format`` and common options.

Options are ``Annotated`` aliases: a command declares ``force: Force = False`` and gets the same flag and help as
every other command. Importing this module is cheap (it runs at every start-up); the polish options, which only
``polish`` and ``draft`` take, are in :mod:`.polish_options`.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

#: other names accepted for a format (any case)
FORMAT_ALIASES = {"text": "txt", "yml": "yaml", "htm": "html", "excel": "xlsx"}


class Choice(str, Enum):
    """The choices of an option or argument, checked by the Enum when the command line is read
    (:mod:`.fast_params`): a value that is none of them gets ``problem(value)``, exit status 2.
    A subclass names what is chosen in its message."""

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(member.value for member in cls)

    @classmethod
    def problem(cls, value: str) -> str:
        """The message for a value that is none of the choices."""
        return f"“{value}”不是可选的值；可选：{'、'.join(cls.values())}"


class FormatChoice(Choice):
    """The choices of one command's ``--format``: any case, ``text`` for ``txt`` (and the other aliases)."""

    @classmethod
    def _missing_(cls, value):
        if isinstance(value, str):
            key = value.lower()
            key = FORMAT_ALIASES.get(key, key)
            for member in cls:
                if member.value == key:
                    return member
        return None

    @classmethod
    def problem(cls, value: str) -> str:
        """The message for a value that is none of the choices."""
        return f"“{value}”不是可选的格式；可选：{'、'.join(cls.values())}"


class ExtractFormat(FormatChoice):
    json = "json"
    yaml = "yaml"
    xlsx = "xlsx"


class CheckFormat(FormatChoice):
    txt = "txt"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"


class DraftFormat(FormatChoice):
    md = "md"
    txt = "txt"
    docx = "docx"
    html = "html"


class SummaryFormat(FormatChoice):
    txt = "txt"
    json = "json"


class CompareFormat(FormatChoice):
    """One pair of years: txt, json, html; two folders in batch: txt, csv, json, xlsx."""

    txt = "txt"
    json = "json"
    html = "html"
    csv = "csv"
    xlsx = "xlsx"


def format_option(help: str):
    """``--format``/``-f`` for a command whose choices are the parameter's :class:`FormatChoice`."""
    return typer.Option(None, "--format", "-f", case_sensitive=False, help=help)


# --- options several commands share ---------------------------------------------------------------------------

Force = Annotated[bool, typer.Option("--force", help="允许覆盖已存在的输出文件")]
