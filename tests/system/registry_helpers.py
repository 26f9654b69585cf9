"""Helpers shared by the test_registry_*.py system tests."""

import base64
import os
import uuid

import pytest
import requests
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

CT = {"Content-Type": "application/vnd.schemaregistry.v1+json"}


def registry_url(request):
    """TRACKER_TEST_REGISTRY_URL (a registry you started yourself) or the session infra's."""
    url = os.environ.get("TRACKER_TEST_REGISTRY_URL")
    if url:
        return url.rstrip("/")
    return request.getfixturevalue("infra").registry_url.rstrip("/")


def subject(prefix="s"):
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def proto(body, package="pkg", syntax="proto3"):
    return f'syntax = "{syntax}";\npackage {package};\n{body}\n'


class Client:
    def __init__(self, url):
        self.url = url

    def post(self, path, schema, refs=None, **params):
        body = {"schema": schema, "schemaType": "PROTOBUF"}
        if refs:
            body["references"] = refs
        return requests.post(self.url + path, json=body, headers=CT, params=params, timeout=10)

    def register(self, subj, schema, refs=None, **params):
        return self.post(f"/subjects/{quote(subj)}/versions", schema, refs, **params)

    def get(self, path, **params):
        return requests.get(self.url + path, params=params, timeout=10)

    def put(self, path, body):
        return requests.put(self.url + path, json=body, headers=CT, timeout=10)

    def delete(self, path, **params):
        return requests.delete(self.url + path, params=params, timeout=10)


def quote(value):
    return requests.utils.quote(value, safe="")


def serialized_b64(text_schema, name="x.proto"):
    """base64 of the FileDescriptorProto of a .proto text, the way Python/JS clients send it."""
    fdp = file_descriptor_proto(text_schema, name)
    return base64.b64encode(fdp.SerializeToString()).decode()


def file_descriptor_proto(text_schema, name):
    """Compiles .proto text with protoc (grpc_tools is not assumed; protoc is on PATH)."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text_schema)
        out = os.path.join(tmp, "out.pb")
        subprocess.run(["protoc", f"--proto_path={tmp}", f"--descriptor_set_out={out}", name],
                       check=True)
        fds = descriptor_pb2.FileDescriptorSet()
        with open(out, "rb") as f:
            fds.ParseFromString(f.read())
        return fds.file[-1]


def message_class(text_schema, message, name="dyn.proto"):
    """A Python message class built at run time from .proto text (stands in for *_pb2)."""
    fdp = file_descriptor_proto(text_schema, name)
    from google.protobuf import timestamp_pb2

    pool = descriptor_pool.DescriptorPool()
    timestamp = descriptor_pb2.FileDescriptorProto()
    timestamp_pb2.DESCRIPTOR.CopyToProto(timestamp)
    pool.Add(timestamp)
    pool.Add(fdp)
    return message_factory.GetMessageClass(pool.FindMessageTypeByName(message))


@pytest.fixture
def client(request):
    return Client(registry_url(request))
