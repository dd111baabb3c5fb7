"""``partnermap serve``, ``partnermap api-key`` and ``partnermap schema``: the API's commands.

::

    partnermap serve                          # GraphiQL at http://127.0.0.1:8000/graphql
    partnermap --store neo4j://... serve --host 0.0.0.0 --port 8080 --workers 2
    partnermap api-key --role write           # a new key and its PARTNERMAP_API_KEYS entry
    partnermap schema -o graphql/schema.graphql

The commands join the main app through :func:`register` (``register(app)`` in
:mod:`partnermap.cli`); registering twice changes nothing.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from partnermap.errors import PartnermapError

__all__ = ["register", "schema_sdl", "write_schema"]

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "graphql" / "schema.graphql"
"""Where the exported SDL lives in a source checkout."""


class RoleChoice(StrEnum):
    read = "read"
    write = "write"


def schema_sdl() -> str:
    """The API's schema as SDL text (what graphql/schema.graphql holds)."""
    from partnermap.api import make_schema  # noqa: PLC0415 - keep `partnermap --help` fast

    return make_schema().as_str().rstrip() + "\n"


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    """Write the SDL to ``path`` (default: graphql/schema.graphql of the checkout)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_sdl(), encoding="utf-8")
    return path


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code=1)


def _store_url(ctx: typer.Context) -> str | None:
    """The global ``--store`` (or ``PARTNERMAP_STORE``) the main callback resolved."""
    return getattr(ctx.obj, "store_url", None)


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
    import uvicorn  # noqa: PLC0415

    from partnermap.api import create_app, get_api_settings  # noqa: PLC0415
    from partnermap.store.urls import mask_url  # noqa: PLC0415

    try:
        settings = get_api_settings(store_url=_store_url(ctx))
    except PartnermapError as exc:
        raise _fail(str(exc)) from None
    host = host or settings.host
    port = port or settings.port
    typer.echo(
        f"serving {mask_url(settings.store_url)} at http://{host}:{port}/graphql "
        f"(maps at /maps/, health at /healthz)",
        err=True,
    )
    if workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level)
        return
    os.environ["PARTNERMAP_STORE"] = settings.store_url  # the workers read their settings anew
    uvicorn.run(
        "partnermap.api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
    )


def api_key(
    role: Annotated[RoleChoice, typer.Option("--role", help="read or write.")] = RoleChoice.read,
) -> None:
    """Make a new API key: give the key to the client, the entry to PARTNERMAP_API_KEYS."""
    from partnermap.api.auth import new_key  # noqa: PLC0415

    key, entry = new_key("write" if role is RoleChoice.write else "read")
    typer.echo(f"key (give to the client; it is not stored anywhere): {key}")
    typer.echo(f"PARTNERMAP_API_KEYS entry (keep on the server):     {entry}")


def schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: print the SDL).")
    ] = None,
) -> None:
    """Print or write the GraphQL schema (SDL), e.g. to graphql/schema.graphql."""
    if output is None:
        sys.stdout.write(schema_sdl())
        return
    try:
        write_schema(output)
    except OSError as exc:
        raise _fail(f"cannot write {output}: {exc.strerror}") from None
    typer.echo(f"wrote the GraphQL schema to {output}")


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


def main() -> None:
    """``python -m partnermap.cli_api``: write graphql/schema.graphql."""
    typer.echo(f"wrote {write_schema()}")


if __name__ == "__main__":
    main()
