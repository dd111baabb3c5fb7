#!/usr/bin/env bash
# Build the Neo4j dev server (no-op if up to date). Pass --force to rebuild anyway.
exec "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/run.sh" --build-only "$@"
