"""Settings in one place: every value comes from the environment (``PARTNERMAP_*``)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_DB_FILE = "partnermap.db"


def _default_store() -> str:
    return os.environ.get("PARTNERMAP_STORE") or f"sqlite:///{Path.cwd() / DEFAULT_DB_FILE}"


@dataclass(frozen=True)
class Settings:
    """Runtime settings; build with :func:`get_settings` so the environment is read once."""

    store_url: str = field(default_factory=_default_store)


def get_settings(**overrides: str | None) -> Settings:
    """Settings from the environment, with explicit overrides (e.g. ``--store``) winning."""
    given = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**given)
