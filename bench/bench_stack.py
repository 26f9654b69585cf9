"""What the bench scripts share: the bench stack's ports (27xxx, shifted by TRACKER_TEST_PORT_OFFSET
like the system tests, so two checkouts can measure side by side) and the ./tracker calls."""

import json
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OFFSET = int(os.environ.get("TRACKER_TEST_PORT_OFFSET", "0"))
PORTS = {name: str(port + OFFSET) for name, port in dict(
    TRACKER_KAFKA_PORT=27092, TRACKER_PG_PORT=27432, TRACKER_REGISTRY_PORT=27081,
    TRACKER_OPENSEARCH_PORT=27200, TRACKER_OPENSEARCH_TRANSPORT_PORT=27300,
    TRACKER_PRODUCER_PORT=27080).items()}
CONSUMER_PORT = 27090 + OFFSET


def tracker(env, *args):
    subprocess.run([str(ROOT / "tracker"), *args], env=env, check=True)


def stack_status(env):
    """./tracker status --json. Exit status 3 (something not running, e.g. OpenSearch left out on
    purpose) still prints the complete JSON."""
    out = subprocess.run([str(ROOT / "tracker"), "status", "--json"], env=env,
                         capture_output=True, text=True)
    return json.loads(out.stdout)
