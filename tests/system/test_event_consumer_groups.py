"""event-consumer groups under load on the real stack: instances joining and leaving (partitions
move, every accepted event lands exactly once), a second group that sees every event, and
PostgreSQL stopped for 20 s (partitions paused, then resumed, nothing dead-lettered, nothing lost).
Rebalance settle times are printed (pytest -s) for the notes; they are not asserted."""

import os
import signal
import time

import psycopg
import requests

from consumer_helpers import (DLT, GROUP, Load, committed_offsets, end_offsets, status,
                              wait_caught_up, wait_rows)
from tracker_cli import Infra, wait_for

PARTITIONS = 6


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


def test_instances_join_and_leave_under_load_and_every_event_lands_once(infra):
    with Load(infra, rate=600, prefix="scale") as load:
        load.keep_running(2000)
        started = time.monotonic()
        infra.run("up", "--consumers", "3")
        wait_for(lambda: settled(infra, 3), 90, "three instances to share the partitions")
        join_s = time.monotonic() - started
        owned = assignment(consumer_statuses(infra))
        print(f"\nrebalance, 2 instances joining: settled {join_s:.1f}s after ./tracker up; {owned}")
        load.keep_running(2000)
        statuses = consumer_statuses(infra)
        first = statuses[f"consumer-{GROUP}-1"]
        assert any(r["kind"] == "revoked" for r in first["rebalances"]), first["rebalances"]
        started = time.monotonic()
        infra.run("stop", f"consumer-{GROUP}-3")
        wait_for(lambda: settled(infra, 2), 90, "two instances to take over the partitions")
        print(f"rebalance, 1 instance leaving: settled {time.monotonic() - started:.1f}s after "
              f"its stop; {assignment(consumer_statuses(infra))}")
        load.keep_running(1500)
    assert load.accepted and load.refused == 0
    got = wait_rows(infra, load.accepted, timeout=180)
    with psycopg.connect(infra.pg_dsn) as conn:
        n, distinct = conn.execute(
            "select count(*), count(distinct event_id) from user_behavior_event"
            " where event_id = any(%s)", [list(load.accepted)]).fetchone()
    assert n == distinct == len(load.accepted)
    for event_id, (partition, offset) in load.accepted.items():
        assert (got[event_id]["kafka_partition"], got[event_id]["kafka_offset"]) == (partition,
                                                                                     offset)
    infra.run("stop", f"consumer-{GROUP}-2")
    wait_for(lambda: settled(infra, 1), 90, "the first instance to own every partition again")


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


def test_a_frozen_instance_loses_its_partitions_and_no_event_is_lost(infra):
    """An instance stopped (SIGSTOP) past its session timeout is thrown out of the group; its
    partitions go to the other one. When it wakes up librdkafka reports the assignment lost: it
    drops what it had in hand, commits nothing for those partitions and rejoins."""
    short = Infra(dict(infra.env, TRACKER_CONSUMER_SESSION_TIMEOUT_MS="6000"))
    short.run("up", "--consumers", "2")
    infra.refresh_status()
    first, second = (infra.services[f"consumer-{GROUP}-{n}"] for n in (1, 2))
    with Load(infra, rate=400, prefix="frozen") as load:
        wait_for(lambda: settled(infra, 2), 90, "two instances to share the partitions")
        os.kill(second["pid"], signal.SIGSTOP)
        try:
            wait_for(lambda: len(status(first["url"])["assigned_partitions"]) == PARTITIONS, 60,
                     "the first instance to take every partition from the frozen one")
        finally:
            os.kill(second["pid"], signal.SIGCONT)
        wait_for(lambda: any(r["kind"] == "lost" for r in status(second["url"])["rebalances"]),
                 60, "the woken instance to report its assignment lost")
        wait_for(lambda: settled(infra, 2), 90, "the woken instance to rejoin")
        load.keep_running(800)
    got = wait_rows(infra, load.accepted, timeout=180)
    assert len(got) == len(load.accepted) and load.refused == 0
    infra.run("stop", f"consumer-{GROUP}-2")
    wait_for(lambda: settled(infra, 1), 90, "the first instance to own every partition again")


def test_a_static_member_restarting_within_its_session_keeps_its_partitions(infra):
    """--static-membership: group.instance.id = the instance name. A restart inside the session
    timeout is not a rebalance: the other member sees nothing, the restarted one gets its old
    partitions back."""
    static = Infra(dict(infra.env, TRACKER_CONSUMER_SESSION_TIMEOUT_MS="20000"))
    static.run("up", "--consumers", "2", "--static-membership")
    wait_for(lambda: settled(infra, 2), 90, "two instances to share the partitions")
    name = f"consumer-{GROUP}-2"
    first_url = infra.services[f"consumer-{GROUP}-1"]["url"]
    before = assignment(consumer_statuses(infra))
    seen_by_first = status(first_url)["rebalances_seen"]
    static.run("stop", name)
    static.run("up", "--consumers", "2", "--static-membership")
    wait_for(lambda: settled(infra, 2), 60, "the restarted static member to get partitions")
    after = assignment(consumer_statuses(infra))
    assert after == before
    assert status(first_url)["rebalances_seen"] == seen_by_first
    infra.run("stop", name)
    wait_for(lambda: settled(infra, 1), 90, "the first instance to own every partition again")
