"""Session fixtures: the infrastructure is started once per test session, on its own ports and run
folder (so it never touches a stack started by ./tracker up), and stopped and purged at the end."""

import pytest

from tracker_cli import ROOT, Infra, infra_env, pid_alive, pids_and_ports, port_open, wait_for

RUN_BASE = ROOT / ".run" / "system-tests"


@pytest.fixture(scope="session")
def infra():
    """Kafka (1 broker), PostgreSQL and OpenSearch, all healthy."""
    stack = Infra(infra_env(RUN_BASE / "single", kafka_port=39092, pg_port=55442, os_port=39200,
                            os_transport_port=39300))
    stack.run("infra", "down", "--purge", check=False)  # leftovers of an interrupted session
    stack.run("infra", "up")
    status = stack.refresh_status()
    assert status["healthy"], status
    yield stack
    stack.run("infra", "down", "--purge")
    pids, ports = pids_and_ports(status)
    wait_for(lambda: not any(pid_alive(p) for p in pids), 30, "infra processes to exit")
    assert not [p for p in ports if port_open(p)], "ports still open after infra down"


@pytest.fixture(scope="module")
def kafka3():
    """A separate three-broker KRaft cluster (replication factor 3, min.insync.replicas=2)."""
    stack = Infra(infra_env(RUN_BASE / "three", kafka_port=39192, pg_port=55443, os_port=39201,
                            os_transport_port=39301))
    stack.run("infra", "down", "--purge", "--only", "kafka", check=False)
    stack.run("infra", "up", "--brokers", "3", "--only", "kafka")
    stack.refresh_status()
    assert stack.status["kafka"]["healthy"], stack.status
    yield stack
    stack.run("infra", "down", "--purge", "--only", "kafka", check=False)
