"""``partnermap query``: a saved question (``graphql/queries/``) by name, as a table, CSV,
XLSX or JSON.

::

    partnermap query                                         # the saved questions and their variables
    partnermap query network_gaps --var network=network:loimumiskoda --var asOf=2025-06-01
    partnermap query agreements_ending --format xlsx -o lepingud.xlsx
    partnermap query bridges_ida_viru_tallinn --format csv --lang en --table bridges.brokers
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from partnermap.cli.common import out, reports_errors, settings_of, write_failed
from partnermap.errors import InputError

if TYPE_CHECKING:
    from partnermap.io.tables import Lang, Table

__all__ = ["query", "register"]


class QueryFormat(StrEnum):
    table = "table"
    csv = "csv"
    xlsx = "xlsx"
    json = "json"


class LangChoice(StrEnum):
    et = "et"
    en = "en"


def _pairs(items: list[str]) -> dict[str, str]:
    """``KEY=VALUE`` texts as a mapping; InputError naming every one without ``=``."""
    bad = [item for item in items if "=" not in item or not item.split("=", 1)[0].strip()]
    if bad:
        raise InputError(f"--var takes KEY=VALUE, not {', '.join(repr(b) for b in bad)}")
    return {key.strip(): value for key, value in (item.split("=", 1) for item in items)}


def _list_questions(folders: list[Path]) -> None:
    from partnermap.io.saved import load_questions

    for question in load_questions(folders).values():
        variables = ", ".join(f"{v.name}: {v.type}" for v in question.variables) or "no variables"
        out.print(f"{question.name}  ({variables})\n    {question.title}", markup=False)


def _print_table(found: Table, lang: Lang) -> None:
    """A table as a table when it fits the terminal, else one block of ``header: value`` per row."""
    from rich.table import Table as RichTable

    from partnermap.io.tables import cell_text, header, table_title

    heads = [header(c, lang) for c in found.columns]
    cells = [[cell_text(row.get(c), lang) for c in found.columns] for row in found.rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(heads)]
    title = table_title(found, lang)
    if sum(widths) + 3 * len(widths) + 1 <= out.width:
        shown = RichTable(title=title, title_justify="left")
        for head in heads:
            shown.add_column(head)
        for row in cells:
            shown.add_row(*row)
        out.print(shown)
        return
    for n, row in enumerate(cells, start=1):
        out.print(f"{title} {n}/{len(cells)}", markup=False, style="bold")
        for head, value in zip(heads, row, strict=True):
            if value:
                out.print(f"  {head}: {value}", markup=False)
    if not cells:
        out.print(f"{title}: -", markup=False)


@reports_errors
def query(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(
            help="The saved question (file name in graphql/queries/); none: list them.", show_default=False
        ),
    ] = None,
    var: Annotated[
        list[str] | None,
        typer.Option(
            "--var",
            help="A variable: KEY=VALUE (repeat for more); a required one left out takes "
            "the question's example value.",
        ),
    ] = None,
    fmt: Annotated[
        QueryFormat, typer.Option("--format", "-f", help="table, csv, xlsx (needs --output) or json.")
    ] = QueryFormat.table,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write (default: print).", show_default=False),
    ] = None,
    lang: Annotated[
        LangChoice, typer.Option("--lang", help="et or en: headers, dates and decimals of tables.")
    ] = LangChoice.et,
    table: Annotated[
        str | None,
        typer.Option(
            "--table",
            help="csv: the table to write (e.g. bridges.brokers; default the first).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Run a saved question by name: a table, CSV or XLSX for Excel, or JSON.

    The questions are graphql/queries/*.graphql and those of $PARTNERMAP_API_QUERIES_DIR.
    """
    from partnermap.api.saved import ask_saved_question, question_folders
    from partnermap.api.settings import get_api_settings
    from partnermap.io.tables import render_answer, tables_of

    settings = get_api_settings(base=settings_of(ctx))
    if name is None:
        _list_questions(question_folders(settings))
        return
    if fmt is QueryFormat.xlsx and output is None:
        raise InputError("--format xlsx writes a file: give --output FILE.xlsx")
    given = _pairs(var or [])
    answer = ask_saved_question(settings, name, given)
    if fmt is QueryFormat.table:
        for found in tables_of(answer.data):
            _print_table(found, lang.value)
        return
    download = render_answer(answer.data, fmt.value, lang.value, name=answer.question.name, table=table)
    if output is None:
        sys.stdout.buffer.write(download.content)
        sys.stdout.flush()
        return
    try:
        output.write_bytes(download.content)
    except OSError as exc:
        raise write_failed(output, exc) from None
    out.print(f"wrote {answer.question.name} to {output}", markup=False)


def register(app: typer.Typer) -> None:
    """Add ``query`` to ``app`` (once; again changes nothing).

    Examples
    --------
    >>> app = typer.Typer()
    >>> register(app); register(app)
    >>> [c.name for c in app.registered_commands]
    ['query']
    """
    if "query" not in {c.name for c in app.registered_commands}:
        app.command(name="query")(query)
