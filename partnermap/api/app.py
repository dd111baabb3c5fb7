"""The FastAPI application: GraphQL (with GraphiQL) at /graphql, saved questions at /queries,
/healthz, the maps.

:func:`create_app` builds it from :class:`~partnermap.api.settings.ApiSettings`; the
store, the caller and the request context reach the GraphQL layer as FastAPI
dependencies, so tests and servers differ only in the settings (and, for tests that
count store calls, the store) they pass.

Examples
--------
>>> from partnermap.api.settings import ApiSettings
>>> app = create_app(ApiSettings(store_url="sqlite:///:memory:"))
>>> app.title, app.state.settings.graphiql
('partnermap', True)
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Hashable
from contextlib import asynccontextmanager
from datetime import date
from functools import lru_cache
from typing import Any

import strawberry
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from graphql import GraphQLError, OperationDefinitionNode, parse
from strawberry.fastapi import GraphQLRouter
from strawberry.http import GraphQLRequestData
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionResult

from partnermap.api.auth import AuthError, check_read, check_write
from partnermap.api.compiled import CompiledReads, Compiler
from partnermap.api.context import Context
from partnermap.api.deps import ServiceDep, get_context
from partnermap.api.errors import ErrorPolicy, error_body
from partnermap.api.graphiql import graphiql_response, mount_graphiql_assets
from partnermap.api.limits import BodySizeLimit, limit_extensions
from partnermap.api.maps import mount_maps
from partnermap.api.mutations import Mutation
from partnermap.api.queries import Query
from partnermap.api.saved import mount_saved_questions, question_folders
from partnermap.api.schema import DATE_SCALAR
from partnermap.api.settings import ApiSettings, get_api_settings
from partnermap.api.survey_form import mount_survey_form
from partnermap.errors import PartnermapError, StoreUnavailableError
from partnermap.io.saved import load_questions
from partnermap.service import GraphService, StoreProvider
from partnermap.store.base import Store

__all__ = ["create_app", "make_schema"]

log = logging.getLogger("partnermap.api")


class PartnermapSchema(strawberry.Schema):
    """The schema; errors are logged by :class:`~partnermap.api.errors.ErrorPolicy` (internal
    ones only, with their traceback), not once more for every user error."""

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        return None


def make_schema(settings: ApiSettings | None = None) -> strawberry.Schema:
    """The GraphQL schema, with the settings' limits and the error policy."""
    settings = settings or ApiSettings(store_url="")
    return PartnermapSchema(
        query=Query,
        mutation=Mutation,
        config=StrawberryConfig(scalar_map={date: DATE_SCALAR}),
        extensions=[*limit_extensions(settings), ErrorPolicy],
    )


@lru_cache(maxsize=512)
def _operation_types(query: str, max_tokens: int) -> dict[str | None, str] | None:
    """Operation name -> type ("query", "mutation", ...) of a document; None if it does not parse."""
    try:
        document = parse(query, max_tokens=max_tokens)
    except GraphQLError:
        return None
    out: dict[str | None, str] = {}
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            name = definition.name.value if definition.name else None
            out[name] = definition.operation.value
    return out


def authorise(context: Context, data: GraphQLRequestData) -> set[str]:
    """Raise AuthError unless the caller may run the operation the request names; return
    the operation types it may run ("query", "mutation"; empty if it does not parse).

    Every operation needs read access; a mutation needs a write key. When the operation
    cannot be told (several, none named), any mutation in the document needs a write key.
    """
    check_read(context.principal, context.settings)
    if not isinstance(data.query, str):
        return set()
    ops = _operation_types(data.query, context.settings.max_tokens)
    if not ops:
        return set()
    if data.operation_name is not None and data.operation_name in ops:
        kinds = {ops[data.operation_name]}
    else:
        kinds = set(ops.values())
    if "mutation" in kinds:
        check_write(context.principal)
    return kinds


def _result_key(data: GraphQLRequestData) -> Hashable | None:
    try:
        variables = json.dumps(data.variables, sort_keys=True, separators=(",", ":"))
    except (TypeError, ValueError):
        return None
    return ("result", data.query, data.operation_name, variables)


class PartnermapGraphQLRouter(GraphQLRouter[Context, None]):
    """Strawberry's FastAPI router with the API key check before every operation, and
    query results reused for ``PARTNERMAP_API_CACHE_SECONDS`` (same document, operation and
    variables; results with errors are never reused; writes through the API drop them)."""

    async def execute_single(  # noqa: PLR0917 - strawberry's signature
        self,
        request: Any,
        request_adapter: Any,
        sub_response: Any,
        context: Context,
        root_value: Any,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        kinds = authorise(context, request_data)
        key = _result_key(request_data) if kinds == {"query"} else None
        execute = super().execute_single
        with context.service.request_scope():
            result = await context.service.reused(
                key,
                lambda: execute(request, request_adapter, sub_response, context, root_value, request_data),
                keep=lambda result: not result.errors and result.data is not None,
            )
        if any(isinstance(e.original_error, StoreUnavailableError) for e in result.errors or ()):
            # The store is down, not the request wrong: 503 tells clients to try again later.
            sub_response.status_code = 503
            sub_response.headers["Retry-After"] = "5"
        return result

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        """partnermap's GraphiQL page (assets from the package), not strawberry's (from a CDN)."""
        try:
            questions = load_questions(question_folders(request.app.state.settings)).values()
        except PartnermapError:
            questions = load_questions().values()  # a broken deployment folder: /queries says why
        return graphiql_response(questions)


def _auth_response(exc: AuthError) -> JSONResponse:
    headers = {"WWW-Authenticate": 'Bearer realm="partnermap"'} if exc.status == 401 else {}
    return JSONResponse(error_body(exc.message, exc.code), status_code=exc.status, headers=headers)


def create_app(settings: ApiSettings | None = None, *, store: Store | None = None) -> FastAPI:
    """Build the API.

    Parameters
    ----------
    settings : ApiSettings, optional
        Default: :func:`~partnermap.api.settings.get_api_settings` (the environment).
    store : Store, optional
        Serve this store (the caller closes it) instead of opening ``settings.store_url``.
    """
    settings = settings or get_api_settings()
    provider = StoreProvider(settings, store)
    service = GraphService(provider, cache_seconds=settings.cache_seconds)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await asyncio.to_thread(provider.close)

    app = FastAPI(
        title="partnermap",
        summary="GraphQL API for the partnership networks of Estonian municipalities, NGOs, "
        "LEADER groups and agencies",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.service = service

    schema = make_schema(settings)
    graphql = PartnermapGraphQLRouter(
        schema,
        context_getter=get_context,
        graphql_ide="graphiql" if settings.graphiql else None,
        subscription_protocols=(),
        multipart_uploads_enabled=False,
    )
    app.include_router(graphql, prefix="/graphql")
    if settings.graphiql:
        mount_graphiql_assets(app)
    mount_saved_questions(app, settings, schema)

    @app.exception_handler(AuthError)
    async def auth_failed(_: Request, exc: AuthError) -> JSONResponse:
        return _auth_response(exc)

    @app.exception_handler(Exception)
    async def internal_error(_: Request, exc: Exception) -> JSONResponse:
        log.error("internal error", exc_info=exc)
        return JSONResponse(error_body("Internal server error", "INTERNAL_SERVER_ERROR"), status_code=500)

    @app.get("/", include_in_schema=False)
    async def root() -> RedirectResponse:
        return RedirectResponse("/graphql")

    @app.get("/healthz", summary="Whether the API runs and its store answers")
    async def healthz(service: ServiceDep) -> JSONResponse:
        body = await service.health()
        return JSONResponse(body, status_code=200 if body["store"]["reachable"] else 503)

    mount_maps(app, settings)
    mount_survey_form(app)
    app.state.compiler = Compiler(schema, settings)
    if settings.compiled_reads:  # inside CORS and the body limit, as the router is
        app.add_middleware(
            CompiledReads,
            compiler=app.state.compiler,
            service=service,
            settings=settings,
            authorise=authorise,
            result_key=_result_key,
        )

    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "X-API-Key", "Content-Type"],
        )
    app.add_middleware(BodySizeLimit, limit=settings.max_body_bytes)
    return app
