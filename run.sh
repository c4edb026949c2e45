#!/usr/bin/env bash
#
# Runs Relata in the foreground with its console, building it first when the distribution is missing or
# older than the sources. Ctrl-D or 'system:shutdown' stops it.
#
# Environment (all optional; see README.md):
#   RELATA_HTTP_PORT (8181)  RELATA_DB_URL / RELATA_DB_USER / RELATA_DB_PASSWORD (embedded H2)
#   RELATA_ADMIN_PASSWORD (first start only)  RELATA_DATA (.relata/data: database, logs)
set -euo pipefail
cd "$(dirname "$0")"

assembly=karaf-assembly/target/assembly
marker="$assembly/etc/startup.properties"

needs_build() {
    [ ! -x "$assembly/bin/karaf" ] && return 0
    # any source or POM newer than the distribution means the distribution is stale
    [ -n "$(find . -path ./karaf-assembly/target -prune -o -path ./.relata -prune -o -path '*/target' -prune \
        -o \( -name pom.xml -o -path '*/src/*' \) -type f -newer "$marker" -print -quit)" ]
}

if needs_build; then
    echo "Building Relata (the first build downloads dependencies and takes a few minutes)..."
    mvn -B -q -DskipTests install
fi

# The database and logs live outside the build tree, so 'mvn clean' never deletes them.
export KARAF_DATA="${RELATA_DATA:-$PWD/.relata/data}"
mkdir -p "$KARAF_DATA"
# Bundles are cached in the data folder; after a rebuild the cache would run yesterday's code.
stamp="$KARAF_DATA/.distribution"
if [ ! -f "$stamp" ] || [ "$marker" -nt "$stamp" ]; then
    rm -rf "$KARAF_DATA/cache" "$KARAF_DATA/tmp" "$KARAF_DATA/generated-bundles" "$KARAF_DATA/kar"
    touch "$stamp"
fi

port="${RELATA_HTTP_PORT:-8181}"
cat <<BANNER

  Relata is starting.
    REST API  http://localhost:${port}/api/v1   (health: /api/v1/health, OpenAPI: /api/v1/openapi.json)
    Console   this terminal, or: ssh -p ${RELATA_SSH_PORT:-8101} admin@localhost
    Data      ${KARAF_DATA}   (database in db/, logs in log/)

BANNER
exec "$assembly/bin/karaf" "$@"
