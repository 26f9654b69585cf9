"""Rebalances under both consumer group protocols: how long a join and a leave take to settle, and
how long an instance that keeps partitions stops processing while someone else rebalances. On a
private stack (its own run folder and ports, so a running ./tracker up is untouched).

  .cache/venv/bin/python bench/rebalance.py [--protocols classic,consumer] [--partitions 6,24]
                                            [--rate 1000] [--keep]

Ports: the bench ports (27xxx) shifted by TRACKER_TEST_PORT_OFFSET, like the system tests, so two
checkouts can measure side by side.

For each partition count: a fresh stack (./tracker up --consumers 0 without OpenSearch, the
topic with that many partitions) and a steady load through the producer (--rate events/s). Then
for each protocol, a fresh group with the defaults of both protocols here (session 45 s,
heartbeat 3 s: librdkafka's client default under classic, the same written as the group's
configuration under consumer):
instance 1 starts, takes every partition and catches up with the topic; instances 2 and 3 join
one after the other; instance 3 leaves (SIGTERM). Each step's settle time runs from the action
(process start, SIGTERM) until the live instances' /api/status assignments cover every partition
once, each instance owning some. A joining instance's settle time includes its process start
(a few hundred ms: registry client, PostgreSQL pool, the topic check).

The pause: instance 1 never leaves; its consumed counter is sampled every 20 ms. The longest
interval without progress during a step (from the action to 2 s after settling) is that step's
pause; the same measure over 5 s with no rebalance is the baseline (batching and the load's own
rhythm). Prints a Markdown table for docs/benchmarks.md."""

import argparse
import os
import signal
import subprocess
import sys
import threading
import time
import uuid

import requests

from bench_stack import OFFSET, PORTS, ROOT, stack_status, tracker

FIRST_CONSUMER_PORT = 27110 + OFFSET
RUN_DIR = ROOT / ".run" / "bench"
SAMPLE_S = 0.02


class Load:
    """Posts batches of 50 page views at about `rate` events/s from a background thread."""

    def __init__(self, producer, rate):
        self.producer, self.rate = producer, rate
        self.accepted = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(timeout=60)

    def _run(self):
        batch, n = 50, 0
        next_at = time.monotonic()
        session = requests.Session()
        while not self._stop.is_set():
            items = [{"event_id": f"rebalance-{uuid.uuid4()}", "event_type": "page_view",
                      "user_id": f"rebalance-user-{(n + i) % 997}", "device_type": "web",
                      "source_channel": "bench"} for i in range(batch)]
            n += batch
            try:
                r = session.post(f"{self.producer}/api/events", json=items, timeout=30)
                if r.status_code == 200:
                    self.accepted += r.json()["accepted"]
            except requests.RequestException:
                pass
            next_at += batch / self.rate
            time.sleep(max(0.0, next_at - time.monotonic()))


class Instance:
    """One event-consumer process of `group`, writing PostgreSQL only."""

    def __init__(self, infra, group, protocol, number):
        self.port = FIRST_CONSUMER_PORT + number
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, TRACKER_CONSUMER_HOST="127.0.0.1",
                   TRACKER_KAFKA_BOOTSTRAP=infra["kafka"]["bootstrap_servers"],
                   TRACKER_REGISTRY_URL=infra["registry"]["url"],
                   TRACKER_PG_DSN=infra["postgres"]["dsn"], TRACKER_CONSUMER_GROUP=group,
                   TRACKER_CONSUMER_GROUP_PROTOCOL=protocol, TRACKER_CONSUMER_SINKS="postgres",
                   TRACKER_CONSUMER_NAME=f"{group}-{number}", TRACKER_CONSUMER_PORT=str(self.port))
        binary = ROOT / "build" / os.environ.get("TRACKER_PRESET", "release") / "bin" / "event-consumer"
        self.log = open(RUN_DIR / f"rebalance-{group}-{number}.log", "w")
        self.proc = subprocess.Popen([str(binary)], env=env, stdout=self.log, stderr=self.log)

    def status(self):
        try:
            return requests.get(f"{self.url}/api/status", timeout=2).json()
        except (requests.RequestException, ValueError):
            return None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=60)
        self.log.close()


def settled(instances, partitions):
    owned = []
    for instance in instances:
        s = instance.status()
        if s is None or not s["assigned_partitions"]:
            return False
        owned += [p["partition"] for p in s["assigned_partitions"]]
    return sorted(owned) == list(range(partitions))


class ProgressWatch:
    """Samples an instance's consumed counter; the longest stall between two times."""

    def __init__(self, instance):
        self.instance = instance
        self.samples = []  # (monotonic time, consumed)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        while not self._stop.is_set():
            s = self.instance.status()
            if s is not None:
                self.samples.append((time.monotonic(), s["counters"]["consumed"]))
            time.sleep(SAMPLE_S)

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=10)

    def longest_stall(self, start, end):
        """Seconds of the longest interval in [start, end] in which the counter did not move."""
        window = [(t, c) for t, c in self.samples if start <= t <= end]
        longest, since = 0.0, None
        for (t0, c0), (t1, c1) in zip(window, window[1:]):
            if c1 == c0:
                since = t0 if since is None else since
                longest = max(longest, t1 - since)
            else:
                since = None
        return longest


def wait_settled(instances, partitions, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if settled(instances, partitions):
            return time.monotonic()
        time.sleep(0.05)
    raise SystemExit(f"not settled within {timeout}s: "
                     f"{[i.status() and i.status()['assigned_partitions'] for i in instances]}")


def wait_caught_up(instance, rate, timeout=300):
    """Until the instance's lag (high watermark - committed, all partitions) is under a second of
    load: a fresh group starts at the beginning of the topic."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        s = instance.status()
        if s is not None and s["assigned_partitions"]:
            lags = [p["lag"] for p in s["assigned_partitions"]]
            if all(lag is not None for lag in lags) and sum(lags) < rate:
                return
        time.sleep(0.2)
    raise SystemExit(f"instance 1 did not catch up within {timeout}s")


def run_protocol(infra, protocol, partitions, rate):
    group = f"bench-{protocol}-{partitions}-{uuid.uuid4().hex[:6]}"
    first = Instance(infra, group, protocol, 1)
    live, rows = [first], []
    try:
        wait_settled(live, partitions)
        wait_caught_up(first, rate)
        watch = ProgressWatch(first)
        time.sleep(5)
        baseline = watch.longest_stall(time.monotonic() - 5, time.monotonic())
        steps = [("join 1→2", 2), ("join 2→3", 3), ("leave 3→2", None)]
        for label, number in steps:
            started = time.monotonic()
            if number:
                live.append(Instance(infra, group, protocol, number))
            else:
                live.pop().stop()
            done = wait_settled(live, partitions)
            time.sleep(2)
            rows.append((label, done - started, watch.longest_stall(started, done + 2)))
        watch.stop()
        return baseline, rows
    finally:
        for instance in live:
            instance.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--protocols", default="classic,consumer")
    parser.add_argument("--partitions", default="6,24")
    parser.add_argument("--rate", type=int, default=1000)
    parser.add_argument("--keep", action="store_true", help="leave the last bench stack running")
    args = parser.parse_args()
    table = []
    for partitions in [int(p) for p in args.partitions.split(",")]:
        env = dict(os.environ, TRACKER_RUN_DIR=str(RUN_DIR), NO_COLOR="1",
                   TRACKER_PARTITIONS=str(partitions), **PORTS)
        tracker(env, "down", "--purge")
        # No OpenSearch: the instances write PostgreSQL only.
        tracker(env, "up", "--consumers", "0", "--only", "kafka,postgres,registry")
        try:
            status = stack_status(env)
            infra, producer = status["infra"], status["services"]["event-producer"]["url"]
            with Load(producer, args.rate):
                for protocol in args.protocols.split(","):
                    baseline, rows = run_protocol(infra, protocol, partitions, args.rate)
                    for label, settle, stall in rows:
                        print(f"{protocol} {partitions}p {label}: settled {settle:.2f}s, instance 1 "
                              f"longest stall {stall:.2f}s (baseline {baseline:.2f}s)", flush=True)
                        table.append((protocol, partitions, label, settle, stall, baseline))
        finally:
            if not args.keep or partitions != int(args.partitions.split(",")[-1]):
                tracker(env, "down", "--purge")
    print("\n| protocol | partitions | step | settled (s) | longest stall of instance 1 (s) "
          "| its stall without rebalance (s) |\n|---|---|---|---|---|---|")
    for protocol, partitions, label, settle, stall, baseline in table:
        print(f"| {protocol} | {partitions} | {label} | {settle:.2f} | {stall:.2f} | {baseline:.2f} |")


if __name__ == "__main__":
    sys.exit(main())
