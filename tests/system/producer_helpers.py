"""Helpers for the event-producer system tests: HTTP calls, reading records back from Kafka with
Confluent's own Python deserializer, and an independent murmur2 (Java client's partitioner)."""

import sys
import uuid
from pathlib import Path

import requests
from confluent_kafka import Consumer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer
from confluent_kafka.serialization import (MessageField, SerializationContext,
                                          SerializationError)

from tracker_cli import wait_for

# Kafka's default partitioner in Python, shared with the scenarios (independent of the C++ one).
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools" / "scenarios"))
from scenario_lib import java_partition, murmur2  # noqa: E402,F401

TOPIC = "user-behavior-events"


def post_events(infra, body, content_type="application/json", params=None, headers=None):
    """POSTs a body (bytes, str or JSON-able object) to /api/events."""
    h = {"Content-Type": content_type, **(headers or {})}
    if not isinstance(body, (bytes, str)):
        import json
        body = json.dumps(body)
    return requests.post(f"{infra.producer_url}/api/events", data=body, headers=h, params=params,
                         timeout=60)


def event(user_id, event_type="page_view", **fields):
    """A valid event with a client-chosen id (so the test can find it again)."""
    e = {"event_id": f"t-{uuid.uuid4()}", "event_type": event_type, "user_id": user_id,
         "device_type": "web", "source_channel": "system-test"}
    e.update(fields)
    return e


def read_back(infra, pb2, event_ids, timeout=60):
    """Reads the topic from the beginning with Confluent's ProtobufDeserializer (a fresh registry
    client, so schemas are fetched with format=serialized) until every id is found.
    Returns {event_id: (partition, offset, key_user_id, event)}."""
    event_pb2, key_pb2 = pb2
    registry = SchemaRegistryClient({"url": infra.registry_url})
    values = ProtobufDeserializer(event_pb2.UserBehaviorEvent, {}, registry)
    keys = ProtobufDeserializer(key_pb2.UserBehaviorKey, {}, registry)
    wanted = set(event_ids)
    found = {}
    consumer = Consumer({"bootstrap.servers": infra.bootstrap, "group.id": f"t-{uuid.uuid4()}",
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([TOPIC])
    try:
        def poll():
            for msg in consumer.consume(500, 0.5):
                if msg.error():
                    continue
                try:
                    ev = values(msg.value(), SerializationContext(TOPIC, MessageField.VALUE))
                except (SerializationError, SchemaRegistryError):
                    continue  # another test's poison pill, not one of ours
                if ev.event_id in wanted:
                    key = keys(msg.key(), SerializationContext(TOPIC, MessageField.KEY))
                    found[ev.event_id] = (msg.partition(), msg.offset(), key.user_id, ev)
            return wanted <= found.keys()
        wait_for(poll, timeout, f"{len(wanted)} events in Kafka")
    finally:
        consumer.close()
    return found
