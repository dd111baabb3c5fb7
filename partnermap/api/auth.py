"""API keys: who is calling, and may they read or write.

A key is sent as ``Authorization: Bearer KEY`` or ``X-API-Key: KEY``. The server keeps
only SHA-256 digests of its keys (:mod:`partnermap.api.settings`) and compares the
digest of a presented key with every one of them in constant time
(:func:`hmac.compare_digest`), so neither the keys nor the time a comparison takes give
anything away.

Roles: ``read`` may query; ``write`` may query and mutate. Reading is open to everyone
unless ``PARTNERMAP_API_READ_OPEN=false``.

=======================================  ======  ==========================================
situation                                status  message
=======================================  ======  ==========================================
no key, reading keyed                    401     reading needs an API key ...
no key, a mutation                       401     writing needs an API key with the write role
a key that matches none                  401     the API key is not valid
a read key, a mutation                   403     this API key has the read role ...
=======================================  ======  ==========================================

Examples
--------
>>> from partnermap.api.settings import ApiSettings
>>> settings = ApiSettings(store_url="sqlite:///:memory:").with_keys(**{"k" * 16: "write"})
>>> authenticate({"x-api-key": "k" * 16}, settings).can_write
True
>>> authenticate({}, settings).role is None
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from partnermap.api.settings import ApiSettings
from partnermap.errors import PartnermapError
from partnermap.keys import ApiRole, new_key, role_of

__all__ = [
    "AuthError",
    "Principal",
    "authenticate",
    "check_read",
    "check_write",
    "new_key",
]

_HOW = "send it as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'"


class AuthError(PartnermapError):
    """A request the key (or its absence) does not allow: 401 or 403."""

    def __init__(self, status: int, message: str, code: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code


@dataclass(frozen=True)
class Principal:
    """The caller: the role of the key they sent (None without a key)."""

    role: ApiRole | None = None
    key_sent: bool = False

    @property
    def can_write(self) -> bool:
        return self.role == "write"

    @property
    def can_read(self) -> bool:
        return self.role in ("read", "write")


def _presented_key(headers: Mapping[str, str]) -> str | None:
    lowered = {k.lower(): v for k, v in headers.items()}
    key = lowered.get("x-api-key")
    if key is None:
        auth = lowered.get("authorization", "")
        scheme, _, value = auth.strip().partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            key = value
        elif auth.strip():
            raise AuthError(
                401, f"the Authorization header must be 'Bearer <key>'; {_HOW}", "UNAUTHENTICATED"
            )
    return key.strip() if key is not None else None


def authenticate(headers: Mapping[str, str], settings: ApiSettings) -> Principal:
    """The principal the request's headers name; AuthError(401) for a key that is not valid."""
    key = _presented_key(headers)
    if key is None:
        return Principal()
    role = role_of(settings.keys, key)
    if role is None:
        raise AuthError(401, "the API key is not valid", "UNAUTHENTICATED")
    return Principal(role=role, key_sent=True)


def check_read(principal: Principal, settings: ApiSettings) -> None:
    """Raise AuthError unless the principal may read."""
    if settings.read_open or principal.can_read:
        return
    raise AuthError(401, f"reading needs an API key with the read or write role; {_HOW}", "UNAUTHENTICATED")


def check_write(principal: Principal) -> None:
    """Raise AuthError unless the principal may write (run mutations)."""
    if principal.can_write:
        return
    if principal.role is None:
        raise AuthError(401, f"writing needs an API key with the write role; {_HOW}", "UNAUTHENTICATED")
    raise AuthError(
        403, f"this API key has the {principal.role} role; writing needs the write role", "FORBIDDEN"
    )
