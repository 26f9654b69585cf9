"""Drives ./tracker for the system tests: each test session gets its own run folder and ports."""

import json
import os
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TRACKER = ROOT / "tracker"
# Shifts every test port, so two checkouts can run their system tests side by side on one machine.
PORT_OFFSET = int(os.environ.get("TRACKER_TEST_PORT_OFFSET", "0"))


def port(base):
    """A test port: `base` shifted by TRACKER_TEST_PORT_OFFSET (default 0)."""
    return base + PORT_OFFSET


@dataclass
class Infra:
    """One isolated infrastructure: its environment (run folder, ports) and its last known status."""

    env: dict
    status: dict = field(default_factory=dict)
    services: dict = field(default_factory=dict)

    def run(self, *args, check=True, timeout=600):
        """Runs ./tracker ARGS with this infrastructure's environment."""
        proc = subprocess.run([str(TRACKER), *args], env=self.env, capture_output=True, text=True,
                              timeout=timeout)
        if check and proc.returncode != 0:
            raise AssertionError(f"./tracker {' '.join(args)} exited {proc.returncode}\n"
                                 f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
        return proc

    def refresh_status(self):
        """Reads `./tracker status --json`, the single source of truth for endpoints: the
        infrastructure part lands in .status, the services in .services."""
        proc = self.run("status", "--json", check=False)
        data = json.loads(proc.stdout)
        self.status, self.services = data["infra"], data["services"]
        return self.status

    @property
    def producer_url(self):
        return self.services["event-producer"]["url"]

    def consumers(self, group=None):
        """{name: status entry} of the consumer instances (of one group when given)."""
        return {name: s for name, s in self.services.items()
                if s.get("kind") == "consumer" and (group is None or s["group"] == group)}

    @property
    def bootstrap(self):
        return self.status["kafka"]["bootstrap_servers"]

    @property
    def pg_dsn(self):
        return self.status["postgres"]["dsn"]

    @property
    def registry_url(self):
        return self.status["registry"]["url"]

    @property
    def search_url(self):
        return self.status["opensearch"]["url"]


def infra_env(run_dir, kafka_port, pg_port, registry_port, os_port, os_transport_port,
              producer_port=None):
    env = dict(os.environ)
    if producer_port:
        env["TRACKER_PRODUCER_PORT"] = str(producer_port)
    env.update(TRACKER_RUN_DIR=str(run_dir), TRACKER_KAFKA_PORT=str(kafka_port),
               TRACKER_PG_PORT=str(pg_port), TRACKER_REGISTRY_PORT=str(registry_port),
               TRACKER_OPENSEARCH_PORT=str(os_port),
               TRACKER_OPENSEARCH_TRANSPORT_PORT=str(os_transport_port), NO_COLOR="1")
    return env


def port_open(port):
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def pid_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie has exited; its parent just has not reaped it yet
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_for(predicate, timeout, what):
    """Waits for a condition with a deadline (never a bare sleep)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def pids_and_ports(status, services=None):
    """Every process and port an infra status (and optionally the services' status) names."""
    pids, ports = [], []
    for svc in (services or {}).values():
        if svc["pid"]:
            pids.append(svc["pid"])
        ports.append(svc["port"])
    for b in status["kafka"]["brokers"]:
        if b["pid"]:
            pids.append(b["pid"])
        ports += [b["port"], b["port"] + 1]
    for name in ("postgres", "registry", "opensearch"):
        comp = status[name]
        if comp["state"] != "absent":
            if comp["pid"]:
                pids.append(comp["pid"])
            ports.append(comp["port"])
    return pids, ports


def bin_path(name):
    """Path of a C++ binary built by ./tracker build."""
    bin_dir = Path(os.environ.get("TRACKER_BIN_DIR", ROOT / "build" / "release" / "bin"))
    path = bin_dir / name
    assert path.exists(), f"{path} missing: run ./tracker build"
    return path
