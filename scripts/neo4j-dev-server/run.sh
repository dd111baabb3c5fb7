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
# MVN (default: mvn), NEO4J_DEV_JAVA_OPTS (extra JVM flags), NEO4J_DEV_JIT_OPTS
# (default: -XX:TieredStopAtLevel=1, i.e. C1 only: starts 2-4x faster on a small/busy
# machine and is faster for short test workloads; set it to "" for the full C2 JIT).
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

# Serialise builds between concurrent launches (e.g. parallel test sessions).
locked_build_if_needed() {
    local force="${1:-}"
    [[ "$force" == "--force" ]] || needs_build || return 0
    mkdir -p "$TARGET"
    if command -v flock >/dev/null 2>&1; then
        exec 9>"$TARGET/.build.lock"
        flock 9
        # Another launcher may have built while we waited.
        if [[ "$force" == "--force" ]] || needs_build; then build; fi
        flock -u 9
        exec 9>&-
    else
        build
    fi
}

if [[ "${1:-}" == "--build-only" ]]; then
    locked_build_if_needed "${2:-}"
    exit 0
fi

locked_build_if_needed

JAVA="${JAVA:-java}"
# shellcheck disable=SC2086
exec "$JAVA" \
    -Xms64m -Xmx"${NEO4J_DEV_XMX:-1g}" \
    -XX:+UseG1GC \
    ${NEO4J_DEV_JIT_OPTS--XX:TieredStopAtLevel=1} \
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
