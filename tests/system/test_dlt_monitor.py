"""event-dlt-monitor against the real stack: every kind of dead letter the consumer writes (poison
bytes, an invalid event, a record failing forever at PostgreSQL or at the index) is kept with its
headers and decoded event; replays (one, and by filter) land once through the idempotent sinks;
discards need a reason; a monitor of this module's own checks admin keys, automatic compensation
up to parking a replay loop, and restarts (clean and kill -9) that lose and duplicate nothing.

The session stack's consumer fails chosen event ids on purpose (conftest.CONSUMER_TEST_SETTINGS):
fault-*-forever- always, fault-*-5- five times counted across deliveries (with 4 attempts a
delivery: the first is dead-lettered, a replay lands on its second attempt)."""

import struct
import threading
import time
import uuid

import psycopg
import pytest
from confluent_kafka import Producer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.protobuf import ProtobufSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

from consumer_helpers import (DLT, GROUP, TOPIC, committed_offsets, count_rows, docs, header,
                              post_accepted, produce_raw, read_record, rows, wait_docs, wait_rows)
from dlt_helpers import (SERVICE, MonitorProcess, audit, b64, call, count_in_topic, detail,
                         discard, error_code, letters_at, letters_of_event,
                         list_all, monitor_url, replay, rfc3339, statuses, table_counts,
                         wait_dlt_stored, wait_letters)
from producer_helpers import event, java_partition
from tracker_cli import port, wait_for

PARTITIONS = 6
# Lists are narrowed to what this session stored (first_seen is the monitor's clock: same machine).
SINCE = rfc3339(time.time() - 5)
# Spring's binary headers: what the detail must show as numbers.
NUMBER_HEADERS = {"kafka_dlt-original-partition": ">i", "kafka_dlt-original-offset": ">q",
                  "kafka_dlt-original-timestamp": ">q"}


def short():
    return uuid.uuid4().hex[:8]


def serialized(infra, pb2, ev, user_id):
    """(key, value) bytes as a Confluent Protobuf serializer writes them, through the registry."""
    event_pb2, key_pb2 = pb2
    registry = SchemaRegistryClient({"url": infra.registry_url})
    conf = {"auto.register.schemas": False, "use.latest.version": True,
            "use.deprecated.format": False}
    keys = ProtobufSerializer(key_pb2.UserBehaviorKey, registry, conf)
    values = ProtobufSerializer(event_pb2.UserBehaviorEvent, registry, conf)
    return (keys(key_pb2.UserBehaviorKey(user_id=user_id),
                 SerializationContext(TOPIC, MessageField.KEY)),
            values(ev, SerializationContext(TOPIC, MessageField.VALUE)))


def wait_consumer_past(infra, partition, offset, timeout=60):
    """Waits until the session consumer group committed past `offset` of `partition` (both sinks
    are done with that record)."""
    wait_for(lambda: committed_offsets(infra, GROUP).get(partition, -1) > offset, timeout,
             f"{GROUP} to commit past {TOPIC}/{partition}@{offset}")


# --- 1. what is kept ------------------------------------------------------------------------------

def test_every_kind_of_dead_letter_is_kept_with_its_headers_and_decoded_event(infra, pb2):
    event_pb2, _ = pb2
    user = f"dlt-kinds-{short()}"
    partition = java_partition(user, PARTITIONS)
    poison = b"dlt-poison-not-confluent-" + uuid.uuid4().bytes
    teleport_id = f"dlt-teleport-{uuid.uuid4()}"
    teleport_key, teleport_value = serialized(
        infra, pb2, event_pb2.UserBehaviorEvent(event_id=teleport_id, event_type="teleport",
                                                user_id=user), user)
    pg = event(user, "click", event_id=f"fault-pg-forever-{uuid.uuid4()}")
    search = event(user, "post_created", event_id=f"fault-search-forever-{uuid.uuid4()}",
                   extra_data={"post_id": "p-dlt", "title": "never indexed"})
    cases = {  # coordinates -> (stage, event id or None, (key, value) written here or None)
        (partition, produce_raw(infra, partition, None, poison)): ("decode", None, (None, poison)),
        (partition, produce_raw(infra, partition, teleport_key, teleport_value)): (
            "validate", teleport_id, (teleport_key, teleport_value)),
    }
    where = post_accepted(infra, [pg, search])
    cases[where[pg["event_id"]]] = ("postgres", pg["event_id"], None)
    cases[where[search["event_id"]]] = ("search", search["event_id"], None)

    letters = wait_letters(infra, cases, timeout=120)
    url = monitor_url(infra)
    for coords, (stage, event_id, written) in cases.items():
        row = letters[coords]
        original = read_record(infra, TOPIC, *coords)
        assert written is None or (original.key(), original.value()) == written
        letter = read_record(infra, DLT, row["dlt_partition"], row["dlt_offset"])
        assert letter.value() == original.value() and letter.key() == original.key(), stage
        code = header(letter, "x-tracker-error-code").decode()
        assert (row["stage"], row["error_code"], row["status"]) == (stage, code, "new")
        assert row["event_id"] == event_id
        if stage in ("postgres", "search"):
            assert code == "fault.injected"
            assert row["attempts"] == 4
        else:
            assert code.startswith("serde." if stage == "decode" else "events."), code

        # The list, filtered by stage, finds it with that stage and error code.
        items = list_all(url, stage=stage, since=SINCE)
        assert {i["stage"] for i in items} == {stage}
        (item,) = [i for i in items if i["id"] == row["id"]]
        assert (item["stage"], item["error_code"], item["status"]) == (stage, code, "new")

        # The detail: bytes as produced, every header decoded, the event when it decodes.
        one = detail(url, row["id"])
        assert one["id"] == row["id"]
        assert b64(one["value_base64"]) == original.value()
        assert b64(one.get("key_base64")) == original.key()
        assert [(h["name"], b64(h["value"])) for h in one["headers"]] == list(letter.headers())
        shown = {h["name"]: h for h in one["headers"]}
        for name, fmt in NUMBER_HEADERS.items():
            assert shown[name]["number"] == struct.unpack(fmt, header(letter, name))[0], name
        assert shown["kafka_dlt-original-partition"]["number"] == coords[0]
        assert shown["kafka_dlt-original-offset"]["number"] == coords[1]
        assert shown["kafka_dlt-original-timestamp"]["number"] == original.timestamp()[1]
        assert shown["x-tracker-stage"]["text"] == stage
        assert shown["x-tracker-error-code"]["text"] == code
        assert shown["kafka_dlt-original-topic"]["text"] == TOPIC
        if event_id is None:
            assert one.get("event") is None and one["decode_error"], one
        else:
            assert not one.get("decode_error"), one
            assert one["event"]["event_id"] == event_id and one["event"]["user_id"] == user
            assert one["key"]["user_id"] == user
        assert one["audit"] == [] and one["later_failures"] == []

    # What the sinks hold: the PostgreSQL failure has no row; the search failure a row, no document.
    assert not rows(infra, [pg["event_id"]]) and rows(infra, [search["event_id"]])
    assert not docs(infra, [search["event_id"]])
    missing = call(url, "GET", "/api/dead-letters/999999999999")
    assert missing.status_code == 404 and error_code(missing) == "dead_letter_not_found"


# --- 2. one replay --------------------------------------------------------------------------------

def test_a_replayed_dead_letter_lands_once_and_cannot_be_replayed_twice(infra):
    user = f"dlt-replay-{short()}"
    post = event(user, "post_created", event_id=f"fault-search-5-{uuid.uuid4()}",
                 extra_data={"post_id": "p-replay", "title": "indexed on replay"})
    click = event(user, "click", event_id=f"fault-pg-5-{uuid.uuid4()}")
    where = post_accepted(infra, [post, click])
    letters = wait_letters(infra, where.values(), timeout=90)
    at_search, at_pg = letters[where[post["event_id"]]], letters[where[click["event_id"]]]
    assert (at_search["stage"], at_pg["stage"]) == ("search", "postgres")
    before = rows(infra, [post["event_id"]])[post["event_id"]]  # written at the first delivery
    assert not docs(infra, [post["event_id"]]) and not rows(infra, [click["event_id"]])
    url = monitor_url(infra)

    r = replay(url, at_search["id"], reason="index is back")
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["id"], body["action"], body["status"]) == (at_search["id"], "replay", "replayed")
    assert body["replay_count"] == 1
    to = body["replayed_to"]
    assert (to["topic"], to["partition"]) == (TOPIC, at_search["original_partition"])
    assert to["offset"] > at_search["original_offset"]
    assert statuses(infra, [at_search["id"]]) == {at_search["id"]: "replayed"}
    (entry,) = audit(infra, [at_search["id"]])
    assert (entry["action"], entry["reason"]) == ("replay", "index is back")

    (doc,) = wait_docs(infra, [post["event_id"]]).values()
    wait_consumer_past(infra, to["partition"], to["offset"])
    assert doc["_version"] == 1
    after = rows(infra, [post["event_id"]])[post["event_id"]]
    keep = ("ingested_at", "kafka_partition", "kafka_offset")
    assert {k: after[k] for k in keep} == {k: before[k] for k in keep}  # the row was not rewritten

    again = replay(url, at_search["id"])
    assert again.status_code == 409 and error_code(again) == "invalid_status", again.text
    assert count_rows(infra, [post["event_id"]]) == 1
    assert docs(infra, [post["event_id"]])[post["event_id"]]["_version"] == 1
    assert len(letters_of_event(infra, post["event_id"])) == 1  # the replay did not fail again
    assert len(audit(infra, [at_search["id"]])) == 1

    # A PostgreSQL failure: its row is written by the replay, once.
    r = replay(url, at_pg["id"])
    assert r.status_code == 200, r.text
    to = r.json()["replayed_to"]
    got = wait_rows(infra, [click["event_id"]])[click["event_id"]]
    wait_consumer_past(infra, to["partition"], to["offset"])
    assert (got["kafka_partition"], got["kafka_offset"]) == (to["partition"], to["offset"])
    assert count_rows(infra, [click["event_id"]]) == 1
    assert len(letters_of_event(infra, click["event_id"])) == 1
    missing = replay(url, 999999999999)
    assert missing.status_code == 404 and error_code(missing) == "dead_letter_not_found"


# --- 3. by filter ---------------------------------------------------------------------------------

def test_replay_and_discard_by_filter(infra):
    user = f"dlt-bulk-{short()}"
    sent = [event(user, "click", event_id=f"fault-pg-5-{uuid.uuid4()}") for _ in range(5)]
    where = post_accepted(infra, sent)
    letters = wait_letters(infra, where.values(), timeout=120)
    ids = {r["id"] for r in letters.values()}
    event_of = {r["id"]: r["event_id"] for r in letters.values()}
    url = monitor_url(infra)
    flt = {"user_id": user}

    dry = call(url, "POST", "/api/dead-letters/replay", json={"filter": flt, "dry_run": True})
    assert dry.status_code == 200, dry.text
    body = dry.json()
    assert (body["dry_run"], body["matched"], body["would_replay"]) == (True, 5, 5)
    assert len(body["sample"]) <= 10 and {s["id"] for s in body["sample"]} == ids
    assert set(statuses(infra, ids).values()) == {"new"} and not audit(infra, ids)

    # One by id needs a reason.
    one = min(ids)
    for no_reason in (discard(url, one), discard(url, one, reason="")):
        assert no_reason.status_code == 400 and error_code(no_reason) == "reason_required"
    assert statuses(infra, [one]) == {one: "new"}

    real = call(url, "POST", "/api/dead-letters/replay",
                json={"filter": flt, "dry_run": False, "max": 2, "reason": "two first"})
    assert real.status_code == 200, real.text
    body = real.json()
    assert (body["dry_run"], body["replayed"], body["failed"]) == (False, 2, 0)
    assert body["matched"] >= 2
    replayed = set(body["ids"])
    assert len(replayed) == 2 and replayed <= ids
    assert statuses(infra, ids) == {i: "replayed" if i in replayed else "new" for i in ids}
    wait_rows(infra, [event_of[i] for i in replayed])
    assert count_rows(infra, [event_of[i] for i in replayed]) == 2
    assert not rows(infra, [event_of[i] for i in ids - replayed])
    assert {(a["dead_letter_id"], a["action"], a["reason"]) for a in audit(infra, ids)} == {
        (i, "replay", "two first") for i in replayed}

    no_reason = call(url, "POST", "/api/dead-letters/discard", json={"filter": flt,
                                                                     "dry_run": False})
    assert no_reason.status_code == 400 and error_code(no_reason) == "reason_required"
    assert statuses(infra, ids - replayed) == {i: "new" for i in ids - replayed}

    reason = f"known bad batch {short()}"
    gone = call(url, "POST", "/api/dead-letters/discard",
                json={"filter": flt, "dry_run": False, "reason": reason})
    assert gone.status_code == 200, gone.text
    body = gone.json()
    assert (body["dry_run"], body["discarded"], body["failed"]) == (False, 3, 0)
    assert set(body["ids"]) == ids - replayed
    assert statuses(infra, ids) == {i: "replayed" if i in replayed else "discarded" for i in ids}
    discards = [a for a in audit(infra, ids) if a["action"] == "discard"]
    assert {(a["dead_letter_id"], a["reason"]) for a in discards} == {
        (i, reason) for i in ids - replayed}
    # Final statuses: nothing left to replay.
    final = call(url, "POST", "/api/dead-letters/replay", json={"filter": flt, "dry_run": True})
    assert final.status_code == 200 and final.json()["would_replay"] == 0, final.text


# --- 4. a monitor of this module's own: admin keys and compensation -------------------------------

@pytest.fixture(scope="module")
def own_monitor(infra, tmp_path_factory):
    """A second monitor with admin keys and compensation at PostgreSQL (1 s, parked after 2
    replays). The session monitor is stopped meanwhile: both write the same tables, so it would
    store the new dead letters first (without compensation) and the restart checks below would
    pass whatever this one did. Restarted at the end, after this one stopped (so nothing is
    compensated after this module)."""
    infra.run("stop", SERVICE)
    monitor = MonitorProcess(infra, port(29071), tmp_path_factory.mktemp("dlt") / "monitor.log", {
        "TRACKER_DLT_ADMIN_KEYS": "ops:secret-1", "TRACKER_DLT_COMPENSATION": "postgres",
        "TRACKER_DLT_COMPENSATION_DELAY_MS": "1000", "TRACKER_DLT_MAX_REPLAYS": "2"})
    try:
        monitor.start()
        yield monitor
    finally:
        monitor.stop()
        infra.run("up")
        infra.refresh_status()
        assert infra.services[SERVICE]["healthy"], infra.services[SERVICE]


def test_posts_need_an_admin_key_and_the_audit_names_its_owner(infra, own_monitor):
    user = f"dlt-keys-{short()}"
    partition = java_partition(user, PARTITIONS)
    coords = (partition, produce_raw(infra, partition, None, b"dlt-keys-" + uuid.uuid4().bytes))
    row = wait_letters(infra, [coords])[coords]
    url = own_monitor.url
    assert detail(url, row["id"])["id"] == row["id"]  # reads stay open

    for key, status, code in ((None, 401, "unauthorized"), ("secret-2", 403, "forbidden"),
                              ("ops", 403, "forbidden")):
        r = discard(url, row["id"], key=key, reason="not allowed")
        assert (r.status_code, error_code(r)) == (status, code), r.text
        r = replay(url, row["id"], key=key)
        assert (r.status_code, error_code(r)) == (status, code), r.text
        r = call(url, "POST", "/api/dead-letters/replay", key=key,
                 json={"filter": {"stage": "decode"}, "dry_run": True})
        assert (r.status_code, error_code(r)) == (status, code), r.text
    assert statuses(infra, [row["id"]]) == {row["id"]: "new"} and not audit(infra, [row["id"]])

    r = discard(url, row["id"], key="secret-1", reason="poison: nothing to save")
    assert r.status_code == 200, r.text
    assert (r.json()["action"], r.json()["status"]) == ("discard", "discarded")
    (entry,) = audit(infra, [row["id"]])
    assert (entry["action"], entry["actor"], entry["reason"]) == (
        "discard", "ops", "poison: nothing to save")
    assert [a["actor"] for a in detail(url, row["id"])["audit"]] == ["ops"]


def test_compensation_replays_a_postgres_failure_until_it_lands(infra, own_monitor):
    e = event(f"dlt-auto-{short()}", "click", event_id=f"fault-pg-5-{uuid.uuid4()}")
    where = post_accepted(infra, [e])
    row = wait_letters(infra, where.values())[where[e["event_id"]]]
    assert row["stage"] == "postgres"
    wait_for(lambda: statuses(infra, [row["id"]])[row["id"]] == "replayed", 60,
             "the automatic replay")
    (entry,) = audit(infra, [row["id"]])
    assert (entry["action"], entry["actor"]) == ("replay", "auto")
    got = wait_rows(infra, [e["event_id"]])[e["event_id"]]
    wait_consumer_past(infra, got["kafka_partition"], got["kafka_offset"])
    assert count_rows(infra, [e["event_id"]]) == 1
    assert [r["id"] for r in letters_of_event(infra, e["event_id"])] == [row["id"]]


def test_compensation_parks_a_replay_loop_and_stops_sending_it(infra, own_monitor):
    e = event(f"dlt-loop-{short()}", "click", event_id=f"fault-pg-forever-{uuid.uuid4()}")
    where = post_accepted(infra, [e])
    root_at = where[e["event_id"]]
    wait_for(lambda: any(r["status"] == "parked" for r in letters_of_event(infra, e["event_id"])),
             90, "the replay loop to be parked")
    chain = letters_of_event(infra, e["event_id"])
    assert [(r["replay_count"], r["status"]) for r in chain] == [
        (0, "replayed"), (1, "replayed"), (2, "parked")]
    root = chain[0]
    assert (root["original_topic"], root["original_partition"], root["original_offset"]) == (
        TOPIC, *root_at)
    assert root["replay_of_topic"] is None
    for later in chain[1:]:
        assert (later["replay_of_topic"], later["replay_of_partition"],
                later["replay_of_offset"]) == (TOPIC, *root_at)
        assert later["stage"] == "postgres" and later["original_partition"] == root_at[0]
    replays = [a for a in audit(infra, [r["id"] for r in chain]) if a["action"] == "replay"]
    assert sorted((a["dead_letter_id"], a["actor"]) for a in replays) == [
        (chain[0]["id"], "auto"), (chain[1]["id"], "auto")]
    assert sorted(detail(own_monitor.url, root["id"])["later_failures"]) == [
        chain[1]["id"], chain[2]["id"]]
    assert not rows(infra, [e["event_id"]])

    # Parked: never sent again. Three dead letters of this event, and no fourth for 6 s (a third
    # automatic replay would come 4 s after the second's dead letter, and fail within 1 s).
    needle = e["event_id"].encode()
    assert count_in_topic(infra, DLT, lambda m: needle in (m.value() or b""), 3, quiet=6) == 3
    assert [(r["id"], r["status"]) for r in letters_of_event(infra, e["event_id"])] == [
        (r["id"], s) for r, s in zip(chain, ("replayed", "replayed", "parked"))]


# --- 5. restarts ----------------------------------------------------------------------------------

def test_a_restarted_monitor_stores_and_does_nothing_twice(infra, own_monitor):
    wait_dlt_stored(infra, own_monitor.group)
    before = table_counts(infra)
    committed = committed_offsets(infra, own_monitor.group, topic=DLT)
    assert own_monitor.stop() == 0
    own_monitor.start()
    # It resumes from its committed offsets: one new dead letter is stored, nothing else.
    user = f"dlt-restart-{short()}"
    partition = java_partition(user, PARTITIONS)
    coords = (partition, produce_raw(infra, partition, None, b"dlt-restart-" + uuid.uuid4().bytes))
    wait_letters(infra, [coords])
    wait_dlt_stored(infra, own_monitor.group)
    assert table_counts(infra) == (before[0] + 1, before[1])
    after = committed_offsets(infra, own_monitor.group, topic=DLT)
    assert all(after.get(p, -1) >= o for p, o in committed.items())


def test_kill_9_while_storing_a_burst_loses_and_duplicates_nothing(infra, own_monitor):
    delivered, errors = [], []
    tag = short()

    def burst():  # 200 poison records over about 2 s: the kill lands while they are being stored
        producer = Producer({"bootstrap.servers": infra.bootstrap, "enable.idempotence": True})
        for chunk in range(40):
            for n in range(chunk * 5, chunk * 5 + 5):
                producer.produce(TOPIC, value=f"dlt-burst-{tag}-{n}".encode(),
                                 partition=n % PARTITIONS, on_delivery=lambda err, msg: (
                                     errors.append(err) if err else
                                     delivered.append((msg.partition(), msg.offset()))))
            producer.flush(30)
            time.sleep(0.05)  # pacing the burst, not waiting for anything
    writer = threading.Thread(target=burst)
    writer.start()
    try:
        wait_for(lambda: delivered and letters_at(infra, list(delivered)), 60,
                 "the monitor to start storing the burst")
        own_monitor.kill()
        stored_at_kill = len(letters_at(infra, list(delivered)))
    finally:
        writer.join(timeout=60)
    assert not errors and len(delivered) == 200, errors
    coords = set(delivered)
    assert stored_at_kill < len(coords), "the kill came after the whole burst was stored"
    own_monitor.start()
    wait_for(lambda: len(letters_at(infra, coords)) == 200, 90,
             "every record of the burst to have its row")
    with psycopg.connect(infra.pg_dsn) as conn:
        per_record = conn.execute(
            "select original_partition, original_offset, count(*), count(distinct dlt_offset)"
            " from dead_letter where original_topic = %s and (original_partition, original_offset)"
            " in (select * from unnest(%s::int[], %s::bigint[]))"
            " group by original_partition, original_offset",
            [TOPIC, [p for p, _ in coords], [o for _, o in coords]]).fetchall()
    assert len(per_record) == 200 and {(c, d) for _, _, c, d in per_record} == {(1, 1)}
    letters = letters_at(infra, coords)
    assert {r["stage"] for r in letters.values()} == {"decode"}
    assert len({(r["dlt_partition"], r["dlt_offset"]) for r in letters.values()}) == 200
    assert set(statuses(infra, [r["id"] for r in letters.values()]).values()) == {"new"}
