"""What ./tracker demo shows after the traffic: events arriving in PostgreSQL and the search index,
and the partition assignment of each consumer instance. Reads endpoints from
`./tracker status --json` (argv[1]); runs with the project's venv (psycopg, requests)."""

import json
import sys
import time

import psycopg
import requests


def consumer_statuses(services):
    out = {}
    for name, s in services.items():
        if s.get("kind") == "consumer" and s["state"] == "running":
            try:
                out[name] = requests.get(f"{s['url']}/api/status", timeout=5).json()
            except requests.RequestException as e:
                out[name] = {"error": str(e)}
    return out


def total_lag(statuses):
    return sum(p["lag"] or 0 for s in statuses.values() for p in s.get("assigned_partitions", []))


def main():
    status = json.loads(sys.argv[1])
    infra, services = status["infra"], status["services"]
    deadline = time.time() + 60
    statuses = consumer_statuses(services)
    while time.time() < deadline and total_lag(statuses) > 0:
        time.sleep(1)
        statuses = consumer_statuses(services)
    print(f"    consumer lag now {total_lag(statuses)} records")

    with psycopg.connect(infra["postgres"]["dsn"]) as conn:
        rows = conn.execute("select event_type, count(*) from user_behavior_event"
                            " group by 1 order by 2 desc").fetchall()
        newest = conn.execute("select event_id, event_type, user_id, kafka_partition,"
                              " kafka_offset, ingested_at from user_behavior_event"
                              " order by ingested_at desc limit 3").fetchall()
    total = sum(n for _, n in rows)
    print(f"    PostgreSQL user_behavior_event: {total} rows  "
          + ", ".join(f"{t} {n}" for t, n in rows))
    for r in newest:
        print(f"      newest: {r[0]} {r[1]} user={r[2]} p{r[3]}@{r[4]} at {r[5]:%H:%M:%S.%f}")

    search = infra["opensearch"]["url"]
    requests.post(f"{search}/user-post-events/_refresh", timeout=30)
    count = requests.get(f"{search}/user-post-events/_count", timeout=30).json().get("count")
    print(f"    search index user-post-events: {count} post documents")

    for name, s in sorted(statuses.items()):
        if "error" in s:
            print(f"    {name}: status unavailable ({s['error']})")
            continue
        parts = ", ".join(f"p{p['partition']} lag {p['lag']}" for p in s["assigned_partitions"])
        c = s["counters"]
        dead = sum(c["dead_lettered"].values())
        print(f"    {name} (group {s['group']}, generation {s.get('generation')}): [{parts}]")
        print(f"      consumed {c['consumed']}, written postgres {c['written']['postgres']}"
              f" / search {c['written']['search']}, retried {c['retried']}, dead-lettered {dead},"
              f" rebalances {s['rebalances_seen']}")


if __name__ == "__main__":
    main()
