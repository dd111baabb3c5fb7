"""Errors of the API layer and how each reaches a client.

Resolvers raise :class:`partnermap.errors.PartnermapError` subclasses; the
:class:`ErrorPolicy` extension passes their messages through with a machine-readable
``extensions.code`` and masks everything else (no stack traces, no internals): an
unexpected exception becomes ``Internal server error (ref ...)`` and is logged with its
traceback under that reference.

================================  ===================
error                             ``extensions.code``
================================  ===================
UserInputError, DatasetError      BAD_USER_INPUT
NotFoundError                     NOT_FOUND
AuthError                         UNAUTHENTICATED / FORBIDDEN
StoreUnavailableError             STORE_UNAVAILABLE
other StoreError                  STORE_REFUSED
other PartnermapError             BAD_REQUEST
================================  ===================
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Iterator
from functools import cache
from typing import Any

from fastapi.responses import JSONResponse
from graphql import GraphQLError
from pydantic import BaseModel
from strawberry.extensions import SchemaExtension

from partnermap.api.auth import AuthError
from partnermap.errors import (
    DatasetError,
    InputError,
    NotFoundError,
    PartnermapError,
    Problem,
    StoreError,
    StoreUnavailableError,
)

__all__ = [
    "ErrorPolicy",
    "UserInputError",
    "between",
    "camel",
    "error_body",
    "error_code",
    "error_response",
    "extensions_of",
    "input_error",
]

log = logging.getLogger("partnermap.api")


UserInputError = InputError
"""An argument the caller got wrong: a malformed id, a bad date, a page size too large (the
library's :class:`~partnermap.errors.InputError`, under the name GraphQL servers use)."""


def between(name: str, value: int, low: int, high: int) -> int:
    """``value`` if ``low <= value <= high``; UserInputError naming the argument otherwise."""
    if not low <= value <= high:
        raise UserInputError(f"{name} must be between {low} and {high}, not {value}")
    return value


def camel(name: str) -> str:
    """A model field's name as the API spells it: ``valid_to`` -> ``validTo``."""
    return re.sub(r"_([a-z0-9])", lambda m: m[1].upper(), name)


@cache
def _field_names() -> re.Pattern[str]:
    """The model's field names that the API spells otherwise (``valid_from``, ``org_kind``...)."""
    from partnermap import model  # noqa: PLC0415 - the model's classes, once

    classes = [c for c in vars(model).values() if isinstance(c, type) and issubclass(c, BaseModel)]
    names = sorted({f for cls in classes for f in cls.model_fields if "_" in f}, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(names) + r")\b")


def _input_path(path: str) -> str:
    """``valid_to`` -> ``input.validTo``: a record's field as the GraphQL caller named it."""
    return ".".join(["input", *(camel(p) for p in path.split(".") if p)])


def input_error(exc: DatasetError | InputError, *, id_from_name: bool = False) -> UserInputError:
    """A record's problems (:func:`partnermap.io.dataset.record_from_data`) in the API's
    words: each path under ``input`` and each field, in path and message, as the API spells
    it (``input.validTo: validTo 2025-01-01 is before validFrom 2025-12-31``).

    ``id_from_name``: the caller gave no id, so it was to come from the name; a missing id
    is then the name's problem (a blank name is reported once, as the name's).
    """
    fields = _field_names()
    problems: list[Problem] = []
    named = any(p.path == "name" for p in exc.problems)
    for p in exc.problems:
        path, message = p.path, p.message
        if id_from_name and path == "id" and message == "Field required":
            if named:
                continue
            path, message = "name", "the name has no letters or digits to make an id of: give an id"
        message = fields.sub(lambda m: camel(m[1]), message)
        problems.append(Problem(message, path=_input_path(path)))
    lines = "; ".join(str(p) for p in problems)
    return UserInputError(f"invalid input: {lines}", problems)


def error_body(message: str, code: str) -> dict[str, Any]:
    """The JSON body of an error answered outside GraphQL (auth, limits, maps, 500), shaped as
    GraphQL's errors are, so that clients read every error the same way."""
    return {"errors": [{"message": message, "extensions": {"code": code}}]}


def error_code(exc: BaseException) -> str:
    """The ``extensions.code`` of an error a client may see."""
    if isinstance(exc, AuthError):
        return exc.code
    if isinstance(exc, (UserInputError, DatasetError)):
        return "BAD_USER_INPUT"
    if isinstance(exc, NotFoundError):
        return "NOT_FOUND"
    if isinstance(exc, StoreUnavailableError):
        return "STORE_UNAVAILABLE"
    if isinstance(exc, StoreError):
        return "STORE_REFUSED"
    return "BAD_REQUEST"


def error_response(exc: PartnermapError) -> JSONResponse:
    """The JSON response of a library error answered outside GraphQL (saved questions, maps):
    404 when something is not found, 503 when the store is down, 400 otherwise."""
    body = {"errors": [{"message": str(exc), "extensions": extensions_of(exc)}]}
    status = {"NOT_FOUND": 404, "STORE_UNAVAILABLE": 503}.get(error_code(exc), 400)
    return JSONResponse(body, status_code=status)


def extensions_of(exc: BaseException) -> dict[str, Any]:
    """An error's ``extensions``: its code and, for input errors, the problems it lists,
    each with its path and message."""
    problems: list[Problem] = getattr(exc, "problems", None) or []
    listed = [{"path": p.path, "message": p.message} for p in problems]
    return {"code": error_code(exc), **({"problems": listed} if listed else {})}


def _visible(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        return error  # syntax, validation, coercion: graphql-core's own messages
    if isinstance(original, PartnermapError):
        message = original.message if isinstance(original, AuthError) else str(original)
        extensions = {**(error.extensions or {}), **extensions_of(original)}
    else:
        ref = secrets.token_hex(4)
        log.error("internal error %s at %s", ref, error.path, exc_info=original)
        message, original = f"Internal server error (ref {ref})", None
        extensions = {"code": "INTERNAL_SERVER_ERROR"}
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=original,
        extensions=extensions,
    )


class ErrorPolicy(SchemaExtension):
    """Pass user errors through with a code; mask every other error."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if result is not None and errors:
            result.errors = [_visible(e) for e in errors]
