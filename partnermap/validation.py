"""Dataset checks every writer shares: files, spreadsheets, the API and the stores.

A pydantic model checks one record; these checks cover what one record cannot see on its
own: duplicate ids, relation endpoints that exist nowhere, endpoints of the wrong kind, and
references to unknown municipalities or counties. They sit below the stores so that a store
refuses a bad load with the same messages a file check gives.

Examples
--------
>>> from partnermap.model import Dataset, Organisation, Relation
>>> src = ["doc#1"]
>>> org = Organisation(id="org:a", name="A", org_kind="ngo", sector="non_profit", sources=src)
>>> rel = Relation(kind="located_in", source="org:a", target="municipality:atlantis", sources=src)
>>> ds = Dataset(nodes=[org], relations=[rel])
>>> [str(p) for p in check_dataset(ds)]
["relations[0].target: unknown municipality 'municipality:atlantis'"]

An unknown id gets the closest ids that exist (:func:`closest`, the one rule of suggestions):

>>> rel = Relation(kind="located_in", source="org:a", target="municipality:tartu", sources=src)
>>> print(check_dataset(Dataset(nodes=[org], relations=[rel]))[0].message)  # doctest: +NORMALIZE_WHITESPACE
unknown municipality 'municipality:tartu'; did you mean 'municipality:tartu-linn'
or 'municipality:tartu-vald'?
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping

from partnermap.errors import Problem
from partnermap.model import (
    NODE_ID_RE,
    Dataset,
    Indicator,
    Municipality,
    NodeKind,
    Relation,
    RelationKind,
    SurveyResponse,
    SurveyWave,
    endpoint_problem,
    kind_of_id,
    slugify,
)

__all__ = [
    "Candidates",
    "check_dataset",
    "closest",
    "did_you_mean",
    "endpoint_problems",
    "referenced_ids",
    "relation_problems",
]

#: Given a node kind, the ids of that kind that exist and the names each is known by
#: (e.g. a store's nodes); where suggestions for an unknown id come from.
Candidates = Callable[[NodeKind], Mapping[str, Iterable[str]]]

#: How similar (difflib's ratio) a name must be to be suggested at all.
_CUTOFF = 0.6
#: Of similar names, those this far below the best are not worth suggesting.
_SPREAD = 0.1


def closest(text: str, candidates: Mapping[str, Iterable[str]], *, n: int = 3) -> list[str]:
    """The ids of ``candidates`` (id -> names it is known by) that ``text`` most likely means.

    Case, diacritics and punctuation do not count (both sides are compared as
    :func:`partnermap.model.slugify` makes them), nor does an id's prefix. The best tier
    wins: a name equal to ``text``; else names that ``text`` begins (``tartu`` ->
    ``tartu-linn``, ``tartu-vald``) or that begin it; else names similar to it (difflib
    ratio at least 0.6, near the best). Every writer's "did you mean" comes from here.

    Examples
    --------
    >>> towns = {"municipality:tartu-linn": ["Tartu linn"], "municipality:tartu-vald": ["Tartu vald"],
    ...          "municipality:voru-linn": ["Võru linn"], "municipality:parnu-linn": ["Pärnu linn"]}
    >>> closest("municipality:tartu", towns)
    ['municipality:tartu-linn', 'municipality:tartu-vald']
    >>> closest("Voru", towns), closest("Parnuu linn", towns), closest("Atlantis", towns)
    (['municipality:voru-linn'], ['municipality:parnu-linn'], [])
    """
    key = _key(text)
    if not key:
        return []
    exact: list[str] = []
    prefixed: list[str] = []
    similar: dict[str, float] = {}
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(key)  # difflib caches what it learns of the second sequence
    for record_id, names in candidates.items():
        keys = {_key(record_id), *(_key(name) for name in names)} - {""}
        if key in keys:
            exact.append(record_id)
        elif any(k.startswith(key + "-") or key.startswith(k + "-") for k in keys):
            prefixed.append(record_id)
        elif not exact and not prefixed:
            ratio = max((_ratio(matcher, k) for k in keys), default=0.0)
            if ratio >= _CUTOFF:
                similar[record_id] = ratio
    if exact or prefixed:
        return sorted(exact or prefixed)[:n]
    best = max(similar.values(), default=0.0)
    ranked = sorted((i for i, r in similar.items() if r >= best - _SPREAD), key=lambda i: (-similar[i], i))
    return ranked[:n]


def _ratio(matcher: difflib.SequenceMatcher[str], text: str) -> float:
    """difflib's ratio of ``text`` to the matcher's second sequence, 0 where its cheap upper
    bounds already fall below the cutoff (as ``difflib.get_close_matches`` does)."""
    matcher.set_seq1(text)
    if matcher.real_quick_ratio() < _CUTOFF or matcher.quick_ratio() < _CUTOFF:
        return 0.0
    return matcher.ratio()


def _key(text: str) -> str:
    """An id without its prefix, or a name, as :func:`closest` compares them."""
    if NODE_ID_RE.match(text):
        text = text.split(":", 1)[1]
    return slugify(text)


def did_you_mean(suggestions: list[str]) -> str:
    """``"; did you mean 'a' or 'b'?"`` for suggestions, ``""`` for none.

    Examples
    --------
    >>> did_you_mean(["x", "y", "z"]), did_you_mean([])
    ("; did you mean 'x', 'y' or 'z'?", '')
    """
    if not suggestions:
        return ""
    quoted = [repr(s) for s in suggestions]
    listed = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
    return f"; did you mean {listed}?"


def _reference_names(kind: NodeKind) -> dict[str, list[str]]:
    """Municipalities and counties by their names too: "Võru" finds 'municipality:voru-linn'."""
    # Imported here: the reference data (and yaml) are needed only when an id is unknown, and
    # the stores import this module.
    from partnermap.reference import counties, municipalities  # noqa: PLC0415

    if kind is NodeKind.MUNICIPALITY:
        return {m.id: [m.name] for m in municipalities()}
    if kind is NodeKind.COUNTY:
        return {c.id: [c.name, c.name.removesuffix(" maakond"), c.name_en or ""] for c in counties()}
    return {}


class _Suggester:
    """Suggestions for unknown ids from the nodes a check knows of, gathered once per kind."""

    def __init__(
        self,
        kinds: Mapping[str, NodeKind],
        names: Mapping[str, Iterable[str]],
        candidates: Candidates | None,
    ) -> None:
        self._kinds = kinds
        self._names = names
        self._candidates = candidates
        self._by_kind: dict[NodeKind, dict[str, list[str]]] = {}

    def unknown(self, node_id: str) -> str:
        """The message for an id that exists nowhere: what it is, and the closest ids."""
        kind = kind_of_id(node_id) if NODE_ID_RE.match(node_id) else None
        return f"unknown {'node' if kind is None else kind.noun} {node_id!r}{self.hint(node_id)}"

    def hint(self, node_id: str) -> str:
        """``"; did you mean ...?"`` with the ids of the same kind closest to ``node_id``."""
        kind = kind_of_id(node_id) if NODE_ID_RE.match(node_id) else None
        if kind is None:
            return ""
        if kind not in self._by_kind:
            pool: dict[str, list[str]] = {i: [] for i, k in self._kinds.items() if k is kind}
            for source in (_reference_names(kind), self._candidates(kind) if self._candidates else {}):
                for record_id, names in source.items():
                    pool.setdefault(record_id, []).extend(n for n in names if n)
            for record_id, names in pool.items():
                names.extend(self._names.get(record_id, ()))
            self._by_kind[kind] = pool
        return did_you_mean(closest(node_id, self._by_kind[kind]))


def referenced_ids(dataset: Dataset) -> set[str]:
    """Every node id the dataset's records point at (endpoints, counties, contexts...)."""
    out: set[str] = set()
    for rel in dataset.relations:
        out.update((rel.source, rel.target))
        if rel.context:
            out.add(rel.context)
    for node in dataset.nodes:
        if isinstance(node, Municipality):
            out.add(node.county)
        elif isinstance(node, Indicator) and node.definition is not None:
            out.update(x for x in (node.definition.network, node.definition.project) if x)
        elif isinstance(node, SurveyWave):
            out.update([node.subject, *node.respondents, *([node.previous] if node.previous else [])])
        elif isinstance(node, SurveyResponse):
            out.update([node.wave, node.respondent, *(a.partner for a in node.answers)])
    return out


def check_dataset(
    dataset: Dataset,
    *,
    known: Mapping[str, NodeKind] | None = None,
    candidates: Candidates | None = None,
) -> list[Problem]:
    """Problems that span records: duplicates, unknown or ill-kinded endpoints.

    Parameters
    ----------
    dataset : Dataset
    known : mapping of id to NodeKind, optional
        Nodes that exist outside the dataset (reference data, a store).
    candidates : callable, optional
        Further ids (with their names) to suggest for an unknown id of a kind, e.g. a
        store's nodes; the dataset's own nodes, ``known`` and the reference data always are.

    Returns
    -------
    list of Problem
        Empty when the dataset can be loaded.
    """
    problems: list[Problem] = []
    kinds: dict[str, NodeKind] = dict(known or {})
    seen: dict[str, int] = {}
    for i, node in enumerate(dataset.nodes):
        if node.id in seen:
            problems.append(
                Problem(
                    f"duplicate node id {node.id!r} (first at nodes[{seen[node.id]}])", path=f"nodes[{i}].id"
                )
            )
        else:
            seen[node.id] = i
        kinds[node.id] = NodeKind(node.kind)
    names = {
        node.id: [node.name, node.name_en or "", getattr(node, "abbreviation", None) or ""]
        for node in dataset.nodes
    }
    suggest = _Suggester(kinds, names, candidates)

    def ref(node_id: str | None, path: str, expected: set[NodeKind]) -> None:
        if node_id is None:
            return
        kind = kinds.get(node_id)
        if kind is None:
            problems.append(Problem(suggest.unknown(node_id), path=path))
        elif kind not in expected:
            names = " or ".join(sorted(k.value for k in expected))
            problems.append(Problem(f"{node_id!r} is a {kind.value}, not a {names}", path=path))

    for i, node in enumerate(dataset.nodes):
        if isinstance(node, Municipality):
            ref(node.county, f"nodes[{i}].county", {NodeKind.COUNTY})
        elif isinstance(node, Indicator) and node.definition is not None:
            ref(node.definition.network, f"nodes[{i}].definition.network", {NodeKind.NETWORK})
            ref(node.definition.project, f"nodes[{i}].definition.project", {NodeKind.PROJECT})
        elif isinstance(node, SurveyWave):
            ref(node.subject, f"nodes[{i}].subject", {NodeKind.NETWORK, NodeKind.PROJECT})
            for j, who in enumerate(node.respondents):
                ref(who, f"nodes[{i}].respondents[{j}]", {NodeKind.ORGANISATION})
            ref(node.previous, f"nodes[{i}].previous", {NodeKind.SURVEY_WAVE})
        elif isinstance(node, SurveyResponse):
            ref(node.wave, f"nodes[{i}].wave", {NodeKind.SURVEY_WAVE})
            ref(node.respondent, f"nodes[{i}].respondent", {NodeKind.ORGANISATION})
            for j, answer in enumerate(node.answers):
                ref(answer.partner, f"nodes[{i}].answers[{j}].partner", {NodeKind.ORGANISATION})

    rel_seen: dict[str, int] = {}
    for i, rel in enumerate(dataset.relations):
        if rel.id in rel_seen:
            problems.append(
                Problem(
                    f"duplicate relation id {rel.id!r} (first at relations[{rel_seen[rel.id]}]);"
                    " give one of them an explicit 'id'",
                    path=f"relations[{i}].id",
                )
            )
        else:
            rel_seen[rel.id] = i
        problems.extend(
            _relation_problems(
                rel.kind, rel.source, rel.target, rel.context, kinds, f"relations[{i}]", suggest
            )
        )
    return problems


def relation_problems(
    rel: Relation,
    kinds: Mapping[str, NodeKind],
    path: str = "relation",
    *,
    candidates: Candidates | None = None,
) -> list[Problem]:
    """Problems with a relation's endpoints given the kinds of the nodes that exist."""
    suggest = _Suggester(kinds, {}, candidates)
    return _relation_problems(rel.kind, rel.source, rel.target, rel.context, kinds, path, suggest)


def endpoint_problems(
    data: Mapping[str, object],
    kinds: Mapping[str, NodeKind],
    path: str,
    *,
    candidates: Candidates | None = None,
) -> list[Problem]:
    """:func:`relation_problems` of a relation's raw data that is not a valid relation (a
    period the wrong way round, say): whichever of its kind, ends and context are well formed
    are checked, so that one pass reports its unknown ends together with its other problems.
    """

    def node_id(name: str) -> str | None:
        value = data.get(name)
        ok = isinstance(value, str) and NODE_ID_RE.match(value) and kind_of_id(value) is not None
        return value if ok else None  # type: ignore[return-value]

    kind = data.get("kind")
    rel_kind = (
        RelationKind(kind) if isinstance(kind, str) and kind in RelationKind._value2member_map_ else None
    )
    suggest = _Suggester(kinds, {}, candidates)
    context = node_id("context")
    return _relation_problems(rel_kind, node_id("source"), node_id("target"), context, kinds, path, suggest)


def _relation_problems(  # noqa: PLR0917 - a relation's parts, in their order
    rel_kind: RelationKind | None,
    source: str | None,
    target: str | None,
    context: str | None,
    kinds: Mapping[str, NodeKind],
    path: str,
    suggest: _Suggester,
) -> list[Problem]:
    problems: list[Problem] = []
    ends: dict[str, NodeKind | None] = {}
    for end, node_id in (("source", source), ("target", target)):
        kind = kinds.get(node_id) if node_id is not None else None
        if kind is None and node_id is not None:
            problems.append(Problem(suggest.unknown(node_id), path=f"{path}.{end}"))
        ends[end] = kind
    why = endpoint_problem(rel_kind, ends["source"], ends["target"]) if rel_kind is not None else None
    if why and rel_kind is not None:
        field = (
            "source" if ends["source"] and why.startswith(f"a {rel_kind.value} relation starts") else "target"
        )
        problems.append(Problem(why, path=f"{path}.{field}"))
    if context is not None and context not in kinds:
        problems.append(
            Problem(f"unknown context {context!r}{suggest.hint(context)}", path=f"{path}.context")
        )
    return problems
