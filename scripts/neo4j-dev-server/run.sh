#!/usr/bin/env bash
# Start the partnermap Neo4j dev server (embedded Neo4j Community, Bolt only, 127.0.0.1).
#
#   scripts/neo4j-dev-server/run.sh --port P --data DIR [--password PW] [--pagecache 128m]
#   scripts/neo4j-dev-server/run.sh --build-only
#
# Builds with Maven first if target/ is missing or older than pom.xml / the sources,
# then execs the JVM (so the PID of this script becomes the server's PID and SIGTERM
# reaches it directly). Prints one line containing "ready" to stdout when Bolt accepts
# connections. Environment: JAVA (default: java), NEO4J_DEV_XMX (default: 1g),
# MVN (default: mvn), NEO4J_DEV_JAVA_OPTS (extra JVM flags).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TARGET="$HERE/target"
STAMP="$TARGET/.build-complete"

needs_build() {
    [[ -f "$STAMP" && -d "$TARGET/classes" && -d "$TARGET/dependency" ]] || return 0
    # Rebuild if any source or the pom is newer than the last successful build.
    [[ -n "$(find "$HERE/pom.xml" "$HERE/src" -newer "$STAMP" -print -quit 2>/dev/null)" ]] && return 0
    return 1
}

build() {
    local mvn="${MVN:-mvn}"
    if ! command -v "$mvn" >/dev/null 2>&1; then
        echo "neo4j-dev-server: maven ($mvn) not found; install maven and a JDK 17+" >&2
        exit 1
    fi
    echo "neo4j-dev-server: building with maven (first build downloads Neo4j, ~130 MB)..." >&2
    rm -f "$STAMP"
    # Stale jars (e.g. after a version bump) would end up on the classpath: start clean.
    rm -rf "$TARGET/dependency"
    # Maven's output goes to stderr so that our stdout stays reserved for the ready line.
    (cd "$HERE" && "$mvn" -q -B -Dstyle.color=never package) 1>&2
    touch "$STAMP"
}

if [[ "${1:-}" == "--build-only" ]]; then
    build_forced="${2:-}"
    if [[ "$build_forced" == "--force" ]] || needs_build; then
        build
    fi
    exit 0
fi

if needs_build; then
    build
fi

JAVA="${JAVA:-java}"
# shellcheck disable=SC2086
exec "$JAVA" \
    -Xms64m -Xmx"${NEO4J_DEV_XMX:-1g}" \
    -XX:+UseG1GC \
    -XX:-OmitStackTraceInFastThrow \
    -XX:+ExitOnOutOfMemoryError \
    --add-opens=java.base/java.nio=ALL-UNNAMED \
    --add-opens=java.base/java.io=ALL-UNNAMED \
    --add-opens=java.base/java.lang=ALL-UNNAMED \
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
    -Dio.netty.tryReflectionSetAccessible=true \
    -Dlog4j2.disable.jmx=true \
    -Dfile.encoding=UTF-8 \
    ${NEO4J_DEV_JAVA_OPTS:-} \
    -cp "$TARGET/classes:$TARGET/dependency/*" \
    partnermap.devserver.Neo4jDevServer "$@"
