"""What every command shares: state, consoles, error reporting, store opening, dates, progress.

The command modules import this one and nothing else of the CLI; :mod:`partnermap.cli.app`
imports the command modules and assembles the ``partnermap`` command. Heavy parts of the
library (networkx, the maps, the API) are imported inside the commands that use them, so
``partnermap --help`` stays fast.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer

from partnermap.dates import require_day
from partnermap.errors import PartnermapError
from partnermap.settings import Settings

if TYPE_CHECKING:
    from rich.console import Console

    from partnermap.model import Dataset
    from partnermap.store.base import LoadResult, Store
    from partnermap.store.base import Progress as ProgressFn

__all__ = [
    "AsOf",
    "Format",
    "FormatOpt",
    "Output",
    "State",
    "err",
    "fail",
    "load_with_progress",
    "open_store_of",
    "out",
    "parse_day",
    "progress",
    "reports_errors",
    "settings_of",
    "write_failed",
]

P = ParamSpec("P")
R = TypeVar("R")


class _Console:
    """A rich Console made on first use: ``--help`` and the commands that print plain text
    never load rich."""

    def __init__(self, *, stderr: bool) -> None:
        self._stderr = stderr
        self._console: Console | None = None

    def __getattr__(self, name: str) -> Any:
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=self._stderr, highlight=False, soft_wrap=True)
        return getattr(self._console, name)


out: Console = _Console(stderr=False)  # type: ignore[assignment]  # a Console in all but creation
err: Console = _Console(stderr=True)  # type: ignore[assignment]

PROGRESS_THRESHOLD = 2000
"""Loads of more records than this show a progress bar."""


@dataclass(frozen=True)
class State:
    """What the main callback resolved for every command: the settings."""

    settings: Settings


class Format(StrEnum):
    table = "table"
    json = "json"


AsOf = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="Date: 2025-06-01 or 01.06.2025 (default: see the command).", show_default=False
    ),
]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="table or json.")]
Output = Annotated[Path, typer.Option("--output", "-o", help="File to write.", show_default=False)]


def fail(message: str) -> typer.Exit:
    """Print ``error: message`` on stderr; the exit (code 1) for the caller to raise."""
    err.print(f"error: {message}", markup=False, style="red")
    return typer.Exit(code=1)


def reports_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn user errors (PartnermapError) into one message and exit code 1, no traceback."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except PartnermapError as exc:
            raise fail(str(exc)) from None

    return wrapper


def write_failed(path: Path, exc: OSError) -> PartnermapError:
    """The error for a file that cannot be written."""
    return PartnermapError(f"cannot write {path}: {exc.strerror}")


def parse_day(value: str | None, option: str = "--as-of") -> date | None:
    """``value`` as a date, None for None; PartnermapError naming ``option``
    (:func:`partnermap.dates.require_day`).

    Examples
    --------
    >>> parse_day("31.12.2025"), parse_day(None)
    (datetime.date(2025, 12, 31), None)
    """
    return require_day(value, option)


def settings_of(ctx: typer.Context) -> Settings:
    """The settings the main callback built (defaults from the environment otherwise)."""
    state = ctx.find_object(State)
    return state.settings if state is not None else Settings.from_env()


@contextmanager
def open_store_of(ctx: typer.Context) -> Iterator[Store]:
    """The store the settings name, closed afterwards."""
    from partnermap.store import open_store

    settings = settings_of(ctx)
    store = open_store(settings.store_url, settings=settings)
    try:
        yield store
    finally:
        store.close()


@contextmanager
def progress(label: str, total: int | None) -> Iterator[ProgressFn | None]:
    """A progress callback drawing a bar on stderr, or None when stderr is not a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def load_with_progress(store: Store, dataset: Dataset, *, quiet: bool = False) -> LoadResult:
    """Load ``dataset`` into ``store``, with a progress bar when it is large."""
    total = len(dataset.nodes) + len(dataset.relations)
    if quiet or total <= PROGRESS_THRESHOLD:
        return store.load(dataset)
    with progress("loading", total) as callback:
        return store.load(dataset, progress=callback)
