"""Settings in one place: every value comes from the environment (``PARTNERMAP_*``)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from partnermap.errors import PartnermapError

DEFAULT_DB_FILE = "partnermap.db"


def _default_store() -> str:
    return os.environ.get("PARTNERMAP_STORE") or f"sqlite:///{Path.cwd() / DEFAULT_DB_FILE}"


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        raise PartnermapError(f"{name} must be a number of seconds, not {raw!r}") from None
    if not 0 <= value < float("inf"):
        raise PartnermapError(f"{name} must be a number of seconds >= 0, not {raw!r}")
    return value


@dataclass(frozen=True)
class Settings:
    """Runtime settings; build with :func:`get_settings` so the environment is read once.

    ``PARTNERMAP_STORE``: the store URL. ``PARTNERMAP_NEO4J_RETRY_SECONDS``: how long a
    Neo4j write keeps retrying after transient errors or a lost server (default 30).
    """

    store_url: str = field(default_factory=_default_store)
    neo4j_retry_seconds: float = field(
        default_factory=lambda: _env_float("PARTNERMAP_NEO4J_RETRY_SECONDS", 30.0)
    )


def get_settings(*, store_url: str | None = None) -> Settings:
    """Settings from the environment, with explicit overrides (e.g. ``--store``) winning."""
    settings = Settings()
    if store_url is not None:
        settings = replace(settings, store_url=store_url)
    return settings
