"""``partnermap serve``, ``partnermap api-key`` and ``partnermap schema``: the API's commands.

::

    partnermap serve                          # GraphiQL at http://127.0.0.1:8000/graphql
    partnermap --store neo4j://... serve --host 0.0.0.0 --port 8080 --workers 2
    partnermap api-key --role write           # a new key and its PARTNERMAP_API_KEYS entry
    partnermap schema -o graphql/schema.graphql
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from partnermap.cli.common import err, out, reports_errors, settings_of, write_failed

__all__ = ["api_key", "register", "schema", "serve"]


class RoleChoice(StrEnum):
    read = "read"
    write = "write"


@reports_errors
def serve(
    ctx: typer.Context,
    host: Annotated[
        str | None,
        typer.Option("--host", help="Interface to listen on (default $PARTNERMAP_API_HOST or 127.0.0.1)."),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option("--port", min=1, max=65535, help="Port (default $PARTNERMAP_API_PORT or 8000)."),
    ] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="Worker processes.")] = 1,
    log_level: Annotated[str, typer.Option("--log-level", help="uvicorn log level.")] = "info",
) -> None:
    """Serve the GraphQL API (GraphiQL at /graphql), /healthz and the maps (/maps/)."""
    from partnermap.api.server import serve_api
    from partnermap.api.settings import get_api_settings
    from partnermap.store.urls import mask_url

    settings = get_api_settings(base=settings_of(ctx))
    settings = settings.replace(host=host or settings.host, port=port or settings.port)
    err.print(
        f"serving {mask_url(settings.store_url)} at http://{settings.host}:{settings.port}/graphql "
        f"(maps at /maps/, health at /healthz)",
        markup=False,
    )
    serve_api(settings, workers=workers, log_level=log_level)


def api_key(
    role: Annotated[RoleChoice, typer.Option("--role", help="read or write.")] = RoleChoice.read,
) -> None:
    """Make a new API key: give the key to the client, the entry to PARTNERMAP_API_KEYS."""
    from partnermap.keys import new_key

    key, entry = new_key("write" if role is RoleChoice.write else "read")
    out.print(f"key (give to the client; it is not stored anywhere): {key}", markup=False)
    out.print(f"PARTNERMAP_API_KEYS entry (keep on the server):     {entry}", markup=False)


@reports_errors
def schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: print the SDL).")
    ] = None,
) -> None:
    """Print or write the GraphQL schema (SDL), e.g. to graphql/schema.graphql."""
    from partnermap.api.sdl import schema_sdl, write_schema

    if output is None:
        sys.stdout.write(schema_sdl())
        return
    try:
        write_schema(output)
    except OSError as exc:
        raise write_failed(output, exc) from None
    out.print(f"wrote the GraphQL schema to {output}", markup=False)


def register(app: typer.Typer) -> None:
    """Add ``serve``, ``api-key`` and ``schema`` to ``app`` (once; again changes nothing).

    Examples
    --------
    >>> app = typer.Typer()
    >>> register(app); register(app)
    >>> sorted(c.name for c in app.registered_commands)
    ['api-key', 'schema', 'serve']
    """
    present = {c.name for c in app.registered_commands}
    for name, func in (("serve", serve), ("api-key", api_key), ("schema", schema)):
        if name not in present:
            app.command(name=name)(func)
