"""event-producer while Kafka is down: 503 with Retry-After, and recovery when Kafka returns."""

import requests

from producer_helpers import event, post_events
from tracker_cli import wait_for


def test_kafka_down_gives_503_with_retry_after_then_recovers(infra):
    assert post_events(infra, event("outage-user")).status_code == 201
    infra.run("infra", "down", "--only", "kafka")
    try:
        answers = []

        def refused():
            r = post_events(infra, event("outage-user"))
            answers.append(r)
            return r.status_code == 503

        wait_for(refused, 60, "the producer to answer 503 while Kafka is down")
        r = answers[-1]
        assert int(r.headers["Retry-After"]) > 0
        assert r.json()["error"]["code"]
        assert requests.get(f"{infra.producer_url}/health/live", timeout=5).status_code == 200
    finally:
        infra.run("infra", "up", "--only", "kafka")
    wait_for(lambda: post_events(infra, event("outage-user")).status_code == 201, 90,
             "the producer to accept events again after Kafka returned")
