"""The schema registry through its REST API (spec §1): shapes, identity, deletes, config, mode,
the compatibility table (§4) and Confluent's Python serde against it."""

import base64

import pytest
import requests
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.protobuf import ProtobufDeserializer, ProtobufSerializer
from confluent_kafka.serialization import MessageField, SerializationContext
from google.protobuf import descriptor_pb2

from registry_helpers import (CT, Client, client, message_class, proto, quote,  # noqa: F401
                              registry_url, serialized_b64, subject)

EVENT = proto('import "google/protobuf/timestamp.proto";\n'
              "// a comment\n"
              "message Event { string id = 1; google.protobuf.Timestamp at = 2; int64 n = 3; }",
              package="demo")


def test_root_types_unknown_route_and_associations(client):
    assert client.get("/").json() == {}
    assert "PROTOBUF" in client.get("/schemas/types").json()
    r = client.get("/no/such/route")
    assert r.status_code == 404 and r.json() == {"error_code": 404, "message": "HTTP 404 Not Found"}
    assert client.get("/associations/resources/-/topic", resourceType="topic").json() == []


def test_register_text_and_base64_give_one_id_and_version(client):
    s = subject()
    first = client.register(s, EVENT)
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["version"] == 1 and body["schemaType"] == "PROTOBUF" and body["subject"] == s
    again = client.register(s, serialized_b64(EVENT, "demo/event.proto")).json()
    assert (again["id"], again["version"]) == (body["id"], 1)
    commented = client.register(s, EVENT.replace("// a comment", "// another\n// comment")).json()
    assert (commented["id"], commented["version"]) == (body["id"], 1)
    # Same schema under another subject: same id, that subject's version 1.
    other = client.register(subject(), EVENT).json()
    assert (other["id"], other["version"]) == (body["id"], 1)
    assert client.get(f"/subjects/{s}/versions").json() == [1]


def test_swapped_fields_are_a_new_schema_unless_normalized(client):
    s = subject()
    a = proto("message M { string x = 1; int32 y = 2; }")
    b = proto("message M { int32 y = 2; string x = 1; }")
    first = client.register(s, a).json()
    second = client.register(s, b).json()
    assert second["id"] != first["id"] and second["version"] == 2
    n = subject()
    na = client.register(n, a, normalize="True").json()
    nb = client.register(n, b, normalize="true").json()
    assert (na["id"], na["version"]) == (nb["id"], nb["version"])


def test_get_by_id_serialized_and_lookup(client):
    s = subject("google/protobuf-like")  # a '/' inside the subject travels as %2F
    reg = client.register(s, EVENT).json()
    by_id = client.get(f"/schemas/ids/{reg['id']}").json()
    assert by_id["schemaType"] == "PROTOBUF" and "message Event" in by_id["schema"]
    ser = client.get(f"/schemas/ids/{reg['id']}", format="serialized", subject=s).json()
    fdp = descriptor_pb2.FileDescriptorProto.FromString(base64.b64decode(ser["schema"]))
    assert [m.name for m in fdp.message_type] == ["Event"]
    latest = client.get(f"/subjects/{quote(s)}/versions/latest", format="serialized").json()
    assert latest["schema"] == ser["schema"] and latest["version"] == 1
    raw = client.get(f"/subjects/{quote(s)}/versions/1/schema")
    assert raw.text == by_id["schema"]
    look = client.post(f"/subjects/{quote(s)}", serialized_b64(EVENT, "e.proto"), deleted="false")
    assert look.status_code == 200, look.text
    assert {k: look.json()[k] for k in ("id", "version", "subject")} == \
        {"id": reg["id"], "version": 1, "subject": s}
    assert client.get(f"/schemas/ids/{reg['id']}/versions").json().count(
        {"subject": s, "version": 1}) == 1
    assert s in client.get(f"/schemas/ids/{reg['id']}/subjects").json()
    missing = client.post(f"/subjects/{quote(s)}", proto("message Other { int32 a = 1; }"))
    assert (missing.status_code, missing.json()["error_code"]) == (404, 40403)
    assert client.post(f"/subjects/{subject()}", EVENT).json()["error_code"] == 40401
    assert client.get("/schemas/ids/999999").json()["error_code"] == 40403
    assert client.get(f"/subjects/{quote(s)}/versions/abc").json()["error_code"] == 42202
    assert client.get(f"/subjects/{quote(s)}/versions/7").json()["error_code"] == 40402


def test_errors_for_bad_schemas(client):
    s = subject()
    r = client.register(s, "message {")
    assert (r.status_code, r.json()["error_code"]) == (422, 42201)
    r = requests.post(f"{client.url}/subjects/{s}/versions", headers=CT,
                      json={"schema": "{\"type\":\"string\"}"}, timeout=10)
    assert r.json()["error_code"] == 42201 and "PROTOBUF" in r.json()["message"]
    r = client.register(s, proto('import "nowhere.proto";\nmessage A {}'))
    assert r.json()["error_code"] == 42201


def option_bomb(levels):
    value = "{" + " r {" * (levels - 1) + " }" * (levels - 1) + " }"
    return proto('import "google/protobuf/descriptor.proto";\nmessage R { R r = 1; }\n'
                 'extend google.protobuf.MessageOptions { R o = 50001; }\n'
                 f'message M {{ option (o) = {value}; string id = 1; }}')


def test_a_deeply_nested_custom_option_is_refused_and_the_registry_lives_on(client):
    """Review H3: ~40 KB of nested option value used to kill the registry (stack overflow inside
    libprotobuf's option interpreter). Limit 64: 64 levels pass, 65 and 10,000 are a 422."""
    s = subject("nesting")
    assert client.register(s, option_bomb(64)).status_code == 200
    for levels in (65, 10_000):
        for path in (f"/subjects/{s}/versions", f"/compatibility/subjects/{s}/versions/latest",
                     f"/subjects/{s}"):
            r = requests.post(f"{client.url}{path}", headers=CT,
                              json={"schema": option_bomb(levels), "schemaType": "PROTOBUF"},
                              timeout=30)
            assert r.status_code == 422 and r.json()["error_code"] == 42201, (path, r.text)
            assert f"nested {levels} levels" in r.json()["message"]
    assert requests.get(f"{client.url}/subjects", timeout=10).status_code == 200


def test_references_and_reference_protection(client):
    dep = subject("common/money.proto")
    money = proto("message Money { int64 units = 1; }", package="common")
    assert client.register(dep, money).status_code == 200
    order = proto('import "common/money.proto";\nmessage Order { common.Money price = 1; }',
                  package="shop")
    s = subject()
    r = client.register(s, order, refs=[{"name": "common/money.proto", "subject": dep,
                                         "version": -1}])
    assert r.status_code == 200, r.text
    assert r.json()["references"] == [{"name": "common/money.proto", "subject": dep, "version": 1}]
    # The referenced version cannot be deleted while it is referenced.
    d = client.delete(f"/subjects/{quote(dep)}/versions/1")
    assert (d.status_code, d.json()["error_code"]) == (422, 42206)
    bad = client.register(subject(), order, refs=[{"name": "common/money.proto",
                                                    "subject": dep, "version": 9}])
    assert bad.json()["error_code"] == 42201


def test_soft_and_permanent_deletes(client):
    s = subject()
    v1 = client.register(s, proto("message M { int32 a = 1; }")).json()
    client.register(s, proto("message M { int32 a = 1; int32 b = 2; }"))
    assert client.delete(f"/subjects/{s}/versions/2", permanent="true").json()["error_code"] == 40407
    assert client.delete(f"/subjects/{s}/versions/2").json() == 2
    assert client.delete(f"/subjects/{s}/versions/2").json()["error_code"] == 40406
    assert client.get(f"/subjects/{s}/versions").json() == [1]
    assert client.get(f"/subjects/{s}/versions", deleted="true").json() == [1, 2]
    assert client.delete(f"/subjects/{s}/versions/2", permanent="true").json() == 2
    assert client.delete(f"/subjects/{s}", permanent="true").json()["error_code"] == 40405
    assert client.delete(f"/subjects/{s}").json() == [1]
    assert s not in client.get("/subjects").json()
    assert s in client.get("/subjects", deleted="true").json()
    assert client.delete(f"/subjects/{s}").json()["error_code"] == 40404
    # Soft-deleted: the id still resolves; re-registering makes a new version with the same id.
    assert client.get(f"/schemas/ids/{v1['id']}").status_code == 200
    again = client.register(s, proto("message M { int32 a = 1; }")).json()
    assert (again["id"], again["version"]) == (v1["id"], 2)  # max(remaining) + 1
    client.delete(f"/subjects/{s}")
    assert client.delete(f"/subjects/{s}", permanent="true").json() == [1, 2]
    assert client.get(f"/subjects/{s}/versions").json()["error_code"] == 40401
    assert client.delete(f"/subjects/{s}").json()["error_code"] == 40401


def test_config_and_mode(client):
    s = subject()
    assert client.get("/config").json()["compatibilityLevel"] in ("BACKWARD", "NONE", "FULL",
                                                                  "FORWARD", "BACKWARD_TRANSITIVE",
                                                                  "FORWARD_TRANSITIVE",
                                                                  "FULL_TRANSITIVE")
    assert client.get(f"/config/{s}").json()["error_code"] == 40408
    assert "compatibilityLevel" in client.get(f"/config/{s}", defaultToGlobal="true").json()
    assert client.put(f"/config/{s}", {"compatibility": "full"}).json() == {"compatibility": "FULL"}
    assert client.get(f"/config/{s}").json()["compatibilityLevel"] == "FULL"
    assert client.put(f"/config/{s}", {"compatibility": "SIDEWAYS"}).json()["error_code"] == 42203
    assert client.delete(f"/config/{s}").json()["compatibilityLevel"] == "FULL"
    assert client.get(f"/mode/{s}").json()["error_code"] == 40409
    assert client.put(f"/mode/{s}", {"mode": "READONLY"}).json() == {"mode": "READONLY"}
    r = client.register(s, proto("message M { int32 a = 1; }"))
    assert (r.status_code, r.json()["error_code"]) == (422, 42205)
    assert client.put(f"/mode/{s}", {"mode": "BOGUS"}).json()["error_code"] == 42204
    assert client.delete(f"/mode/{s}").json() == {"mode": "READONLY"}
    assert client.register(s, proto("message M { int32 a = 1; }")).status_code == 200


# (row, old, new, backward ok, forward ok[, syntax, new package]) — spec §4 table through REST.
TABLE = [
    (1, "message M { string f1 = 1; }", "message M { string f1 = 1; string f2 = 2; }", True, True),
    (2, "message M { string f1 = 1; string f2 = 2; }", "message M { string f1 = 1; }", True, True),
    (3, "message M { string f1 = 1; }", "message M { string renamed = 1; }", True, True),
    (4, "message M { string f1 = 1; }", "message M { string f1 = 2; }", True, True),
    (5, "message M { int32 x = 1; }", "message M { int64 x = 1; }", True, True),
    (6, "message M { string x = 1; }", "message M { bytes x = 1; }", True, True),
    (7, "message M { int32 x = 1; }", "message M { E x = 1; } enum E { E0 = 0; }", True, True),
    (8, "message M { int32 x = 2; }", "message M { string y = 2; }", False, False),
    (9, "message M { sint32 x = 1; }", "message M { int32 x = 1; }", False, False),
    (10, "message M { int32 x = 1; }", "message M { N x = 1; } message N {}", False, False),
    (11, "message M { Foo x = 1; } message Foo {}", "message M { Bar x = 1; } message Bar {}",
     False, False),
    (12, "message M { int32 x = 1; }", "message M { int32 x = 1; }", False, False, "proto3", "other"),
    (13, "message M { int32 x = 1; }", "message M { int32 x = 1; } message N {}", True, False),
    (14, "message M { int32 x = 1; } message N {}", "message M { int32 x = 1; }", False, True),
    (15, "message M { int32 x = 1; }", "message N {} message M { int32 x = 1; }", True, False),
    (16, "message M { optional int32 x = 1; }",
     "message M { optional int32 x = 1; required int32 y = 2; }", False, False, "proto2"),
    (17, "message M { optional int32 x = 1; required int32 y = 2; }",
     "message M { optional int32 x = 1; }", False, False, "proto2"),
    (18, "enum E { A = 0; B = 1; } message M { E e = 1; }",
     "enum E { A = 0; C = 1; } message M { E e = 1; }", True, True),
    (19, "enum E { A = 0; } message M { E e = 1; }",
     "enum E { A = 0; B = 1; } message M { E e = 1; }", True, True),
    (20, "message M { int32 a = 1; int32 b = 2; }",
     "message M { oneof o { int32 a = 1; } int32 b = 2; }", True, True),
    (21, "message M { int32 a = 1; }", "message M { oneof o { int32 a = 1; int32 n = 2; } }",
     True, False),
    (22, "message M { int32 a = 1; int32 b = 2; }",
     "message M { oneof o { int32 a = 1; int32 b = 2; } }", False, True),
    (23, "message M { int32 a = 1; oneof o { int32 b = 2; } }",
     "message M { oneof o { int32 a = 1; int32 b = 2; } }", False, True),
    (24, "message M { oneof o { int32 a = 1; } }",
     "message M { oneof o { int32 a = 1; int32 b = 2; } }", True, False),
    (25, "message M { oneof o { int32 a = 1; int32 b = 2; } }",
     "message M { oneof o { int32 a = 1; } }", False, True),
    (26, "message M { oneof o { int32 a = 1; int32 b = 2; } }",
     "message M { oneof p { int32 a = 1; int32 b = 2; } }", True, True),
    (27, "message M { optional string s = 1; }", "message M { repeated string s = 1; }", True, True),
    (28, "message M { optional int32 s = 1; }", "message M { repeated int32 s = 1; }", False, False),
    (30, "message Foo {} message M { Foo f = 1; }", "message Foo {} message M { .pkg.Foo f = 1; }",
     True, True),
]


@pytest.mark.parametrize("level", ["BACKWARD", "FORWARD", "FULL"])
@pytest.mark.parametrize("case", TABLE, ids=[f"row{r[0]}" for r in TABLE])
def test_compatibility_table(client, level, case):
    row, old_body, new_body, backward, forward = case[:5]
    syntax = case[5] if len(case) > 5 else "proto3"
    old = proto(old_body, syntax=syntax)
    new = proto(new_body, package=case[6] if len(case) > 6 else "pkg", syntax=syntax)
    s = subject()
    assert client.put(f"/config/{s}", {"compatibility": level}).status_code == 200
    assert client.register(s, old).status_code == 200
    expected = {"BACKWARD": backward, "FORWARD": forward, "FULL": backward and forward}[level]
    check = client.post(f"/compatibility/subjects/{s}/versions/latest", new,
                        verbose="True").json()
    assert check["is_compatible"] is expected, check
    assert expected or check["messages"]
    r = client.register(s, new)
    if expected:
        # row 30 differs only in qualification: the same canonical schema, so the same version
        assert r.status_code == 200 and r.json()["version"] == (1 if row == 30 else 2), r.text
    else:
        assert (r.status_code, r.json()["error_code"]) == (409, 40901), r.text


def test_transitive_levels(client):
    v1 = proto("message M { int32 a = 1; int32 b = 2; }")
    v2 = proto("message M { int32 a = 1; }")
    v3 = proto("message M { int32 a = 1; string b = 2; }")
    for level, accepted in (("BACKWARD", True), ("BACKWARD_TRANSITIVE", False)):
        s = subject()
        client.put(f"/config/{s}", {"compatibility": level})
        assert client.register(s, v1).status_code == 200
        assert client.register(s, v2).status_code == 200
        assert (client.register(s, v3).status_code == 200) is accepted, level
    s = subject()
    assert client.post(f"/compatibility/subjects/{s}/versions/latest", v1).json() == \
        {"is_compatible": True}


def test_confluent_python_serde_roundtrip(request, client):
    """Confluent's own ProtobufSerializer registers through us and ProtobufDeserializer reads the
    schema back with format=serialized."""
    topic = subject("topic")
    cls = message_class(EVENT, "demo.Event", name="demo/event.proto")
    conf = {"url": registry_url(request)}
    sr = SchemaRegistryClient(conf)
    ser = ProtobufSerializer(cls, sr, {"use.deprecated.format": False})
    de = ProtobufDeserializer(cls, {"use.deprecated.format": False}, sr)
    ctx = SerializationContext(topic, MessageField.VALUE)
    msg = cls(id="e-1", n=42)
    msg.at.seconds = 1700000000
    data = ser(msg, ctx)
    assert data[0] == 0
    schema_id = int.from_bytes(data[1:5], "big")
    assert f"{topic}-value" in client.get(f"/schemas/ids/{schema_id}/subjects").json()
    # What Python registered (base64 descriptor) is the same schema as the .proto text.
    assert client.register(subject(), EVENT).json()["id"] == schema_id
    back = de(data, ctx)
    assert back == msg
