"""Dead-letter throughput: how fast one event-consumer instance drains a flood of poison pills
(records that are not Confluent Protobuf) into the DLT, on a private stack (its own run folder and
ports; Kafka, PostgreSQL and the registry only).

  .cache/venv/bin/python bench/dead_letter_throughput.py [--records 20000] [--keep]

Fills the topic with --records undecodable records (spread over the partitions), then starts one
consumer instance of a fresh group and measures, from its first consumed record, how long it takes
until its dead_lettered.decode counter reaches --records (every dead letter acknowledged by the
broker before the offset is committed)."""

import argparse
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests
from confluent_kafka import Producer

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_stack import CONSUMER_PORT, PORTS, ROOT, stack_status, tracker  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--keep", action="store_true", help="leave the bench stack running")
    args = parser.parse_args()
    env = dict(os.environ, TRACKER_RUN_DIR=str(ROOT / ".run" / "bench-dlt"), NO_COLOR="1", **PORTS)
    tracker(env, "infra", "down", "--purge")
    tracker(env, "infra", "up", "--only", "kafka,postgres,registry")
    try:
        infra = stack_status(env)["infra"]
        producer = Producer({"bootstrap.servers": infra["kafka"]["bootstrap_servers"],
                             "linger.ms": 5})
        for n in range(args.records):
            producer.produce("user-behavior-events", value=b"poison-" + str(n).encode(),
                             partition=n % 6)
            if n % 10_000 == 0:
                producer.poll(0)
        producer.flush(60)
        child_env = dict(os.environ, TRACKER_KAFKA_BOOTSTRAP=infra["kafka"]["bootstrap_servers"],
                         TRACKER_REGISTRY_URL=infra["registry"]["url"],
                         TRACKER_PG_DSN=infra["postgres"]["dsn"], TRACKER_CONSUMER_SINKS="postgres",
                         TRACKER_CONSUMER_GROUP=f"bench-dlt-{uuid.uuid4().hex[:6]}",
                         TRACKER_CONSUMER_PORT=str(CONSUMER_PORT))
        binary = ROOT / "build" / os.environ.get("TRACKER_PRESET", "release") / "bin" / "event-consumer"
        proc = subprocess.Popen([str(binary)], env=child_env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        first = None
        try:
            deadline = time.time() + 1200
            while time.time() < deadline:
                time.sleep(0.1)
                try:
                    counters = requests.get(f"http://127.0.0.1:{CONSUMER_PORT}/api/status",
                                            timeout=5).json()["counters"]
                except (requests.RequestException, ValueError):
                    continue
                if first is None and counters["consumed"] > 0:
                    first = time.monotonic()
                if counters["dead_lettered"]["decode"] >= args.records:
                    seconds = time.monotonic() - first
                    print(f"{args.records} dead letters in {seconds:.1f}s = "
                          f"{args.records / seconds:,.0f} records/s")
                    return 0
            raise SystemExit("the consumer did not dead-letter every record in time")
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=60)
    finally:
        if not args.keep:
            tracker(env, "infra", "down", "--purge")


if __name__ == "__main__":
    sys.exit(main())
