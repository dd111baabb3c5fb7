"""Run the API under uvicorn, in one process or several workers, with the settings given.

uvicorn starts each worker as a fresh interpreter that imports the app factory by name, so
the settings the command line built travel to them whole, as JSON in one variable of the
workers' environment (:data:`WORKER_SETTINGS`); the workers do not read the rest of the
environment again, so what ``serve`` resolved (``--store``, defaults relative to its
working directory) is exactly what every worker uses.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from partnermap.api.settings import ApiSettings

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["WORKER_SETTINGS", "serve_api", "worker_app"]

WORKER_SETTINGS = "PARTNERMAP_WORKER_SETTINGS"


def serve_api(settings: ApiSettings, *, workers: int = 1, log_level: str = "info") -> None:
    """Serve the API at ``settings.host:settings.port`` until interrupted."""
    import uvicorn  # noqa: PLC0415 - only when serving

    from partnermap.api.app import create_app  # noqa: PLC0415

    if workers == 1:
        uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level=log_level)
        return
    os.environ[WORKER_SETTINGS] = settings.to_json()
    uvicorn.run(
        "partnermap.api.server:worker_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=workers,
        log_level=log_level,
    )


def worker_app() -> FastAPI:
    """The app of one worker, built from the settings :func:`serve_api` handed over."""
    from partnermap.api.app import create_app  # noqa: PLC0415

    return create_app(ApiSettings.from_json(os.environ[WORKER_SETTINGS]))
