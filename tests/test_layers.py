"""The package's shape: a light core, modules that import on their own, layers kept.

Each check runs in a fresh interpreter, so that what one test imported cannot hide what
another module forgot to import.
"""

from __future__ import annotations

import json
import pkgutil
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

import partnermap

HELP = "from partnermap.cli import app\ntry:\n    app({args})\nexcept SystemExit:\n    pass"
HEAVY = ("pyvis", "igraph", "jinja2", "strawberry", "fastapi", "uvicorn", "openpyxl")


def _loaded_after(code: str) -> set[str]:
    """Top-level names of the modules a fresh interpreter holds after running ``code``."""
    probe = f"{code}\nimport sys, json\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    "code",
    [
        "import partnermap",
        "import partnermap.store",
        "import partnermap.store; partnermap.store.open_store('sqlite:///:memory:').close()",
        # what `partnermap --help` runs, without leaving the interpreter
        HELP.format(args=["--help"]),
        HELP.format(args=["map", "network", "--help"]),
        HELP.format(args=["metrics", "--help"]),
    ],
)
def test_the_core_loads_no_heavy_dependency(code: str) -> None:
    loaded = _loaded_after(code)
    assert not loaded & set(HEAVY), f"{code!r} loaded {sorted(loaded & set(HEAVY))}"


def test_the_probe_sees_heavy_modules_when_they_are_loaded() -> None:
    loaded = _loaded_after("import partnermap.maps.render")
    assert {"pyvis", "jinja2", "igraph"} <= loaded


def _modules() -> list[str]:
    names = ["partnermap"]
    for info in pkgutil.walk_packages(partnermap.__path__, "partnermap."):
        if not info.name.endswith("__main__"):
            names.append(info.name)
    return sorted(names)


def test_every_module_imports_on_its_own() -> None:
    modules = _modules()
    assert {"partnermap.cli.app", "partnermap.api.app", "partnermap.maps.render"} <= set(modules)

    def attempt(name: str) -> tuple[str, str]:
        result = subprocess.run(
            [sys.executable, "-c", f"import {name}"], check=False, capture_output=True, text=True, timeout=120
        )
        return name, result.stderr.strip().splitlines()[-1] if result.returncode else ""

    with ThreadPoolExecutor(max_workers=4) as pool:
        failures = {name: error for name, error in pool.map(attempt, modules) if error}
    assert failures == {}


def test_every_public_name_of_the_package_resolves() -> None:
    code = "import partnermap, partnermap.maps\n" + "\n".join(
        f"getattr({pkg}, {name!r})"
        for pkg, names in (("partnermap", partnermap.__all__), ("partnermap.maps", _maps_all()))
        for name in names
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        partnermap.nothing_here  # noqa: B018


def _maps_all() -> list[str]:
    import partnermap.maps

    return list(partnermap.maps.__all__)


def test_nothing_in_the_library_imports_the_cli() -> None:
    root = Path(partnermap.__file__).parent
    sources = [p for p in root.rglob("*.py") if "cli" not in p.relative_to(root).parts]
    assert len(sources) > 50
    offenders = [
        str(p.relative_to(root))
        for p in sources
        if p.name != "__main__.py"  # the entry point of `python -m partnermap`
        and re.search(r"^\s*(from|import) partnermap\.cli\b", p.read_text(encoding="utf-8"), re.M)
    ]
    assert offenders == []


def test_only_the_edges_read_the_environment() -> None:
    """Settings are built at the edges and passed down; the library never reads os.environ."""
    root = Path(partnermap.__file__).parent
    readers = sorted(
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if re.search(r"os\.environ|os\.getenv|getenv\(", p.read_text(encoding="utf-8"))
    )
    # Settings.from_env (called by the CLI callback and create_app) and the hand-off to workers
    assert readers == ["api/server.py", "settings.py"]


def test_help_loads_not_even_the_model_or_rich() -> None:
    """`partnermap --help` needs typer and the command tree, nothing of what the commands do."""
    loaded = _loaded_after(HELP.format(args=["--help"]))
    assert not loaded & {"rich", "networkx", "pydantic", "yaml"}, sorted(loaded)
    assert "typer" in loaded
