"""event-consumer against the real stack: producer → Kafka → consumer → PostgreSQL and the index,
field for field; order per user; poison pills and records failing at a sink (the session stack's
fault injection, see conftest.CONSUMER_TEST_SETTINGS) to the DLT with Spring's headers; retries
that succeed; replaying the topic changes nothing."""

import struct
import time
import uuid

import psycopg
import pytest
import requests
from confluent_kafka import ConsumerGroupTopicPartitions, Producer, TopicPartition
from confluent_kafka.admin import AdminClient
from confluent_kafka.schema_registry import SchemaRegistryClient

from consumer_helpers import (DLT, GROUP, TOPIC, committed_offsets, count_docs, docs, end_offsets,
                              header, post_accepted, produce_raw, read_record, read_topic, rows,
                              status, wait_caught_up, wait_docs, wait_rows)
from producer_helpers import event, java_partition
from tracker_cli import wait_for

PARTITIONS = 6


def consumer_url(infra, n=1):
    infra.refresh_status()
    return infra.services[f"consumer-{GROUP}-{n}"]["url"]


def test_consumer_instance_is_up_with_all_partitions(infra):
    infra.refresh_status()
    consumers = infra.consumers(GROUP)
    assert list(consumers) == [f"consumer-{GROUP}-1"], infra.services
    wait_for(lambda: len(status(consumer_url(infra))["assigned_partitions"]) == PARTITIONS, 60,
             "the only instance to own every partition")
    s = status(consumer_url(infra))
    assert s["group"] == GROUP and s["running"] is True and s["member_id"]
    assert s["generation"] >= 1


def test_full_chain_rows_and_documents_field_for_field(infra):
    sent = [
        event("chain-alice", "page_view", extra_data={"page": "/home", "ref": "ads"}),
        event("chain-bob", "follow", target_user_id="chain-alice"),
        event("chain-alice", "post_created", timestamp=int(time.time() * 1000) - 5000,
              extra_data={"post_id": "p-42", "title": "Kafka in C++",
                          "content": "librdkafka and exactly-once sinks", "tags": "kafka, cpp"}),
        event("chain-carol", "post_updated", device_type="ios", source_channel="app",
              extra_data={"post_id": "p-43", "title": "Unicode ✓ 日本語", "content": "x" * 3000}),
        event("chain-bob", "like", target_user_id="chain-carol", extra_data={"post_id": "p-43"}),
    ]
    where = post_accepted(infra, sent)
    got = wait_rows(infra, where)
    value_id = SchemaRegistryClient({"url": infra.registry_url}).get_latest_version(
        f"{TOPIC}-value").schema_id
    for e in sent:
        row = got[e["event_id"]]
        assert row["event_type"] == e["event_type"]
        assert row["user_id"] == e["user_id"]
        assert row["target_user_id"] == e.get("target_user_id")
        if "timestamp" in e:
            assert row["timestamp"] == e["timestamp"]
        else:
            assert abs(row["timestamp"] - time.time() * 1000) < 120_000
        assert row["device_type"] == e["device_type"]
        assert row["source_channel"] == e["source_channel"]
        assert row["extra_data"] == e.get("extra_data", {})
        assert (row["kafka_partition"], row["kafka_offset"]) == where[e["event_id"]]
        assert row["kafka_partition"] == java_partition(e["user_id"], PARTITIONS)
        assert row["schema_id"] == value_id
    posts = [e for e in sent if e["event_type"].startswith("post_")]
    found = wait_docs(infra, [e["event_id"] for e in posts])
    for e in posts:
        doc = found[e["event_id"]]["_source"]
        row = got[e["event_id"]]
        assert doc["event_id"] == e["event_id"] and doc["event_type"] == e["event_type"]
        assert doc["user_id"] == e["user_id"] and doc["timestamp"] == row["timestamp"]
        assert doc["device_type"] == e["device_type"]
        assert doc["source_channel"] == e["source_channel"]
        assert doc["post_id"] == e["extra_data"]["post_id"]
        assert doc["title"] == e["extra_data"]["title"]
        assert doc["content"] == e["extra_data"]["content"]
        if "tags" in e["extra_data"]:
            assert doc["tags"] == ["kafka", "cpp"]
        assert doc["extra_data"] == e["extra_data"]
        assert (doc["kafka_partition"], doc["kafka_offset"]) == where[e["event_id"]]
        assert doc["schema_id"] == value_id
    # Not post events: not in the index.
    assert not docs(infra, [e["event_id"] for e in sent if not e["event_type"].startswith("post_")])


def test_rows_of_each_user_follow_the_order_the_events_were_sent(infra):
    users = [f"order-user-{n}" for n in range(10)]
    sent = {u: [] for u in users}
    for round_ in range(8):  # separate requests, one after the other
        batch = [event(u, "click", extra_data={"seq": str(round_)}) for u in users]
        post_accepted(infra, batch)
        for e in batch:
            sent[e["user_id"]].append(e["event_id"])
    got = wait_rows(infra, [i for ids in sent.values() for i in ids])
    for u, ids in sent.items():
        by_offset = sorted(ids, key=lambda i: got[i]["kafka_offset"])
        assert by_offset == ids, f"{u}: rows by Kafka offset are not in send order"
        assert [got[i]["extra_data"]["seq"] for i in by_offset] == [str(n) for n in range(8)]
        assert len({got[i]["kafka_partition"] for i in ids}) == 1


def dead_letters_of(infra, predicate, want=1, timeout=60):
    return read_topic(infra, DLT, predicate, want, timeout)


@pytest.mark.parametrize("value,code_part", [
    (b"poison-not-confluent-" + uuid.uuid4().bytes, "magic"),
    (b"\x00" + struct.pack(">i", 999_999) + b"\x00" + uuid.uuid4().bytes, "999999"),
], ids=["no-magic-byte", "unknown-schema-id"])
def test_poison_pill_goes_to_the_dlt_at_once_and_the_partition_moves_on(infra, value, code_part):
    partition = java_partition("poison-user", PARTITIONS)
    offset = produce_raw(infra, partition, None, value)  # no key: the value is what fails
    after = post_accepted(infra, [event("poison-user", "click")])
    (letter,) = dead_letters_of(infra, lambda m: m.value() == value)
    assert letter.partition() == partition and letter.key() is None
    assert header(letter, "x-tracker-stage") == b"decode"
    assert header(letter, "x-tracker-attempts") == b"1"
    assert header(letter, "kafka_dlt-original-offset") == struct.pack(">q", offset)
    assert header(letter, "kafka_dlt-original-partition") == struct.pack(">i", partition)
    message = header(letter, "kafka_dlt-exception-message").decode()
    assert code_part in message.lower(), message
    wait_rows(infra, after)  # the record after the poison pill is not blocked
    wait_for(lambda: status(consumer_url(infra))["counters"]["dead_lettered"]["decode"] >= 1, 30,
             "the decode dead-letter counter")


def test_a_poison_pill_too_large_for_the_dlt_goes_there_cut_down(infra):
    """Review M5: a record near Kafka's size limit plus the letter's headers did not fit the DLT:
    its partition paused and resumed for ever. The letter now goes cut down, with the sizes."""
    partition = java_partition("huge-poison-user", PARTITIONS)
    value = b"huge-poison-" + uuid.uuid4().bytes + b"z" * 990_000
    producer = Producer({"bootstrap.servers": infra.bootstrap, "message.max.bytes": 1_048_576})
    producer.produce(TOPIC, value=value, partition=partition, headers=[("big", b"h" * 50_000)])
    assert producer.flush(30) == 0
    after = post_accepted(infra, [event("huge-poison-user", "click")])
    (letter,) = dead_letters_of(infra, lambda m: header(m, "x-tracker-truncated") is not None
                                and m.value() == value[:65_536])
    assert letter.partition() == partition
    assert header(letter, "x-tracker-truncated") == \
        f"key 0 bytes, value {len(value)} bytes, 1 headers dropped".encode()
    assert header(letter, "x-tracker-stage") == b"decode"
    wait_rows(infra, after)  # the partition moved on
    assert not status(consumer_url(infra))["sinks_down"]


def test_a_record_failing_twice_then_succeeding_lands_once_and_later_records_wait(infra):
    base = status(consumer_url(infra))["counters"]["retried"]
    user = f"retry-user-{uuid.uuid4().hex[:6]}"
    flaky = event(user, "click", event_id=f"fault-pg-twice-{uuid.uuid4()}")
    later = event(user, "click")
    where = post_accepted(infra, [flaky, later])
    got = wait_rows(infra, where)
    assert len(got) == 2
    # Order within the partition kept: the later record was written after the retried one.
    assert got[later["event_id"]]["ingested_at"] >= got[flaky["event_id"]]["ingested_at"]
    counters = status(consumer_url(infra))["counters"]
    assert counters["retried"] - base >= 2
    assert not dead_letters_of_id(infra, flaky["event_id"], expect=False)


def dead_letters_of_id(infra, event_id, expect=True, timeout=30):
    """DLT records whose value contains `event_id` (its bytes are in the Protobuf payload)."""
    needle = event_id.encode()
    if not expect:
        consumer_end = end_offsets(infra, DLT)
        if sum(consumer_end.values()) == 0:
            return []
        try:
            return read_topic(infra, DLT, lambda m: needle in m.value(), 1, timeout=10)
        except AssertionError:
            return []
    return read_topic(infra, DLT, lambda m: needle in (m.value() or b""), 1, timeout)


@pytest.mark.parametrize("stage", ["postgres", "search"])
def test_a_record_failing_forever_goes_to_the_dlt_with_all_headers(infra, stage):
    user = f"forever-{stage}-{uuid.uuid4().hex[:6]}"
    kind = "post_created" if stage == "search" else "click"
    extra = {"post_id": "p-1", "title": "never indexed"} if stage == "search" else {}
    doomed = event(user, kind, event_id=f"fault-{'pg' if stage == 'postgres' else 'search'}"
                                        f"-forever-{uuid.uuid4()}", extra_data=extra)
    later = [event(user, "click") for _ in range(3)]
    where = post_accepted(infra, [doomed, *later])
    partition, offset = where[doomed["event_id"]]
    (letter,) = dead_letters_of_id(infra, doomed["event_id"], timeout=90)
    original = read_record(infra, TOPIC, partition, offset)
    assert letter.partition() == partition
    assert letter.key() == original.key() and letter.value() == original.value()
    assert header(letter, "kafka_dlt-original-topic") == TOPIC.encode()
    assert header(letter, "kafka_dlt-original-partition") == struct.pack(">i", partition)
    assert header(letter, "kafka_dlt-original-offset") == struct.pack(">q", offset)
    assert header(letter, "kafka_dlt-original-timestamp") == struct.pack(">q",
                                                                        original.timestamp()[1])
    assert header(letter, "kafka_dlt-original-consumer-group") == GROUP.encode()
    assert header(letter, "kafka_dlt-exception-fqcn").decode().endswith("Exception")
    assert b"fault.injected" in header(letter, "kafka_dlt-exception-message")
    assert header(letter, "x-tracker-stage") == stage.encode()
    assert header(letter, "x-tracker-error-code") == b"fault.injected"
    assert header(letter, "x-tracker-attempts") == b"4"  # TRACKER_CONSUMER_RETRY_ATTEMPTS
    # The records after it in its partition are not blocked.
    wait_rows(infra, [e["event_id"] for e in later])
    if stage == "postgres":
        assert not rows(infra, [doomed["event_id"]])
    else:  # written to PostgreSQL, never indexed
        assert rows(infra, [doomed["event_id"]])
        assert not docs(infra, [doomed["event_id"]])


def test_a_post_failing_twice_at_the_index_is_indexed_once(infra):
    flaky = event("retry-search-user", "post_created", event_id=f"fault-search-twice-{uuid.uuid4()}",
                  extra_data={"post_id": "p-9", "title": "third time lucky"})
    post_accepted(infra, [flaky])
    (doc,) = wait_docs(infra, [flaky["event_id"]]).values()
    assert doc["_version"] == 1
    assert len(rows(infra, [flaky["event_id"]])) == 1


def test_status_metrics_and_health(infra):
    url = consumer_url(infra)
    assert requests.get(f"{url}/health/live", timeout=5).status_code == 200
    assert requests.get(f"{url}/health/ready", timeout=5).status_code == 200
    s = status(url)
    assert s["generation"] is None or s["generation"] >= 1
    for p in s["assigned_partitions"]:
        assert {"partition", "committed_offset", "position", "high_watermark", "lag",
                "paused"} <= p.keys()
    assert any(r["kind"] == "assigned" for r in s["rebalances"])
    metrics = requests.get(f"{url}/metrics", timeout=5)
    assert metrics.status_code == 200
    text = metrics.text
    for series in ['tracker_consumer_consumed_total', 'tracker_consumer_written_total{sink="postgres"}',
                   'tracker_consumer_written_total{sink="search"}',
                   'tracker_consumer_dead_lettered_total{stage="decode"}',
                   'tracker_consumer_retried_total', 'tracker_consumer_lag{partition="0"}',
                   'tracker_consumer_batch_duration_seconds_count']:
        assert series in text, series
    consumed = next(float(line.split()[-1]) for line in text.splitlines()
                    if line.startswith("tracker_consumer_consumed_total"))
    assert consumed >= s["counters"]["consumed"] > 0
    assert s["sinks"]["postgres"]["up"] and s["sinks"]["search"]["up"]


def test_a_record_that_decodes_but_is_invalid_goes_to_the_dlt_with_stage_validate(infra, pb2):
    """Bytes a Confluent serializer wrote correctly, but the event breaks the catalogue."""
    from confluent_kafka.schema_registry.protobuf import ProtobufSerializer
    from confluent_kafka.serialization import MessageField, SerializationContext
    event_pb2, _ = pb2
    registry = SchemaRegistryClient({"url": infra.registry_url})
    serialize = ProtobufSerializer(event_pb2.UserBehaviorEvent, registry, {
        "auto.register.schemas": False, "use.latest.version": True,
        "use.deprecated.format": False})
    bad_id = f"invalid-{uuid.uuid4()}"
    value = serialize(event_pb2.UserBehaviorEvent(event_id=bad_id, event_type="teleport",
                                                  user_id="validate-user"),
                      SerializationContext(TOPIC, MessageField.VALUE))
    partition = java_partition("validate-user", PARTITIONS)
    produce_raw(infra, partition, None, value)
    (letter,) = dead_letters_of_id(infra, bad_id, timeout=60)
    assert letter.value() == value and letter.partition() == partition
    assert header(letter, "x-tracker-stage") == b"validate"
    assert b"event_type" in header(letter, "kafka_dlt-exception-message")
    assert not rows(infra, [bad_id])


def test_replaying_the_topic_changes_no_row_and_no_document(infra):
    """Redelivery: the group's offsets reset to the beginning, the whole topic read again."""
    wait_caught_up(infra, GROUP)
    with psycopg.connect(infra.pg_dsn) as conn:
        before = conn.execute("select count(*), max(ingested_at) from user_behavior_event"
                              ).fetchone()
    docs_before = count_docs(infra)
    name = f"consumer-{GROUP}-1"
    infra.run("stop", name)
    admin = AdminClient({"bootstrap.servers": infra.bootstrap})
    reset = [TopicPartition(TOPIC, p, 0) for p in range(PARTITIONS)]
    admin.alter_consumer_group_offsets([ConsumerGroupTopicPartitions(GROUP, reset)])[GROUP].result(
        timeout=30)
    assert set(committed_offsets(infra, GROUP).values()) == {0}
    infra.run("up")
    wait_caught_up(infra, GROUP, timeout=180)
    consumed = status(consumer_url(infra))["counters"]["consumed"]
    assert consumed >= sum(end_offsets(infra, TOPIC).values())  # it really read everything again
    with psycopg.connect(infra.pg_dsn) as conn:
        after = conn.execute("select count(*), max(ingested_at) from user_behavior_event"
                             ).fetchone()
    assert after == before
    assert count_docs(infra) == docs_before
    # Every document still at version 1: the replayed `create`s changed none.
    r = requests.post(f"{infra.search_url}/user-post-events/_search", timeout=30,
                      json={"size": 1000, "version": True, "query": {"match_all": {}}})
    assert {h["_version"] for h in r.json()["hits"]["hits"]} == {1}


def test_read_api_event_user_history_and_post_search(infra):
    url = consumer_url(infra)
    user = f"reader-{uuid.uuid4().hex[:8]}"
    now = int(time.time() * 1000)
    sent = [event(user, "click" if i % 2 else "page_view", timestamp=now - 10_000 + i * 100)
            for i in range(7)]
    word = f"zebra{uuid.uuid4().hex[:6]}"
    post = event(user, "post_created", timestamp=now - 1000,
                 extra_data={"post_id": "rp-1", "title": f"About the {word}",
                             "content": "striped animals", "tags": "zoo,africa"})
    where = post_accepted(infra, [*sent, post])
    wait_rows(infra, where)
    wait_docs(infra, [post["event_id"]])

    one = requests.get(f"{url}/api/events/{sent[0]['event_id']}", timeout=10)
    assert one.status_code == 200, one.text
    body = one.json()
    assert body["event_id"] == sent[0]["event_id"] and body["user_id"] == user
    assert body["timestamp"] == sent[0]["timestamp"]
    assert (body["kafka"]["partition"], body["kafka"]["offset"]) == where[sent[0]["event_id"]]
    missing = requests.get(f"{url}/api/events/no-such-{uuid.uuid4()}", timeout=10)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "event_not_found"

    # Newest first, three per page, following the cursor to the end.
    seen, cursor = [], None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = requests.get(f"{url}/api/users/{user}/events", params=params, timeout=10)
        assert page.status_code == 200, page.text
        seen += [e["event_id"] for e in page.json()["events"]]
        cursor = page.json()["next_cursor"]
        if not cursor:
            break
    newest_first = [e["event_id"] for e in sorted([*sent, post], key=lambda e: -e["timestamp"])]
    assert seen == newest_first
    clicks = requests.get(f"{url}/api/users/{user}/events",
                          params={"type": "click", "from": now - 10_000 + 200}, timeout=10).json()
    assert [e["event_id"] for e in clicks["events"]] == [
        e["event_id"] for e in reversed(sent) if e["event_type"] == "click"
        and e["timestamp"] >= now - 10_000 + 200]
    bad = requests.get(f"{url}/api/users/{user}/events", params={"limit": "lots"}, timeout=10)
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_parameter"

    found = requests.get(f"{url}/api/posts/search", params={"q": word}, timeout=10)
    assert found.status_code == 200, found.text
    hits = found.json()["hits"]
    assert [h["event_id"] for h in hits] == [post["event_id"]]
    assert hits[0]["title"] == f"About the {word}" and hits[0]["user_id"] == user
    by_tag = requests.get(f"{url}/api/posts/search", params={"q": "africa", "user_id": user},
                          timeout=10).json()
    assert [h["event_id"] for h in by_tag["hits"]] == [post["event_id"]]
    other_user = requests.get(f"{url}/api/posts/search", params={"q": word, "user_id": "nobody"},
                              timeout=10).json()
    assert other_user["hits"] == []
