"""Our C++ Confluent-Protobuf serde and Confluent's own Python serde read each other's records,
field for field, through a real broker and our registry."""

import json
import subprocess
import uuid

import pytest
from confluent_kafka import Consumer, Producer
from confluent_kafka.admin import AdminClient, NewTopic
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer
from confluent_kafka.serialization import MessageField, SerializationContext
from google.protobuf.json_format import MessageToDict

from tracker_cli import bin_path, wait_for

COUNT = 24


def as_dict(message):
    return MessageToDict(message, preserving_proto_field_name=True,
                         always_print_fields_with_no_presence=True)


@pytest.fixture()
def topic(infra):
    name = f"interop-{uuid.uuid4().hex[:8]}"
    admin = AdminClient({"bootstrap.servers": infra.bootstrap})
    admin.create_topics([NewTopic(name, num_partitions=6, replication_factor=1)])[name].result(30)
    return name


def interop(infra, mode, topic, count=COUNT):
    proc = subprocess.run([str(bin_path("serde-interop")), mode, "--bootstrap", infra.bootstrap,
                           "--registry", infra.registry_url, "--topic", topic, "--count", str(count),
                           "--timeout-s", "60"], capture_output=True, text=True, timeout=120)
    lines = [json.loads(l) for l in proc.stdout.splitlines() if l.startswith("{")]
    return proc, lines


def test_python_serializer_to_cpp_deserializer(infra, pb2, topic):
    event_pb2, key_pb2 = pb2
    registry = SchemaRegistryClient({"url": infra.registry_url})
    values = ProtobufSerializer(event_pb2.UserBehaviorEvent, registry)
    keys = ProtobufSerializer(key_pb2.UserBehaviorKey, registry)
    producer = Producer({"bootstrap.servers": infra.bootstrap, "enable.idempotence": True})
    sent = {}
    for i in range(COUNT):
        event = event_pb2.UserBehaviorEvent(
            event_id=f"py-{i}", event_type="post_created" if i % 2 else "like",
            user_id=f"u-{i % 5}", target_user_id="" if i % 2 else f"u-{i % 3}",
            timestamp=1732600000000 + i, device_type="android", source_channel="py",
            extra_data={"i": str(i), "title": f"标题 {i}"} if i % 2 else {})
        key = key_pb2.UserBehaviorKey(user_id=event.user_id)
        producer.produce(topic, key=keys(key, SerializationContext(topic, MessageField.KEY)),
                         value=values(event, SerializationContext(topic, MessageField.VALUE)))
        sent[event.event_id] = (event.user_id, as_dict(event))
    assert producer.flush(30) == 0

    proc, lines = interop(infra, "consume", topic)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert len(lines) == COUNT
    for line in lines:
        assert line["ok"], line
        user_id, expected = sent[line["event"]["event_id"]]
        assert line["key_user_id"] == user_id
        assert line["event"] == expected
    subjects = registry.get_subjects()
    assert f"{topic}-value" in subjects and f"{topic}-key" in subjects


def test_cpp_serializer_to_python_deserializer(infra, pb2, topic):
    event_pb2, key_pb2 = pb2
    proc, written = interop(infra, "produce", topic)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert len(written) == COUNT
    expected = {w["event"]["event_id"]: w for w in written}

    registry = SchemaRegistryClient({"url": infra.registry_url})  # a fresh client: no cached schemas
    values = ProtobufDeserializer(event_pb2.UserBehaviorEvent, {}, registry)
    keys = ProtobufDeserializer(key_pb2.UserBehaviorKey, {}, registry)
    consumer = Consumer({"bootstrap.servers": infra.bootstrap, "group.id": f"py-{uuid.uuid4().hex}",
                         "auto.offset.reset": "earliest"})
    consumer.subscribe([topic])
    got = {}
    try:
        def read_some():
            msg = consumer.poll(0.5)
            if msg is not None and msg.error() is None:
                event = values(msg.value(), SerializationContext(topic, MessageField.VALUE))
                key = keys(msg.key(), SerializationContext(topic, MessageField.KEY))
                got[event.event_id] = (key.user_id, as_dict(event))
            return len(got) == COUNT
        wait_for(read_some, 60, "Python to read every record the C++ serializer wrote")
    finally:
        consumer.close()
    for event_id, (key_user_id, event) in got.items():
        assert key_user_id == expected[event_id]["key_user_id"]
        assert event == expected[event_id]["event"]
