"""What ./tracker demo does after the traffic: a few bad records produced straight to the main topic
(the event-producer's API accepts nothing bad, so Confluent's Python client writes the raw bytes),
which the consumers dead-letter at once (stage decode or validate) and the event-dlt-monitor keeps.
Waits, with a deadline, until the monitor has stored them. Reads endpoints from
`./tracker status --json` (argv[1]); runs with the project's venv (confluent-kafka, requests)."""

import json
import struct
import sys
import time
import uuid

import requests
from confluent_kafka import Producer

TOPIC = "user-behavior-events"
VALUE_SUBJECT = f"{TOPIC}-value"


def text_field(number, value):
    """One proto3 string field, wire type 2 (enough to write a UserBehaviorEvent by hand)."""
    data = value.encode()
    assert len(data) < 128  # one-byte length varint
    return bytes([number << 3 | 2, len(data)]) + data


def framed(schema_id, payload):
    """Confluent wire format: magic 0, schema id (big-endian), message index [0], the payload."""
    return b"\x00" + struct.pack(">I", schema_id) + b"\x00" + payload


def bad_records(schema_id, run):
    """(what, value): one per failure the consumer dead-letters without retrying."""
    records = [("not the Confluent wire format", f"demo poison {run}: plain bytes".encode())]
    if schema_id is not None:
        records.append(("valid framing, garbage Protobuf", framed(schema_id, b"\xff" * 12)))
        event = (text_field(1, f"demo-invalid-{run}") + text_field(2, "no_such_event_type")
                 + text_field(3, "demo-dlt-user"))
        records.append(("a decodable event of an unknown type", framed(schema_id, event)))
    return records


def stored_total(monitor):
    return requests.get(f"{monitor}/api/dead-letters/summary", timeout=10).json()["total"]


def main():
    status = json.loads(sys.argv[1])
    infra, services = status["infra"], status["services"]
    monitor = services["event-dlt-monitor"]["url"]
    registry = infra["registry"]["url"]
    try:
        schema_id = requests.get(f"{registry}/subjects/{VALUE_SUBJECT}/versions/latest",
                                 timeout=10).json()["id"]
    except (requests.RequestException, KeyError, ValueError) as e:
        print(f"    the registry did not name the value schema ({e}): plain poison only")
        schema_id = None
    before = stored_total(monitor)

    run = uuid.uuid4().hex[:8]
    records = bad_records(schema_id, run)
    producer = Producer({"bootstrap.servers": infra["kafka"]["bootstrap_servers"],
                         "enable.idempotence": True})
    delivered = []
    for what, value in records:
        producer.produce(TOPIC, value=value, headers={"x-tracker-demo": what},
                         on_delivery=lambda err, msg, what=what: delivered.append((what, err, msg)))
    producer.flush(30)
    for what, err, msg in delivered:
        where = f"FAILED: {err}" if err else f"{msg.topic()}/{msg.partition()}@{msg.offset()}"
        print(f"    produced {what}: {where}")
    sent = sum(1 for _, err, _ in delivered if err is None)
    if sent != len(records):
        sys.exit("    not every bad record reached Kafka")

    start = time.monotonic()
    deadline = start + 60
    now = stored_total(monitor)
    while now < before + sent and time.monotonic() < deadline:
        time.sleep(0.5)
        now = stored_total(monitor)
    if now < before + sent:
        sys.exit(f"    the monitor stored {now - before} of {sent} new dead letters within 60 s")
    print(f"    the consumers dead-lettered them and event-dlt-monitor stored all {sent}"
          f" in {time.monotonic() - start:.1f} s (compensation: see its README; decode and"
          f" validate dead letters are never replayed automatically)")


if __name__ == "__main__":
    main()
