"""Settings of the GraphQL API, in one place: every value comes from ``PARTNERMAP_API_*``.

=====================================  ==========================================================
``PARTNERMAP_STORE``                   the store the API serves (see :mod:`partnermap.settings`)
``PARTNERMAP_API_KEYS``                API keys, hashed: ``ROLE:sha256:HEX`` entries separated by
                                       commas or whitespace (``partnermap api-key`` makes one)
``PARTNERMAP_API_READ_OPEN``           ``true`` (default): anyone may read; ``false``: reading
                                       needs a key with the read or write role
``PARTNERMAP_API_CORS_ORIGINS``        origins allowed by CORS, comma-separated (default: none)
``PARTNERMAP_API_MAX_BODY_BYTES``      request body limit (default 2 000 000)
``PARTNERMAP_API_MAX_DEPTH``           query depth limit (default 12)
``PARTNERMAP_API_MAX_ALIASES``         alias limit per document (default 20)
``PARTNERMAP_API_MAX_TOKENS``          token limit per document (default 4000)
``PARTNERMAP_API_MAX_PAGE_SIZE``       largest ``first`` of a list query (default 100)
``PARTNERMAP_API_GRAPHIQL``            serve GraphiQL at /graphql (default true)
``PARTNERMAP_API_MAPS_DIR``            prebuilt maps served under /maps/ when the maps package
                                       cannot draw them on the fly (default ``./visuals``)
``PARTNERMAP_API_CACHE_SECONDS``       how long what the API read from the store (records,
                                       graph snapshots, maps) is reused; writes through the
                                       API drop it at once; 0 turns reuse off (default 2)
``PARTNERMAP_API_HOST``, ``_PORT``     where ``partnermap serve`` listens (127.0.0.1:8000)
=====================================  ==========================================================

Examples
--------
>>> key = ApiKey.from_plain("s3cret-key", "write")
>>> key.matches(hash_key("s3cret-key")), key.matches(hash_key("other"))
(True, False)
>>> parse_keys(f"read:sha256:{hash_key('abc')}")[0].role
'read'
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from partnermap.errors import PartnermapError
from partnermap.settings import get_settings

__all__ = ["ROLES", "ApiKey", "ApiRole", "ApiSettings", "get_api_settings", "hash_key", "parse_keys"]

ApiRole = Literal["read", "write"]
ROLES: tuple[ApiRole, ...] = ("read", "write")
_ENTRY = re.compile(r"^(?P<role>[a-z]+):sha256:(?P<digest>[0-9a-fA-F]{64})$")


def hash_key(key: str) -> str:
    """The SHA-256 hex digest of an API key: the only form in which keys are kept."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ApiKey:
    """An API key as the server keeps it: its role and the SHA-256 digest of the key."""

    role: ApiRole
    digest: str = field(repr=False)

    @classmethod
    def from_plain(cls, key: str, role: ApiRole) -> ApiKey:
        """Hash a plain key at once (for tests and programmatic set-up)."""
        if len(key) < 8:
            raise PartnermapError("an API key must be at least 8 characters long")
        return cls(role=role, digest=hash_key(key))

    def matches(self, digest: str) -> bool:
        """Constant-time comparison with the digest of a presented key."""
        return hmac.compare_digest(self.digest.encode("ascii"), digest.encode("ascii"))

    def entry(self) -> str:
        """This key as a ``PARTNERMAP_API_KEYS`` entry."""
        return f"{self.role}:sha256:{self.digest}"


def parse_keys(text: str, *, variable: str = "PARTNERMAP_API_KEYS") -> tuple[ApiKey, ...]:
    """Parse ``ROLE:sha256:HEX`` entries (comma- or whitespace-separated)."""
    keys: list[ApiKey] = []
    for raw in re.split(r"[\s,]+", text.strip()):
        if not raw:
            continue
        match = _ENTRY.match(raw)
        if match is None:
            shown = raw if len(raw) <= 12 else raw[:12] + "..."
            raise PartnermapError(
                f"{variable}: entry {shown!r} is not ROLE:sha256:HEX (64 hex digits); "
                "keys are configured hashed - run `partnermap api-key` to make one"
            )
        role = match["role"]
        if role not in ROLES:
            raise PartnermapError(f"{variable}: unknown role {role!r} (use read or write)")
        keys.append(ApiKey(role="write" if role == "write" else "read", digest=match["digest"].lower()))
    return tuple(keys)


def _env_bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise PartnermapError(f"{name} must be true or false, not {raw!r}")


def _env_int(env: Mapping[str, str], name: str, default: int, minimum: int = 1) -> int:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip().replace("_", ""))
    except ValueError:
        raise PartnermapError(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise PartnermapError(f"{name} must be at least {minimum}, not {value}")
    return value


def _env_float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = float(raw)
    except ValueError:
        raise PartnermapError(f"{name} must be a number of seconds, not {raw!r}") from None
    if not 0 <= value < float("inf"):
        raise PartnermapError(f"{name} must be a number of seconds >= 0, not {raw!r}")
    return value


def _env_list(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    raw = env.get(name) or ""
    return tuple(item.strip() for item in raw.split(",") if item.strip())


@dataclass(frozen=True)
class ApiSettings:
    """Everything the API reads from its environment; build with :func:`get_api_settings`."""

    store_url: str
    keys: tuple[ApiKey, ...] = ()
    read_open: bool = True
    cors_origins: tuple[str, ...] = ()
    max_body_bytes: int = 2_000_000
    max_depth: int = 12
    max_aliases: int = 20
    max_tokens: int = 4000
    max_page_size: int = 100
    default_page_size: int = 20
    graphiql: bool = True
    maps_dir: Path = field(default_factory=lambda: Path.cwd() / "visuals")
    cache_seconds: float = 2.0
    host: str = "127.0.0.1"
    port: int = 8000

    def with_keys(self, **plain: ApiRole) -> ApiSettings:
        """A copy with these plain keys added (hashed at once): ``with_keys(k1="write")``."""
        extra = tuple(ApiKey.from_plain(key, role) for key, role in plain.items())
        return replace(self, keys=self.keys + extra)

    def replace(self, **changes: Any) -> ApiSettings:
        """A copy with some fields changed."""
        return replace(self, **changes)


def get_api_settings(*, store_url: str | None = None, env: Mapping[str, str] | None = None) -> ApiSettings:
    """API settings from the environment (``env`` defaults to ``os.environ``)."""
    env = os.environ if env is None else env
    store = store_url or get_settings().store_url
    port = _env_int(env, "PARTNERMAP_API_PORT", 8000)
    if port > 65535:
        raise PartnermapError(f"PARTNERMAP_API_PORT must be a port number, not {port}")
    maps_dir = env.get("PARTNERMAP_API_MAPS_DIR")
    return ApiSettings(
        store_url=store,
        keys=parse_keys(env.get("PARTNERMAP_API_KEYS", "")),
        read_open=_env_bool(env, "PARTNERMAP_API_READ_OPEN", True),
        cors_origins=_env_list(env, "PARTNERMAP_API_CORS_ORIGINS"),
        max_body_bytes=_env_int(env, "PARTNERMAP_API_MAX_BODY_BYTES", 2_000_000, minimum=1024),
        max_depth=_env_int(env, "PARTNERMAP_API_MAX_DEPTH", 12),
        max_aliases=_env_int(env, "PARTNERMAP_API_MAX_ALIASES", 20, minimum=0),
        max_tokens=_env_int(env, "PARTNERMAP_API_MAX_TOKENS", 4000, minimum=100),
        max_page_size=_env_int(env, "PARTNERMAP_API_MAX_PAGE_SIZE", 100),
        graphiql=_env_bool(env, "PARTNERMAP_API_GRAPHIQL", True),
        maps_dir=Path(maps_dir) if maps_dir else Path.cwd() / "visuals",
        cache_seconds=_env_float(env, "PARTNERMAP_API_CACHE_SECONDS", 2.0),
        host=env.get("PARTNERMAP_API_HOST", "").strip() or "127.0.0.1",
        port=port,
    )
