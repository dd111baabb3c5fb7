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
``PARTNERMAP_API_QUERIES_DIR``         a folder of more saved questions (``*.graphql``), run by
                                       name at /queries/ and by ``partnermap query`` besides
                                       the bundled ones (default: none)
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
import json
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

from partnermap.errors import PartnermapError
from partnermap.settings import Settings, env_bool, env_float, env_int, env_list

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


@dataclass(frozen=True)
class ApiSettings(Settings):
    """The library's settings and the API's own; build with :meth:`from_env` at the edge."""

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
    queries_dir: Path | None = None
    cache_seconds: float = 2.0
    host: str = "127.0.0.1"
    port: int = 8000

    @classmethod
    def _fields_from_env(cls, env: Mapping[str, str], *, store_url: str | None) -> dict[str, Any]:
        port = env_int(env, "PARTNERMAP_API_PORT", 8000)
        if port > 65535:
            raise PartnermapError(f"PARTNERMAP_API_PORT must be a port number, not {port}")
        maps_dir = env.get("PARTNERMAP_API_MAPS_DIR")
        queries_dir = (env.get("PARTNERMAP_API_QUERIES_DIR") or "").strip()
        return {
            **super()._fields_from_env(env, store_url=store_url),
            "keys": parse_keys(env.get("PARTNERMAP_API_KEYS", "")),
            "read_open": env_bool(env, "PARTNERMAP_API_READ_OPEN", True),
            "cors_origins": env_list(env, "PARTNERMAP_API_CORS_ORIGINS"),
            "max_body_bytes": env_int(env, "PARTNERMAP_API_MAX_BODY_BYTES", 2_000_000, minimum=1024),
            "max_depth": env_int(env, "PARTNERMAP_API_MAX_DEPTH", 12),
            "max_aliases": env_int(env, "PARTNERMAP_API_MAX_ALIASES", 20, minimum=0),
            "max_tokens": env_int(env, "PARTNERMAP_API_MAX_TOKENS", 4000, minimum=100),
            "max_page_size": env_int(env, "PARTNERMAP_API_MAX_PAGE_SIZE", 100),
            "graphiql": env_bool(env, "PARTNERMAP_API_GRAPHIQL", True),
            "maps_dir": Path(maps_dir) if maps_dir else Path.cwd() / "visuals",
            "queries_dir": Path(queries_dir) if queries_dir else None,
            "cache_seconds": env_float(env, "PARTNERMAP_API_CACHE_SECONDS", 2.0),
            "host": env.get("PARTNERMAP_API_HOST", "").strip() or "127.0.0.1",
            "port": port,
        }

    def to_json(self) -> str:
        """These settings as JSON (key digests only: plain keys are never kept)."""
        data = asdict(self)
        data["maps_dir"] = str(self.maps_dir)
        data["queries_dir"] = str(self.queries_dir) if self.queries_dir else None
        return json.dumps(data)

    @classmethod
    def from_json(cls, text: str) -> ApiSettings:
        """Settings :meth:`to_json` wrote.

        Examples
        --------
        >>> s = ApiSettings(store_url="sqlite:///x.db", queries_dir=Path("q"))
        >>> s = s.with_keys(**{"k" * 16: "write"})
        >>> ApiSettings.from_json(s.to_json()) == s
        True
        """
        data = json.loads(text)
        data["keys"] = tuple(ApiKey(**key) for key in data["keys"])
        data["cors_origins"] = tuple(data["cors_origins"])
        data["maps_dir"] = Path(data["maps_dir"])
        data["queries_dir"] = Path(data["queries_dir"]) if data.get("queries_dir") else None
        return cls(**data)

    def with_keys(self, **plain: ApiRole) -> ApiSettings:
        """A copy with these plain keys added (hashed at once): ``with_keys(k1="write")``."""
        extra = tuple(ApiKey.from_plain(key, role) for key, role in plain.items())
        return replace(self, keys=self.keys + extra)


def get_api_settings(
    *, store_url: str | None = None, env: Mapping[str, str] | None = None, base: Settings | None = None
) -> ApiSettings:
    """API settings from ``env`` (default: the process environment).

    ``base``, when given (the command line's settings), wins for the library's fields.
    """
    settings = ApiSettings.from_env(env, store_url=store_url)
    if base is not None:
        settings = replace(settings, **{f.name: getattr(base, f.name) for f in fields(Settings)})
    return settings
