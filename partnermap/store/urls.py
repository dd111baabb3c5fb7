"""Store URLs: parsing and masking the password for messages."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

__all__ = ["mask_url"]


def mask_url(url: str) -> str:
    """The URL with its password replaced by ``***``.

    Examples
    --------
    >>> mask_url("neo4j://neo4j:secret@localhost:7687/partners")
    'neo4j://neo4j:***@localhost:7687/partners'
    >>> mask_url("sqlite:///partnermap.db")
    'sqlite:///partnermap.db'
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparseable URL>"
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    user = parts.username or ""
    return urlunsplit((parts.scheme, f"{user}:***@{host}", parts.path, parts.query, parts.fragment))
