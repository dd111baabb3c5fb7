"""The API's schema as SDL: what ``graphql/schema.graphql`` holds (a test keeps them equal).

``python -m partnermap.api.sdl`` (or ``partnermap schema -o graphql/schema.graphql``)
writes it anew after a change to the schema.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["SCHEMA_PATH", "schema_sdl", "write_schema"]

SCHEMA_PATH = Path(__file__).resolve().parent.parent.parent / "graphql" / "schema.graphql"
"""Where the exported SDL lives in a source checkout."""


def schema_sdl() -> str:
    """The API's schema as SDL text."""
    from partnermap.api.app import make_schema  # noqa: PLC0415 - strawberry only when asked

    return make_schema().as_str().rstrip() + "\n"


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    """Write the SDL to ``path`` (default: graphql/schema.graphql of the checkout)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_sdl(), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(f"wrote {write_schema()}")
