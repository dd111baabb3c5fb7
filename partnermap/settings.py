"""Settings in one place, read from the environment (``PARTNERMAP_*``) at the edges only.

The command line's main callback and :func:`partnermap.api.app.create_app` build a
:class:`Settings` (:meth:`Settings.from_env`) and pass it down; nothing below them reads the
environment. Library users build one themselves, or use the defaults.

=====================================  ==========================================================
``PARTNERMAP_STORE``                   the store URL (default ``./partnermap.db``)
``PARTNERMAP_NEO4J_RETRY_SECONDS``     how long a Neo4j write keeps retrying after transient
                                       errors or a lost server (default 30)
=====================================  ==========================================================

The API's own settings (keys, limits, cache; ``PARTNERMAP_API_*``) extend these in
:class:`partnermap.api.settings.ApiSettings`.

Examples
--------
>>> s = Settings.from_env({"PARTNERMAP_STORE": "sqlite:///x.db"})
>>> s.store_url, s.neo4j_retry_seconds
('sqlite:///x.db', 30.0)
>>> Settings.from_env({"PARTNERMAP_NEO4J_RETRY_SECONDS": "soon"})
Traceback (most recent call last):
...
partnermap.errors.PartnermapError: PARTNERMAP_NEO4J_RETRY_SECONDS must be a number of seconds, not 'soon'
"""

from __future__ import annotations

import functools
import json
import os
import re
import typing
from collections.abc import Callable, Mapping
from dataclasses import MISSING, asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Self, cast

from partnermap.errors import PartnermapError

__all__ = [
    "DEFAULT_DB_FILE",
    "Settings",
    "default_store_url",
    "env_bool",
    "env_float",
    "env_int",
    "env_list",
    "env_value",
    "from_env",
]

DEFAULT_DB_FILE = "partnermap.db"


def default_store_url() -> str:
    """``partnermap.db`` in the working directory."""
    return f"sqlite:///{Path.cwd() / DEFAULT_DB_FILE}"


# --------------------------------------------------------------------------- one parser per type


def env_float(env: Mapping[str, str], name: str, default: float) -> float:
    """A number of seconds >= 0 from ``env[name]`` (``default`` when unset or blank)."""
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


def env_bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    """true/false (also 1/0, yes/no, on/off) from ``env[name]``."""
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise PartnermapError(f"{name} must be true or false, not {raw!r}")


def env_int(env: Mapping[str, str], name: str, default: int, minimum: int = 1) -> int:
    """A whole number of at least ``minimum`` (``1_000`` allowed) from ``env[name]``."""
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


def env_list(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    """Comma- or whitespace-separated items of ``env[name]``."""
    return tuple(item for item in re.split(r"[\s,]+", env.get(name) or "") if item)


Reader = Callable[[Mapping[str, str], str, Any], Any]
"""Reads a setting: ``read(env, variable, default)``."""


def env_value(env: Mapping[str, str], name: str, default: Any, minimum: int = 1) -> Any:
    """``env[name]`` read by the parser of ``default``'s type (bool, int of at least ``minimum``,
    float, tuple of items, Path, str); ``default`` when unset or blank."""
    if isinstance(default, bool):
        return env_bool(env, name, default)
    if isinstance(default, int):
        return env_int(env, name, default, minimum)
    if isinstance(default, float):
        return env_float(env, name, default)
    if isinstance(default, tuple):
        return env_list(env, name)
    raw = (env.get(name) or "").strip()
    return (Path(raw) if isinstance(default, Path) else raw) if raw else default


def from_env(variable: str, *, minimum: int = 1, read: Reader | None = None) -> dict[str, Any]:
    """A settings field's metadata: it is read from ``variable`` by ``read`` (default:
    :func:`env_value`, at least ``minimum`` for a whole number)."""
    return {"env": variable, "read": read or functools.partial(env_value, minimum=minimum)}


@dataclass(frozen=True)
class Settings:
    """Runtime settings of the library: the store and how it is used.

    Build one at an edge with :meth:`from_env` (the environment, with explicit overrides such
    as ``--store`` winning) and pass it down; :meth:`replace` makes a changed copy.
    """

    store_url: str = field(default_factory=default_store_url)
    neo4j_retry_seconds: float = field(default=30.0, metadata=from_env("PARTNERMAP_NEO4J_RETRY_SECONDS"))

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, *, store_url: str | None = None) -> Self:
        """Settings from ``env`` (default: the process environment)."""
        env = os.environ if env is None else env
        return cls(**cls._fields_from_env(env, store_url=store_url))

    @classmethod
    def _fields_from_env(cls, env: Mapping[str, str], *, store_url: str | None) -> dict[str, Any]:
        """The constructor's arguments read from ``env``: each field whose metadata names a
        variable (:func:`from_env`), and the store."""
        values = {"store_url": store_url or env_value(env, "PARTNERMAP_STORE", default_store_url())}
        for f in fields(cls):
            if "env" in f.metadata:
                default = cast(Callable[[], Any], f.default_factory)() if f.default is MISSING else f.default
                values[f.name] = f.metadata["read"](env, f.metadata["env"], default)
        return values

    def to_json(self) -> str:
        """These settings as JSON, to hand to another process (keys only as their digests)."""
        return json.dumps(asdict(self), default=str)

    @classmethod
    def from_json(cls, text: str) -> Self:
        """Settings :meth:`to_json` wrote, each value of its field's type again.

        Examples
        --------
        >>> s = Settings(store_url="sqlite:///x.db", neo4j_retry_seconds=5.0)
        >>> Settings.from_json(s.to_json()) == s
        True
        """
        hints = typing.get_type_hints(cls)
        return cls(**{name: _typed(hints[name], value) for name, value in json.loads(text).items()})

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed."""
        return replace(self, **changes)


def _typed(hint: Any, value: Any) -> Any:
    """A JSON value as a field of type ``hint`` holds it: a Path, a tuple (of dataclasses)."""
    if hint is Path or (value is not None and Path in typing.get_args(hint)):  # Path | None
        return Path(value)
    if typing.get_origin(hint) is tuple:
        item: Any = typing.get_args(hint)[0]
        return tuple(item(**v) if isinstance(v, dict) else v for v in value)  # dicts were dataclasses
    return value
