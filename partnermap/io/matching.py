"""Matching names people type to ids: with or without diacritics, in any case, by EHAK code.

A name that fits one record is matched; one that fits several, or none, is an error that
lists the closest candidates. Nothing is guessed silently.

Examples
--------
>>> m = municipality_matcher()
>>> m.match("Parnu linn"), m.match("pärnu"), m.match("Tallinna linn")
('municipality:parnu-linn', 'municipality:parnu-linn', 'municipality:tallinn')
>>> m.match("Kohtla-Jarve")
'municipality:kohtla-jarve-linn'
>>> m.match("0784")
'municipality:tallinn'
>>> m.match("Võru")
Traceback (most recent call last):
...
partnermap.io.matching.MatchError: 'Võru' is ambiguous: Võru linn, Võru vald
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from partnermap.errors import PartnermapError
from partnermap.model import Node, slugify
from partnermap.reference import counties, municipalities
from partnermap.validation import closest

__all__ = ["MatchError", "Matcher", "county_matcher", "municipality_matcher", "node_matcher", "normalise"]

_SUFFIXES = re.compile(r"[- ](linn|vald|maakond|county|municipality|parish|city)$")


class MatchError(PartnermapError):
    """A name that matches no record, or several."""


def normalise(text: str) -> str:
    """Case, diacritics, punctuation and spacing do not count.

    Examples
    --------
    >>> normalise("  Kohtla-Järve   LINN ")
    'kohtla-jarve-linn'
    """
    return slugify(text)


class Matcher:
    """Finds the one id that a typed name stands for.

    Parameters
    ----------
    entries : iterable of (id, display name, aliases)
        Every alias (and the id and display name) is matched after :func:`normalise`.
    what : str
        What is being matched, for messages ("municipality", "network", ...).
    """

    def __init__(self, entries: Iterable[tuple[str, str, Iterable[str]]], what: str) -> None:
        self.what = what
        self._names: dict[str, str] = {}
        self._aliases: dict[str, list[str]] = {}
        self._index: dict[str, set[str]] = defaultdict(set)
        for record_id, name, aliases in entries:
            self._names[record_id] = name
            self._aliases[record_id] = [name, *(str(a) for a in aliases)]
            for alias in (record_id, name, *aliases):
                key = normalise(str(alias))
                if key:
                    self._index[key].add(record_id)

    def __contains__(self, record_id: str) -> bool:
        return record_id in self._names

    def match(self, text: str) -> str:
        """The id ``text`` stands for; MatchError with suggestions otherwise."""
        key = normalise(text)
        found = self._index.get(key) or self._index.get(_SUFFIXES.sub("", key)) or set()
        if len(found) == 1:
            return next(iter(found))
        if found:
            names = ", ".join(sorted(self._names[i] for i in found))
            raise MatchError(f"{text!r} is ambiguous: {names}")
        suggestions = [self._names[i] for i in closest(text, self._aliases)]
        hint = f"; closest: {', '.join(suggestions)}" if suggestions else ""
        raise MatchError(f"unknown {self.what} {text!r}{hint}")


def municipality_matcher() -> Matcher:
    """All 79 municipalities: official name, stem ("Pärnu"), genitive ("Tallinna"), EHAK."""
    entries = []
    for m in municipalities():
        stem = m.name.rsplit(" ", 1)[0] if m.name.endswith((" linn", " vald")) else m.name
        aliases = [stem, m.ehak, f"{stem}a linn" if m.municipality_type == "linn" else f"{stem} vald"]
        if m.municipality_type == "linn":
            aliases += [f"{stem} linn", f"{stem}a"]  # "Tallinna linn", the genitive people write
        entries.append((m.id, m.name, aliases))
    return Matcher(entries, "municipality")


def county_matcher() -> Matcher:
    """All 15 counties: "Harju maakond", "Harjumaa", "Harju", EHAK."""
    entries = []
    for c in counties():
        stem = c.name.removesuffix(" maakond")
        entries.append((c.id, c.name, [stem, f"{stem}maa", c.ehak, c.name_en or ""]))
    return Matcher(entries, "county")


def node_matcher(nodes: Iterable[Node], what: str) -> Matcher:
    """Nodes of the store by id, name, English name and abbreviation."""
    entries = []
    for node in nodes:
        aliases = [node.name_en or "", getattr(node, "abbreviation", None) or ""]
        entries.append((node.id, node.name, aliases))
    return Matcher(entries, what)
