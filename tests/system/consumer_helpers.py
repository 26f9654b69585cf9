"""Helpers for the event-consumer system tests: reading what landed in PostgreSQL and the search
index, the DLT, group offsets (Kafka Admin API through confluent-kafka), consumer status, and a
background load that remembers every accepted event."""

import threading
import time
import uuid

import psycopg
import requests
from confluent_kafka import Consumer, ConsumerGroupTopicPartitions, Producer, TopicPartition
from confluent_kafka.admin import AdminClient

from producer_helpers import event, post_events
from tracker_cli import wait_for

TOPIC = "user-behavior-events"
DLT = "user-behavior-events-DLT"
GROUP = "event-consumer"
INDEX = "user-post-events"


def status(url):
    r = requests.get(f"{url}/api/status", timeout=10)
    r.raise_for_status()
    return r.json()


def rows(infra, event_ids):
    """{event_id: row dict} of the given ids that are in user_behavior_event."""
    with psycopg.connect(infra.pg_dsn) as conn:
        cur = conn.execute(
            "select event_id, event_type, user_id, target_user_id,"
            " (extract(epoch from event_time) * 1000)::bigint as timestamp, device_type,"
            " source_channel, extra_data, kafka_partition, kafka_offset, schema_id, ingested_at"
            " from user_behavior_event where event_id = any(%s)", [list(event_ids)])
        names = [d.name for d in cur.description]
        return {r[0]: dict(zip(names, r)) for r in cur.fetchall()}


def count_rows(infra, event_ids):
    with psycopg.connect(infra.pg_dsn) as conn:
        return conn.execute("select count(*) from user_behavior_event where event_id = any(%s)",
                            [list(event_ids)]).fetchone()[0]


def wait_rows(infra, event_ids, timeout=120):
    """Waits until every id has its row; returns {event_id: row}."""
    wanted = set(event_ids)
    found = {}

    def done():
        found.update(rows(infra, wanted - found.keys()))
        return wanted <= found.keys()
    wait_for(done, timeout, f"{len(wanted)} rows in PostgreSQL ({len(found)} so far)")
    return found


def docs(infra, event_ids):
    """{event_id: hit} (with _source and _version) of the given ids in the index."""
    ids = list(event_ids)
    if not ids:
        return {}
    requests.post(f"{infra.search_url}/{INDEX}/_refresh", timeout=30)
    r = requests.post(f"{infra.search_url}/{INDEX}/_search", timeout=30, json={
        "size": len(ids), "version": True, "query": {"ids": {"values": ids}}})
    r.raise_for_status()
    return {h["_id"]: h for h in r.json()["hits"]["hits"]}


def wait_docs(infra, event_ids, timeout=120):
    wanted = set(event_ids)
    found = {}

    def done():
        found.update(docs(infra, wanted - found.keys()))
        return wanted <= found.keys()
    wait_for(done, timeout, f"{len(wanted)} documents in the index ({len(found)} so far)")
    return found


def count_docs(infra):
    requests.post(f"{infra.search_url}/{INDEX}/_refresh", timeout=30)
    r = requests.get(f"{infra.search_url}/{INDEX}/_count", timeout=30)
    r.raise_for_status()
    return r.json()["count"]


def read_topic(infra, topic, predicate, want, timeout=60):
    """Reads `topic` from the beginning until `want` records match `predicate(msg)`; returns them
    (confluent_kafka Message objects)."""
    found = []
    consumer = Consumer({"bootstrap.servers": infra.bootstrap, "group.id": f"t-{uuid.uuid4()}",
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([topic])
    try:
        def poll():
            for msg in consumer.consume(500, 0.5):
                if not msg.error() and predicate(msg):
                    found.append(msg)
            return len(found) >= want
        wait_for(poll, timeout, f"{want} matching records in {topic}")
    finally:
        consumer.close()
    return found


def read_record(infra, topic, partition, offset):
    """The one record at topic/partition/offset."""
    consumer = Consumer({"bootstrap.servers": infra.bootstrap, "group.id": f"t-{uuid.uuid4()}",
                         "enable.auto.commit": False})
    consumer.assign([TopicPartition(topic, partition, offset)])
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            msg = consumer.poll(1.0)
            if msg is not None and not msg.error():
                assert msg.offset() == offset
                return msg
        raise AssertionError(f"no record at {topic}/{partition}@{offset}")
    finally:
        consumer.close()


def end_offsets(infra, topic):
    """{partition: high watermark}."""
    consumer = Consumer({"bootstrap.servers": infra.bootstrap, "group.id": f"t-{uuid.uuid4()}"})
    try:
        meta = consumer.list_topics(topic, timeout=10)
        return {p: consumer.get_watermark_offsets(TopicPartition(topic, p), timeout=10)[1]
                for p in meta.topics[topic].partitions}
    finally:
        consumer.close()


def committed_offsets(infra, group, topic=TOPIC):
    """{partition: committed offset} of `group` on `topic` (Admin API); -1001 when none."""
    admin = AdminClient({"bootstrap.servers": infra.bootstrap})
    future = admin.list_consumer_group_offsets([ConsumerGroupTopicPartitions(group)])[group]
    result = future.result(timeout=30)
    return {tp.partition: tp.offset for tp in result.topic_partitions if tp.topic == topic}


def wait_caught_up(infra, group, timeout=120):
    """Waits until `group` has committed the end of every partition of the topic."""
    def done():
        ends = end_offsets(infra, TOPIC)
        committed = committed_offsets(infra, group)
        return all(committed.get(p, -1) >= end for p, end in ends.items() if end > 0)
    wait_for(done, timeout, f"group {group} to commit the end of {TOPIC}")


def post_accepted(infra, items):
    """POSTs a batch; asserts all accepted; returns {event_id: (partition, offset)}."""
    r = post_events(infra, items)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["rejected"] == 0, body
    return {x["event_id"]: (x["partition"], x["offset"]) for x in body["results"]}


def produce_raw(infra, partition, key, value, topic=TOPIC, headers=None):
    """Writes bytes straight to a topic (as a misbehaving client would); returns the offset."""
    producer = Producer({"bootstrap.servers": infra.bootstrap, "enable.idempotence": True})
    delivered = {}
    producer.produce(topic, value=value, key=key, partition=partition, headers=headers,
                     on_delivery=lambda err, msg: delivered.update(err=err, msg=msg))
    producer.flush(30)
    assert delivered and delivered["err"] is None, delivered
    return delivered["msg"].offset()


def header(msg, name):
    for key, value in msg.headers() or []:
        if key == name:
            return value
    return None


class Load:
    """Posts batches of events from a background thread at about `rate` events/s until stopped;
    remembers every accepted event id with its (partition, offset) and the order per user."""

    def __init__(self, infra, rate=500, batch=25, users=40, prefix="load"):
        self.infra, self.rate, self.batch = infra, rate, batch
        self.users = [f"{prefix}-user-{n}" for n in range(users)]
        self.prefix = prefix
        self.accepted = {}        # event_id -> (partition, offset)
        self.per_user = {u: [] for u in self.users}
        self.refused = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def keep_running(self, events, timeout=90):
        """Returns once `events` more events have been accepted than when called: whatever the test
        does next happens after that much traffic went through (instead of sleeping for it)."""
        target = len(self.accepted) + events
        wait_for(lambda: len(self.accepted) >= target, timeout,
                 f"{events} more events accepted under load")

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=60)

    def _run(self):
        n = 0
        interval = self.batch / self.rate
        next_at = time.monotonic()
        while not self._stop.is_set():
            items = []
            for _ in range(self.batch):
                user = self.users[n % len(self.users)]
                items.append(event(user, "page_view", event_id=f"{self.prefix}-{uuid.uuid4()}",
                                   extra_data={"seq": str(n)}))
                n += 1
            try:
                r = post_events(self.infra, items)
                body = r.json() if r.status_code == 200 else {"results": []}
            except requests.RequestException:
                body = {"results": []}
            for item, sent in zip(body.get("results", []), items):
                if item.get("status") == "accepted":
                    self.accepted[sent["event_id"]] = (item["partition"], item["offset"])
                    self.per_user[sent["user_id"]].append(sent["event_id"])
                else:
                    self.refused += 1
            next_at += interval
            time.sleep(max(0.0, next_at - time.monotonic()))
