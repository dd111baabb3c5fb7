"""Limits on what one request may ask: query depth, aliases, tokens, body size.

Depth, aliases and tokens are strawberry extensions (validation errors with a clear
message, HTTP 200 as GraphQL errors are); the body size is an ASGI middleware that
answers 413 before the body is read past the limit.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable

from graphql import ASTValidationRule, specified_rules
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from partnermap.api.errors import error_body
from partnermap.api.settings import ApiSettings

__all__ = ["BodySizeLimit", "limit_extensions", "validation_rules"]


def validation_rules(settings: ApiSettings) -> list[type[ASTValidationRule]]:
    """Every rule a document must pass: graphql-core's and the depth and alias limits."""
    return [*specified_rules, *_limit_rules(settings)]


@functools.cache
def _limit_rules(settings: ApiSettings) -> tuple[type[ASTValidationRule], ...]:
    return (
        *QueryDepthLimiter(max_depth=settings.max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules,
    )


def limit_extensions(settings: ApiSettings) -> list[Callable[[], SchemaExtension]]:
    """Factories of the schema extensions that enforce the settings' limits.

    The depth and alias rules are made once, so that every request validates with the
    same rule classes and :class:`~strawberry.extensions.ValidationCache` can reuse the
    result for a document it has seen (parsing is cached too, with the token limit).
    """
    rules = list(_limit_rules(settings))
    return [
        functools.partial(MaxTokensLimiter, max_token_count=settings.max_tokens),
        functools.partial(AddValidationRules, rules),
        functools.partial(ParserCache, maxsize=512),
        functools.partial(ValidationCache, maxsize=512),
    ]


class _TooLarge(Exception):
    pass


class BodySizeLimit:
    """Refuse request bodies larger than ``limit`` bytes with 413 and a JSON message."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    def _message(self) -> bytes:
        text = (
            f"the request body is larger than the limit of {self.limit} bytes (PARTNERMAP_API_MAX_BODY_BYTES)"
        )
        return json.dumps(error_body(text, "PAYLOAD_TOO_LARGE")).encode()

    async def _refuse(self, send: Send) -> None:
        body = self._message()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > self.limit:
                    await self._refuse(send)
                    return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._refuse(send)
