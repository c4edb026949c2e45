#!/usr/bin/env python3
"""Shares of a JFR profile of a bench run (bench/run.sh --profile true), for docs/performance.md.

    bench/profile-summary.py bench/results/<stamp>-relata.jfr

Counts the execution samples of the HTTP (Jetty) threads whose stack passes through each of a few places in
Relata and its stack, as a share of all of them. Needs the JDK's `jfr` tool on the PATH. With few samples (a
busy machine gives the Relata JVM little CPU) the shares move by several points from run to run.
"""
import collections
import json
import subprocess
import sys

PLACES = {
    "authentication filter": "io.relata.core.security.AuthenticationFilter.filter",
    "  principal loaded from the database": "io.relata.core.security.Directory.user",
    "Jackson (all)": "com.fasterxml.jackson",
    "  building deserializers": "DeserializerCache._createAndCacheValueDeserializer",
    "  building serializers": "SerializerCache.addAndResolveNonTypedSerializer",
    "  mapper built (should be 0)": "io.relata.core.rest.json.RelataJson.newMapper",
    "  application rebuilt (should be 0)": "CxfJaxrsServiceRegistrator.rewire",
    "EclipseLink": "org.eclipse.persistence",
    "PostgreSQL driver": "org.postgresql",
    "dbcp2 validation on borrow": "PoolableConnectionFactory.validateObject",
    "dbcp2 new connection": "PoolableConnectionFactory.makeObject",
    "CustomerStore.find": "io.relata.core.customers.customer.CustomerStore.find",
    "CustomerStore.list": "io.relata.core.customers.customer.CustomerStore.list",
    "CustomerStore.create": "io.relata.core.customers.customer.CustomerStore.create",
    "custom fields": "io.relata.core.customfields",
}


def main(path):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "128", "--events", "jdk.ExecutionSample",
                          path], capture_output=True, text=True, check=True).stdout
    events = json.loads(out)["recording"]["events"]
    counts = collections.Counter()
    http = 0
    for event in events:
        trace = event["values"].get("stackTrace")
        if not trace:
            continue
        frames = "\n".join(f["method"]["type"]["name"].replace("/", ".") + "." + f["method"]["name"]
                           for f in trace["frames"])
        if "org.eclipse.jetty" not in frames:
            continue
        http += 1
        for name, place in PLACES.items():
            if place in frames:
                counts[name] += 1
    print(f"{len(events)} execution samples, {http} in HTTP threads")
    for name in PLACES:
        print(f"{name:40s} {counts[name]:6d} {100.0 * counts[name] / max(http, 1):5.1f} %")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
