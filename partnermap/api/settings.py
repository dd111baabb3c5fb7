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
``PARTNERMAP_API_COMPILED_READS``     ``true`` (default): queries are answered by compiled plans
                                       (:mod:`partnermap.api.compiled`) where they can be;
                                       ``false``: every request by strawberry's executor
``PARTNERMAP_API_HOST``, ``_PORT``     where ``partnermap serve`` listens (127.0.0.1:8000)
=====================================  ==========================================================

Keys are kept hashed (:mod:`partnermap.keys`).

Examples
--------
>>> settings = ApiSettings.from_env({"PARTNERMAP_API_MAX_DEPTH": "8"}, store_url="sqlite:///x.db")
>>> settings.max_depth, settings.read_open, settings.keys
(8, True, ())
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from partnermap.errors import PartnermapError
from partnermap.keys import ROLES, ApiKey, ApiRole, hash_key, parse_keys
from partnermap.settings import Settings, env_int, from_env

__all__ = ["ROLES", "ApiKey", "ApiRole", "ApiSettings", "get_api_settings", "hash_key", "parse_keys"]


def _keys(env: Mapping[str, str], name: str, default: tuple[ApiKey, ...]) -> tuple[ApiKey, ...]:
    return parse_keys(env.get(name, ""), variable=name) or default


def _port(env: Mapping[str, str], name: str, default: int) -> int:
    port = env_int(env, name, default)
    if port > 65535:
        raise PartnermapError(f"{name} must be a port number, not {port}")
    return port


def _optional_path(env: Mapping[str, str], name: str, default: Path | None) -> Path | None:
    """A folder named by ``env[name]``, or ``default`` when unset or blank."""
    raw = (env.get(name) or "").strip()
    return Path(raw) if raw else default


@dataclass(frozen=True)
class ApiSettings(Settings):
    """The library's settings and the API's own; build with :meth:`from_env` at the edge.

    Examples
    --------
    >>> s = ApiSettings(store_url="sqlite:///x.db").with_keys(**{"k" * 16: "write"})
    >>> ApiSettings.from_json(s.to_json()) == s  # what serve hands its workers
    True
    """

    keys: tuple[ApiKey, ...] = field(default=(), metadata=from_env("PARTNERMAP_API_KEYS", read=_keys))
    read_open: bool = field(default=True, metadata=from_env("PARTNERMAP_API_READ_OPEN"))
    cors_origins: tuple[str, ...] = field(default=(), metadata=from_env("PARTNERMAP_API_CORS_ORIGINS"))
    max_body_bytes: int = field(
        default=2_000_000, metadata=from_env("PARTNERMAP_API_MAX_BODY_BYTES", minimum=1024)
    )
    max_depth: int = field(default=12, metadata=from_env("PARTNERMAP_API_MAX_DEPTH"))
    max_aliases: int = field(default=20, metadata=from_env("PARTNERMAP_API_MAX_ALIASES", minimum=0))
    max_tokens: int = field(default=4000, metadata=from_env("PARTNERMAP_API_MAX_TOKENS", minimum=100))
    max_page_size: int = field(default=100, metadata=from_env("PARTNERMAP_API_MAX_PAGE_SIZE"))
    default_page_size: int = 20
    graphiql: bool = field(default=True, metadata=from_env("PARTNERMAP_API_GRAPHIQL"))
    maps_dir: Path = field(
        default_factory=lambda: Path.cwd() / "visuals", metadata=from_env("PARTNERMAP_API_MAPS_DIR")
    )
    queries_dir: Path | None = field(
        default=None, metadata=from_env("PARTNERMAP_API_QUERIES_DIR", read=_optional_path)
    )
    cache_seconds: float = field(default=2.0, metadata=from_env("PARTNERMAP_API_CACHE_SECONDS"))
    compiled_reads: bool = field(default=True, metadata=from_env("PARTNERMAP_API_COMPILED_READS"))
    host: str = field(default="127.0.0.1", metadata=from_env("PARTNERMAP_API_HOST"))
    port: int = field(default=8000, metadata=from_env("PARTNERMAP_API_PORT", read=_port))

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
