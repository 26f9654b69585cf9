"""libs/postgres's retry-once rule through the real binaries: PostgreSQL ends the pooled, idle
connections of the schema registry and of a consumer's read API (as a restart does), and the next
requests still get their answers, on new connections, instead of a 500/503."""

import uuid

import psycopg
import pytest
import requests

from consumer_helpers import GROUP
from tracker_cli import wait_for


@pytest.fixture(scope="module")
def conn(infra):
    with psycopg.connect(infra.pg_dsn, autocommit=True) as c:
        yield c


def backends(conn, application):
    return {pid for (pid,) in conn.execute(
        "select pid from pg_stat_activity where application_name = %s", (application,))}


def end_connections(conn, application):
    """Ends every connection `application` holds, waits until they are gone, returns their pids."""
    pids = backends(conn, application)
    assert pids, f"{application} holds no connection"
    for pid in pids:
        conn.execute("select pg_terminate_backend(%s)", (pid,))
    wait_for(lambda: not backends(conn, application) & pids, 10, f"{application}'s backends to end")
    return pids


def test_registry_reads_and_writes_survive_their_connections_being_ended(infra, conn):
    url = infra.registry_url
    subject = f"pool-{uuid.uuid4().hex[:10]}"
    assert requests.get(f"{url}/subjects", timeout=10).status_code == 200  # a pooled connection

    ended = end_connections(conn, "schema-registry")
    r = requests.get(f"{url}/subjects", timeout=10)
    assert r.status_code == 200, r.text
    # A write starts with BEGIN on a pooled connection: outside a transaction, so it runs again.
    ended |= end_connections(conn, "schema-registry")
    r = requests.put(f"{url}/config/{subject}", json={"compatibility": "FULL"}, timeout=10)
    assert r.status_code == 200, r.text
    assert requests.get(f"{url}/config/{subject}", timeout=10).json() == \
        {"compatibilityLevel": "FULL"}
    assert backends(conn, "schema-registry") - ended, "no new connection was opened"


def test_the_read_api_survives_its_connections_being_ended(infra, conn):
    infra.refresh_status()
    url = infra.services[f"consumer-{GROUP}-1"]["url"]
    missing = f"{url}/api/events/no-such-{uuid.uuid4()}"
    assert requests.get(missing, timeout=10).status_code == 404  # a pooled read connection

    ended = end_connections(conn, "event-consumer-read")
    r = requests.get(missing, timeout=10)
    assert (r.status_code, r.json()["error"]["code"]) == (404, "event_not_found"), r.text
    assert backends(conn, "event-consumer-read") - ended, "no new connection was opened"
