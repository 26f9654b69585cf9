"""Consumer throughput: events/s one event-consumer instance writes to PostgreSQL, and documents/s
it writes to the search index, on a private stack (its own run folder and ports, so a running
./tracker up is untouched).

  .cache/venv/bin/python bench/consumer_throughput.py [--posts 50000] [--events 200000] [--keep]

1. ./tracker up --consumers 0 on the bench ports (Kafka, PostgreSQL, registry, OpenSearch, producer).
2. Fills the topic: first --posts post_created events (batches of 500 through the producer), then
   --events mixed events from tools/loadgen (closed loop).
3. Starts one consumer instance of a fresh group writing only the index: documents/s from its first
   record until it has indexed the --posts posts (they are at the head of every partition).
4. Starts one consumer instance of another fresh group writing only PostgreSQL: events/s from its
   first record until it has written every record of the topic.
Rates come from the consumer's own /api/status counters, sampled every 100 ms; its peak RSS from
/proc. Prints a Markdown table row for docs/benchmarks.md."""

import argparse
import os
import signal
import subprocess
import sys
import time
import uuid

import requests

from bench_stack import CONSUMER_PORT, PORTS, ROOT, stack_status, tracker


def fill_posts(producer, count):
    sent, n = 0, 0
    while sent < count:
        batch = [{"event_id": f"bench-post-{uuid.uuid4()}", "event_type": "post_created",
                  "user_id": f"bench-user-{(n + i) % 5000}", "device_type": "web",
                  "source_channel": "bench",
                  "extra_data": {"post_id": f"p-{n + i}", "title": f"Post number {n + i}",
                                 "content": "Lorem ipsum dolor sit amet " * 8,
                                 "tags": "bench,kafka,cpp"}}
                 for i in range(min(500, count - sent))]
        r = requests.post(f"{producer}/api/events", json=batch, timeout=60)
        r.raise_for_status()
        sent += r.json()["accepted"]
        n += len(batch)
    return sent


def run_consumer(infra, group, sinks, target, counter):
    """Runs one instance until counters `counter` reaches `target`; returns (rate, seconds, rss)."""
    env = dict(os.environ, TRACKER_KAFKA_BOOTSTRAP=infra["kafka"]["bootstrap_servers"],
               TRACKER_REGISTRY_URL=infra["registry"]["url"], TRACKER_PG_DSN=infra["postgres"]["dsn"],
               TRACKER_SEARCH_URL=infra["opensearch"]["url"], TRACKER_CONSUMER_GROUP=group,
               TRACKER_CONSUMER_SINKS=sinks, TRACKER_CONSUMER_PORT=str(CONSUMER_PORT))
    binary = ROOT / "build" / os.environ.get("TRACKER_PRESET", "release") / "bin" / "event-consumer"
    proc = subprocess.Popen([str(binary)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{CONSUMER_PORT}/api/status"
    first = None
    peak_rss = 0
    try:
        deadline = time.time() + 1800
        while time.time() < deadline:
            time.sleep(0.1)
            try:
                counters = requests.get(url, timeout=5).json()["counters"]
            except (requests.RequestException, ValueError):
                continue
            with open(f"/proc/{proc.pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        peak_rss = int(line.split()[1]) // 1024
            value = counters["written"][counter]
            if first is None and counters["consumed"] > 0:
                first = time.monotonic()
            if value >= target:
                seconds = time.monotonic() - first
                return target / seconds, seconds, peak_rss
        raise SystemExit(f"{group}: did not reach {target} {counter} writes")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=50_000)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--keep", action="store_true", help="leave the bench stack running")
    args = parser.parse_args()
    env = dict(os.environ, TRACKER_RUN_DIR=str(ROOT / ".run" / "bench"), NO_COLOR="1", **PORTS)
    tracker(env, "down", "--purge")
    tracker(env, "up", "--consumers", "0")
    try:
        status = stack_status(env)
        infra, producer = status["infra"], status["services"]["event-producer"]["url"]
        started = time.monotonic()
        posts = fill_posts(producer, args.posts)
        print(f"filled {posts} posts in {time.monotonic() - started:.1f}s", flush=True)
        subprocess.run([str(ROOT / "build" / os.environ.get("TRACKER_PRESET", "release") / "bin" /
                            "loadgen"), "--url", producer, "--concurrency", "8", "--batch", "200",
                        "--count", str(args.events), "--seed", "7", "--quiet"], check=True,
                       stdout=subprocess.DEVNULL)
        total = posts + args.events
        print(f"topic holds {total} records", flush=True)
        doc_rate, doc_s, doc_rss = run_consumer(infra, f"bench-search-{uuid.uuid4().hex[:6]}",
                                                "search", posts, "search")
        print(f"search: {posts} documents in {doc_s:.1f}s = {doc_rate:,.0f} docs/s, "
              f"peak RSS {doc_rss} MiB", flush=True)
        pg_rate, pg_s, pg_rss = run_consumer(infra, f"bench-pg-{uuid.uuid4().hex[:6]}",
                                             "postgres", total, "postgres")
        print(f"postgres: {total} rows in {pg_s:.1f}s = {pg_rate:,.0f} events/s, "
              f"peak RSS {pg_rss} MiB", flush=True)
        print(f"\n| {time.strftime('%Y-%m-%d')} | {total} | {pg_rate:,.0f} | {posts} | "
              f"{doc_rate:,.0f} | {max(pg_rss, doc_rss)} |")
    finally:
        if not args.keep:
            tracker(env, "down", "--purge")


if __name__ == "__main__":
    sys.exit(main())
