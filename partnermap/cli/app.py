"""The ``partnermap`` command: the main callback and every command group, assembled.

Every command honours the global ``--store URL`` option (given before the command) and
``PARTNERMAP_STORE``; the default is ``partnermap.db`` in the working directory. The
callback reads the environment once into :class:`~partnermap.settings.Settings`; the
commands get them from the context. Errors a user can cause print one clear message
(file, line or path, field) and exit 1, without a traceback.
"""

from __future__ import annotations

from typing import Annotated

import typer

from partnermap.cli import api, data, maps, metrics, questions, survey
from partnermap.cli.common import State, reports_errors
from partnermap.settings import Settings

__all__ = ["app", "run"]

app = typer.Typer(
    rich_markup_mode=None,  # plain help: rich would double the start-up of --help
    name="partnermap",
    help="Map partnership networks of Estonian municipalities, NGOs, LEADER groups and agencies.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
@reports_errors
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
    ctx.obj = State(settings=Settings.from_env(store_url=store))


data.register(app)
metrics.register(app)
maps.register(app)
api.register(app)
questions.register(app)
survey.register(app)


def run() -> None:
    """Entry point of the ``partnermap`` script."""
    app()
