"""``partnermap survey``: partnership survey waves.

::

    partnermap survey links wave:elvl-2026 --base-url https://kaart.example.ee -o links.csv
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from partnermap.cli.common import open_store_of, out, reports_errors, write_failed

__all__ = ["links", "register", "survey_app"]

survey_app = typer.Typer(
    name="survey",
    help="Partnership survey waves: links to the web form.",
    no_args_is_help=True,
)


@survey_app.command()
@reports_errors
def links(
    ctx: typer.Context,
    wave: Annotated[str, typer.Argument(help="The wave: its id (wave:elvl-2026) or slug (elvl-2026).")],
    base_url: Annotated[
        str,
        typer.Option(
            "--base-url", help="Where the API is served for respondents, e.g. https://kaart.example.ee."
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the links to this CSV file instead of printing them."),
    ] = None,
) -> None:
    """Make each respondent's link to the web form (new links: the ones sent before stop working)."""
    from partnermap.surveys.tokens import survey_links

    with open_store_of(ctx) as store:
        try:
            made = survey_links(store, wave, base_url, out=output)
        except OSError as exc:
            raise write_failed(output or Path("."), exc) from None
    if output is not None:
        out.print(f"wrote {len(made)} links to {output}; send each to its respondent", markup=False)
        return
    for link in made:  # tab-separated and unwrapped (not rich): for scripts and mail merges
        typer.echo(f"{link.respondent}\t{link.name}\t{link.url}")


def register(app: typer.Typer) -> None:
    """Add the ``survey`` group to ``app`` (once; again changes nothing).

    Examples
    --------
    >>> app = typer.Typer()
    >>> register(app); register(app)
    >>> [g.name for g in app.registered_groups]
    ['survey']
    """
    if "survey" not in {g.name for g in app.registered_groups}:
        app.add_typer(survey_app, name="survey")
