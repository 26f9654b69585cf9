"""The five demonstrations (`./tracker scenario NAME`), shortened, against the session stack: each
must print its measured verdict as PASS. Every check of a verdict is read from Kafka, PostgreSQL,
the index or the instances (see tools/scenarios/); here the lines that carry the measurement are
looked for as well, so a scenario that skipped its work cannot pass. The broker restart of
`idempotence` stops the session's only broker for a few seconds, so that test runs last."""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools" / "scenarios"))
import order  # noqa: E402
from scenario_lib import Narrator, Verdict, java_partition  # noqa: E402


def scenario(infra, *args):
    proc = infra.run("scenario", *args, check=False, timeout=900)
    out = proc.stdout
    print(out)
    assert proc.returncode == 0, f"exit {proc.returncode}\n{out}\n{proc.stderr}"
    assert "verdict: PASS" in out and "FAIL" not in out, out
    return out


def test_rebalance_under_both_protocols(infra):
    out = scenario(infra, "rebalance", "--protocol", "both", "--rate", "200")
    for protocol in ("classic", "consumer"):
        # one instance -> three: four of the six partitions leave the first instance
        assert re.search(rf"\[{protocol}\] add two instances", out)
    assert out.count("PASS 4 partition(s) changed owner") == 2, out
    assert out.count("PASS 2 partition(s) changed owner") == 2, out
    assert len(re.findall(r"the group took \d+\.\d\d s from the first callback", out)) == 4, out


def test_drift_without_and_with_static_membership(infra):
    out = scenario(infra, "drift", "--mode", "both", "--rate", "50")
    assert re.search(r"PASS p[\d,p]+ drifted from consumer-drift-dynamic-1 to consumer-drift-dynamic-2", out)
    assert "PASS no partition drifted: consumer-drift-static-1 owns" in out
    assert re.search(r"PASS consumer-drift-static-2 saw no rebalance \(its rebalance count (\d+) -> \1\)", out)


def test_order_holds_per_user_while_instances_come_and_go(infra):
    out = scenario(infra, "order", "--users", "3", "--events", "40")
    assert "an instance joins" in out and "leaves again" in out
    assert len(re.findall(r"PASS order-\w+-user\d: (\d+) rows \(sent \1\)", out)) == 3, out


def test_order_verdict_fails_on_a_gap_a_swap_or_a_second_partition(capsys):
    """The order check itself (pure logic): it must be able to say FAIL."""
    user = "u-1"
    p = java_partition(user, 6)
    good = [(n, p, 10 + n, n) for n in range(1, 6)]
    cases = {"good": good,
             "gap": [r for r in good if r[0] != 3],
             "swap": [good[0], good[2], good[1], *good[3:]],
             "other partition": [*good[:4], (5, (p + 1) % 6, 20, 5)],
             "stored late": [*good[:4], (5, p, 15, 0)]}
    results = {}
    for name, rows in cases.items():
        verdict = Verdict(Narrator("order"))
        order.check_user(verdict, rows, user, 5, 6)
        results[name] = verdict.failed
    assert results == {"good": 0, "gap": 1, "swap": 1, "other partition": 1, "stored late": 1}


def test_groups_each_see_every_event(infra):
    out = scenario(infra, "groups", "--events", "1000")
    assert len(re.findall(r"PASS \S+ .*committed up to the high watermarks: yes, consumed \+\d+ "
                          r"\(sent 1000\)", out)) == 3, out


def test_idempotence_replay_resend_and_broker_restart(infra):
    out = scenario(infra, "idempotence", "--events", "30", "--sample", "200", "--broker-restart")
    assert re.search(r"PASS the fresh group read every record again \((\d+) >= \d+\)", out)
    assert "PASS PostgreSQL unchanged" in out and "PASS index unchanged" in out
    assert "PASS the second copy changed no row (30 rows for 30 event ids)" in out
    assert re.search(r"PASS \d+ records written during the restart window, 0 of them twice", out)
    infra.refresh_status()
    assert infra.status["kafka"]["healthy"]
