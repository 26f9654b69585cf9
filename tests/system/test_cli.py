"""The ./tracker CLI: help, exit codes, idempotent setup, status JSON."""

import subprocess

import pytest

from tracker_cli import TRACKER, port


def tracker(*args):
    return subprocess.run([str(TRACKER), *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("args", [["help"], ["setup", "--help"], ["build", "--help"], ["test", "--help"],
                                  ["infra", "up", "--help"], ["infra", "down", "--help"],
                                  ["infra", "status", "--help"], ["infra", "logs", "--help"],
                                  ["up", "--help"], ["down", "--help"], ["status", "--help"],
                                  ["demo", "--help"], ["loadgen", "--help"]])
def test_help_exits_zero(args):
    proc = tracker(*args)
    assert proc.returncode == 0, proc.stderr
    assert "usage" in proc.stdout


def test_unknown_command_and_option_exit_2():
    assert tracker("frobnicate").returncode == 2
    assert tracker("infra", "up", "--brokers", "2").returncode == 2
    assert tracker("infra", "up", "--only", "redis").returncode == 2
    assert tracker("infra", "logs", "redis").returncode == 2


@pytest.mark.parametrize("groups, message", [
    ("analytics:kip848", "unknown sink or protocol 'kip848'"),
    ("analytics:postgres:eager", "unknown protocol 'eager'"),
    ("analytics:consumer:postgres", "the protocol last"),
    ("analytics:postgres:classic:consumer", "NAME[:SINKS][:classic|consumer]"),
    ("bad name:consumer", "bad group name 'bad name'"),
    ("analytics:", "empty field"),
])
def test_up_refuses_a_bad_group_spec_before_starting_anything(groups, message):
    proc = tracker("up", "--groups", groups)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert message in proc.stderr and "--groups" in proc.stderr, proc.stderr
    assert proc.stdout == ""  # nothing was built or started


def test_second_setup_does_nothing():
    proc = tracker("setup")
    assert proc.returncode == 0, proc.stderr
    assert "nothing to do" in proc.stdout


def test_status_json_names_every_endpoint(infra):
    status = infra.refresh_status()
    assert status["healthy"] is True
    assert status["kafka"]["bootstrap_servers"] == f"127.0.0.1:{port(29092)}"
    assert status["postgres"]["dsn"].startswith("postgresql://") and f":{port(25442)}/" in status["postgres"]["dsn"]
    assert status["opensearch"]["url"] == f"http://127.0.0.1:{port(29200)}"
    assert status["registry"]["url"] == f"http://127.0.0.1:{port(29081)}"
    assert infra.run("infra", "status", check=False).returncode == 0
