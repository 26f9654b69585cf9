"""Two registry processes on one database, several client processes registering at once: one
schema never gets two ids, one id never names two schemas, and no (subject, version) repeats."""

import multiprocessing
import os
import random
import signal
import socket
import subprocess
import time
import uuid

import psycopg
import pytest
import requests

from registry_helpers import CT, proto

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BINARY = os.path.join(ROOT, "build", "release", "bin", "schema-registry")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def pg_dsn(request):
    dsn = os.environ.get("TRACKER_TEST_REGISTRY_PG_DSN")
    return dsn or request.getfixturevalue("infra").pg_dsn


@pytest.fixture(scope="module")
def two_registries(pg_dsn):
    if not os.access(BINARY, os.X_OK):
        pytest.skip(f"{BINARY} not built")
    procs, urls = [], []
    for _ in range(2):
        port = free_port()
        env = dict(os.environ, TRACKER_REGISTRY_PORT=str(port), TRACKER_REGISTRY_PG_DSN=pg_dsn,
                   TRACKER_REGISTRY_THREADS="4")
        procs.append(subprocess.Popen([BINARY], env=env, stdout=subprocess.DEVNULL))
        urls.append(f"http://127.0.0.1:{port}")
    deadline = time.monotonic() + 20
    for url in urls:
        while True:
            try:
                if requests.get(url + "/", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            assert time.monotonic() < deadline, f"registry at {url} did not start"
            time.sleep(0.05)
    yield urls
    for proc in procs:
        proc.send_signal(signal.SIGTERM)
    for proc in procs:
        assert proc.wait(timeout=20) == 0


def worker(args):
    urls, subjects, schemas, seed = args
    rng = random.Random(seed)
    results = []
    for _ in range(40):
        subject, schema_index = rng.choice(subjects), rng.randrange(len(schemas))
        url = rng.choice(urls)
        r = requests.post(f"{url}/subjects/{subject}/versions", headers=CT, timeout=30,
                          json={"schema": schemas[schema_index], "schemaType": "PROTOBUF"})
        assert r.status_code == 200, r.text
        body = r.json()
        results.append((subject, schema_index, body["id"], body["version"]))
    return results


def test_concurrent_registration_on_two_instances(two_registries, pg_dsn):
    run = uuid.uuid4().hex[:8]
    subjects = [f"conc-{run}-{i}" for i in range(4)]
    # Compatible with each other in any order under BACKWARD (only fields added/removed).
    schemas = [proto(f"message M{run} {{ " + " ".join(f"int32 f{j} = {j};" for j in range(1, n + 1))
                     + " }") for n in range(1, 7)]
    with multiprocessing.get_context("spawn").Pool(6) as pool:
        batches = pool.map(worker, [(two_registries, subjects, schemas, seed) for seed in range(6)])
    results = [item for batch in batches for item in batch]

    id_of_schema, schema_of_id, version_of = {}, {}, {}
    for subject, schema_index, schema_id, version in results:
        assert id_of_schema.setdefault(schema_index, schema_id) == schema_id, "one schema, two ids"
        assert schema_of_id.setdefault(schema_id, schema_index) == schema_index, "one id, two schemas"
        key = (subject, schema_index)
        assert version_of.setdefault(key, version) == version, "one schema, two versions"

    with psycopg.connect(pg_dsn) as db:
        rows = db.execute("select subject, version, schema_id from registry_subject_version "
                          "where subject like %s", (f"conc-{run}-%",)).fetchall()
        per_subject = {}
        for subject, version, schema_id in rows:
            per_subject.setdefault(subject, []).append((version, schema_id))
        for subject, versions in per_subject.items():
            numbers = sorted(v for v, _ in versions)
            assert numbers == list(range(1, len(numbers) + 1)), (subject, numbers)
            ids = [i for _, i in versions]
            assert len(ids) == len(set(ids)), f"{subject}: one schema registered twice"
        dupes = db.execute("select canonical, refs::text, count(*) from registry_schema "
                           "group by 1, 2 having count(*) > 1").fetchall()
        assert dupes == []
