"""Every command is documented: it has help text and the README shows it (as sqlite-utils does)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer.main

from partnermap.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> dict[str, Any]:
    """Every command under ``group`` by its path ("metrics centrality"); groups included."""
    found: dict[str, Any] = {}
    for name, command in group.commands.items():
        path = (*prefix, name)
        found[" ".join(path)] = command
        if hasattr(command, "commands"):  # a group (typer ships its own click)
            found.update(_commands(command, path))
    return found


COMMANDS = _commands(typer.main.get_command(app))


def test_the_command_tree_is_complete() -> None:
    assert {"load", "import", "metrics centrality", "map network", "serve", "schema"} <= COMMANDS.keys()
    assert len(COMMANDS) > 25


def test_every_command_and_option_has_help_text() -> None:
    missing = [path for path, command in COMMANDS.items() if not (command.help or "").strip()]
    assert missing == []
    undocumented = [
        f"{path} {param.opts[0]}"
        for path, command in COMMANDS.items()
        for param in command.params
        if param.param_type_name == "option" and not (param.help or "").strip()
    ]
    assert undocumented == []


def test_every_command_appears_in_the_readme() -> None:
    absent = [path for path in COMMANDS if f"partnermap {path}" not in README]
    assert absent == [], f"add these to README.md: {absent}"
