"""API settings from the environment: every value checked, with a message naming the variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnermap.api.settings import get_api_settings, hash_key, parse_keys
from partnermap.errors import PartnermapError


def test_defaults() -> None:
    settings = get_api_settings(store_url="sqlite:///x.db", env={})
    assert settings.keys == () and settings.read_open and settings.graphiql
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert settings.max_depth == 12 and settings.max_page_size == 100
    assert settings.maps_dir == Path.cwd() / "visuals"


def test_values_from_the_environment() -> None:
    env = {
        "PARTNERMAP_API_KEYS": f"write:sha256:{hash_key('a' * 20)}, read:sha256:{hash_key('b' * 20).upper()}",
        "PARTNERMAP_API_READ_OPEN": "false",
        "PARTNERMAP_API_CORS_ORIGINS": "https://a.example, https://b.example",
        "PARTNERMAP_API_MAX_BODY_BYTES": "1_000_000",
        "PARTNERMAP_API_MAX_DEPTH": "8",
        "PARTNERMAP_API_GRAPHIQL": "no",
        "PARTNERMAP_API_PORT": "9000",
        "PARTNERMAP_API_MAPS_DIR": "/srv/maps",
        "PARTNERMAP_API_CACHE_SECONDS": "0.5",
    }
    settings = get_api_settings(store_url="sqlite:///x.db", env=env)
    assert [k.role for k in settings.keys] == ["write", "read"]
    assert settings.keys[1].digest == hash_key("b" * 20)
    assert not settings.read_open and not settings.graphiql
    assert settings.cors_origins == ("https://a.example", "https://b.example")
    assert (settings.max_body_bytes, settings.max_depth, settings.port) == (1_000_000, 8, 9000)
    assert settings.maps_dir == Path("/srv/maps") and settings.cache_seconds == 0.5


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("PARTNERMAP_API_KEYS", "write:hunter2", "is not ROLE:sha256:HEX"),
        ("PARTNERMAP_API_KEYS", f"admin:sha256:{'0' * 64}", "unknown role 'admin'"),
        ("PARTNERMAP_API_READ_OPEN", "maybe", "must be true or false"),
        ("PARTNERMAP_API_MAX_DEPTH", "deep", "must be a whole number"),
        ("PARTNERMAP_API_MAX_DEPTH", "0", "must be at least 1"),
        ("PARTNERMAP_API_PORT", "70000", "must be a port number"),
        ("PARTNERMAP_API_CACHE_SECONDS", "-1", "must be a number of seconds >= 0"),
    ],
)
def test_bad_values_are_refused_with_the_variable_named(name: str, value: str, message: str) -> None:
    with pytest.raises(PartnermapError, match=message) as refused:
        get_api_settings(store_url="sqlite:///x.db", env={name: value})
    assert name in str(refused.value)


def test_a_plain_key_is_never_echoed_whole() -> None:
    with pytest.raises(PartnermapError) as refused:
        parse_keys("write:a-very-secret-plain-key-value")
    assert "a-very-secret-plain-key-value" not in str(refused.value)
