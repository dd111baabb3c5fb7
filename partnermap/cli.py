"""The ``partnermap`` command: a thin layer over the library.

Every command honours the global ``--store URL`` option (given before the command) and
``PARTNERMAP_STORE``; the default is ``partnermap.db`` in the working directory. Errors a
user can cause print one clear message (file, line or path, field) and exit 1, without a
traceback.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from partnermap.datasets import bundled_dataset, read_with_reference
from partnermap.errors import PartnermapError
from partnermap.io.dataset import write_dataset
from partnermap.io.exporters import write_export
from partnermap.io.importer import ImportKind, ImportReport, import_table, read_mapping
from partnermap.model import Dataset, parse_date
from partnermap.settings import get_settings
from partnermap.store import open_store
from partnermap.store.base import LoadResult, Store
from partnermap.store.base import Progress as ProgressFn
from partnermap.store.urls import mask_url
from partnermap.summary import summarize
from partnermap.synth import synthesize

app = typer.Typer(
    name="partnermap",
    help="Map partnership networks of Estonian municipalities, NGOs, LEADER groups and agencies.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

P = ParamSpec("P")
R = TypeVar("R")

PROGRESS_THRESHOLD = 2000
"""Loads of more records than this show a progress bar."""


@dataclass
class State:
    store_url: str


def _fail(message: str) -> typer.Exit:
    err.print(f"error: {message}", markup=False, style="red")
    return typer.Exit(code=1)


def reports_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn user errors (PartnermapError) into a message and exit code 1."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except PartnermapError as exc:
            raise _fail(str(exc)) from None

    return wrapper


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    parsed = parse_date(value)
    if not isinstance(parsed, date):
        raise PartnermapError(f"{option}: {value!r} is not a date (use 2025-12-31 or 31.12.2025)")
    return parsed


@contextmanager
def _store(ctx: typer.Context) -> Iterator[Store]:
    store = open_store(ctx.ensure_object(State).store_url)
    try:
        yield store
    finally:
        store.close()


@app.callback()
def main(
    ctx: typer.Context,
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            help="Store URL: sqlite:///PATH or neo4j://USER:PASS@HOST:7687/DB. "
            "Default: $PARTNERMAP_STORE, else ./partnermap.db.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Map partnership networks of Estonian municipalities, NGOs, LEADER groups and agencies."""
    ctx.obj = State(store_url=get_settings(store_url=store).store_url)


@contextmanager
def _progress(label: str, total: int | None) -> Iterator[ProgressFn | None]:
    """A progress callback drawing a bar on stderr, or None when stderr is not a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    columns = (TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def load_with_progress(store: Store, dataset: Dataset, *, quiet: bool = False) -> LoadResult:
    """Load ``dataset`` into ``store``, with a progress bar when it is large."""
    total = len(dataset.nodes) + len(dataset.relations)
    if quiet or total <= PROGRESS_THRESHOLD:
        return store.load(dataset)
    with _progress("loading", total) as progress:
        return store.load(dataset, progress=progress)


@app.command()
@reports_errors
def load(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(help="Dataset file (.yaml or .json); default: the bundled Estonia dataset."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")] = False,
) -> None:
    """Load a dataset into the store (one transaction; loading twice changes nothing)."""
    with _store(ctx) as store:
        dataset = bundled_dataset() if file is None else read_with_reference(file, store.node_kinds)
        if not quiet:
            err.print(
                f"loading {len(dataset.nodes)} nodes and {len(dataset.relations)} relations "
                f"into {mask_url(store.url)} (one transaction)",
                markup=False,
            )
        result = load_with_progress(store, dataset, quiet=quiet)
        if not quiet:
            name = "the bundled dataset" if file is None else str(file)
            out.print(
                f"loaded {name} into {mask_url(store.url)}: "
                f"nodes {result.nodes_created} new, {result.nodes_updated} updated, "
                f"{result.nodes_unchanged} unchanged; relations {result.relations_created} new, "
                f"{result.relations_updated} updated, {result.relations_unchanged} unchanged",
                markup=False,
            )


@app.command()
@reports_errors
def validate(
    file: Annotated[Path, typer.Argument(help="Dataset file (.yaml or .json).")],
) -> None:
    """Check a dataset file without loading it; list every problem with its line and field."""
    dataset = read_with_reference(file)
    out.print(
        f"{file}: valid ({len(dataset.nodes)} nodes, {len(dataset.relations)} relations, "
        "reference data included)",
        markup=False,
    )


class ExportFormat(StrEnum):
    yaml = "yaml"
    json = "json"
    gexf = "gexf"
    graphml = "graphml"
    kumu = "kumu"
    csv = "csv"


@app.command()
@reports_errors
def export(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (a directory for csv).")],
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="yaml (dataset), json (networkx node-link), gexf (Gephi, with dynamics), graphml, "
            "kumu (Kumu blueprint JSON), csv (nodes.csv + edges.csv).",
        ),
    ] = ExportFormat.yaml,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Only what is active on this date.")] = None,
) -> None:
    """Write everything in the store to a file that `partnermap load` reads back exactly."""
    day = _date(as_of, "--as-of")
    with _store(ctx) as store:
        dataset = store.dump()
    if day is not None:
        keep = {n.id for n in dataset.nodes if n.active_on(day)}
        dataset = Dataset(
            nodes=[n for n in dataset.nodes if n.id in keep],
            relations=[
                r for r in dataset.relations if r.active_on(day) and r.source in keep and r.target in keep
            ],
        )
    try:
        written = write_export(dataset, output, fmt.value)
    except OSError as exc:
        raise PartnermapError(f"cannot write {output}: {exc.strerror}") from None
    files = ", ".join(str(p) for p in written)
    out.print(
        f"wrote {len(dataset.nodes)} nodes and {len(dataset.relations)} relations to {files}", markup=False
    )


@app.command()
@reports_errors
def summary(
    ctx: typer.Context,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date (default: today).")] = None,
    months: Annotated[int, typer.Option("--months", min=0, help="Agreements ending within N months.")] = 12,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Counts by kind, networks with their member counts, agreements ending soon."""
    day = _date(as_of, "--as-of") or date.today()
    with _store(ctx) as store:
        result = summarize(store, as_of=day, months=months)
    if as_json:
        out.print_json(json.dumps(result.as_dict(), ensure_ascii=False))
        return
    _print_summary(result)


def _print_summary(result: Any) -> None:
    out.print(f"partnermap summary as of {result.as_of}", style="bold", markup=False)
    counts = Table(title="Nodes and relations", title_justify="left")
    counts.add_column("node kind")
    counts.add_column("count", justify="right")
    counts.add_column("relation kind")
    counts.add_column("count", justify="right")
    node_rows = list(result.nodes_by_kind.items())
    rel_rows = list(result.relations_by_kind.items())
    for i in range(max(len(node_rows), len(rel_rows))):
        nk, nc = node_rows[i] if i < len(node_rows) else ("", "")
        rk, rc = rel_rows[i] if i < len(rel_rows) else ("", "")
        counts.add_row(nk, str(nc), rk, str(rc))
    out.print(counts)
    networks = Table(title="Networks", title_justify="left")
    for column in ("network", "type", "members", "convened by"):
        networks.add_column(column, justify="right" if column == "members" else "left")
    for net in result.networks:
        networks.add_row(net.name, net.network_type, str(net.members), ", ".join(net.conveners))
    out.print(networks)
    ending = Table(title=f"Agreements ending within {result.months} months", title_justify="left")
    for column in ("ends", "parties", "agreement"):
        ending.add_column(column)
    for item in result.ending:
        ending.add_row(item.valid_to, " - ".join(item.parties), item.agreement or "")
    if not result.ending:
        ending.add_row("-", "none", "")
    out.print(ending)


@app.command()
@reports_errors
def synth(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (.yaml or .json).")],
    orgs: Annotated[int, typer.Option("--orgs", min=100, help="Number of organisations.")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same dataset).")] = 0,
) -> None:
    """Write a synthetic dataset of realistic shape, for tests and benchmarks."""
    dataset = synthesize(orgs=orgs, seed=seed)
    try:
        write_dataset(dataset, output)
    except OSError as exc:
        raise PartnermapError(f"cannot write {output}: {exc.strerror}") from None
    out.print(
        f"wrote {len(dataset.nodes)} nodes and {len(dataset.relations)} relations to {output}", markup=False
    )


class ImportKindChoice(StrEnum):
    organisations = "organisations"
    memberships = "memberships"
    partnerships = "partnerships"
    agreements = "agreements"


@app.command("import")
@reports_errors
def import_(
    ctx: typer.Context,
    kind: Annotated[ImportKindChoice, typer.Argument(help="What the rows are.")],
    file: Annotated[Path, typer.Argument(help="A .csv (';' or ',', UTF-8 or Windows-1257) or .xlsx file.")],
    sheet: Annotated[str | None, typer.Option("--sheet", help="XLSX sheet (default: the first).")] = None,
    map_file: Annotated[
        Path | None, typer.Option("--map", help="YAML with 'columns: {field: header}' and 'defaults'.")
    ] = None,
    column: Annotated[
        list[str] | None, typer.Option("--column", "-c", help="FIELD=HEADER, e.g. -c name='Asutuse nimi'.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; write nothing.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the row report as JSON.")] = False,
) -> None:
    """Import organisations, memberships, partnerships or agreements from a spreadsheet (one transaction)."""
    columns = {}
    for item in column or []:
        name, sep, header = item.partition("=")
        if not sep or not name.strip() or not header.strip():
            raise PartnermapError(f"--column {item!r}: write FIELD=HEADER")
        columns[name.strip()] = header.strip()
    mapping = read_mapping(map_file, columns)
    with _store(ctx) as store:
        report = import_with_progress(store, kind.value, file, sheet=sheet, mapping=mapping, dry_run=dry_run)
    if as_json:
        out.print_json(
            json.dumps(
                {
                    "source": report.source,
                    "kind": report.kind,
                    "dry_run": report.dry_run,
                    "counts": report.counts(),
                    "rows": [asdict(r) for r in report.rows],
                },
                ensure_ascii=False,
            )
        )
    else:
        _print_import(report)
    if dry_run and report.rejected:
        raise typer.Exit(code=1)


def import_with_progress(store: Store, kind: ImportKind, file: Path, **options: Any) -> ImportReport:
    """Run an import, with a progress bar on large files when stderr is a terminal."""
    with _progress("importing", None) as progress:
        return import_table(store, kind, file, progress=progress, **options)


def _print_import(report: ImportReport) -> None:
    counts = report.counts()
    verb = "would import" if report.dry_run else "imported"
    out.print(
        f"{verb} {report.kind} from {report.source}: {counts['new']} new, {counts['updated']} updated, "
        f"{counts['unchanged']} unchanged, {counts['rejected']} rejected",
        markup=False,
    )
    shown = [r for r in report.rows if r.status != "unchanged"] if report.dry_run else report.rejected
    if not shown:
        return
    table = Table(show_lines=False)
    for name in ("row", "status", "record", "reason"):
        table.add_column(name)
    for result in shown[:200]:
        table.add_row(
            str(result.row), result.status, ", ".join(result.records[:1]), "; ".join(result.problems)
        )
    out.print(table)
    if len(shown) > 200:
        out.print(f"... and {len(shown) - 200} more rows", markup=False)


def run() -> None:
    """Entry point of the ``partnermap`` script."""
    app()


def _register_subcommands() -> None:
    """Commands that live in their own modules (they import this one's helpers)."""
    from partnermap import cli_api, cli_maps, cli_metrics  # noqa: PLC0415 - they import this module

    cli_metrics.register(app)
    cli_maps.register(app)
    cli_api.register(app)


_register_subcommands()
