"""Errors a user can cause. Each names the file, line or path and field it concerns."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "DatasetError",
    "InputError",
    "NotFoundError",
    "PartnermapError",
    "Problem",
    "StoreError",
    "StoreUnavailableError",
]


class PartnermapError(Exception):
    """Base class of errors the CLI reports as a message, without a traceback."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where (file, line, path) and what."""

    message: str
    path: str = ""
    file: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = self.file or ""
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        if self.path:
            where = f"{where}: {self.path}" if where else self.path
        return f"{where}: {self.message}" if where else self.message


class DatasetError(PartnermapError):
    """A dataset file (or an in-memory dataset) that cannot be loaded as it is."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        head = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        lines = "\n".join(f"  {p}" for p in problems[:50])
        more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{head}:\n{lines}{more}")


class InputError(PartnermapError):
    """An argument a caller got wrong: a malformed id, an id of the wrong kind, a bad window.

    ``problems`` says what is wrong where, when the argument has parts (an API input).
    """

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class StoreError(PartnermapError):
    """A store refused an operation (unknown endpoint, constraint, bad URL...)."""


class StoreUnavailableError(StoreError):
    """The store cannot be reached or opened (server down, wrong password, read-only file)."""


class NotFoundError(StoreError):
    """A node or relation id that the store does not hold."""
