"""``partnermap load / validate / export / summary / synth / import``: data in and out.

Each command is one library call, its output printed; the library is imported inside the
command so that ``partnermap --help`` stays fast.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from partnermap.cli.common import (
    AsOf,
    err,
    load_with_progress,
    open_store_of,
    out,
    parse_day,
    progress,
    reports_errors,
    write_failed,
)
from partnermap.errors import PartnermapError

if TYPE_CHECKING:
    from partnermap.io.importer import ImportKind, ImportReport
    from partnermap.store.base import Store
    from partnermap.summary import Summary

__all__ = ["export", "import_", "load", "register", "summary", "synth", "validate"]


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
    from partnermap.datasets import bundled_dataset, read_with_reference
    from partnermap.store.base import node_candidates
    from partnermap.store.urls import mask_url

    with open_store_of(ctx) as store:
        dataset = (
            bundled_dataset()
            if file is None
            else read_with_reference(file, store.node_kinds, candidates=node_candidates(store))
        )
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


@reports_errors
def validate(
    file: Annotated[Path, typer.Argument(help="Dataset file (.yaml or .json).")],
) -> None:
    """Check a dataset file without loading it; list every problem with its line and field."""
    from partnermap.datasets import read_with_reference

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
    as_of: AsOf = None,
) -> None:
    """Write everything in the store (with --as-of: what is active that day) to a file.

    `partnermap load` reads a yaml or json export back exactly.
    """
    from partnermap.graph import dataset_as_of
    from partnermap.io.exporters import write_export

    day = parse_day(as_of)
    with open_store_of(ctx) as store:
        dataset = store.dump()
    if day is not None:
        dataset = dataset_as_of(dataset, day)
    try:
        written = write_export(dataset, output, fmt.value)
    except OSError as exc:
        raise write_failed(output, exc) from None
    files = ", ".join(str(p) for p in written)
    out.print(
        f"wrote {len(dataset.nodes)} nodes and {len(dataset.relations)} relations to {files}", markup=False
    )


@reports_errors
def summary(
    ctx: typer.Context,
    as_of: AsOf = None,
    months: Annotated[int, typer.Option("--months", min=0, help="Agreements ending within N months.")] = 12,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Counts by kind, networks with their member counts, events, agreements ending soon (default: today)."""
    from partnermap.summary import summarize

    day = parse_day(as_of) or date.today()
    with open_store_of(ctx) as store:
        result = summarize(store, as_of=day, months=months)
    if as_json:
        out.print_json(json.dumps(result.as_dict(), ensure_ascii=False))
        return
    _print_summary(result)


def _print_summary(result: Summary) -> None:
    from rich.table import Table

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
    events = result.events
    kinds = ", ".join(f"{k} {v}" for k, v in events.by_type.items()) or "none"
    out.print(
        f"Events (every date): {events.total}, {events.upcoming} still to come; by type: {kinds}",
        markup=False,
    )
    if events.per_network:
        per = Table(title="Events per network or project", title_justify="left")
        for column in ("network or project", "events", "types"):
            per.add_column(column, justify="right" if column == "events" else "left")
        for held in events.per_network:
            per.add_row(held.name, str(held.events), ", ".join(f"{k} {v}" for k, v in held.by_type.items()))
        out.print(per)
    ending = Table(title=f"Agreements ending within {result.months} months", title_justify="left")
    for column in ("ends", "parties", "agreement"):
        ending.add_column(column)
    for item in result.ending:
        ending.add_row(item.valid_to, " - ".join(item.parties), item.agreement or "")
    if not result.ending:
        ending.add_row("-", "none", "")
    out.print(ending)


@reports_errors
def synth(
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (.yaml or .json).")],
    orgs: Annotated[int, typer.Option("--orgs", min=100, help="Number of organisations.")] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same dataset).")] = 0,
) -> None:
    """Write a synthetic dataset of realistic shape, for tests and benchmarks."""
    from partnermap.io.dataset import write_dataset
    from partnermap.synth import synthesize

    dataset = synthesize(orgs=orgs, seed=seed)
    try:
        write_dataset(dataset, output)
    except OSError as exc:
        raise write_failed(output, exc) from None
    out.print(
        f"wrote {len(dataset.nodes)} nodes and {len(dataset.relations)} relations to {output}", markup=False
    )


class ImportKindChoice(StrEnum):
    organisations = "organisations"
    memberships = "memberships"
    partnerships = "partnerships"
    agreements = "agreements"
    events = "events"
    participations = "participations"


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
    """Import organisations, memberships, partnerships, agreements, events or participations from a
    spreadsheet (one transaction)."""
    from partnermap.io.importer import read_mapping

    columns = {}
    for item in column or []:
        name, sep, header = item.partition("=")
        if not sep or not name.strip() or not header.strip():
            raise PartnermapError(f"--column {item!r}: write FIELD=HEADER")
        columns[name.strip()] = header.strip()
    mapping = read_mapping(map_file, columns)
    with open_store_of(ctx) as store:
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
    from partnermap.io.importer import import_table

    with progress("importing", None) as callback:
        return import_table(store, kind, file, progress=callback, **options)


def _print_import(report: ImportReport) -> None:
    from rich.table import Table

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
            str(result.row), result.status, ", ".join(result.records[:1]), "\n".join(result.problems)
        )
    out.print(table)
    if len(shown) > 200:
        out.print(f"... and {len(shown) - 200} more rows", markup=False)


def register(app: typer.Typer) -> None:
    """Add the data commands to ``app``."""
    for name, func in (
        ("load", load),
        ("validate", validate),
        ("export", export),
        ("summary", summary),
        ("synth", synth),
        ("import", import_),
    ):
        app.command(name)(func)
