#!/usr/bin/env bash
# Relata benchmark suite: every scenario next to its baseline, in one run, on one PostgreSQL database.
#
#   bench/run.sh [--quick|--full] [--rows N] [--seed S] [--dist relata-*.tar.gz]
#                [--db-host H] [--db-port P] [--db-user U] [--db-password W] [--keep]
#
# --quick (default): 20,000 customers, 5 s warm-up + 10 s per measurement, one boot per side (~5 minutes).
# --full: 1,000,000 customers, 15 s + 30 s, three boots per side (~30 minutes).
# Writes bench/results/<UTC date-time>.md and .json. See docs/performance.md.
set -euo pipefail

BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
MODE=quick
ROWS=""
SEED=42
DIST=""
DIST_GIVEN=false
DB_HOST=127.0.0.1
DB_PORT=5432
DB_USER=postgres
DB_PASSWORD=""
KEEP=false
EXTRA=()

usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --quick) MODE=quick ;;
        --full) MODE=full ;;
        --rows) ROWS="$2"; shift ;;
        --seed) SEED="$2"; shift ;;
        --dist) DIST="$2"; DIST_GIVEN=true; shift ;;
        --db-host) DB_HOST="$2"; shift ;;
        --db-port) DB_PORT="$2"; shift ;;
        --db-user) DB_USER="$2"; shift ;;
        --db-password) DB_PASSWORD="$2"; shift ;;
        --keep) KEEP=true ;;
        # finer settings, passed through to the Java driver: --seconds, --warmup, --boots, --idle,
        # --get-connections, --create-connections, --list-connections, --profile true (JFR of the REST scenarios),
        # --relata-set 'FILE:key=value,...' (an experiment: settings appended to the distribution's etc/FILE)
        --seconds|--warmup|--boots|--idle|--get-connections|--create-connections|--list-connections|--profile|--relata-set)
            EXTRA+=("$1" "$2"); shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
if [ -z "$ROWS" ]; then
    if [ "$MODE" = full ]; then ROWS=1000000; else ROWS=20000; fi
fi
case "$ROWS$SEED" in *[!0-9-]*) echo "--rows and --seed take numbers" >&2; exit 2 ;; esac
if [ "$DIST_GIVEN" = true ] && [ -z "$DIST" ]; then
    echo "--dist was given without a file (an empty variable?): not building and installing one instead" >&2
    exit 2
fi

say() { echo "[bench $(date -u +%H:%M:%S)] $*"; }

# --- Java 17 (Karaf 4.4.10 does not run on newer Java) ------------------------------------------------------
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAVA_VERSION="$("$JAVA" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)"
if [ "$JAVA_VERSION" != 17 ]; then
    echo "Java 17 is needed (found ${JAVA_VERSION:-none}); set JAVA_HOME" >&2
    exit 1
fi

# --- what is missing gets built -----------------------------------------------------------------------------
mvn_try() { # offline first, then with the network
    mvn -B -q -o "$@" || mvn -B -q "$@"
}
VERSION="$(sed -n 's:^    <version>\(.*\)</version>:\1:p' "$ROOT/pom.xml" | head -1)"
BENCH_JAR="$BENCH/target/relata-bench-$VERSION.jar"
if [ ! -f "$BENCH_JAR" ] || [ -n "$(find "$BENCH/src" "$BENCH/pom.xml" -newer "$BENCH_JAR" -print -quit)" ]; then
    say "building the bench tools into bench/target"
    mvn_try -f "$BENCH/pom.xml" package
fi
if [ -z "$DIST" ]; then
    DIST="$(ls "$ROOT"/karaf-assembly/target/relata-*.tar.gz 2>/dev/null | head -1 || true)"
    if [ -z "$DIST" ]; then
        say "no distribution in karaf-assembly/target: building it (mvn install -DskipTests)"
        (cd "$ROOT" && mvn_try install -DskipTests)
        DIST="$(ls "$ROOT"/karaf-assembly/target/relata-*.tar.gz | head -1)"
    fi
fi
[ -f "$DIST" ] || { echo "no distribution at $DIST" >&2; exit 1; }
DIST="$(cd "$(dirname "$DIST")" && pwd)/$(basename "$DIST")"
STOCK="$HOME/.m2/repository/org/apache/karaf/apache-karaf/4.4.10/apache-karaf-4.4.10.tar.gz"
if [ ! -f "$STOCK" ]; then
    say "fetching stock Apache Karaf 4.4.10 from Maven Central"
    mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:get \
        -Dartifact=org.apache.karaf:apache-karaf:4.4.10:tar.gz -Dtransitive=false
fi
CP="$BENCH_JAR:$BENCH/target/lib/*"

# --- a throwaway database, and the cleanup of everything this run starts ------------------------------------
STAMP="$(date -u +%Y-%m-%dT%H%M%SZ)"
DB_NAME="relata_bench_$(date -u +%Y%m%d_%H%M%S)_$$"
WORK="$BENCH/target/work/$STAMP"
mkdir -p "$WORK/pids"
ADMIN_URL="jdbc:postgresql://$DB_HOST:$DB_PORT/postgres"
DB_URL="jdbc:postgresql://$DB_HOST:$DB_PORT/$DB_NAME"
DB_CREATED=false
SUCCESS=false

descendants() { # a process and all of its children, by process id
    local child
    echo "$1"
    for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
        descendants "$child"
    done
}

cleanup() {
    local status=$? file pid pids=""
    # the processes this run started (their ids are in $WORK/pids) and their children, collected before any
    # of them is stopped so that none is orphaned on the way
    for file in "$WORK"/pids/*.pid; do
        [ -f "$file" ] || continue
        pid="$(cat "$file")"
        if kill -0 "$pid" 2>/dev/null; then
            pids="$pids $(descendants "$pid" | tr '\n' ' ')"
        fi
        rm -f "$file"
    done
    if [ -n "${pids// /}" ]; then
        say "stopping processes this run started:$pids"
        for pid in $pids; do kill -TERM "$pid" 2>/dev/null || true; done
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            alive=""
            for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive="$alive $pid"; done
            [ -z "$alive" ] && break
            sleep 1
        done
        for pid in $pids; do kill -KILL "$pid" 2>/dev/null || true; done
    fi
    if [ "$DB_CREATED" = true ]; then
        say "dropping database $DB_NAME"
        "$JAVA" -cp "$CP" io.relata.bench.DatabaseAdmin drop "$ADMIN_URL" "$DB_USER" "$DB_PASSWORD" "$DB_NAME" \
            || echo "could not drop database $DB_NAME: drop it by hand" >&2
    fi
    if [ "$SUCCESS" = true ] && [ "$KEEP" = false ]; then
        rm -rf "$WORK"
    else
        say "servers' directories and logs kept in $WORK"
    fi
    exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "PostgreSQL at $DB_HOST:$DB_PORT: creating database $DB_NAME"
if ! "$JAVA" -cp "$CP" io.relata.bench.DatabaseAdmin create "$ADMIN_URL" "$DB_USER" "$DB_PASSWORD" "$DB_NAME"; then
    echo "no PostgreSQL at $DB_HOST:$DB_PORT for user $DB_USER (see --db-host/--db-port/--db-user)." >&2
    echo "TODO: start a throwaway embedded PostgreSQL here when none runs." >&2
    exit 1
fi
DB_CREATED=true

say "unpacking $(basename "$DIST") and stock Karaf 4.4.10 into $WORK"
mkdir -p "$WORK/relata" "$WORK/stock-karaf"
tar xzf "$DIST" --strip-components=1 -C "$WORK/relata"
tar xzf "$STOCK" --strip-components=1 -C "$WORK/stock-karaf"
# Relata boots offline from its system/ folder, as users run it
printf '\norg.ops4j.pax.url.mvn.repositories=\norg.ops4j.pax.url.mvn.localRepository=${karaf.data}/empty-local-repository\n' \
    >> "$WORK/relata/etc/org.ops4j.pax.url.mvn.cfg"

COMMIT="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ "$COMMIT" != unknown ] && ! git -C "$ROOT" diff-index --quiet HEAD -- 2>/dev/null; then
    COMMIT="$COMMIT (working tree has changes)"
fi
if [ "$DIST_GIVEN" = true ]; then
    COMMIT="$COMMIT (of this working tree; the distribution was given with --dist)"
fi

say "running the $MODE benchmark: $ROWS customers, seed $SEED"
"$JAVA" -Xmx1g -cp "$CP" io.relata.bench.Bench \
    --mode "$MODE" --rows "$ROWS" --seed "$SEED" \
    --work "$WORK" --relata-home "$WORK/relata" --stock-home "$WORK/stock-karaf" \
    --stock-repo "$BENCH/target/stock-karaf-repository" \
    --db-url "$DB_URL" --db-user "$DB_USER" --db-password "$DB_PASSWORD" \
    --results "$BENCH/results" --stamp "$STAMP" --commit "$COMMIT" --dist "$(basename "$DIST")" \
    ${EXTRA[@]+"${EXTRA[@]}"} &
DRIVER=$!
echo "$DRIVER" > "$WORK/pids/driver.pid"
wait "$DRIVER"
rm -f "$WORK/pids/driver.pid"
SUCCESS=true
say "done: bench/results/$STAMP.md"
