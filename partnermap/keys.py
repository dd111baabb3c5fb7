"""API keys as a server keeps them: a role and the SHA-256 digest of the key, never the key.

``PARTNERMAP_API_KEYS`` lists them as ``ROLE:sha256:HEX`` entries; ``partnermap api-key``
makes a fresh key and its entry (:func:`new_key`). Checking a presented key is the API's
(:mod:`partnermap.api.auth`).

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
import re
import secrets
from dataclasses import dataclass, field
from typing import Literal

from partnermap.errors import PartnermapError

__all__ = ["ROLES", "ApiKey", "ApiRole", "hash_key", "new_key", "parse_keys", "role_of"]

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


def role_of(keys: tuple[ApiKey, ...], key: str) -> ApiRole | None:
    """The role a presented key has among ``keys`` (write if it is listed under both), or None.

    Every key is compared, in constant time, so the time taken does not tell which matched.

    Examples
    --------
    >>> keys = (ApiKey.from_plain("reader-key", "read"), ApiKey.from_plain("writer-key", "write"))
    >>> role_of(keys, "writer-key"), role_of(keys, "reader-key"), role_of(keys, "guess-key")
    ('write', 'read', None)
    """
    digest = hash_key(key)
    role: ApiRole | None = None
    for candidate in keys:
        if candidate.matches(digest) and (role is None or candidate.role == "write"):
            role = candidate.role
    return role


def new_key(role: ApiRole) -> tuple[str, str]:
    """A fresh random key and its ``PARTNERMAP_API_KEYS`` entry: ``(key, entry)``."""
    key = secrets.token_urlsafe(32)
    return key, ApiKey.from_plain(key, role).entry()
