"""Confluent's own Python SchemaRegistryClient against our registry: register, look up, list,
compatibility, config, soft and hard delete — unchanged client, real server."""

import uuid

import pytest
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError

from tracker_cli import ROOT

EVENT_PROTO = (ROOT / "proto" / "events" / "user_behavior_event.proto").read_text()
V1 = 'syntax = "proto3";\npackage interop;\nmessage Thing {\n  string name = 1;\n}\n'
V2_ADD_FIELD = 'syntax = "proto3";\npackage interop;\nmessage Thing {\n  string name = 1;\n  int64 size = 2;\n}\n'
V2_BREAKING = 'syntax = "proto3";\npackage interop;\nmessage Thing {\n  int32 name = 1;\n}\n'


@pytest.fixture()
def client(infra):
    return SchemaRegistryClient({"url": infra.registry_url})


@pytest.fixture()
def subject():
    return f"interop-{uuid.uuid4().hex[:8]}-value"


def test_register_is_idempotent_and_lookup_finds_it(client, subject):
    sid = client.register_schema(subject, Schema(V1, "PROTOBUF"))
    assert client.register_schema(subject, Schema(V1, "PROTOBUF")) == sid
    found = client.lookup_schema(subject, Schema(V1, "PROTOBUF"))
    assert (found.schema_id, found.subject, found.version) == (sid, subject, 1)
    assert client.get_schema(sid).schema_type == "PROTOBUF"
    assert subject in client.get_subjects()
    latest = client.get_latest_version(subject)
    assert (latest.schema_id, latest.version) == (sid, 1)


def test_seed_schema_registers_with_protobuf_type(client, subject):
    sid = client.register_schema(subject, Schema(EVENT_PROTO, "PROTOBUF"))
    schema = client.get_schema(sid)
    assert schema.schema_type == "PROTOBUF"
    assert "message UserBehaviorEvent" in schema.schema_str


def test_compatibility_and_config(client, subject):
    client.register_schema(subject, Schema(V1, "PROTOBUF"))
    client.set_compatibility(subject, "BACKWARD_TRANSITIVE")
    assert client.get_compatibility(subject) == "BACKWARD_TRANSITIVE"
    assert client.test_compatibility(subject, Schema(V2_ADD_FIELD, "PROTOBUF")) is True
    assert client.test_compatibility(subject, Schema(V2_BREAKING, "PROTOBUF")) is False
    with pytest.raises(SchemaRegistryError) as err:
        client.register_schema(subject, Schema(V2_BREAKING, "PROTOBUF"))
    assert err.value.http_status_code == 409
    v2 = client.register_schema(subject, Schema(V2_ADD_FIELD, "PROTOBUF"))
    assert client.get_versions(subject) == [1, 2]
    assert client.get_latest_version(subject).schema_id == v2


def test_main_subjects_are_backward_transitive(client):
    for s in ("user-behavior-events-value", "user-behavior-events-key"):
        assert client.get_compatibility(s) == "BACKWARD_TRANSITIVE"


def test_soft_then_hard_delete(client, subject):
    sid = client.register_schema(subject, Schema(V1, "PROTOBUF"))
    assert client.delete_subject(subject) == [1]
    assert subject not in client.get_subjects()
    assert client.get_schema(sid).schema_type == "PROTOBUF"  # ids stay readable after a soft delete
    with pytest.raises(SchemaRegistryError) as err:
        client.get_latest_version(subject)
    assert err.value.http_status_code == 404
    assert client.delete_subject(subject, permanent=True) == [1]
    with pytest.raises(SchemaRegistryError) as err:
        client.delete_subject(subject, permanent=True)
    assert err.value.error_code == 40401
