"""Lazy re-exports for package roots (PEP 562): a name's module loads when it is first used.

Examples
--------
>>> import types
>>> pkg = types.ModuleType("pkg")
>>> pkg.__getattr__, pkg.__dir__ = lazy_exports(pkg.__dict__, {"sqrt": "math"})
>>> pkg.__getattr__("sqrt")(9.0), "sqrt" in pkg.__dict__
(3.0, True)
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    namespace: MutableMapping[str, Any], exports: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A module's ``__getattr__`` and ``__dir__`` that import ``exports`` (name -> module) on use.

    A name once loaded is kept in ``namespace`` (the module's globals), so later look-ups
    skip ``__getattr__``.
    """
    package = str(namespace.get("__name__", "package"))

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*namespace, *exports})

    return __getattr__, __dir__
