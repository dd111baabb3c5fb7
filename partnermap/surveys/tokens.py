"""Form links of a survey wave: one secret token per respondent, kept only as its hash.

A respondent's link (``BASE/survey/<wave-slug>/<token>``) is the only thing that lets
them answer: there are no accounts. The token is made by :func:`secrets.token_urlsafe`
(256 bits), shown once by :func:`issue_tokens` and stored in the wave's ``token_hashes``
as its SHA-256 hex digest, so that a copy of the store gives away no link. Issuing again
replaces a respondent's hash: the old link stops working at once.

Examples
--------
>>> token_hash("abc")[:16]
'ba7816bf8f01cfea'
>>> wave_slug("wave:elvl-coordinators-2026"), wave_id_of("elvl-coordinators-2026")
('elvl-coordinators-2026', 'wave:elvl-coordinators-2026')
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from partnermap.errors import InputError, NotFoundError
from partnermap.model import Node
from partnermap.store.base import Store

__all__ = [
    "SurveyLink",
    "issue_tokens",
    "link_of",
    "links_csv",
    "matching_respondent",
    "respondent_for",
    "survey_links",
    "token_hash",
    "wave_id_of",
    "wave_slug",
]

WAVE_PREFIX = "wave:"
TOKEN_BYTES = 32


def token_hash(token: str) -> str:
    """The SHA-256 hex digest of a token: what the wave keeps instead of the token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def wave_slug(wave_id: str) -> str:
    """A wave id without its ``wave:`` prefix: the part of a link that names the wave."""
    return wave_id.removeprefix(WAVE_PREFIX)


def wave_id_of(text: str) -> str:
    """A wave id from its id or its slug (``elvl-2026`` -> ``wave:elvl-2026``)."""
    return text if text.startswith(WAVE_PREFIX) else WAVE_PREFIX + text


def _wave(store: Store, wave_id: str) -> Node:
    node = store.get_node(wave_id_of(wave_id))
    if node is None or getattr(node, "kind", None) != "survey_wave":
        raise NotFoundError(f"no survey wave {wave_id_of(wave_id)!r}")
    return node


def issue_tokens(store: Store, wave_id: str, respondents: Iterable[str] | None = None) -> dict[str, str]:
    """Make a new form token for each respondent of an open wave (or for the given ones).

    The tokens are returned once (respondent id -> token) and never stored: the wave keeps
    their SHA-256 hashes, written in one transaction with the wave's read. A respondent's
    earlier token stops working.

    Raises
    ------
    NotFoundError
        No such wave.
    InputError
        The wave is closed, or a respondent given is not one of the wave's.
    """
    wave = _wave(store, wave_id)
    asked: list[str] = list(getattr(wave, "respondents", []))
    chosen = asked if respondents is None else list(dict.fromkeys(respondents))
    strangers = [r for r in chosen if r not in asked]
    if strangers:
        raise InputError(f"not respondents of {wave.id}: {', '.join(strangers)}")
    if getattr(wave, "status", "open") == "closed":
        raise InputError(f"{wave.id} is closed: its links would not open a form")
    tokens = {respondent: secrets.token_urlsafe(TOKEN_BYTES) for respondent in chosen}
    hashes = {respondent: token_hash(token) for respondent, token in tokens.items()}

    def replace(node: Node) -> Node:
        kept: dict[str, str] = dict(getattr(node, "token_hashes", {}) or {})
        kept.update(hashes)
        # validated again (model_copy would not): every hash must be of a respondent
        return type(node).model_validate({**node.model_dump(), "token_hashes": kept})

    if store.update_node(wave.id, replace) is None:  # deleted between the read and the write
        raise NotFoundError(f"no survey wave {wave.id!r}")
    return tokens


def matching_respondent(token_hashes: Mapping[str, str], token: str) -> str | None:
    """The respondent whose stored hash is the token's, comparing in constant time.

    Every stored hash is compared (no early exit), so the time taken says nothing about
    which respondent, or how much of a hash, matched.
    """
    given = token_hash(token).encode("ascii")
    found: str | None = None
    for respondent, stored in sorted(token_hashes.items()):
        if hmac.compare_digest(given, stored.encode("ascii", "replace")):
            found = respondent
    return found


def respondent_for(store: Store, wave_id: str, token: str) -> str | None:
    """The respondent a token of the wave belongs to; None for any other token or wave."""
    node = store.get_node(wave_id_of(wave_id))
    if node is None or getattr(node, "kind", None) != "survey_wave":
        return None
    return matching_respondent(getattr(node, "token_hashes", {}) or {}, token)


def link_of(base_url: str, wave_id: str, token: str) -> str:
    """A respondent's form link: ``BASE/survey/<wave-slug>/<token>``."""
    return f"{base_url.rstrip('/')}/survey/{quote(wave_slug(wave_id), safe='')}/{token}"


@dataclass(frozen=True)
class SurveyLink:
    """A respondent's link as it is sent: who (organisation id and name) and where."""

    respondent: str
    name: str
    url: str


def survey_links(store: Store, wave_id: str, base_url: str, *, out: Path | None = None) -> list[SurveyLink]:
    """Issue new tokens for every respondent of a wave and return their links (writing them
    to ``out`` as CSV, ``respondent;name;link``, when given).

    This is ``partnermap survey links``. Each call makes new links and invalidates the
    ones sent before, so send what it returns.
    """
    if not base_url.startswith(("http://", "https://")):
        raise InputError(f"--base-url {base_url!r} must start with http:// or https://")
    tokens = issue_tokens(store, wave_id)
    names: dict[str, Any] = {n.id: n for n in store.list_nodes(ids=list(tokens))}
    links = [
        SurveyLink(
            respondent, getattr(names.get(respondent), "name", respondent), link_of(base_url, wave_id, token)
        )
        for respondent, token in tokens.items()
    ]
    if out is not None:
        out.write_text(links_csv(links), encoding="utf-8")
    return links


def links_csv(links: Iterable[SurveyLink]) -> str:
    """Links as CSV (``;``-separated as Estonian Excel reads it, UTF-8 with a BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["respondent", "name", "link"])
    for link in links:
        writer.writerow([link.respondent, link.name, link.url])
    return "\ufeff" + buffer.getvalue()
