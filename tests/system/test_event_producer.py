"""event-producer against the real stack: what a client is told matches what lands in Kafka, read
back with Confluent's own Python deserializer; per-item batch answers; limits; bad input."""

import json

import pytest
import requests
from confluent_kafka.schema_registry import SchemaRegistryClient

from producer_helpers import event, java_partition, post_events, read_back

PARTITIONS = 6


def test_single_event_is_durable_and_readable_by_confluent_deserializer(infra, pb2):
    sent = event("alice", "follow", target_user_id="bob", extra_data={"source": "profile"})
    r = post_events(infra, sent)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["event_id"] == sent["event_id"]
    got = read_back(infra, pb2, [sent["event_id"]])[sent["event_id"]]
    partition, offset, key_user_id, ev = got
    assert (partition, offset) == (body["partition"], body["offset"])
    assert key_user_id == "alice"
    assert (ev.event_type, ev.user_id, ev.target_user_id, ev.device_type, ev.source_channel) == \
        ("follow", "alice", "bob", "web", "system-test")
    assert dict(ev.extra_data) == {"source": "profile"}
    assert ev.timestamp > 0  # assigned by the server
    assert partition == java_partition("alice", PARTITIONS)


def test_server_assigns_time_ordered_event_ids(infra):
    r = post_events(infra, [{"event_type": "login", "user_id": "carol"} for _ in range(5)])
    assert r.status_code == 200, r.text
    ids = [item["event_id"] for item in r.json()["results"]]
    assert len(set(ids)) == 5 and ids == sorted(ids)
    assert all(len(i) == 36 and i[14] == "7" for i in ids)  # UUIDv7 text


def test_key_and_value_subjects_registered(infra):
    subjects = SchemaRegistryClient({"url": infra.registry_url}).get_subjects()
    assert {"user-behavior-events-key", "user-behavior-events-value"} <= set(subjects)


@pytest.mark.parametrize("wrap", [lambda items: items, lambda items: {"events": items}],
                         ids=["array", "events-object"])
def test_batches_keep_each_users_events_in_one_partition_in_order(infra, pb2, wrap):
    users = [f"user-{n}" for n in range(8)]
    sent = [event(u, "page_view", extra_data={"seq": str(i)}) for i in range(6) for u in users]
    r = post_events(infra, wrap(sent))
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["accepted"], body["rejected"]) == (len(sent), 0)
    for item, ev in zip(body["results"], sent):
        assert item["status"] == "accepted" and item["event_id"] == ev["event_id"]
    found = read_back(infra, pb2, [e["event_id"] for e in sent])
    for u in users:
        mine = [found[e["event_id"]] for e in sent if e["user_id"] == u]
        assert {p for p, _, _, _ in mine} == {java_partition(u, PARTITIONS)}
        offsets = [o for _, o, _, _ in mine]
        assert offsets == sorted(offsets), f"{u}: events out of order"


def test_mixed_batch_answers_item_by_item_and_keeps_the_valid_ones(infra, pb2):
    items = [event("dave"), {"event_type": "page_view"}, event("erin", "follow"),
             event("frank", "no_such_type"), event("gina", "post_created",
                                                   extra_data={"post_id": "p1", "title": "t"})]
    r = post_events(infra, items)
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["accepted"], body["rejected"]) == (2, 3)
    results = body["results"]
    assert [x["index"] for x in results] == [0, 1, 2, 3, 4]
    assert [x["status"] for x in results] == ["accepted", "rejected", "rejected", "rejected",
                                              "accepted"]
    codes = {x["index"]: {(e["code"], e["field"]) for e in x["errors"]}
             for x in results if x["status"] == "rejected"}
    assert ("missing_field", "user_id") in codes[1]
    assert ("missing_field", "target_user_id") in codes[2]
    assert ("unknown_event_type", "event_type") in codes[3]
    found = read_back(infra, pb2, [items[0]["event_id"], items[4]["event_id"]])
    assert found[items[4]["event_id"]][3].extra_data["title"] == "t"


def test_protobuf_single_and_batch(infra, pb2):
    event_pb2, _ = pb2
    single = event_pb2.UserBehaviorEvent(event_id="pb-single-1", event_type="click", user_id="hank")
    r = post_events(infra, single.SerializeToString(), "application/x-protobuf")
    assert r.status_code == 201, r.text
    batch_cls = pytest.importorskip("events.user_behavior_event_batch_pb2").UserBehaviorEventBatch
    batch = batch_cls(events=[event_pb2.UserBehaviorEvent(event_id=f"pb-b-{i}", event_type="click",
                                                          user_id="hank") for i in range(3)])
    r = post_events(infra, batch.SerializeToString(),
                    "application/x-protobuf; messageType=events.UserBehaviorEventBatch")
    assert r.status_code == 200, r.text
    assert r.json()["accepted"] == 3
    found = read_back(infra, pb2, ["pb-single-1", "pb-b-0", "pb-b-1", "pb-b-2"])
    assert len(found) == 4


def test_too_many_items_and_too_large_body_are_refused_whole_with_413(infra):
    r = post_events(infra, [event("ivan") for _ in range(501)])
    assert r.status_code == 413
    assert r.json()["error"]["code"] and "500" in r.json()["error"]["message"]
    r = post_events(infra, b'{"event_type":"click","user_id":"x","extra_data":{"a":"'
                    + b"x" * ((4 << 20) + 1000) + b'"}}')
    assert r.status_code == 413 and r.json()["error"]["code"] == "body_too_large"
    # Far beyond the limit (more than 64 KiB over): the HTTP layer closes the connection.
    with pytest.raises(requests.exceptions.ConnectionError):
        post_events(infra, b'{"event_type":"click","user_id":"x","extra_data":{"a":"'
                    + b"x" * (5 << 20) + b'"}}')
    assert requests.get(f"{infra.producer_url}/health/live", timeout=5).status_code == 200


# (name, body, content type, expected status). None body = empty.
BAD = [
    ("empty body", b"", "application/json", 400),
    ("not json", b"hello", "application/json", 400),
    ("truncated object", b'{"event_type":"click"', "application/json", 400),
    ("trailing garbage", b'{"event_type":"click","user_id":"u"} x', "application/json", 400),
    ("number", b"42", "application/json", 400),
    ("string", b'"event"', "application/json", 400),
    ("null", b"null", "application/json", 400),
    ("events not array", b'{"events": 5}', "application/json", 400),
    ("deep nesting", b"[" * 10000 + b"]" * 10000, "application/json", 400),
    ("invalid utf-8 in value", b'{"event_type":"click","user_id":"\xff\xfe"}', "application/json", 400),
    ("invalid utf-8 in key", b'{"\xc3\x28":"x"}', "application/json", 400),
    ("raw control char", b'{"event_type":"click","user_id":"a\x01b"}', "application/json", 400),
    ("NUL byte", b'{"event_type":"click","user_id":"a\x00"}', "application/json", 400),
    ("unquoted key", b'{event_type:"click"}', "application/json", 400),
    ("single quotes", b"{'event_type':'click'}", "application/json", 400),
    ("NaN", b'{"event_type":"click","user_id":"u","timestamp":NaN}', "application/json", 400),
    ("wrong type user_id", b'{"event_type":"click","user_id":5}', "application/json", 422),
    ("wrong type extra_data", b'{"event_type":"click","user_id":"u","extra_data":[1]}',
     "application/json", 422),
    ("non-string extra value", b'{"event_type":"click","user_id":"u","extra_data":{"a":1}}',
     "application/json", 422),
    ("unknown field", b'{"event_type":"click","user_id":"u","color":"red"}', "application/json", 422),
    ("missing event_type", b'{"user_id":"u"}', "application/json", 422),
    ("upper case type", b'{"event_type":"CLICK","user_id":"u"}', "application/json", 422),
    ("huge user_id", b'{"event_type":"click","user_id":"' + b"u" * 100_000 + b'"}',
     "application/json", 422),
    ("timestamp far future", b'{"event_type":"click","user_id":"u","timestamp":99999999999999}',
     "application/json", 422),
    ("timestamp negative", b'{"event_type":"click","user_id":"u","timestamp":-5}', "application/json", 422),
    ("timestamp float", b'{"event_type":"click","user_id":"u","timestamp":1.5}', "application/json", 422),
    ("too many extra entries", json.dumps({"event_type": "click", "user_id": "u", "extra_data":
                                           {f"k{i}": "v" for i in range(200)}}).encode(),
     "application/json", 422),
    ("duplicate key", b'{"event_type":"click","user_id":"u","user_id":"v"}', "application/json", 422),
    ("wrong content type", b'{"event_type":"click","user_id":"u"}', "text/plain", 415),
    ("form content type", b"event_type=click", "application/x-www-form-urlencoded", 415),
    ("protobuf garbage", b"\xff\xff\xff\xff", "application/x-protobuf", 400),
    ("empty array item", b"[1]", "application/json", 200),  # per item: the item is rejected
]


@pytest.mark.parametrize("name,body,ctype,status", BAD, ids=[b[0] for b in BAD])
def test_bad_requests_get_a_clear_json_error(infra, name, body, ctype, status):
    r = requests.post(f"{infra.producer_url}/api/events", data=body,
                      headers={"Content-Type": ctype}, timeout=30)
    assert r.status_code == status, r.text[:500]
    payload = r.json()
    if status == 200:
        assert payload["rejected"] == 1
    else:
        assert payload["error"]["code"] and payload["error"]["message"]
    assert requests.get(f"{infra.producer_url}/health/live", timeout=5).status_code == 200


def test_a_protobuf_body_of_unknown_fields_costs_a_bounded_answer(infra, pb2):
    """Review H2: one error per unknown field, uncapped, made a 4 MiB body cost ~1 GB and a
    240 MB answer. Now: at most 32 errors per item, the answer a few KB."""
    event_pb2, _ = pb2
    body = event_pb2.UserBehaviorEvent(event_type="click", user_id="u").SerializeToString()
    body += b"\x48\x00" * 1_500_000  # field 9, varint 0: 3 MB
    r = post_events(infra, body, "application/x-protobuf")
    assert r.status_code == 422, r.text[:500]
    assert len(r.content) < 16_384
    errors = r.json()["error"]["errors"]
    assert len(errors) == 32 and {e["code"] for e in errors} == {"unknown_field"}
    assert requests.get(f"{infra.producer_url}/health/live", timeout=5).status_code == 200


def test_unknown_route_and_wrong_method(infra):
    r = requests.get(f"{infra.producer_url}/api/nothing", timeout=5)
    assert r.status_code == 404 and r.json()["error"]["code"]
    r = requests.delete(f"{infra.producer_url}/api/events", timeout=5)
    assert r.status_code in (404, 405) and r.json()["error"]["code"]


def test_health_metrics_and_openapi(infra):
    assert requests.get(f"{infra.producer_url}/health/ready", timeout=5).status_code == 200
    metrics = requests.get(f"{infra.producer_url}/metrics", timeout=5).text
    assert "tracker_producer_" in metrics
    spec = requests.get(f"{infra.producer_url}/api/openapi.json", timeout=5).json()
    assert spec["openapi"].startswith("3.") and "/api/events" in spec["paths"]
