"""The ./tracker CLI: help, exit codes, idempotent setup, status JSON, ./tracker dlt."""

import json
import subprocess

import pytest

from tracker_cli import TRACKER, port


def tracker(*args):
    return subprocess.run([str(TRACKER), *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("args", [["help"], ["setup", "--help"], ["build", "--help"], ["test", "--help"],
                                  ["infra", "up", "--help"], ["infra", "down", "--help"],
                                  ["infra", "status", "--help"], ["infra", "logs", "--help"],
                                  ["up", "--help"], ["down", "--help"], ["status", "--help"],
                                  ["demo", "--help"], ["loadgen", "--help"], ["dlt", "--help"],
                                  ["dlt", "list", "--help"], ["dlt", "replay", "--help"]])
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


@pytest.mark.parametrize("args, message", [
    (["bogus"], "invalid choice: 'bogus'"),
    (["show", "abc"], "'abc' is not a positive integer"),
    (["list", "--stage", "nowhere"], "invalid choice: 'nowhere'"),
    (["discard", "1"], "needs --reason"),
    (["replay"], "needs an ID or at least one filter"),
    (["replay", "1", "--stage", "decode"], "give either an ID or filters"),
])
def test_dlt_usage_errors_exit_2_before_any_request(args, message):
    proc = tracker("dlt", *args)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert message in proc.stderr, proc.stderr
    assert proc.stdout == ""


def test_status_json_names_the_dlt_monitor(infra):
    infra.refresh_status()
    monitor = infra.services["event-dlt-monitor"]
    assert monitor["kind"] == "dlt-monitor" and monitor["healthy"] is True, monitor
    assert monitor["url"] == f"http://127.0.0.1:{port(29070)}"
    assert monitor["port"] == port(29070)


def test_dlt_summary_and_list_print_tables_from_the_running_monitor(infra):
    summary = infra.run("dlt", "summary")
    header, *rows = summary.stdout.splitlines()
    assert header.split()[:3] == ["STAGE", "NEW", "REPLAYING"], summary.stdout
    assert {r.split()[0] for r in rows if r.split()} >= {"decode", "validate", "postgres", "search"}
    listed = infra.run("dlt", "list", "--limit", "5")
    assert listed.stdout.splitlines()[0].split()[:3] == ["ID", "STATUS", "STAGE"], listed.stdout
    page = json.loads(infra.run("dlt", "list", "--limit", "5", "--json").stdout)
    assert set(page) >= {"items", "next_cursor"} and len(page["items"]) <= 5


def test_dlt_prints_the_monitors_error_and_exits_1(infra):
    proc = infra.run("dlt", "show", "999999999999", check=False)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "dead_letter_not_found" in proc.stderr and "HTTP 404" in proc.stderr, proc.stderr
    proc = infra.run("dlt", "list", "--url", "http://127.0.0.1:9", check=False)
    assert proc.returncode == 1 and "cannot reach the event-dlt-monitor" in proc.stderr, proc.stderr
