"""Errors meant for users (messages in Chinese) and the exit codes, decided in one place."""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    OK = 0
    FINDINGS = 1  # check found errors; polish/draft refused
    UNREADABLE = 2  # an input could not be read / bad usage
    INTERNAL = 3  # a bug in nianbao


class NianbaoError(Exception):
    """Base class: ``str(err)`` is a complete Chinese message for the user."""

    exit_status = ExitStatus.UNREADABLE


class ReportReadError(NianbaoError):
    """A report file cannot be read (missing, empty, binary, wrong format, truncated…)."""

    def __init__(self, path, problem: str, hint: str = "", where: str = ""):
        self.path, self.problem, self.hint, self.where = str(path), problem, hint, where
        msg = f"{self.path}"
        if where:
            msg += f"（{where}）"
        msg += f"：{problem}"
        if hint:
            msg += f"。{hint}"
        super().__init__(msg)


class FiguresError(NianbaoError):
    """A figures file (YAML/JSON) is invalid; carries one message per problem."""

    def __init__(self, path, problems: list[str]):
        self.path, self.problems = str(path), list(problems)
        super().__init__(f"{self.path}：\n" + "\n".join(f"  {p}" for p in self.problems))


class TemplateError(NianbaoError):
    pass


class ModelUnavailable(NianbaoError):
    pass


class OutputExists(NianbaoError):
    def __init__(self, path):
        super().__init__(f"{path}：文件已存在。如需覆盖，请加 --force；或用 -o 指定另一个文件名")
