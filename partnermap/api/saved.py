"""Saved questions over HTTP and for the command line: run an operation of
``graphql/queries/`` (or of ``PARTNERMAP_API_QUERIES_DIR``) by name with its variables.

=======================================  ====================================================
``GET /queries``                         the saved questions: name, title, variables, example
                                         (JSON; a browser gets a page with download links)
``GET /queries/{name}?VAR=VALUE``        its answer; ``format=json|csv|xlsx`` (default json),
                                         ``lang=et|en`` (headers, dates; default et),
                                         ``table=PATH`` (CSV: which table; default the first)
``POST /queries/{name}``                 the same with ``{"variables": {...}}`` as JSON body
=======================================  ====================================================

The operation runs through the API's own schema, so its limits (depth, aliases, tokens)
apply, and the caller needs what ``/graphql`` needs to read (an API key when reading is
keyed). How answers become rows and cells is :mod:`partnermap.io.tables`; how questions
are found and their variables read, :mod:`partnermap.io.saved`.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import strawberry
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from partnermap.api.auth import Principal, check_read
from partnermap.api.context import Context
from partnermap.api.deps import CallerDep
from partnermap.api.errors import error_response as _error
from partnermap.api.graphiql import HEADERS, questions_page
from partnermap.api.loaders import Loaders
from partnermap.api.settings import ApiSettings
from partnermap.errors import InputError, PartnermapError, StoreUnavailableError
from partnermap.io.saved import (
    SavedQuestion,
    body_variables,
    bundled_queries_dir,
    find_question,
    load_questions,
    variables_from,
)
from partnermap.io.tables import Lang, render_answer
from partnermap.service import GraphService, StoreProvider
from partnermap.store.base import Store

__all__ = ["Answer", "ask_saved_question", "mount_saved_questions", "question_folders", "run_question"]

_RESERVED = {"format", "lang", "table"}


def question_folders(settings: ApiSettings) -> list[Path]:
    """Where the saved questions are: the bundled ones, then the deployment's folder."""
    return [bundled_queries_dir(), *([settings.queries_dir] if settings.queries_dir else [])]


@dataclass(frozen=True)
class Answer:
    """A saved question's answer: the question, the variables it ran with, the data."""

    question: SavedQuestion
    variables: dict[str, Any]
    data: dict[str, Any] | None


async def run_question(
    schema: strawberry.Schema, context: Context, question: SavedQuestion, variables: dict[str, Any]
) -> Answer:
    """Run a saved question; InputError (or StoreUnavailableError) with every GraphQL error."""
    result = await schema.execute(
        question.document, variable_values=variables, context_value=context, operation_name=question.operation
    )
    if result.errors:
        if any(isinstance(e.original_error, StoreUnavailableError) for e in result.errors):
            raise StoreUnavailableError("; ".join(e.message for e in result.errors))
        raise InputError(f"saved question {question.name}: " + "; ".join(e.message for e in result.errors))
    return Answer(question, variables, result.data)


def ask_saved_question(
    settings: ApiSettings, name: str, given: dict[str, str], *, store: Store | None = None
) -> Answer:
    """Answer the saved question ``name`` with variables given as text (``partnermap query``).

    Runs the operation in this process through the API's schema, on the store the settings
    name (or ``store``), as a reader: saved questions are queries only.
    """
    from partnermap.api.app import make_schema  # noqa: PLC0415 - app imports this module

    question = find_question(load_questions(question_folders(settings)), name)
    variables = variables_from(question, given, text=True)
    provider = StoreProvider(settings, store)
    service = GraphService(provider, cache_seconds=0.0)
    context = Context(
        service=service, loaders=Loaders(service), principal=Principal(role="read"), settings=settings
    )
    schema = make_schema(settings)
    try:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(run_question(schema, context, question, variables))
        # Called from code that runs an event loop (Jupyter): run in a thread of its own.
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(
                lambda: asyncio.run(run_question(schema, context, question, variables))
            ).result()
    finally:
        provider.close()


Format = Annotated[str, Query(pattern="^(json|csv|xlsx)$", description="json, csv or xlsx")]
LangParam = Annotated[str, Query(pattern="^(et|en)$", description="et or en: headers, dates, decimals")]
TableParam = Annotated[str | None, Query(description="CSV: the table to write (default the first)")]


def mount_saved_questions(app: Any, settings: ApiSettings, schema: strawberry.Schema) -> None:
    """Serve the saved questions under /queries."""
    from partnermap.api.deps import get_context  # noqa: PLC0415

    router = APIRouter(prefix="/queries", tags=["saved questions"])

    def questions() -> dict[str, SavedQuestion]:
        return load_questions(question_folders(settings))

    @router.get("", summary="The saved questions: name, title, variables, example values")
    async def listing(request: Request, caller: CallerDep) -> Response:
        check_read(caller, settings)
        try:
            found = questions()
        except PartnermapError as exc:
            return _error(exc)
        if "text/html" in request.headers.get("accept", ""):  # a browser: a page with download links
            return HTMLResponse(questions_page(found.values()), headers=HEADERS)
        return JSONResponse({"questions": [q.summary() for q in found.values()]})

    async def answer(
        request: Request,
        name: str,
        given: dict[str, Any],
        *,
        text: bool,
        fmt: str,
        lang: str,
        table: str | None,
    ) -> Response:
        context = await get_context(request)
        check_read(context.principal, settings)
        try:
            question = find_question(questions(), name)
            variables = variables_from(question, given, text=text)
            result = await run_question(schema, context, question, variables)
            language: Lang = "en" if lang == "en" else "et"
            download = render_answer(result.data, fmt, language, name=question.name, table=table)
        except PartnermapError as exc:
            return _error(exc)
        headers = {"X-Content-Type-Options": "nosniff"}
        if fmt != "json":
            headers["Content-Disposition"] = f'attachment; filename="{download.filename}"'
        return Response(download.content, media_type=download.media_type, headers=headers)

    @router.get("/{name}", summary="Run a saved question; its variables as query parameters")
    async def run_get(
        request: Request,
        name: str,
        format: Format = "json",
        lang: LangParam = "et",
        table: TableParam = None,
    ) -> Response:
        given = {k: v for k, v in request.query_params.items() if k not in _RESERVED}
        return await answer(request, name, given, text=True, fmt=format, lang=lang, table=table)

    @router.post("/{name}", summary='Run a saved question; its variables as JSON {"variables": {...}}')
    async def run_post(
        request: Request,
        name: str,
        format: Format = "json",
        lang: LangParam = "et",
        table: TableParam = None,
    ) -> Response:
        try:
            variables = body_variables(await request.json() if await request.body() else {})
        except InputError as exc:
            return _error(exc)
        except ValueError:
            return _error(InputError('the body must be JSON: {"variables": {...}}'))
        return await answer(request, name, variables, text=False, fmt=format, lang=lang, table=table)

    app.include_router(router)
