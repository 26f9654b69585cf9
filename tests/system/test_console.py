"""The observation console's data and page, served by event-dlt-monitor, against the session stack:
instances are found through the group description (each consumer names its status address in its
Kafka client.id), with their live status; the topic's high watermarks move with what the producer
accepted; the registry's subjects are listed; the page and its script are served."""

import time

import requests

from consumer_helpers import GROUP, TOPIC, post_accepted, wait_rows
from dlt_helpers import monitor_url
from producer_helpers import event
from tracker_cli import wait_for

PARTITIONS = 6


def state(infra):
    r = requests.get(f"{monitor_url(infra)}/api/console/state", timeout=30)
    assert r.status_code == 200, r.text
    return r.json()


def test_the_state_finds_every_consumer_instance_through_its_group(infra):
    infra.refresh_status()
    consumers = {s["url"] for n, s in infra.services.items() if s.get("kind") == "consumer"
                 and s.get("group") == GROUP and s["state"] == "running"}
    assert consumers

    def found():
        s = state(infra)
        group = next((g for g in s["groups"] if g["group_id"] == GROUP), None)
        return group is not None and {m["instance_url"] for m in group["members"]} == consumers \
            and {p for m in group["members"] for p in m["partitions"]} == set(range(PARTITIONS))
    wait_for(found, 60, "the console state to show the group's instances and partitions")
    s = state(infra)
    group = next(g for g in s["groups"] if g["group_id"] == GROUP)
    assert group["protocol"] in ("classic", "consumer") and group["state"] == "Stable"
    owners = {p["partition"]: p["owner"] for p in group["partitions"]}
    members = {m["member_id"] for m in group["members"]}
    assert set(owners.values()) <= members
    live = {i["url"]: i for i in s["instances"] if i["group"] == GROUP}
    assert set(live) == consumers
    for instance in live.values():
        assert instance["alive"] is True and instance["error"] is None
        assert instance["status"]["group"] == GROUP  # the instance's own /api/status


def test_the_state_follows_what_the_producer_accepted(infra):
    before = state(infra)
    accepted_before = before["producer"]["events_accepted_total"]
    marks_before = sum(p["high_watermark"] for p in before["topic"]["partitions"])
    assert before["topic"]["name"] == TOPIC and len(before["topic"]["partitions"]) == PARTITIONS
    accepted = post_accepted(infra, [event(f"console-{n}", "click") for n in range(20)])
    wait_rows(infra, accepted.keys())

    def moved():
        s = state(infra)
        return (s["producer"]["events_accepted_total"] >= accepted_before + 20
                and sum(p["high_watermark"] for p in s["topic"]["partitions"]) >= marks_before + 20)
    wait_for(moved, 30, "the producer counter and the high watermarks to move")
    s = state(infra)
    assert s["producer"]["up"] is True
    assert "by_stage_status" in s["dead_letters"]
    schemas = {x["subject"]: x for x in s["schemas"]}
    assert schemas[f"{TOPIC}-value"]["compatibility"] == "BACKWARD_TRANSITIVE"
    assert schemas[f"{TOPIC}-value"]["versions"]


def test_the_page_and_its_files_are_served(infra):
    base = monitor_url(infra)
    page = requests.get(f"{base}/console", timeout=10)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert "/console/console.js" in page.text and "/console/console.css" in page.text
    for path, kind in (("/console/console.js", "text/javascript"), ("/console/console.css", "text/css")):
        r = requests.get(f"{base}{path}", timeout=10)
        assert r.status_code == 200 and r.headers["Content-Type"].startswith(kind) and r.text


def test_each_instance_reports_the_end_to_end_time_of_its_last_batch(infra):
    """HTTP accepted (the record's CreateTime) -> stored: the instance that stored the events
    reports its last batch's slowest record, and the console state carries it to the page."""
    before_ms = int(time.time() * 1000)
    accepted = post_accepted(infra, [event(f"e2e-{n}", "click") for n in range(10)])
    wait_rows(infra, accepted.keys())
    after_ms = int(time.time() * 1000)

    def reported():
        s = state(infra)
        return [i["status"]["end_to_end"] for i in s["instances"]
                if i["group"] == GROUP and i["status"]
                and (i["status"]["end_to_end"]["last_batch_at_ms"] or 0) >= before_ms]
    wait_for(reported, 30, "an instance to report the end-to-end time of the new batch")
    for entry in reported():
        # the batch's records were accepted after before_ms: none took longer than the time from
        # then to the batch's end (a second of slack for the clocks of two processes)
        assert 0 <= entry["last_batch_max_ms"] <= entry["last_batch_at_ms"] - before_ms + 1000, entry
        assert entry["last_batch_at_ms"] <= after_ms + 30_000, entry
