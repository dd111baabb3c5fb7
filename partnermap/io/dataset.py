"""Dataset files: read (YAML, JSON, node-link JSON), check, and write.

Reading reports every problem with the file, the line (YAML) or path, and the field:
``estonia.yaml:412: relations[37].valid_to: valid_to 2024-01-01 is before valid_from
2025-01-01``. Checking covers what one record cannot see on its own: duplicate ids,
relation endpoints that exist nowhere, endpoints of the wrong kind, and references to
unknown municipalities or counties.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import ValidationError

from partnermap.errors import DatasetError, InputError, Problem
from partnermap.model import Dataset, Node, NodeKind, Relation, kind_of_id, node_adapter
from partnermap.validation import Candidates, check_dataset, endpoint_problems, referenced_ids

__all__ = [
    "dataset_from_data",
    "dataset_to_data",
    "dataset_to_node_link",
    "dump_dataset",
    "parse_dataset",
    "patch_record",
    "read_dataset",
    "record_from_data",
    "write_dataset",
]

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NODE_KIND_NAMES = {k.value for k in NodeKind}


# --------------------------------------------------------------------------- reading


Resolver = Callable[[set[str]], Mapping[str, NodeKind]]


def read_dataset(
    path: str | Path,
    *,
    known: Mapping[str, NodeKind] | None = None,
    resolve: Resolver | None = None,
    candidates: Candidates | None = None,
) -> Dataset:
    """Read and check a dataset file (``.yaml``/``.yml`` or ``.json``).

    Parameters
    ----------
    path : str or Path
        The file. JSON may be a dataset (``nodes`` + ``relations``) or networkx
        node-link data as written by ``partnermap export --format json``.
    known : mapping of id to NodeKind, optional
        Nodes that exist outside the file (reference data); relations may point at them.
    resolve : callable, optional
        Given the ids the file refers to but neither defines nor finds in ``known``,
        returns the kinds of those that exist elsewhere (e.g. ``store.node_kinds``).
    candidates : callable, optional
        Ids to suggest for an unknown id of a kind, besides the file's own and ``known``
        (e.g. :func:`partnermap.store.base.node_candidates` of a store).

    Returns
    -------
    Dataset

    Raises
    ------
    DatasetError
        Listing every problem found, each with the file, line or path, and field.
    """
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DatasetError([Problem(f"cannot read the file: {exc.strerror}", file=name)]) from None
    utf16 = raw.startswith((b"\xff\xfe", b"\xfe\xff"))  # Notepad's "Unicode" saves UTF-16 with a BOM
    try:
        text = raw.decode("utf-16" if utf16 else "utf-8-sig")
    except UnicodeDecodeError as exc:
        if utf16:
            raise DatasetError(
                [
                    Problem(
                        f"the file is not UTF-16 (bad bytes at offset {exc.start}); save it as UTF-8",
                        file=name,
                    )
                ]
            ) from None
        line = raw[: exc.start].count(b"\n") + 1
        raise DatasetError(
            [
                Problem(
                    f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start});"
                    " save it as UTF-8",
                    file=name,
                    line=line,
                )
            ]
        ) from None
    return parse_dataset(
        text,
        file=name,
        json=path.suffix.lower() == ".json",
        known=known,
        resolve=resolve,
        candidates=candidates,
    )


def parse_dataset(
    text: str,
    *,
    file: str,
    json: bool = False,
    known: Mapping[str, NodeKind] | None = None,
    resolve: Resolver | None = None,
    candidates: Candidates | None = None,
) -> Dataset:
    """Read and check a dataset from its text, as :func:`read_dataset` reads a file's.

    ``file`` names the text in problems; ``json`` reads it as JSON, as does text that
    starts with ``{`` or ``[``; other text is YAML. ``known``, ``resolve`` and ``candidates`` as for
    :func:`read_dataset`.

    Examples
    --------
    >>> parse_dataset("nodes: []", file="input").nodes
    []
    >>> parse_dataset("nodes: [", file="input")
    Traceback (most recent call last):
    ...
    partnermap.errors.DatasetError: 1 problem:
      input:2: malformed YAML: did not find expected node content
    """
    text = text.removeprefix("\ufeff")
    is_json = json or text.lstrip().startswith(("{", "["))
    data = _parse_json(text, file) if is_json else _parse_yaml(text, file)
    lines = None if is_json else _LineFinder(text)
    return dataset_from_data(
        data, file=file, known=known, resolve=resolve, lines=lines, candidates=candidates
    )


def _parse_json(text: str, file: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DatasetError([Problem(f"malformed JSON: {exc.msg}", file=file, line=exc.lineno)]) from None


def _parse_yaml(text: str, file: str) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        what = getattr(exc, "problem", None) or str(exc)
        line = mark.line + 1 if mark is not None else None
        raise DatasetError([Problem(f"malformed YAML: {what}", file=file, line=line)]) from None
    except ValueError as exc:  # an unquoted date that is no day (2023-13-01): YAML reads it as one
        raise DatasetError(
            [Problem(f"malformed YAML: {exc} (quote dates that are not real days)", file=file)]
        ) from None


class _LineFinder:
    """Maps a path of keys and indexes in a YAML document to the line it starts on.

    Built lazily (only when there are problems to report), by composing the YAML tree.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._root: yaml.Node | None = None
        self._composed = False

    def line(self, loc: tuple[Any, ...]) -> int | None:
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self._text, Loader=_Loader)
            except yaml.YAMLError:
                self._root = None
        node = self._root
        best = None
        for part in loc:
            if node is None:
                break
            best = node.start_mark.line + 1
            node = _child(node, part)
        if node is not None:
            best = node.start_mark.line + 1
        return best


def _child(node: yaml.Node, part: Any) -> yaml.Node | None:
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int):
        items: list[yaml.Node] = node.value
        return items[part] if 0 <= part < len(items) else None
    if isinstance(node, yaml.MappingNode):
        pairs: list[tuple[yaml.Node, yaml.Node]] = node.value
        for key, value in pairs:
            if getattr(key, "value", None) == str(part):
                return value
    return None


def _path(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop pydantic's union tags and validator names from an error location."""
    out: list[Any] = []
    for i, part in enumerate(loc):
        if isinstance(part, str) and i > 0 and isinstance(loc[i - 1], int) and part in _NODE_KIND_NAMES:
            continue
        if isinstance(part, str) and part.startswith(("function-", "tagged-union[")):
            continue
        out.append(part)
    return tuple(out)


def _message(error: Mapping[str, Any]) -> str:
    msg = str(error.get("msg", "invalid"))
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix) :]
    if error.get("type") == "union_tag_invalid":
        ctx = error.get("ctx") or {}
        msg = f"unknown kind {ctx.get('tag')!r}; expected one of {ctx.get('expected_tags')}"
    elif error.get("type") == "union_tag_not_found":
        msg = "missing field 'kind'"
    elif error.get("type") == "extra_forbidden":
        msg = "unknown field"
    elif error.get("type") == "enum":
        msg = f"{error.get('input')!r} is not allowed: {msg}"
    return msg


def validation_problems(
    exc: ValidationError, prefix: tuple[Any, ...] = ()
) -> list[tuple[tuple[Any, ...], str]]:
    """Each of pydantic's errors as (location, message), the location cleaned of union tags
    and validator names and prefixed with ``prefix``."""
    return [(_clean_loc((*prefix, *error["loc"])), _message(error)) for error in exc.errors()]


def dataset_from_data(
    data: Any,
    *,
    file: str | None = None,
    known: Mapping[str, NodeKind] | None = None,
    resolve: Resolver | None = None,
    lines: _LineFinder | None = None,
    candidates: Candidates | None = None,
) -> Dataset:
    """Validate parsed data (a dataset mapping or node-link data) and check it.

    Every problem is reported in one pass: each record is validated on its own, and the
    checks across records (unknown or ill-kinded endpoints, duplicates) run on the records
    that are valid and on the well-formed ends of those that are not. An id that a record
    refused for another reason defines is not reported as unknown where others use it.
    ``candidates`` adds ids to suggest for unknown ones (see
    :func:`partnermap.validation.check_dataset`).
    """
    if isinstance(data, Mapping) and ("edges" in data or "links" in data):
        data = _node_link_to_data(data)
    if not isinstance(data, Mapping):
        raise DatasetError([Problem("expected a mapping with 'nodes' and 'relations' at the top", file=file)])
    found: list[tuple[tuple[Any, ...], str]] = []
    raw_nodes, raw_relations = data.get("nodes", []), data.get("relations", [])
    lists = {
        name: isinstance(raw, list) for name, raw in (("nodes", raw_nodes), ("relations", raw_relations))
    }
    top = {k: ([] if lists.get(k) else v) for k, v in data.items()}
    try:
        dataset = Dataset.model_validate(top)
    except ValidationError as exc:
        found.extend(validation_problems(exc))
        dataset = Dataset()
    nodes: list[Node] = []
    node_at: list[int] = []
    refused: dict[str, NodeKind] = {}  # ids of nodes refused for other reasons
    for i, raw in enumerate(raw_nodes if lists["nodes"] else []):
        try:
            nodes.append(node_adapter.validate_python(raw))
            node_at.append(i)
        except ValidationError as exc:
            found.extend(validation_problems(exc, ("nodes", i)))
            node_id = raw.get("id") if isinstance(raw, Mapping) else None
            kind = kind_of_id(node_id) if isinstance(node_id, str) else None
            if kind is not None:
                refused[str(node_id)] = kind
    relations: list[Relation] = []
    rel_at: list[int] = []
    broken: list[tuple[int, Mapping[str, Any]]] = []
    for i, raw in enumerate(raw_relations if lists["relations"] else []):
        try:
            relations.append(Relation.model_validate(raw))
            rel_at.append(i)
        except ValidationError as exc:
            found.extend(validation_problems(exc, ("relations", i)))
            if isinstance(raw, Mapping):
                broken.append((i, raw))
    dataset.nodes, dataset.relations = nodes, relations
    known = {**refused, **(known or {})}
    if resolve is not None:
        wanted = referenced_ids(dataset) | {
            v
            for _, raw in broken
            for k in ("source", "target", "context")
            if isinstance(v := raw.get(k), str)
        }
        missing = wanted - dataset.node_ids() - set(known)
        if missing:
            known = {**known, **resolve(missing)}
    problems = [Problem(message, path=_path(loc)) for loc, message in found]
    problems += [
        Problem(p.message, path=_renumber(p.path, node_at, rel_at))
        for p in check_dataset(dataset, known=known, candidates=candidates)
    ]
    if broken:
        kinds = {**known, **{n.id: NodeKind(n.kind) for n in nodes}}
        for i, raw in broken:
            problems.extend(endpoint_problems(raw, kinds, f"relations[{i}]", candidates=candidates))
    if problems:
        problems.sort(key=lambda p: _order(_loc_of(p.path)))
        raise DatasetError(
            [
                Problem(
                    p.message,
                    path=p.path,
                    file=file,
                    line=lines.line(_loc_of(p.path)) if lines is not None else None,
                )
                for p in problems
            ]
        )
    return dataset


def _renumber(path: str, node_at: list[int], rel_at: list[int]) -> str:
    """A path in the valid records (``relations[2].target``) as a path in the input."""
    match = re.match(r"^(nodes|relations)\[(\d+)\]", path)
    if match is None:
        return path
    at = node_at if match[1] == "nodes" else rel_at
    return f"{match[1]}[{at[int(match[2])]}]{path[match.end() :]}"


def _order(loc: tuple[Any, ...]) -> tuple[int, int]:
    """Problems in the order of the input, by table and record (a stable sort keeps each
    record's problems in the order they were found)."""
    table = {"nodes": 1, "relations": 2}.get(str(loc[0]), 0) if loc else 0
    index = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else -1
    return table, index


def record_from_data(
    table: Literal["nodes", "relations"],
    data: Mapping[str, Any],
    *,
    resolve: Resolver | None = None,
    candidates: Candidates | None = None,
) -> Node | Relation:
    """One node's (``table="nodes"``) or relation's data validated as a dataset file's
    records are: the model, then the dataset checks against the nodes ``resolve`` finds.

    A problem's path is the record's own field (``valid_to``, ``sources[0]``), without the
    dataset's ``nodes[0].``.

    Examples
    --------
    >>> record_from_data("nodes", {"kind": "county", "id": "county:x", "name": "X", "ehak": "1",
    ...                            "lat": 58, "lon": 25, "sources": ["doc#1"]})
    Traceback (most recent call last):
    ...
    partnermap.errors.DatasetError: 1 problem:
      ehak: String should match pattern '^\\d{4}$'
    """
    try:
        checked = dataset_from_data({table: [data]}, resolve=resolve, candidates=candidates)
        return getattr(checked, table)[0]  # type: ignore[no-any-return]
    except DatasetError as exc:
        problems = [
            Problem(p.message, path=re.sub(r"^(nodes|relations)\[0\]\.?", "", p.path)) for p in exc.problems
        ]
        raise DatasetError(problems) from None


_FIXED = {"nodes": ("id",), "relations": ("id", "kind", "source", "target")}


def patch_record(
    record: Node | Relation,
    patch: Mapping[str, Any],
    *,
    resolve: Resolver | None = None,
    candidates: Candidates | None = None,
) -> Node | Relation:
    """``record`` with the fields of ``patch`` changed (None clears a field, which falls back
    to its default), validated as :func:`record_from_data` validates.

    What identifies a record cannot change (InputError): a node's id; a relation's id, kind
    and ends.

    Examples
    --------
    >>> rel = Relation(kind="member_of", source="org:a", target="network:b", sources=["doc#1"])
    >>> kinds = {"org:a": NodeKind.ORGANISATION, "network:b": NodeKind.NETWORK}
    >>> changed = patch_record(rel, {"valid_to": "31.12.2025", "role": None}, resolve=lambda ids: kinds)
    >>> changed.valid_to, changed.role
    (datetime.date(2025, 12, 31), <Role.MEMBER: 'member'>)
    >>> patch_record(rel, {"target": "network:c"})
    Traceback (most recent call last):
    ...
    partnermap.errors.InputError: a relation's target cannot change: create a new relation and delete this one
    """
    table: Literal["nodes", "relations"] = "relations" if isinstance(record, Relation) else "nodes"
    noun = table[:-1]
    for name in _FIXED[table]:
        if name in patch and patch[name] != getattr(record, name):
            raise InputError(f"a {noun}'s {name} cannot change: create a new {noun} and delete this one")
    data = record.model_dump(mode="json", exclude_none=True)
    for key, value in patch.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return record_from_data(table, data, resolve=resolve, candidates=candidates)


def _loc_of(path: str) -> tuple[Any, ...]:
    loc: list[Any] = []
    for chunk in path.replace("]", "").split("."):
        name, *indexes = chunk.split("[")
        if name:
            loc.append(name)
        # a key of the input may itself hold brackets ("a[b]"): only digits are an index
        loc.extend(int(i) if i.isdigit() else i for i in indexes)
    return tuple(loc)


def _node_link_to_data(data: Mapping[str, Any]) -> dict[str, Any]:
    graph = data.get("graph") or {}
    nodes = [dict(n) for n in data.get("nodes", [])]
    relations = []
    for edge in data.get("edges", data.get("links", [])):
        rel = dict(edge)
        if "key" in rel:
            rel["id"] = rel.pop("key")
        relations.append(rel)
    out: dict[str, Any] = {"nodes": nodes, "relations": relations}
    for field in ("format", "title", "documents"):
        if field in graph:
            out[field] = graph[field]
    return out


# --------------------------------------------------------------------------- writing


def _source_text(source: Mapping[str, str]) -> str | Mapping[str, str]:
    """``"document#section"`` where that reads back the same, else the mapping itself."""
    document, section = source["document"], source["section"]
    if "#" in document or document != document.strip() or section != section.strip():
        return source
    return f"{document}#{section}"


def dataset_to_data(dataset: Dataset) -> dict[str, Any]:
    """Plain data for YAML: defaults left out, sources as ``"document#section"``."""
    out: dict[str, Any] = {"format": dataset.format}
    if dataset.title:
        out["title"] = dataset.title
    if dataset.documents:
        out["documents"] = [d.model_dump(exclude_none=True) for d in dataset.documents]
    out["nodes"] = [_compact(n.model_dump(exclude_defaults=True), n.kind) for n in dataset.nodes]
    relations = []
    for rel in dataset.relations:
        item = rel.model_dump(exclude_defaults=True)
        if item.get("id") == f"{rel.source}>{rel.kind.value}>{rel.target}":
            del item["id"]
        item = {"kind": rel.kind.value, **{k: v for k, v in item.items() if k != "kind"}}
        relations.append(_compact(item, None))
    out["relations"] = relations
    return out


def _compact(item: dict[str, Any], kind: str | None) -> dict[str, Any]:
    if kind is not None:
        item = {"id": item.pop("id"), "kind": kind, **item}
    if "sources" in item:
        item["sources"] = [_source_text(s) for s in item["sources"]]
    return item


class _Dumper(yaml.SafeDumper):
    pass


def _enum_representer(dumper: yaml.SafeDumper, value: Enum) -> yaml.Node:
    return dumper.represent_str(str(value.value))


_Dumper.add_multi_representer(Enum, _enum_representer)


def dump_dataset(dataset: Dataset) -> str:
    """The dataset as human-editable YAML text."""
    return yaml.dump(
        dataset_to_data(dataset),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100,
    )


def dataset_to_node_link(dataset: Dataset) -> dict[str, Any]:
    """The dataset as networkx node-link data (``edges`` key) with every property.

    ``networkx.node_link_graph(data, edges="edges")`` reads it back as a MultiDiGraph
    whose edge keys are relation ids.
    """
    nodes = []
    for node in dataset.nodes:
        nodes.append(node.model_dump(mode="json"))
    edges = []
    for rel in dataset.relations:
        item = rel.model_dump(mode="json")
        item["key"] = item.pop("id")
        edges.append(item)
    graph: dict[str, Any] = {"format": dataset.format}
    if dataset.title:
        graph["title"] = dataset.title
    graph["documents"] = [d.model_dump(mode="json", exclude_none=True) for d in dataset.documents]
    return {"directed": True, "multigraph": True, "graph": graph, "nodes": nodes, "edges": edges}


def write_dataset(dataset: Dataset, path: str | Path, fmt: str | None = None) -> Path:
    """Write ``dataset`` to ``path`` as ``yaml`` or ``json`` (node-link); returns the path."""
    path = Path(path)
    fmt = (fmt or ("json" if path.suffix.lower() == ".json" else "yaml")).lower()
    if fmt == "yaml":
        text = dump_dataset(dataset)
    elif fmt == "json":
        text = json.dumps(dataset_to_node_link(dataset), ensure_ascii=False, indent=1, default=_json_default)
    else:
        raise ValueError(f"unknown dataset format {fmt!r}")
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")
    tmp.replace(path)
    return path


def _json_default(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")
