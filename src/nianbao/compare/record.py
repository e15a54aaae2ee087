"""``==`` and ``repr`` of the comparison's dataclasses, written once.

``@dataclass`` compiles a new ``__eq__`` and ``__repr__`` from source for every class it decorates, which
costs a cold ``nianbao compare`` about 0.2 ms a class; the comparison's classes are declared
``@dataclass(repr=False, eq=False)`` on :class:`Record`, whose two methods are those ``@dataclass`` generates:
equal when of the same class with equal fields (compared as a tuple, in field order), and
``Name(field=value, …)`` (``...`` where an object's repr reaches itself again). tests/test_compare.py holds
them to ``@dataclass``'s own.
"""

from __future__ import annotations

from dataclasses import fields
from reprlib import recursive_repr


class Record:
    """Base of a dataclass declared with ``repr=False, eq=False``: ``@dataclass``'s ``__eq__`` and ``__repr__``."""

    __slots__ = ()

    def __eq__(self, other):
        if other.__class__ is self.__class__:
            return tuple(getattr(self, f.name) for f in fields(self) if f.compare) == tuple(
                getattr(other, f.name) for f in fields(other) if f.compare)
        return NotImplemented

    @recursive_repr()
    def __repr__(self) -> str:
        shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in fields(self) if f.repr)
        return f"{self.__class__.__qualname__}({shown})"
