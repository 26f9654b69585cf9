"""What every `./tracker scenario NAME` script shares: the running stack (read from
`./tracker status --json`), the console state of the DLT monitor, consumer instances and their own
/api/status, a rebalance recorder, the load generator, and the verdict.

Every verdict is measured from Kafka (the Admin API, read through the console state, or a client),
PostgreSQL, the search index or the instances' own counters, never from the script's bookkeeping."""

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time

import requests


class Narrator:
    """Terminal narration: `==>` for what the scenario does, indented lines for what to look at."""

    def __init__(self, scenario):
        self.scenario = scenario
        self.started = time.monotonic()

    def step(self, text):
        print(f"==> scenario {self.scenario}: {text}", flush=True)

    def say(self, text):
        print(f"    {text}", flush=True)

    def at(self):
        """Seconds since the scenario started."""
        return time.monotonic() - self.started


class Verdict:
    """Named checks, printed as PASS/FAIL lines; the exit code says whether all passed."""

    def __init__(self, narrator):
        self.narrator = narrator
        self.failed = 0

    def check(self, ok, text):
        self.narrator.say(f"{'PASS' if ok else 'FAIL'} {text}")
        self.failed += 0 if ok else 1
        return ok

    def exit(self):
        self.narrator.say("verdict: PASS" if not self.failed else f"verdict: FAIL ({self.failed} check(s))")
        sys.exit(0 if not self.failed else 1)


class ScenarioError(Exception):
    """The scenario could not run (the stack is not as it needs to be); exit code 2."""


class Background:
    """A command in its own process group (./tracker is a shell script: stopping it must stop
    what it started too)."""

    def __init__(self, argv):
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True, start_new_session=True)

    def poll(self):
        return self.proc.poll()

    def wait(self):
        self.proc.wait()
        return self.proc.returncode

    def stop(self):
        """SIGTERM to the whole group; returns the exit code."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
        return self.wait()


class Stack:
    """The running stack as ./tracker reports it, and the commands a scenario runs against it."""

    def __init__(self, status_json, tracker):
        self.tracker_path = tracker
        self.status = json.loads(status_json)

    # -- endpoints -------------------------------------------------------------------------------
    @property
    def services(self):
        return self.status["services"]

    def url(self, service):
        s = self.services.get(service)
        if s is None or s["state"] != "running":
            raise ScenarioError(f"{service} is not running (./tracker up first)")
        return s["url"]

    @property
    def monitor(self):
        return self.url("event-dlt-monitor")

    @property
    def producer(self):
        return self.url("event-producer")

    @property
    def bootstrap(self):
        return self.status["infra"]["kafka"]["bootstrap_servers"]

    @property
    def pg_dsn(self):
        return self.status["infra"]["postgres"]["dsn"]

    @property
    def search_url(self):
        return self.status["infra"]["opensearch"]["url"]

    @property
    def partitions(self):
        return self.status["infra"]["kafka"]["partitions"]

    # -- ./tracker ---------------------------------------------------------------------------------
    def tracker(self, *args, check=True):
        """Runs ./tracker ARGS quietly; on failure shows its output."""
        proc = subprocess.run([self.tracker_path, *args], capture_output=True, text=True)
        if check and proc.returncode != 0:
            raise ScenarioError(f"./tracker {' '.join(args)} exited {proc.returncode}:\n"
                                f"{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
        return proc

    def refresh(self):
        self.status = json.loads(self.tracker("status", "--json", check=False).stdout)
        return self.status

    def consumers(self, group=None, running=True):
        """{instance name: status entry} of the consumer instances (of one group)."""
        return {name: s for name, s in self.services.items()
                if s.get("kind") == "consumer" and (group is None or s.get("group") == group)
                and (not running or s["state"] == "running")}

    def name_of_url(self, url):
        return next((n for n, s in self.services.items() if s["url"] == url), url)

    def up_group(self, spec, count, static=False):
        """./tracker up --consumers COUNT --groups SPEC (adds the missing instances, restarts the
        stopped ones), then refreshes the status."""
        self.tracker("up", "--consumers", str(count), "--groups", spec,
                     *(["--static-membership"] if static else []))
        return self.refresh()

    def start(self, *names):
        """./tracker start NAMES: stopped or killed services again, with their first settings."""
        self.tracker("start", *names)
        return self.refresh()

    def stop(self, *names):
        self.tracker("stop", *names)
        return self.refresh()

    def loadgen(self, *args):
        """The load generator in the background (quiet); returns the process."""
        return Background([self.tracker_path, "loadgen", "--quiet", *args])

    def delete_groups(self, *groups, wait=0):
        """Deletes the consumer groups through Kafka's Admin API, so the console is not left with
        a scenario's leftovers. A group still holding members (a static member stays until its
        session times out) is tried again for up to `wait` seconds, then left."""
        from confluent_kafka.admin import AdminClient
        admin = AdminClient({"bootstrap.servers": self.bootstrap})
        deadline = time.monotonic() + wait
        left = list(groups)
        while left:
            errors = {}
            for group, future in admin.delete_consumer_groups(left, request_timeout=15).items():
                try:
                    future.result()
                except Exception as error:  # noqa: BLE001 — reported, the verdict stands
                    errors[group] = error
            left = list(errors)
            if left and time.monotonic() > deadline:
                for group, error in errors.items():
                    print(f"    (group {group} not deleted: {error})", flush=True)
                return
            if left:
                time.sleep(1)

    # -- what the services say ---------------------------------------------------------------------
    def console_state(self):
        r = requests.get(f"{self.monitor}/api/console/state", timeout=30)
        r.raise_for_status()
        return r.json()

    @staticmethod
    def instance_status(url, timeout=2):
        """An instance's own /api/status, or None when it does not answer."""
        try:
            r = requests.get(f"{url}/api/status", timeout=timeout)
            return r.json() if r.status_code == 200 else None
        except requests.RequestException:
            return None


def group_of(state, group_id):
    return next((g for g in state["groups"] if g["group_id"] == group_id), None)


def owners(state, group_id, stack):
    """{partition: instance name} from the Admin API's description of the group (each member's
    client.id names its status URL: the console state resolves it)."""
    group = group_of(state, group_id)
    if group is None:
        return {}
    out = {}
    for member in group["members"]:
        name = stack.name_of_url(member.get("instance_url") or member.get("client_id") or "?")
        for p in member["partitions"]:
            out[p] = name
    return out


def settled(state, group_id, members, partitions):
    """The group is Stable with `members` members and every partition owned exactly once."""
    group = group_of(state, group_id)
    if group is None or group["state"] != "Stable" or len(group["members"]) != members:
        return False
    owned = [p for m in group["members"] for p in m["partitions"]]
    return sorted(owned) == list(range(partitions))


def wait_settled(stack, group_id, members, timeout, what=None):
    """Waits until the group is settled (see settled()) and returns the console state that showed
    it."""
    return wait_until(
        lambda: (s := stack.console_state()) and settled(s, group_id, members, stack.partitions) and s,
        timeout, what or f"{group_id} to settle with {members} member(s)")


def caught_up(state, group_id):
    """The group committed up to every partition's high watermark (read by the Admin API)."""
    marks = {p["partition"]: p["high_watermark"] for p in state["topic"]["partitions"]}
    group = group_of(state, group_id)
    if group is None:
        return False
    committed = {p["partition"]: p["committed"] for p in group["partitions"]}
    # An empty partition has nothing to read (the group commits nothing there).
    return all(mark == 0 or (committed.get(p) is not None and mark is not None
                             and committed[p] >= mark)
               for p, mark in marks.items())


def wait_caught_up(stack, group_id, stall=90):
    """Waits until the group committed up to every high watermark. A new group reads the topic's
    whole history first (dead-lettering whatever poison it holds), which may take a while: the
    wait gives up only when the group's lag has not fallen for `stall` seconds, and then says
    where it stands, partition by partition."""
    best, best_at = None, time.monotonic()
    while True:
        state = stack.console_state()
        if caught_up(state, group_id):
            return True
        lag = lag_of(state, group_id)
        if lag is not None and (best is None or lag < best):
            best, best_at = lag, time.monotonic()
        if time.monotonic() - best_at > stall:
            group = group_of(state, group_id) or {}
            where = ", ".join(f"p{p['partition']} committed {p['committed']} lag {p['lag']}"
                              for p in group.get("partitions", []))
            raise ScenarioError(f"{group_id} stopped catching up (lag {lag} for {stall} s): {where}")
        time.sleep(1)


def lag_of(state, group_id):
    group = group_of(state, group_id)
    if group is None:
        return None
    return sum(p["lag"] or 0 for p in group["partitions"])


def wait_until(predicate, timeout, what, poll=0.5):
    """Polls until predicate() is truthy; returns its value, or raises ScenarioError."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise ScenarioError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(poll)


def fmt_partitions(parts):
    return "p" + ",p".join(str(p) for p in sorted(parts)) if parts else "-"


class RebalanceRecorder:
    """Collects the rebalance events every instance of a group reports in its /api/status
    (`rebalances`: time, kind, partitions, the assignment after), polled four times a second in
    a thread, so the events of an instance that is then stopped are kept too."""

    def __init__(self, stack, group):
        self.stack = stack
        self.group = group
        self.events = {}  # (instance, time_ms, kind, partitions) -> event
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self):
        while not self._stop.is_set():
            self.poll()
            self._stop.wait(0.25)

    def poll(self):
        for name, service in list(self.stack.consumers(self.group, running=False).items()):
            status = Stack.instance_status(service["url"], timeout=1)
            for event in (status or {}).get("rebalances", []):
                key = (name, event["time_ms"], event["kind"], tuple(event["partitions"]))
                self.events.setdefault(key, dict(event, instance=name))

    def since(self, start_ms):
        """Events at or after start_ms (epoch ms), oldest first."""
        self.poll()
        return sorted((e for e in self.events.values() if e["time_ms"] >= start_ms),
                      key=lambda e: (e["time_ms"], e["instance"]))


def now_ms():
    return int(time.time() * 1000)


def report_rebalances(narrator, events):
    """Prints each rebalance event (time relative to the first); returns the settle time in
    seconds from the first to the last event (None when there was none)."""
    for e in events:
        narrator.say(f"  +{(e['time_ms'] - events[0]['time_ms']) / 1000:5.2f} s  {e['instance']:<28} "
                     f"{e['kind']:<8} {fmt_partitions(e['partitions']):<16} "
                     f"now owns {fmt_partitions(e.get('assignment', []))}")
    if not events:
        return None
    return (events[-1]["time_ms"] - events[0]["time_ms"]) / 1000


def moved(before, after):
    """{partition: (old owner, new owner)} for partitions whose owner changed."""
    return {p: (before.get(p), after.get(p)) for p in sorted(set(before) | set(after))
            if before.get(p) != after.get(p)}


def murmur2(data: bytes) -> int:
    """Kafka's Java client murmur2 (org.apache.kafka.common.utils.Utils.murmur2), as signed int32."""
    m, r, seed = 0x5BD1E995, 24, 0x9747B28C
    length = len(data)
    h = (seed ^ length) & 0xFFFFFFFF
    for i in range(0, length - length % 4, 4):
        k = int.from_bytes(data[i:i + 4], "little")
        k = (k * m) & 0xFFFFFFFF
        k ^= k >> r
        k = (k * m) & 0xFFFFFFFF
        h = (h * m) & 0xFFFFFFFF
        h ^= k
    tail = length % 4
    base = length - tail
    if tail == 3:
        h ^= data[base + 2] << 16
    if tail >= 2:
        h ^= data[base + 1] << 8
    if tail >= 1:
        h ^= data[base]
        h = (h * m) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * m) & 0xFFFFFFFF
    h ^= h >> 15
    return h - (1 << 32) if h & 0x80000000 else h


def java_partition(user_id: str, partitions: int) -> int:
    return (murmur2(user_id.encode()) & 0x7FFFFFFF) % partitions


def begin(name, options):
    """The command line every scenario shares (argv[1] `./tracker status --json`, argv[2] the path
    of ./tracker) plus its own `options(parser)`; checks the producer runs. Returns
    (args, stack, narrator, verdict)."""
    parser = argparse.ArgumentParser(prog=f"./tracker scenario {name}")
    parser.add_argument("status_json")
    parser.add_argument("tracker")
    options(parser)
    args = parser.parse_args()
    stack = Stack(args.status_json, args.tracker)
    stack.url("event-producer")
    narrator = Narrator(name)
    return args, stack, narrator, Verdict(narrator)


def run(main):
    """Runs a scenario's main(); a ScenarioError is a clear message and exit code 2."""
    try:
        main()
    except ScenarioError as error:
        print(f"scenario: {error}", file=sys.stderr, flush=True)
        sys.exit(2)
