"""Helpers for the event-dlt-monitor system tests: its JSON API, the rows it keeps in dead_letter
and dead_letter_audit (read with psycopg, independently of the service), the DLT seen from Kafka,
and a monitor process of a test's own (its own port, group and settings)."""

import base64
import os
import signal
import subprocess
import time
import uuid

import psycopg
import requests
from confluent_kafka import Consumer

from consumer_helpers import DLT, TOPIC, committed_offsets, end_offsets
from tracker_cli import bin_path, pid_alive, port_open, wait_for

SERVICE = "event-dlt-monitor"


def monitor_url(infra):
    """The URL of the session stack's monitor (./tracker status)."""
    infra.refresh_status()
    return infra.services[SERVICE]["url"]


def rfc3339(seconds):
    """A time.time() value as RFC 3339 UTC, whole seconds (the API's since/until)."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


# --- the API -------------------------------------------------------------------------------------

def call(url, method, path, key=None, **kwargs):
    """One request to the monitor; `key` goes in X-API-Key."""
    headers = {"X-API-Key": key} if key is not None else {}
    return requests.request(method, f"{url}{path}", headers=headers, timeout=60, **kwargs)


def error_code(response):
    return response.json()["error"]["code"]


def detail(url, letter_id):
    r = call(url, "GET", f"/api/dead-letters/{letter_id}")
    assert r.status_code == 200, r.text
    return r.json()


def list_all(url, **filters):
    """Every item the list answers for `filters`, following next_cursor to the end."""
    items, cursor = [], None
    while True:
        params = {"limit": 500, **filters, **({"cursor": cursor} if cursor else {})}
        r = call(url, "GET", "/api/dead-letters", params=params)
        assert r.status_code == 200, r.text
        body = r.json()
        items += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            return items


def replay(url, letter_id, key=None, reason=None):
    return call(url, "POST", f"/api/dead-letters/{letter_id}/replay", key=key,
                json={"reason": reason} if reason is not None else None)


def discard(url, letter_id, key=None, reason=None):
    return call(url, "POST", f"/api/dead-letters/{letter_id}/discard", key=key,
                json={"reason": reason} if reason is not None else None)


def b64(text):
    return None if text is None else base64.b64decode(text)


# --- the tables ----------------------------------------------------------------------------------

def _select(infra, where, params):
    with psycopg.connect(infra.pg_dsn) as conn:
        cur = conn.execute(f"select * from dead_letter where {where} order by id", params)
        names = [d.name for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]


def letters_at(infra, coords, topic=TOPIC):
    """{(partition, offset): row} of the dead letters of the records at those coordinates of
    `topic` (the kafka_dlt-original-* the consumer wrote)."""
    coords = list(coords)
    found = _select(infra, "original_topic = %s and (original_partition, original_offset) in"
                           " (select * from unnest(%s::int[], %s::bigint[]))",
                    [topic, [p for p, _ in coords], [o for _, o in coords]])
    return {(r["original_partition"], r["original_offset"]): r for r in found}


def wait_letters(infra, coords, timeout=90):
    """Waits until every record at `coords` (of the main topic) has its row; returns them."""
    wanted = set(coords)
    found = {}

    def done():
        found.update(letters_at(infra, wanted - found.keys()))
        return wanted <= found.keys()
    wait_for(done, timeout, f"{len(wanted)} dead_letter rows ({len(found)} so far)")
    return found


def letters_of_event(infra, event_id):
    """Every row of one event id (a chain: root first), by replay_count then id."""
    return sorted(_select(infra, "event_id = %s", [event_id]),
                  key=lambda r: (r["replay_count"], r["id"]))


def letters_by_id(infra, ids):
    """{id: row}."""
    return {r["id"]: r for r in _select(infra, "id = any(%s)", [list(ids)])}


def statuses(infra, ids):
    return {i: r["status"] for i, r in letters_by_id(infra, ids).items()}


def audit(infra, ids):
    """The audit rows of those dead letters, oldest first."""
    with psycopg.connect(infra.pg_dsn) as conn:
        cur = conn.execute("select * from dead_letter_audit where dead_letter_id = any(%s)"
                           " order by id", [list(ids)])
        names = [d.name for d in cur.description]
        return [dict(zip(names, r)) for r in cur.fetchall()]


def table_counts(infra):
    """(rows of dead_letter, rows of dead_letter_audit)."""
    with psycopg.connect(infra.pg_dsn) as conn:
        return (conn.execute("select count(*) from dead_letter").fetchone()[0],
                conn.execute("select count(*) from dead_letter_audit").fetchone()[0])


# --- Kafka ---------------------------------------------------------------------------------------

def count_in_topic(infra, topic, predicate, want, quiet, timeout=60):
    """Reads `topic` from the beginning until `want` records match, then keeps reading for `quiet`
    more seconds (the window in which nothing more may arrive); returns how many matched."""
    found = 0
    consumer = Consumer({"bootstrap.servers": infra.bootstrap, "group.id": f"t-{uuid.uuid4()}",
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([topic])
    try:
        def poll():
            nonlocal found
            for msg in consumer.consume(500, 0.5):
                if not msg.error() and predicate(msg):
                    found += 1
            return found >= want
        wait_for(poll, timeout, f"{want} matching records in {topic}")
        window_end = time.monotonic() + quiet
        while time.monotonic() < window_end:
            poll()
    finally:
        consumer.close()
    return found


def wait_dlt_stored(infra, group, timeout=90):
    """Waits until monitor group `group` has committed the end of every DLT partition (it commits
    only after the rows are stored)."""
    def done():
        ends = end_offsets(infra, DLT)
        committed = committed_offsets(infra, group, topic=DLT)
        return all(committed.get(p, -1) >= end for p, end in ends.items() if end > 0)
    wait_for(done, timeout, f"group {group} to commit the end of {DLT}")


# --- a monitor of a test's own -------------------------------------------------------------------

class MonitorProcess:
    """One event-dlt-monitor started from the built binary against the session stack's Kafka,
    PostgreSQL and registry, with its own port, group, instance id and `settings`. Its environment
    holds no other TRACKER_* variable (nothing leaks in from the caller's shell)."""

    def __init__(self, infra, port, log_path, settings):
        self.infra, self.port, self.log_path = infra, port, log_path
        suffix = uuid.uuid4().hex[:8]
        self.group = f"dlt-monitor-test-{suffix}"
        self.instance_id = f"dlt-monitor-test-{suffix}-1"
        self.settings = settings
        self.proc = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def env(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
        env.update(TRACKER_DLT_MONITOR_HOST="127.0.0.1", TRACKER_DLT_MONITOR_PORT=str(self.port),
                   TRACKER_KAFKA_BOOTSTRAP=self.infra.bootstrap, TRACKER_TOPIC=TOPIC,
                   TRACKER_DLT_TOPIC=DLT, TRACKER_PG_DSN=self.infra.pg_dsn,
                   TRACKER_REGISTRY_URL=self.infra.registry_url,
                   TRACKER_DLT_MONITOR_GROUP=self.group,
                   TRACKER_DLT_MONITOR_INSTANCE_ID=self.instance_id, **self.settings)
        return env

    def start(self, timeout=60):
        assert self.proc is None or self.proc.poll() is not None, "already running"
        assert not port_open(self.port), f"port {self.port} is taken"
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen([str(bin_path(SERVICE))], env=self.env(), stdout=log,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

        def ready():
            if self.proc.poll() is not None:
                raise AssertionError(f"{SERVICE} exited {self.proc.returncode} during start:\n"
                                     f"{self.log_tail()}")
            try:
                return requests.get(f"{self.url}/health/ready", timeout=2).status_code == 200
            except requests.RequestException:
                return False
        try:
            wait_for(ready, timeout, f"{SERVICE} on port {self.port} to be ready")
        except AssertionError as e:
            raise AssertionError(f"{e}\n{self.log_tail()}") from None

    def stop(self, timeout=30):
        """SIGTERM, then waits for the exit (a clean stop drains and commits); returns the exit
        status."""
        if self.proc is None or self.proc.poll() is not None:
            return None if self.proc is None else self.proc.returncode
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(f"{SERVICE} did not stop within {timeout}s of SIGTERM")

    def kill(self):
        """kill -9: no drain, no commit."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=30)
        wait_for(lambda: not pid_alive(self.proc.pid), 10, f"{SERVICE} pid to be gone")

    def log_tail(self, lines=40):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return "(no log)"
