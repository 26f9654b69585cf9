"""event-producer options a deployment switches on, each in its own producer process against the
session's real stack: API keys, per-key rate limit, graceful shutdown under load."""

import os
import signal
import subprocess
import threading
import uuid

import pytest
import requests
from confluent_kafka.admin import AdminClient, NewTopic
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient

from producer_helpers import event
from tracker_cli import bin_path, pid_alive, port, wait_for


@pytest.fixture()
def producer_process(infra, tmp_path):
    """Starts an extra event-producer with the given environment; stops it at the end."""
    started = []

    def start(port, **env):
        full = dict(os.environ, TRACKER_PRODUCER_HOST="127.0.0.1", TRACKER_PRODUCER_PORT=str(port),
                    TRACKER_KAFKA_BOOTSTRAP=infra.bootstrap, TRACKER_REGISTRY_URL=infra.registry_url,
                    **{k: str(v) for k, v in env.items()})
        log = open(tmp_path / f"producer-{port}.log", "w")
        proc = subprocess.Popen([str(bin_path("event-producer"))], env=full, stdout=log,
                                stderr=subprocess.STDOUT)
        started.append(proc)
        url = f"http://127.0.0.1:{port}"

        def ready():
            try:
                return requests.get(f"{url}/health/ready", timeout=2).status_code == 200
            except requests.ConnectionError:
                return False
        wait_for(ready, 60, f"producer on {port} to be ready")
        return proc, url

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=30)


def test_readiness_fails_with_the_reason_when_the_schema_is_incompatible(infra, producer_process):
    topic = f"incompatible-{uuid.uuid4().hex[:8]}"
    admin = AdminClient({"bootstrap.servers": infra.bootstrap})
    admin.create_topics([NewTopic(topic, num_partitions=6, replication_factor=1)])[topic].result(30)
    registry = SchemaRegistryClient({"url": infra.registry_url})
    subject = f"{topic}-value"
    registry.set_compatibility(subject, "BACKWARD_TRANSITIVE")
    # an earlier "version" of the value schema whose field 1 is a number: ours (a string) breaks it
    registry.register_schema(subject, Schema(
        'syntax = "proto3";\npackage events;\nmessage UserBehaviorEvent { int64 event_id = 1; }\n',
        "PROTOBUF"))
    full = dict(os.environ, TRACKER_PRODUCER_HOST="127.0.0.1", TRACKER_PRODUCER_PORT=str(port(29087)),
                TRACKER_KAFKA_BOOTSTRAP=infra.bootstrap, TRACKER_REGISTRY_URL=infra.registry_url,
                TRACKER_TOPIC=topic)
    proc = subprocess.Popen([str(bin_path("event-producer"))], env=full, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port(29087)}"
        answers = []

        def explained():
            try:
                r = requests.get(f"{url}/health/ready", timeout=2)
            except requests.ConnectionError:
                return False
            answers.append(r)
            return r.status_code == 503 and ("40901" in r.text or "ncompatible" in r.text)

        wait_for(explained, 60, "readiness to report the incompatible schema")
        assert "FIELD_SCALAR_KIND_CHANGED" in answers[-1].text
        r = requests.post(f"{url}/api/events", json=event("mo"), timeout=10)
        assert r.status_code == 503 and r.headers.get("Retry-After")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_api_keys_and_per_key_rate_limit(producer_process):
    _, url = producer_process(port(29085), TRACKER_PRODUCER_API_KEYS="key-one,key-two",
                              TRACKER_PRODUCER_RATE_LIMIT=1, TRACKER_PRODUCER_RATE_BURST=50,
                              TRACKER_PRODUCER_MAX_ITEMS=50)
    r = requests.post(f"{url}/api/events", json=event("kim"), timeout=10)
    assert r.status_code == 401 and r.json()["error"]["code"]
    r = requests.post(f"{url}/api/events", json=event("kim"), headers={"X-API-Key": "wrong"},
                      timeout=10)
    assert r.status_code == 401
    r = requests.post(f"{url}/api/events", json=event("kim"), headers={"X-API-Key": "key-one"},
                      timeout=10)
    assert r.status_code == 201, r.text
    # key-one has spent 1 of its 50-event burst and earns 1 event/s: a full batch of 50 is over
    r = requests.post(f"{url}/api/events", json=[event("kim") for _ in range(50)],
                      headers={"X-API-Key": "key-one"}, timeout=30)
    assert r.status_code == 429, r.text[:300]
    assert int(r.headers["Retry-After"]) >= 1
    r = requests.post(f"{url}/api/events", json=event("kim"), headers={"X-API-Key": "key-two"},
                      timeout=10)
    assert r.status_code == 201, "the limit is per key"
    assert requests.get(f"{url}/health/live", timeout=5).status_code == 200  # health needs no key


def test_sigterm_under_load_answers_every_request_and_exits_0(producer_process):
    proc, url = producer_process(port(29086))
    answers, errors = [], []
    stop = threading.Event()

    def client():
        session = requests.Session()
        while not stop.is_set():
            try:
                r = session.post(f"{url}/api/events", json=[event("lee") for _ in range(20)],
                                 timeout=60)
                answers.append(r.status_code)
            except requests.ConnectionError:
                errors.append("refused")  # after the listener closed: never sent, never lost
                if proc.poll() is not None:
                    return

    threads = [threading.Thread(target=client) for _ in range(4)]
    for t in threads:
        t.start()
    wait_for(lambda: len(answers) >= 50, 60, "load on the producer")
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 0
    stop.set()
    for t in threads:
        t.join(timeout=60)
    assert not pid_alive(proc.pid)
    # every request that reached the producer got an answer: accepted, or refused while draining
    assert set(answers) <= {200, 503}, set(answers)
    assert answers.count(200) >= 50
