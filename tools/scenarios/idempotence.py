"""./tracker scenario idempotence — idempotence (幂等) at every step that can repeat.

1. Replay: a fresh consumer group (PostgreSQL and the index) reads the whole topic from the
   beginning, so every event already stored is written again. Rows and documents must not change:
   the PostgreSQL fingerprint covers every column of every row plus its xmin (a row rewritten
   with the same values would change it), the index fingerprint the count of documents and, for a
   sample of post events, each document's source, version and sequence number.
2. Re-send: the same events (same event ids, same bodies) go through the producer twice; Kafka
   holds both copies (the topic's high watermarks grow twice), the stores hold one.
3. Broker restart (3 brokers, or --broker-restart): under load, the broker leading partition 0 is
   restarted; Kafka's own producer state (the Admin API's DescribeProducers, through Kafka's
   kafka-transactions tool) shows the producer's id unchanged and its sequence numbers carrying
   on, and reading back what was written meanwhile finds no record twice — the retries the
   restart caused were deduplicated by the broker.
Usage:

  ./tracker scenario idempotence [--events N] [--sample N] [--broker-restart | --no-broker-restart]

argv[1] is `./tracker status --json`; argv[2] the path of ./tracker. Run it on a quiet stack:
traffic from elsewhere during step 1 changes the fingerprints."""

import hashlib
import json
import os
import signal
import subprocess
import time
import uuid

import psycopg
import requests
from confluent_kafka import Consumer, TopicPartition

from scenario_lib import (ScenarioError, Stack, begin, now_ms, run, wait_caught_up, wait_until)

INDEX = "user-post-events"
TOPIC = "user-behavior-events"
ROW = ("event_id, event_type, user_id, target_user_id, event_time, device_type, source_channel,"
       " extra_data, kafka_partition, kafka_offset, schema_id, ingested_at, xmin")


def pg_fingerprint(stack, ids=None):
    """(rows, a hash of every column of every row, xmin included) — of all rows or of `ids`."""
    where, params = ("where event_id = any(%s)", (list(ids),)) if ids is not None else ("", ())
    with psycopg.connect(stack.pg_dsn) as conn:
        count, digest = conn.execute(
            f"select count(*), coalesce(sum(hashtextextended(row({ROW})::text, 0)), 0)"
            f" from user_behavior_event {where}", params).fetchone()
    return count, int(digest) & 0xFFFFFFFFFFFFFFFF  # shown unsigned


def post_ids(stack, limit):
    with psycopg.connect(stack.pg_dsn) as conn:
        return [r[0] for r in conn.execute(
            "select event_id from user_behavior_event where event_type like 'post%%'"
            " order by event_id limit %s", (limit,)).fetchall()]


def search_fingerprint(stack, ids):
    """(documents in the index, a hash of the sampled documents' source, version, seq_no)."""
    search = stack.search_url
    requests.post(f"{search}/{INDEX}/_refresh", timeout=30).raise_for_status()
    count = requests.get(f"{search}/{INDEX}/_count", timeout=30).json()["count"]
    hits = requests.post(f"{search}/{INDEX}/_search", json={
        "query": {"ids": {"values": list(ids)}}, "size": len(ids), "version": True,
        "seq_no_primary_term": True}, timeout=60).json()["hits"]["hits"] if ids else []
    digest = hashlib.sha256(json.dumps(sorted(
        (h["_id"], h.get("_version"), h.get("_seq_no"), h.get("_source")) for h in hits),
        sort_keys=True).encode()).hexdigest()[:16]
    return count, digest


def main_group(stack):
    groups = {s["group"] for s in stack.consumers().values()
              if "postgres" in s["sinks"] and "search" in s["sinks"]}
    if not groups:
        raise ScenarioError("no consumer group writes both PostgreSQL and the index (./tracker up)")
    return "event-consumer" if "event-consumer" in groups else sorted(groups)[0]


def replay(stack, narrator, verdict, sample):
    group = main_group(stack)
    narrator.step(f"1. replay the whole topic through a fresh group (after {group} caught up)")
    wait_caught_up(stack, group)
    ids = post_ids(stack, sample)
    rows_before, search_before = pg_fingerprint(stack), search_fingerprint(stack, ids)
    narrator.say(f"PostgreSQL: {rows_before[0]} rows, fingerprint {rows_before[1]:x}; index: "
                 f"{search_before[0]} documents, {len(ids)} sampled, fingerprint {search_before[1]}")
    fresh = f"idempotence-{uuid.uuid4().hex[:6]}"
    state = stack.console_state()
    records = sum(p["high_watermark"] or 0 for p in state["topic"]["partitions"])
    narrator.say(f"group {fresh} starts from the earliest offset: {records} records to read again; "
                 "watch its lag fall in the console")
    stack.up_group(f"{fresh}:postgres+search", 1)
    name = f"consumer-{fresh}-1"
    try:
        wait_caught_up(stack, fresh)
        status = Stack.instance_status(stack.services[name]["url"])
        consumed = status["counters"]["consumed"]
        written = status["counters"]["written"]
        narrator.say(f"{fresh} consumed {consumed} records, handed {written['postgres']} to "
                     f"PostgreSQL and {written['search']} to the index")
    finally:
        stack.stop(name)
        stack.delete_groups(fresh)
    rows_after, search_after = pg_fingerprint(stack), search_fingerprint(stack, ids)
    verdict.check(consumed >= records, f"the fresh group read every record again ({consumed} >= {records})")
    verdict.check(rows_after == rows_before,
                  f"PostgreSQL unchanged: {rows_after[0]} rows, fingerprint {rows_after[1]:x}")
    verdict.check(search_after == search_before,
                  f"index unchanged: {search_after[0]} documents, sample fingerprint {search_after[1]}")


def events(run_id, count, base_ms):
    """Bodies fixed once (timestamp included), every third a post."""
    out = []
    for n in range(count):
        e = {"event_id": f"idem-{run_id}-{n}", "user_id": f"idem-user-{n % 7}",
             "timestamp": base_ms + n, "device_type": "web",
             "source_channel": "scenario-idempotence"}
        if n % 3 == 0:
            e.update(event_type="post_created",
                     extra_data={"post_id": f"idem-{run_id}-post-{n}", "title": f"post {n}",
                                 "content": "the same body twice", "tags": "idempotence"})
        else:
            e["event_type"] = "page_view"
        out.append(e)
    return out


def marks(stack):
    return sum(p["high_watermark"] or 0 for p in stack.console_state()["topic"]["partitions"])


def resend(stack, narrator, verdict, count):
    group = main_group(stack)
    run_id = uuid.uuid4().hex[:6]
    batch = events(run_id, count, now_ms() - 60_000)
    ids = [e["event_id"] for e in batch]
    posts = [e["event_id"] for e in batch if e["event_type"] == "post_created"]
    narrator.step(f"2. send {count} events, then the very same {count} again")
    for attempt in (1, 2):
        before = marks(stack)
        r = requests.post(f"{stack.producer}/api/events", json=batch, timeout=60)
        if r.status_code != 200 or r.json()["accepted"] != count:
            raise ScenarioError(f"the producer did not accept the events: {r.status_code} {r.text[:300]}")
        wait_until(lambda: marks(stack) >= before + count, 30, "the records in Kafka")
        grew = marks(stack) - before
        wait_caught_up(stack, group)
        rows = pg_fingerprint(stack, ids)
        docs = search_fingerprint(stack, posts)
        narrator.say(f"send {attempt}: Kafka +{grew} records; PostgreSQL {rows[0]} rows "
                     f"(fingerprint {rows[1]:x}); index sample fingerprint {docs[1]}")
        verdict.check(grew >= count, f"send {attempt}: Kafka took all {count} records (+{grew})")
        if attempt == 1:
            first_rows, first_docs = rows, docs
        else:
            verdict.check(rows == first_rows and rows[0] == count,
                          f"the second copy changed no row ({rows[0]} rows for {count} event ids)")
            verdict.check(docs[1] == first_docs[1],
                          f"the second copy changed no document ({len(posts)} posts compared)")


def describe_producers(stack, partition):
    """{producer id: (epoch, last sequence, last timestamp)} of a partition, from Kafka's
    DescribeProducers (kafka-transactions describe-producers)."""
    java, lib = os.environ.get("TRACKER_JAVA"), os.environ.get("TRACKER_KAFKA_LIB")
    if not java or not lib:
        raise ScenarioError("TRACKER_JAVA / TRACKER_KAFKA_LIB not set (run through ./tracker scenario)")
    out = subprocess.run([java, "-cp", f"{lib}/*", "org.apache.kafka.tools.TransactionsCommand",
                          "--bootstrap-server", stack.bootstrap, "describe-producers",
                          "--topic", TOPIC, "--partition", str(partition)],
                         capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise ScenarioError(f"describe-producers failed: {out.stderr[-500:]}")
    producers = {}
    for line in out.stdout.splitlines()[1:]:
        cols = line.split()
        if len(cols) >= 5 and cols[0].isdigit():
            producers[int(cols[0])] = (int(cols[1]), int(cols[3]), int(cols[4]))
    return producers


def newest(producers):
    """The producer id that wrote last."""
    return max(producers.items(), key=lambda kv: kv[1][2]) if producers else (None, None)


def leader_of(stack, partition):
    from confluent_kafka.admin import AdminClient
    topic = AdminClient({"bootstrap.servers": stack.bootstrap}).list_topics(TOPIC, timeout=15)
    return topic.topics[TOPIC].partitions[partition].leader


def end_offsets(stack):
    consumer = Consumer({"bootstrap.servers": stack.bootstrap, "group.id": "scenario-idempotence-read"})
    try:
        return {p: consumer.get_watermark_offsets(TopicPartition(TOPIC, p), timeout=15)[1]
                for p in range(stack.partitions)}
    finally:
        consumer.close()


def duplicates_between(stack, start, end):
    """(records, records whose value bytes were already seen) in [start, end) per partition."""
    consumer = Consumer({"bootstrap.servers": stack.bootstrap, "group.id": "scenario-idempotence-read",
                         "enable.auto.commit": False, "enable.partition.eof": True})
    seen, records, dupes = set(), 0, 0
    try:
        wanted = {p: end[p] for p in end if end[p] > start[p]}
        consumer.assign([TopicPartition(TOPIC, p, start[p]) for p in wanted])
        deadline = time.monotonic() + 120
        while wanted and time.monotonic() < deadline:
            msg = consumer.poll(1)
            if msg is None or msg.error():
                continue
            if msg.offset() < end.get(msg.partition(), 0):
                records += 1
                digest = hashlib.sha1(msg.value() or b"").digest()
                dupes += digest in seen
                seen.add(digest)
            if msg.offset() + 1 >= end.get(msg.partition(), 0):
                wanted.pop(msg.partition(), None)
        if wanted:
            raise ScenarioError(f"could not read back partitions {sorted(wanted)}")
    finally:
        consumer.close()
    return records, dupes


def broker_restart(stack, narrator, verdict):
    brokers = stack.status["infra"]["kafka"]["brokers"]
    victim_id = leader_of(stack, 0)
    victim = next(b for b in brokers if b["id"] == victim_id)
    narrator.step(f"3. restart broker {victim_id} (leader of partition 0) under load "
                  f"({len(brokers)} broker(s))")
    start = end_offsets(stack)
    load = stack.loadgen("--rate", "500", "--duration", "600")
    try:
        time.sleep(3)
        pid_before, (epoch_b, seq_b, _) = newest(describe_producers(stack, 0))
        narrator.say(f"partition 0 before: producer id {pid_before}, epoch {epoch_b}, "
                     f"last sequence {seq_b}")
        narrator.say(f"SIGTERM broker {victim_id} (pid {victim['pid']}); in-flight batches are "
                     "retried by the producer with the same sequence numbers")
        os.kill(victim["pid"], signal.SIGTERM)
        stopping = now_ms()
        wait_until(lambda: not os.path.exists(f"/proc/{victim['pid']}"), 60, "the broker to stop")
        time.sleep(3)
        stack.tracker("infra", "up", "--brokers", str(len(brokers)), "--only", "kafka")
        narrator.say(f"broker {victim_id} is back after {(now_ms() - stopping) / 1000:.1f} s; "
                     "traffic continues")
        time.sleep(5)
    finally:
        load.stop()
    stack.refresh()
    time.sleep(1)
    producers_after = describe_producers(stack, 0)
    pid_after, (epoch_a, seq_a, _) = newest(producers_after)
    narrator.say(f"partition 0 after: producer id {pid_after}, epoch {epoch_a}, last sequence {seq_a}")
    verdict.check(pid_after == pid_before and epoch_a == epoch_b and seq_a > seq_b,
                  f"the producer's id and epoch survived the restart and its sequence carried on "
                  f"({seq_b} -> {seq_a})")
    records, dupes = duplicates_between(stack, start, end_offsets(stack))
    verdict.check(records > 0 and dupes == 0,
                  f"{records} records written during the restart window, {dupes} of them twice")


def options(parser):
    parser.add_argument("--events", type=int, default=60, help="events sent twice in step 2")
    parser.add_argument("--sample", type=int, default=500, help="documents compared in step 1")
    restart = parser.add_mutually_exclusive_group()
    restart.add_argument("--broker-restart", dest="restart", action="store_true", default=None,
                         help="restart a broker even with one (the topic is unavailable meanwhile)")
    restart.add_argument("--no-broker-restart", dest="restart", action="store_false")


def main():
    args, stack, narrator, verdict = begin("idempotence", options)
    replay(stack, narrator, verdict, args.sample)
    resend(stack, narrator, verdict, args.events)
    brokers = len(stack.status["infra"]["kafka"]["brokers"])
    if args.restart or (args.restart is None and brokers >= 3):
        broker_restart(stack, narrator, verdict)
    else:
        narrator.step("3. broker restart skipped: it needs three brokers (./tracker up --brokers 3) "
                      "or --broker-restart")
    verdict.exit()


if __name__ == "__main__":
    run(main)
