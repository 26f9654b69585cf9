"""event-dlt-monitor throughput: dead letters stored per second and replays per second, against
the stack a ./tracker up is running (endpoints from ./tracker status --json; TRACKER_RUN_DIR and
the port variables select another one).

  .cache/venv/bin/python bench/dlt_monitor_throughput.py [--records 20000] [--replays 1000]

1. Stored: writes --records dead letters straight to the DLT topic (Spring's kafka_dlt-* headers
   and ours, stage postgres, a consumer group named for this run), then measures from the first
   write until the dead_letter table holds them all (each row committed before the monitor's
   offset). Reference in the same run: how fast this script wrote them to Kafka.
2. Replayed: one replay by filter of this run's rows (max --replays, rate_per_second 1000, the
   largest the API allows), timed from the request to the answer (which comes after the broker
   acknowledged every record). Reference: the requested rate.

The synthetic original offsets start far past anything a real topic holds (so they never collide
with a real dead letter), and the values are not Confluent Protobuf: the replayed records come
back to the DLT as decode failures and are stored as new rows of their replay chains. Run it on a
stack whose dead letters you do not mind; an admin key, when the monitor needs one, comes from
TRACKER_DLT_API_KEY (as for ./tracker dlt)."""

import argparse
import os
import struct
import sys
import time
import uuid

import psycopg
import requests
from confluent_kafka import Producer

from bench_stack import stack_status

TOPIC = "user-behavior-events"
DLT = "user-behavior-events-DLT"
PARTITIONS = 6


def dead_letter_headers(group, partition, offset, timestamp_ms):
    return [("kafka_dlt-original-topic", TOPIC.encode()),
            ("kafka_dlt-original-partition", struct.pack(">i", partition)),
            ("kafka_dlt-original-offset", struct.pack(">q", offset)),
            ("kafka_dlt-original-timestamp", struct.pack(">q", timestamp_ms)),
            ("kafka_dlt-original-timestamp-type", b"CreateTime"),
            ("kafka_dlt-original-consumer-group", group.encode()),
            ("kafka_dlt-exception-fqcn", b"com.lanlan.tracker.PostgresWriteException"),
            ("kafka_dlt-exception-message", b"bench: synthetic failure"),
            ("x-tracker-stage", b"postgres"),
            ("x-tracker-error-code", b"bench.synthetic"),
            ("x-tracker-attempts", b"4")]


def write_dead_letters(bootstrap, group, count):
    """Writes `count` dead letters to the DLT; returns (seconds until all were acknowledged,
    time.monotonic() of the first write)."""
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5,
                         "enable.idempotence": True})
    # Nanoseconds since the epoch: past any real offset, and a new range on every run.
    base = time.time_ns()
    now_ms = int(time.time() * 1000)
    errors = []
    started = time.monotonic()
    for n in range(count):
        partition = n % PARTITIONS
        producer.produce(DLT, key=f"bench-user-{n % 500}".encode(),
                         value=f"bench-dlt-monitor-{group}-{n}".encode(), partition=partition,
                         headers=dead_letter_headers(group, partition, base + n, now_ms),
                         on_delivery=lambda err, _msg: err and errors.append(err))
        if n % 1000 == 0:
            producer.poll(0)
    if producer.flush(120) != 0 or errors:
        raise SystemExit(f"writing to {DLT} failed: {errors[:3]}")
    return time.monotonic() - started, started


def stored(dsn, group):
    with psycopg.connect(dsn) as conn:
        return conn.execute("select count(*) from dead_letter where consumer_group = %s",
                            [group]).fetchone()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--replays", type=int, default=1_000)
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for the rows")
    args = parser.parse_args()
    status = stack_status(dict(os.environ, NO_COLOR="1"))
    infra, services = status["infra"], status["services"]
    monitor = services.get("event-dlt-monitor")
    if not monitor or not monitor["healthy"]:
        raise SystemExit("no healthy event-dlt-monitor: start the stack with ./tracker up")
    url, dsn = monitor["url"], infra["postgres"]["dsn"]
    group = f"bench-dlt-monitor-{uuid.uuid4().hex[:8]}"

    write_s, started = write_dead_letters(infra["kafka"]["bootstrap_servers"], group, args.records)
    print(f"wrote {args.records} dead letters to {DLT} in {write_s:.1f}s", flush=True)
    deadline = time.monotonic() + args.timeout
    while (have := stored(dsn, group)) < args.records:
        if time.monotonic() > deadline:
            raise SystemExit(f"only {have} of {args.records} rows after {args.timeout:.0f}s")
        time.sleep(0.1)
    store_s = time.monotonic() - started
    print(f"stored {args.records} rows {store_s:.1f}s after the first write", flush=True)

    key = os.environ.get("TRACKER_DLT_API_KEY")
    body = {"filter": {"group": group, "status": "new"}, "dry_run": False, "max": args.replays,
            "rate_per_second": 1000, "reason": "bench/dlt_monitor_throughput.py"}
    replay_started = time.monotonic()
    r = requests.post(f"{url}/api/dead-letters/replay", json=body, timeout=600,
                      headers={"X-API-Key": key} if key else {})
    replay_s = time.monotonic() - replay_started
    if r.status_code != 200:
        raise SystemExit(f"replay by filter answered {r.status_code}: {r.text}")
    answer = r.json()
    replayed = answer["replayed"]
    print(f"replayed {replayed} (failed {answer['failed']}) in {replay_s:.1f}s", flush=True)

    write_rate, store_rate = args.records / write_s, args.records / store_s
    replay_rate = replayed / replay_s if replay_s > 0 else float("inf")
    print()
    print("| measurement | records | seconds | per second | reference (same run) | ratio |")
    print("|---|---:|---:|---:|---|---:|")
    print(f"| dead letters stored | {args.records} | {store_s:.1f} | {store_rate:,.0f} | "
          f"written to the DLT {write_rate:,.0f}/s | {store_rate / write_rate:.2f} |")
    print(f"| replays by filter | {replayed} | {replay_s:.1f} | {replay_rate:,.0f} | "
          f"requested rate 1,000/s | {replay_rate / 1000:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
