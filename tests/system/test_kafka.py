"""Kafka on real brokers: keyed round trip through the C++ client (librdkafka), on one broker and on
three, including a broker killed with SIGKILL while an acks=all producer is running."""

import json
import os
import signal
import subprocess
from pathlib import Path

import pytest
from confluent_kafka.admin import AdminClient, ConfigResource

from tracker_cli import bin_path, pid_alive, pids_and_ports, port_open, wait_for

TOPIC = "user-behavior-events"


def roundtrip_cmd(bootstrap, count, rate=0):
    return [str(bin_path("kafka-roundtrip")), "--bootstrap", bootstrap, "--topic", TOPIC,
            "--count", str(count), "--keys", "50", "--rate", str(rate), "--timeout-s", "120"]


def parse_result(stdout):
    lines = [l for l in stdout.splitlines() if l.startswith("result ")]
    assert lines, f"no result line in output:\n{stdout}"
    return json.loads(lines[-1][len("result "):])


def assert_complete(result, count):
    assert result["produced"] == count
    assert result["acked"] == count, result
    assert result["acked_missing"] == 0, result
    assert result["duplicates"] == 0, result
    assert result["order_violations"] == 0, result
    assert result["keys_split_across_partitions"] == 0, result


def test_topics_exist_with_configured_partitions(infra):
    admin = AdminClient({"bootstrap.servers": infra.bootstrap})
    topics = admin.list_topics(timeout=10).topics
    for name in (TOPIC, TOPIC + "-DLT"):
        assert name in topics
        assert len(topics[name].partitions) == 6


def test_roundtrip_1000_keyed_records_single_broker(infra):
    proc = subprocess.run(roundtrip_cmd(infra.bootstrap, 1000), capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    result = parse_result(proc.stdout)
    assert_complete(result, 1000)
    assert len(result["partitions_seen"]) > 1  # 50 keys spread over the 6 partitions


def test_three_brokers_replication_settings(kafka3):
    admin = AdminClient({"bootstrap.servers": kafka3.bootstrap})
    md = admin.list_topics(timeout=10)
    assert len(md.brokers) == 3
    for p in md.topics[TOPIC].partitions.values():
        assert len(p.replicas) == 3
    res = ConfigResource(ConfigResource.Type.TOPIC, TOPIC)
    configs = admin.describe_configs([res])[res].result(timeout=10)
    assert configs["min.insync.replicas"].value == "2"


def test_roundtrip_1000_keyed_records_three_brokers(kafka3):
    proc = subprocess.run(roundtrip_cmd(kafka3.bootstrap, 1000), capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert_complete(parse_result(proc.stdout), 1000)


def test_kill_9_one_broker_mid_stream_keeps_every_acknowledged_record(kafka3):
    victim = next(b for b in kafka3.refresh_status()["kafka"]["brokers"] if b["id"] == 2)
    assert victim["state"] == "running"
    count = 3000
    proc = subprocess.Popen(roundtrip_cmd(kafka3.bootstrap, count, rate=250), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    out = []
    killed_at = None
    for line in proc.stdout:
        out.append(line)
        if killed_at is None and line.startswith("progress acked="):
            acked = int(line.split()[1].split("=")[1])
            if acked >= 600:
                os.kill(victim["pid"], signal.SIGKILL)
                killed_at = acked
    proc.wait(timeout=300)
    stdout = "".join(out)
    assert killed_at is not None, "the producer never got far enough to kill a broker"
    assert not pid_alive(victim["pid"])
    result = parse_result(stdout)
    print(f"killed broker 2 at acked={killed_at}; result: {result}")
    # producing continued after the kill, and every record the broker acknowledged is read back
    assert result["acked"] > killed_at + 1000, result
    assert result["acked_missing"] == 0, result
    assert result["order_violations"] == 0, result
    assert result["duplicates"] == 0, result
    assert proc.returncode == 0, stdout + proc.stderr.read()
    assert kafka3.refresh_status()["kafka"]["state"] == "degraded"


def test_infra_down_leaves_no_process_or_port(kafka3):
    status = kafka3.refresh_status()
    run_dir = Path(status["run_dir"])
    pids, ports = pids_and_ports(status)
    assert pids
    kafka3.run("infra", "down", "--only", "kafka")
    wait_for(lambda: not any(pid_alive(p) for p in pids), 30, "brokers to exit")
    assert not [p for p in ports if port_open(p)]
    assert not list(run_dir.glob("kafka/node*/kafka.pid"))
    assert kafka3.refresh_status()["kafka"]["state"] == "stopped"
