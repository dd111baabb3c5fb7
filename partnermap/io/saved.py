"""Saved questions: the GraphQL operations of ``graphql/queries/`` (and of a folder a deployment
configures), found by name, described, and given their variables from text.

A saved question is one ``.graphql`` file holding one query operation. Its name is the file's
stem (``network_gaps``); the operation's own name (``NetworkGaps``) and the stem written with
hyphens are accepted too. The comment lines at the top of the file describe it: the first
sentence is its title, and a line ``Variables: {...}`` (JSON) gives example values, which GraphiQL opens
the question with and ``partnermap query`` uses for a required variable left out.

Variables arrive as text from a URL's query string or ``--var KEY=VALUE``; :func:`variables_from`
turns them into the JSON values the operation declares (``Int`` -> int, ``Float`` -> float,
``Boolean`` -> bool, a list -> JSON or comma-separated, anything else -> the text, which the
schema then checks: a ``Date`` must be ``2025-06-01``), and reports every problem at once.

The bundled questions ship inside the package (``partnermap/data/queries``, the same files as
``graphql/queries/``), so an installed partnermap finds them.

Examples
--------
>>> questions = load_questions()
>>> q = find_question(questions, "NetworkGaps")
>>> q.name, [v.name for v in q.variables], q.example["network"]
('network_gaps', ['network', 'asOf'], 'network:elvl-koordinaatorite-vorgustik')
>>> variables_from(find_question(questions, "agreements-ending"), {"withinDays": "364"}, text=True)
{'withinDays': 364, 'from': '2025-01-01'}
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from partnermap.errors import InputError, NotFoundError, Problem

__all__ = [
    "SavedQuestion",
    "Variable",
    "body_variables",
    "bundled_queries_dir",
    "download_links",
    "find_question",
    "graphiql_tabs",
    "load_questions",
    "parse_question",
    "variables_from",
    "welcome_query",
]

_EXAMPLE = re.compile(r"^Variables(?:\s*\([^)]*\))?\s*:\s*(\{.*\})\s*$")
_TRUE = {"true", "1", "yes", "jah", "on"}
_FALSE = {"false", "0", "no", "ei", "off"}


def bundled_queries_dir() -> Path:
    """The folder of the questions that ship with partnermap."""
    import partnermap.data  # noqa: PLC0415 - a package of files; nothing to load at import time

    return Path(partnermap.data.__file__).resolve().parent / "queries"


@dataclass(frozen=True)
class Variable:
    """A variable an operation declares: ``$asOf: Date`` is ``Variable("asOf", "Date")``."""

    name: str
    type: str
    default: Any = None

    @property
    def required(self) -> bool:
        """Whether a value must be given (non-null type without a default)."""
        return self.type.endswith("!") and self.default is None

    @property
    def base(self) -> str:
        """The named type without list brackets and ``!``: ``[ID!]!`` -> ``ID``."""
        return self.type.strip("[]!")

    @property
    def is_list(self) -> bool:
        """Whether the type is a list (``[ID!]``)."""
        return self.type.startswith("[")


@dataclass(frozen=True)
class SavedQuestion:
    """One saved question: its names, what it asks, its document and its variables."""

    name: str
    operation: str
    title: str
    description: str
    document: str
    variables: tuple[Variable, ...]
    example: dict[str, Any] = field(default_factory=dict)
    file: Path | None = None

    @property
    def detail(self) -> str:
        """The description after its title."""
        return self.description[len(self.title) :].strip()

    def summary(self) -> dict[str, Any]:
        """What a listing shows of it (JSON-ready)."""
        return {
            "name": self.name,
            "operation": self.operation,
            "title": self.title,
            "description": self.description,
            "variables": [
                {"name": v.name, "type": v.type, "required": v.required, "default": v.default}
                for v in self.variables
            ],
            "example": self.example,
        }


def _comments(text: str) -> list[str]:
    """The comment lines at the top of a document, without ``#``."""
    lines: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped.startswith("#"):
            if stripped:
                break
            continue
        lines.append(stripped.lstrip("#").strip())
    return lines


def parse_question(text: str, name: str, file: Path | None = None) -> SavedQuestion:
    """A saved question from the text of a ``.graphql`` file; InputError if it is not one query."""
    from graphql import GraphQLError, OperationDefinitionNode, parse, print_ast  # noqa: PLC0415

    where = str(file) if file else name
    try:
        document = parse(text)
    except GraphQLError as exc:
        raise InputError(f"{where}: not a GraphQL document: {exc.message}") from None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1:
        raise InputError(f"{where}: a saved question holds exactly one operation, not {len(operations)}")
    op = operations[0]
    if op.operation.value != "query":
        raise InputError(f"{where}: a saved question must be a query, not a {op.operation.value}")
    variables = []
    for definition in op.variable_definitions or ():
        default = None
        if definition.default_value is not None:
            from graphql import value_from_ast_untyped  # noqa: PLC0415

            default = value_from_ast_untyped(definition.default_value)
        variables.append(Variable(definition.variable.name.value, print_ast(definition.type), default))
    comments = _comments(text)
    example: dict[str, Any] = {}
    description: list[str] = []
    for line in comments:
        match = _EXAMPLE.match(line)
        if match:
            try:
                loaded = json.loads(match[1])
            except ValueError:
                raise InputError(f"{where}: the Variables comment is not JSON: {match[1]}") from None
            if isinstance(loaded, dict):
                example = loaded
        else:
            description.append(line)
    text_description = " ".join(part for part in description if part)
    # The title is the first sentence ("Whose agreements end this year?"), not the first line.
    title = re.split(r"(?<=[.?!])\s", text_description, maxsplit=1)[0] if text_description else name
    return SavedQuestion(
        name=name,
        operation=op.name.value if op.name else name,
        title=title,
        description=text_description,
        document=text,
        variables=tuple(variables),
        example=example,
        file=file,
    )


def load_questions(folders: Iterable[Path] | None = None) -> dict[str, SavedQuestion]:
    """Every saved question of ``folders`` (default: the bundled ones), by name.

    A later folder's question replaces an earlier one of the same name, so a deployment can
    change a bundled question. A folder that does not exist is an error naming it.
    """
    folders = [bundled_queries_dir()] if folders is None else list(folders)
    questions: dict[str, SavedQuestion] = {}
    problems: list[str] = []
    for folder in folders:
        if not folder.is_dir():
            problems.append(f"{folder}: the folder of saved questions does not exist")
            continue
        for path in sorted(folder.glob("*.graphql")):
            try:
                stat = path.stat()
                questions[path.stem] = _read_question(path, stat.st_mtime_ns, stat.st_size)
            except (OSError, UnicodeDecodeError) as exc:
                problems.append(f"{path}: cannot be read: {exc}")
            except InputError as exc:
                problems.append(str(exc))
    if problems:
        raise InputError("; ".join(problems))
    return questions


@lru_cache(maxsize=512)
def _read_question(path: Path, mtime_ns: int, size: int) -> SavedQuestion:
    """A question file read and parsed once per version of it (``mtime_ns`` and ``size`` are
    the cache key): the API lists and runs saved questions on every request, and a
    deployment's edited file is read again."""
    return parse_question(path.read_text(encoding="utf-8-sig"), path.stem, path)


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def find_question(questions: Mapping[str, SavedQuestion], name: str) -> SavedQuestion:
    """The question called ``name`` (file stem, operation name, or stem with hyphens).

    NotFoundError listing the names there are otherwise.
    """
    wanted = _key(name)
    for question in questions.values():
        if wanted in (_key(question.name), _key(question.operation)):
            return question
    names = ", ".join(sorted(questions)) or "none"
    raise NotFoundError(f"there is no saved question {name!r}; the saved questions are: {names}")


def _from_text(variable: Variable, raw: str) -> Any:
    """The JSON value of one variable given as text; ValueError saying what was expected."""
    if variable.is_list:
        stripped = raw.strip()
        if stripped.startswith("["):
            value = json.loads(stripped)
            if not isinstance(value, list):
                raise ValueError
            return value
        inner = Variable(variable.name, variable.base)
        return [_from_text(inner, item.strip()) for item in stripped.split(",") if item.strip()]
    base = variable.base
    if base == "Int":
        return int(raw.strip().replace("_", ""))
    if base == "Float":
        return float(raw.strip().replace(",", "."))
    if base == "Boolean":
        word = raw.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise ValueError
    return raw


def variables_from(
    question: SavedQuestion, given: Mapping[str, Any], *, text: bool = False, examples: bool = True
) -> dict[str, Any]:
    """The variables to run ``question`` with: ``given`` checked against what it declares.

    Parameters
    ----------
    given : mapping
        Variable name -> value (JSON values; with ``text=True`` strings from a URL or a
        command line, converted to the declared type). Blank text leaves a variable out.
    examples : bool
        Fill a required variable left out with the example value of the question's comment.

    Raises
    ------
    InputError
        Naming every unknown variable (with the ones the question has), every value that is
        not of its declared type, and every required variable missing.
    """
    declared = {v.name: v for v in question.variables}
    problems: list[Problem] = []
    values: dict[str, Any] = {}
    for name, raw in given.items():
        variable = declared.get(name)
        if variable is None:
            have = ", ".join(f"{v.name} ({v.type})" for v in question.variables) or "none"
            problems.append(Problem(f"{question.name} has no variable {name!r}; its variables: {have}", name))
            continue
        if text and isinstance(raw, str):
            if not raw.strip():
                continue
            try:
                values[name] = _from_text(variable, raw)
            except ValueError:
                problems.append(Problem(f"expected {variable.type}, got {raw!r}", name))
        else:
            values[name] = raw
    for variable in question.variables:
        if variable.name in values or not variable.required:
            continue
        if examples and variable.name in question.example:
            values[variable.name] = question.example[variable.name]
        elif not any(p.path == variable.name for p in problems):
            problems.append(Problem(f"required ({variable.type}), e.g. {variable.name}=...", variable.name))
    if problems:
        raise InputError(
            f"saved question {question.name}: " + "; ".join(str(p) for p in problems), problems=problems
        )
    return values


def body_variables(body: Any) -> dict[str, Any]:
    """The variables of a JSON request body ``{"variables": {...}}`` (none: no variables).

    Raises
    ------
    InputError
        When ``variables`` is not a JSON object.
    """
    variables = body.get("variables") if isinstance(body, dict) else None
    if variables is None:
        return {}
    if not isinstance(variables, dict):
        raise InputError('"variables" must be a JSON object of variable name -> value')
    return variables


#: The answers' downloads a listing offers: format, language, label.
DOWNLOADS = (
    ("xlsx", "et", "Excel (eesti)"),
    ("xlsx", "en", "Excel (English)"),
    ("csv", "et", "CSV (eesti)"),
    ("csv", "en", "CSV (English)"),
    ("json", "et", "JSON"),
)


def download_links(question: SavedQuestion) -> list[tuple[str, str]]:
    """(label, address) of each download of the question's answer, with its example variables.

    >>> download_links(find_question(load_questions(), "agreements_ending"))[0]
    ('Excel (eesti)', '/queries/agreements_ending?from=2025-01-01&withinDays=364&format=xlsx&lang=et')
    """
    example = {k: v for k, v in question.example.items() if isinstance(v, str | int | float)}
    return [
        (label, f"/queries/{quote(question.name)}?{urlencode({**example, 'format': fmt, 'lang': lang})}")
        for fmt, lang, label in DOWNLOADS
    ]


def welcome_query() -> str:
    """The first tab of GraphiQL: what can be asked, in Estonian and English, and a small query."""
    # Lines of at most 36 characters: the editor shows no more at 1024 px.
    return (
        "# Tere tulemast! Küsi Eesti\n"
        "# partnerlusvõrgustike kohta:\n"
        "# - kes kuulub mis võrgustikku,\n"
        "# - kelle lepingud lõpevad,\n"
        "# - mis maakondi võrgustik ei kata,\n"
        "# - kes ühendab piirkondi.\n"
        "# Valmis küsimused on järgmistel\n"
        "# vahekaartidel; ▶ käivitab päringu.\n"
        "# Docs kirjeldab iga tüüpi ja välja.\n"
        "# Exceli või CSV-na: /queries\n"
        "#\n"
        "# Welcome! Ask about Estonia's\n"
        "# partnership networks:\n"
        "# - who is in which network,\n"
        "# - whose agreements end,\n"
        "# - which counties a network misses,\n"
        "# - who bridges areas.\n"
        "# Saved questions open in the next\n"
        "# tabs; ▶ runs a query. Docs\n"
        "# describes every type and field.\n"
        "# As Excel or CSV: /queries\n"
        "query Welcome {\n"
        "  networks(first: 5) {\n"
        "    totalCount\n"
        "    nodes {\n"
        "      name\n"
        "      status\n"
        "    }\n"
        "  }\n"
        "}\n"
    )


def graphiql_tabs(questions: Iterable[SavedQuestion], endpoint: str) -> dict[str, Any]:
    """GraphiQL's settings (JSON-ready): the endpoint, the welcome tab and a tab per question
    with its example variables."""
    operations = [
        {
            "name": q.name,
            "title": q.title,
            "query": q.document,
            "variables": json.dumps(q.example, ensure_ascii=False, indent=2) if q.example else None,
        }
        for q in questions
    ]
    return {"endpoint": endpoint, "welcome": {"query": welcome_query()}, "operations": operations}
