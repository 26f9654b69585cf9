"""event-consumer groups under load on the real stack: instances joining and leaving (partitions
move, every accepted event lands exactly once), a second group that sees every event, and
PostgreSQL stopped for 20 s (partitions paused, then resumed, nothing dead-lettered, nothing lost).
The tests that exercise the group protocol (join/leave, frozen instance, static member restart)
run under both group.protocol values: classic (the session's own group) and consumer (KIP-848, a
fresh group per test, stopped at its end); a classic and a consumer-protocol group also read the
topic side by side. Rebalance settle times are printed (pytest -s) for the notes; they are not
asserted."""

import itertools
import os
import signal
import time
import uuid
from dataclasses import dataclass

import psycopg
import pytest
import requests

from consumer_helpers import (DLT, GROUP, Load, committed_offsets, end_offsets, status,
                              wait_caught_up, wait_docs, wait_rows)
from tracker_cli import Infra, wait_for

PARTITIONS = 6
_fresh = itertools.count(1)


@dataclass
class GroupUnderTest:
    """The group a protocol-parametrised test works on; instance 1 is running when it starts."""
    name: str
    protocol: str

    @property
    def spec(self):
        """Its --groups value."""
        return self.name if self.protocol == "classic" else f"{self.name}:consumer"

    def instance(self, n):
        return f"consumer-{self.name}-{n}"


@pytest.fixture(params=["classic", "consumer"])
def group(request, infra):
    """classic: the session's group (instance 1 always runs). consumer: a new KIP-848 group with
    one instance, every instance stopped afterwards so that later tests see only the session's."""
    if request.param == "classic":
        yield GroupUnderTest(GROUP, "classic")
        return
    tested = GroupUnderTest(f"kip848-{next(_fresh)}", "consumer")
    infra.run("up", "--consumers", "1", "--groups", tested.spec)
    wait_for(lambda: settled(infra, 1, tested.name), 90, "the consumer-protocol group to start")
    try:
        yield tested
    finally:
        infra.refresh_status()
        for name, s in infra.consumers(tested.name).items():
            if s["state"] != "absent":
                infra.run("stop", name, check=False)


def check_protocol(statuses, protocol):
    """Every instance reports the protocol and its generation (classic) or member epoch
    (consumer); every rebalance it saw was incremental."""
    for name, s in statuses.items():
        assert s["group_protocol"] == protocol, (name, s["group_protocol"])
        shown, hidden = ("member_epoch", "generation") if protocol == "consumer" else (
            "generation", "member_epoch")
        assert s[shown] is not None and s[shown] > 0 and s[hidden] is None, (name, s)
        assert s["member_id"], (name, s)
        for event in s["rebalances"]:
            assert event["incremental"] is True, (name, event)


def consumer_statuses(infra, group=GROUP):
    infra.refresh_status()
    return {name: status(s["url"]) for name, s in infra.consumers(group).items()
            if s["state"] == "running"}


def assignment(statuses):
    return {name: sorted(p["partition"] for p in s["assigned_partitions"])
            for name, s in statuses.items()}


def settled(infra, instances, group=GROUP):
    """True when `instances` consumers of `group` share every partition, each owning some."""
    owned = assignment(consumer_statuses(infra, group))
    if len(owned) != instances or any(not parts for parts in owned.values()):
        return False
    everything = sorted(p for parts in owned.values() for p in parts)
    return everything == list(range(PARTITIONS))


def test_instances_join_and_leave_under_load_and_every_event_lands_once(infra, group):
    with Load(infra, rate=600, prefix="scale") as load:
        load.keep_running(2000)
        started, started_ms = time.monotonic(), int(time.time() * 1000)
        infra.run("up", "--consumers", "3", "--groups", group.spec)
        wait_for(lambda: settled(infra, 3, group.name), 90,
                 "three instances to share the partitions")
        join_s = time.monotonic() - started
        owned = assignment(consumer_statuses(infra, group.name))
        print(f"\nrebalance ({group.protocol}), 2 instances joining: settled {join_s:.1f}s after "
              f"./tracker up; {owned}")
        load.keep_running(2000)
        statuses = consumer_statuses(infra, group.name)
        check_protocol(statuses, group.protocol)
        first = statuses[group.instance(1)]
        revocations = [r for r in first["rebalances"]
                       if r["kind"] == "revoked" and r["time_ms"] >= started_ms]
        # Incremental: the first instance gave up some partitions and kept the others.
        assert any(r["revoked"] and r["assignment"] for r in revocations), first["rebalances"]
        started = time.monotonic()
        infra.run("stop", group.instance(3))
        wait_for(lambda: settled(infra, 2, group.name), 90,
                 "two instances to take over the partitions")
        print(f"rebalance ({group.protocol}), 1 instance leaving: settled "
              f"{time.monotonic() - started:.1f}s after its stop; "
              f"{assignment(consumer_statuses(infra, group.name))}")
        load.keep_running(1500)
    assert load.accepted and load.refused == 0
    if group.name != GROUP:
        wait_caught_up(infra, group.name, timeout=180)  # the tested group itself read everything
    got = wait_rows(infra, load.accepted, timeout=180)
    with psycopg.connect(infra.pg_dsn) as conn:
        n, distinct = conn.execute(
            "select count(*), count(distinct event_id) from user_behavior_event"
            " where event_id = any(%s)", [list(load.accepted)]).fetchone()
    assert n == distinct == len(load.accepted)
    for event_id, (partition, offset) in load.accepted.items():
        assert (got[event_id]["kafka_partition"], got[event_id]["kafka_offset"]) == (partition,
                                                                                     offset)
    infra.run("stop", group.instance(2))
    wait_for(lambda: settled(infra, 1, group.name), 90,
             "the first instance to own every partition again")


def test_a_second_group_sees_every_event(infra):
    infra.run("up", "--groups", f"{GROUP},analytics:postgres")
    infra.refresh_status()
    (analytics,) = infra.consumers("analytics").values()
    assert analytics["sinks"] == "postgres"
    with Load(infra, rate=300, prefix="groups") as load:
        load.keep_running(1500)
    assert load.accepted
    wait_rows(infra, load.accepted)
    for group in (GROUP, "analytics"):
        wait_caught_up(infra, group)
    ends = end_offsets(infra, "user-behavior-events")
    for group in (GROUP, "analytics"):
        committed = committed_offsets(infra, group)
        assert all(committed[p] == ends[p] for p in ends if ends[p] > 0), (group, committed, ends)
    # /api/groups (Kafka Admin API) lists both groups, each with its member and no lag.
    overview = requests.get(f"{analytics['url']}/api/groups", timeout=30)
    assert overview.status_code == 200, overview.text
    groups = {g["group_id"]: g for g in overview.json()["groups"]}
    for group in (GROUP, "analytics"):
        g = groups[group]
        assert g["state"] == "Stable" and g["protocol"] == "cooperative-sticky"
        # The group protocol and, for KIP-848 groups, each member's target assignment.
        assert g["type"] in ("classic", "consumer") and g["assignor"] == g["protocol"]
        for m in g["members"]:
            assert (m["target_assignment"] is None) == (g["type"] == "classic"), m
        assert len(g["members"]) == 1 and g["total_lag"] == 0
        owned = sorted(p for m in g["members"] for a in m["assignment"] for p in a["partitions"])
        assert owned == list(range(PARTITIONS))
    s = status(analytics["url"])
    assert s["group"] == "analytics"
    assert s["counters"]["written"]["search"] == 0
    # Every event of this test went through the analytics group too.
    assert s["counters"]["consumed"] >= len(load.accepted)
    infra.run("stop", "consumer-analytics-1")


def test_postgres_down_20s_pauses_then_resumes_and_nothing_is_dead_lettered(infra):
    url = next(iter(infra.consumers(GROUP).values()))["url"]
    dlt_before = end_offsets(infra, DLT)
    paused_seen = []
    with Load(infra, rate=300, prefix="outage") as load:
        load.keep_running(900)
        infra.run("infra", "down", "--only", "postgres")
        down_until = time.monotonic() + 20
        while time.monotonic() < down_until:
            s = status(url)
            if "postgres" in s["sinks_down"] and any(p["paused"] for p in s["assigned_partitions"]):
                paused_seen.append(s)
            time.sleep(1)
        infra.run("infra", "up", "--only", "postgres")
        load.keep_running(1500)
    assert paused_seen, "the consumer never reported PostgreSQL down with paused partitions"
    wait_rows(infra, load.accepted, timeout=180)
    wait_for(lambda: not status(url)["sinks_down"], 60, "the sink to be reported up again")
    wait_for(lambda: not any(p["paused"] for p in status(url)["assigned_partitions"]), 60,
             "every partition resumed")
    assert end_offsets(infra, DLT) == dlt_before, "records were dead-lettered during an outage"
    assert requests.get(f"{url}/health/ready", timeout=5).status_code == 200
    # The registry's pooled connections died with PostgreSQL: its writes work again at once.
    for _ in range(4):
        r = requests.put(f"{infra.registry_url}/config/user-behavior-events-value", timeout=10,
                         json={"compatibility": "BACKWARD_TRANSITIVE"})
        assert r.status_code == 200, r.text


def set_postgres_read_only(infra, on):
    """The database read-only for every new session (what a switchover to a standby looks like
    to a client), and the consumers' sessions ended so that they reconnect into it. As the
    database's owner: no superuser needed."""
    with psycopg.connect(infra.pg_dsn, autocommit=True) as conn:
        conn.execute("SET default_transaction_read_only = off")  # this session may change it back
        if on:
            conn.execute("ALTER DATABASE tracker SET default_transaction_read_only = on")
        else:
            conn.execute("ALTER DATABASE tracker RESET default_transaction_read_only")
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                     " WHERE application_name = 'event-consumer' AND pid <> pg_backend_pid()")


def test_postgres_read_only_pauses_then_resumes_and_nothing_is_dead_lettered(infra):
    """Review H5: SQLSTATE 25006 (read-only transaction) used to count as the record's fault:
    every event in flight went to the DLT within seconds. It is an outage now, and the probe
    asks whether PostgreSQL takes writes, not whether it answers SELECT 1."""
    url = next(iter(infra.consumers(GROUP).values()))["url"]
    dlt_before = end_offsets(infra, DLT)
    down_seen = []
    try:
        set_postgres_read_only(infra, True)
        with Load(infra, rate=200, prefix="readonly") as load:
            load.keep_running(600)
            until = time.monotonic() + 12
            while time.monotonic() < until:
                s = status(url)
                if "postgres" in s["sinks_down"]:
                    down_seen.append(s["sinks_down"]["postgres"]["error"])
                time.sleep(1)
            set_postgres_read_only(infra, False)
            load.keep_running(600)
    finally:
        set_postgres_read_only(infra, False)
    assert down_seen, "the consumer never reported PostgreSQL down while it was read-only"
    assert any("read-only" in e or "25006" in e or "does not take writes" in e for e in down_seen), down_seen
    wait_rows(infra, load.accepted, timeout=180)
    wait_for(lambda: not status(url)["sinks_down"], 60, "the sink to be reported up again")
    assert end_offsets(infra, DLT) == dlt_before, "records were dead-lettered while read-only"


def post_event(n, prefix, size=200):
    return {"event_id": f"{prefix}-{n}", "event_type": "post_created", "user_id": f"{prefix}-user",
            "device_type": "web", "source_channel": "system-test",
            "extra_data": {"post_id": f"{prefix}-p{n}", "title": f"title {n} " + "t" * (size // 2),
                           "content": "x" * size}}


def set_index_write_block(infra, on):
    r = requests.put(f"{infra.search_url}/user-post-events/_settings", timeout=30,
                     json={"index.blocks.write": True if on else None})
    assert r.status_code == 200, r.text


def test_an_index_write_block_pauses_then_resumes_and_no_post_is_dead_lettered(infra):
    """Review H5: a write block (flood stage, an operator) answers 403 cluster_block_exception
    per item, which used to dead-letter every post event at once. It is an outage now; the
    probe reads the index's and the cluster's block settings."""
    url = next(iter(infra.consumers(GROUP).values()))["url"]
    dlt_before = end_offsets(infra, DLT)
    posts = [post_event(n, f"blocked-{uuid.uuid4().hex[:6]}") for n in range(20)]
    try:
        set_index_write_block(infra, True)
        r = requests.post(f"{infra.producer_url}/api/events", json=posts, timeout=30)
        assert r.status_code == 200 and r.json()["accepted"] == len(posts), r.text
        wait_for(lambda: "search" in status(url)["sinks_down"], 60,
                 "the consumer to report the index down")
        error = status(url)["sinks_down"]["search"]["error"]
        assert "cluster_block_exception" in error or "blocks.write" in error, error
        time.sleep(3)  # several probes: each must still find the block
        assert "search" in status(url)["sinks_down"]
    finally:
        set_index_write_block(infra, False)
    wait_docs(infra, [p["event_id"] for p in posts], timeout=120)
    wait_for(lambda: not status(url)["sinks_down"], 60, "the index to be reported up again")
    assert end_offsets(infra, DLT) == dlt_before, "post events were dead-lettered during the block"


def test_a_batch_of_large_posts_is_split_into_bulk_requests_by_bytes(infra):
    """Review H1: a batch went to the index as one _bulk body of any size (413 or 429 → the
    whole batch retried forever). The session's consumers split at 64 KiB
    (TRACKER_CONSUMER_BULK_MAX_BYTES in conftest): 24 posts of ~24 KB of NDJSON each (the text
    is in extra_data and lifted into the document's fields) need at least 8 requests;
    counted by the index itself (its write thread pool's completed tasks)."""
    def bulk_operations():  # write thread-pool tasks: one per _bulk request on a one-shard index
        stats = requests.get(f"{infra.search_url}/_nodes/stats/thread_pool", timeout=30).json()
        return sum(n["thread_pool"]["write"]["completed"] for n in stats["nodes"].values())
    prefix = f"split-{uuid.uuid4().hex[:6]}"
    posts = [post_event(n, prefix, size=8_000) for n in range(24)]
    before = bulk_operations()
    r = requests.post(f"{infra.producer_url}/api/events", json=posts, timeout=30)
    assert r.status_code == 200 and r.json()["accepted"] == len(posts), r.text
    wait_docs(infra, [p["event_id"] for p in posts], timeout=120)
    assert bulk_operations() - before >= 8


def test_a_frozen_instance_loses_its_partitions_and_no_event_is_lost(infra, group):
    """An instance stopped (SIGSTOP) past its session timeout is thrown out of the group; its
    partitions go to the other one. When it wakes up librdkafka reports the assignment lost: it
    drops what it had in hand, commits nothing for those partitions and rejoins. (Under the
    consumer protocol the 6 s session is the group's configuration on the broker, written by the
    instance that starts.)"""
    short = Infra(dict(infra.env, TRACKER_CONSUMER_SESSION_TIMEOUT_MS="6000",
                       TRACKER_CONSUMER_HEARTBEAT_INTERVAL_MS="1000"))
    short.run("up", "--consumers", "2", "--groups", group.spec)
    infra.refresh_status()
    first, second = (infra.services[group.instance(n)] for n in (1, 2))
    with Load(infra, rate=400, prefix="frozen") as load:
        wait_for(lambda: settled(infra, 2, group.name), 90, "two instances to share the partitions")
        os.kill(second["pid"], signal.SIGSTOP)
        try:
            wait_for(lambda: len(status(first["url"])["assigned_partitions"]) == PARTITIONS, 60,
                     "the first instance to take every partition from the frozen one")
        finally:
            os.kill(second["pid"], signal.SIGCONT)
        wait_for(lambda: any(r["kind"] == "lost" for r in status(second["url"])["rebalances"]),
                 60, "the woken instance to report its assignment lost")
        wait_for(lambda: settled(infra, 2, group.name), 90, "the woken instance to rejoin")
        load.keep_running(800)
    got = wait_rows(infra, load.accepted, timeout=180)
    assert len(got) == len(load.accepted) and load.refused == 0
    if group.name != GROUP:
        wait_caught_up(infra, group.name, timeout=180)
    infra.run("stop", group.instance(2))
    wait_for(lambda: settled(infra, 1, group.name), 90,
             "the first instance to own every partition again")


def test_a_static_member_restarting_within_its_session_keeps_its_partitions(infra, group):
    """--static-membership: group.instance.id = the instance name. A restart inside the session
    timeout is not a rebalance: the other member sees nothing, the restarted one gets its old
    partitions back. (Under the consumer protocol a static member leaves with epoch -2: the broker
    keeps its assignment for the session timeout.)"""
    static = Infra(dict(infra.env, TRACKER_CONSUMER_SESSION_TIMEOUT_MS="20000"))
    static.run("up", "--consumers", "2", "--static-membership", "--groups", group.spec)
    wait_for(lambda: settled(infra, 2, group.name), 90, "two instances to share the partitions")
    name = group.instance(2)
    first_url = infra.services[group.instance(1)]["url"]
    before = assignment(consumer_statuses(infra, group.name))
    seen_by_first = status(first_url)["rebalances_seen"]
    static.run("stop", name)
    static.run("up", "--consumers", "2", "--static-membership", "--groups", group.spec)
    wait_for(lambda: settled(infra, 2, group.name), 60,
             "the restarted static member to get partitions")
    after = assignment(consumer_statuses(infra, group.name))
    assert after == before
    assert status(first_url)["rebalances_seen"] == seen_by_first
    infra.run("stop", name)
    wait_for(lambda: settled(infra, 1, group.name), 90,
             "the first instance to own every partition again")


def test_a_classic_and_a_consumer_protocol_group_each_see_every_event(infra):
    """Two groups on the same topic at once, one per protocol: each commits the end of every
    partition and consumed at least every event of the load."""
    groups = {"classic": f"side-classic-{next(_fresh)}", "consumer": f"side-kip848-{next(_fresh)}"}
    infra.run("up", "--consumers", "2", "--groups",
              ",".join(f"{name}:postgres:{protocol}" for protocol, name in groups.items()))
    try:
        for protocol, name in groups.items():
            wait_for(lambda: settled(infra, 2, name), 90, f"the {protocol} group to settle")
            wait_caught_up(infra, name, timeout=180)  # earlier tests' events first
        before = {name: sum(s["counters"]["consumed"]
                            for s in consumer_statuses(infra, name).values())
                  for name in groups.values()}
        with Load(infra, rate=400, prefix="side") as load:
            load.keep_running(1500)
        assert load.accepted and load.refused == 0
        ends = end_offsets(infra, "user-behavior-events")
        for protocol, name in groups.items():
            wait_caught_up(infra, name, timeout=180)
            committed = committed_offsets(infra, name)
            assert all(committed[p] >= ends[p] for p in ends if ends[p] > 0), (name, committed)
            statuses = consumer_statuses(infra, name)
            check_protocol(statuses, protocol)
            consumed = sum(s["counters"]["consumed"] for s in statuses.values()) - before[name]
            assert consumed >= len(load.accepted), (protocol, consumed, len(load.accepted))
        wait_rows(infra, load.accepted)
    finally:
        infra.refresh_status()
        for name in groups.values():
            for instance, s in infra.consumers(name).items():
                if s["state"] != "absent":
                    infra.run("stop", instance, check=False)
