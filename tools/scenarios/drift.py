"""./tracker scenario drift — partition drift (分区漂移) after a crash, with and without static
membership.

A group of two instances (`drift-dynamic` or `drift-static`, PostgreSQL only, classic protocol,
session timeout 10 s) consumes a light steady load. Instance 1 is killed with SIGKILL (no goodbye
to the group), then started again:
- dynamic membership: the group notices only when the session times out; the survivor takes the
  dead instance's partitions (they drift), and the restarted instance joins as a new member and
  is given partitions back, not necessarily the same ones;
- static membership (group.instance.id = the instance's name): restarted within the session
  timeout, the instance takes its own place back: no rebalance, the survivor never notices, and
  every partition is owned by the same instance as before (only the killed instance's partitions
  waited, visible as lag in the console meanwhile).
The verdict compares the owners Kafka's Admin API reports before, during and after, and the
survivor's own rebalance count. Usage:

  ./tracker scenario drift [--mode dynamic|static|both] [--rate N] [--keep]

argv[1] is `./tracker status --json`; argv[2] the path of ./tracker."""

import os
import signal
import time

from scenario_lib import (RebalanceRecorder, ScenarioError, Stack, begin, fmt_partitions, group_of,
                          moved, now_ms, owners, report_rebalances, run, wait_caught_up, wait_settled,
                          wait_until)

SESSION_TIMEOUT_MS = 10_000


def owned_by(owner_map, name):
    return {p for p, o in owner_map.items() if o == name}


def rebalances_seen(stack, name):
    status = Stack.instance_status(stack.services[name]["url"])
    return None if status is None else status["rebalances_seen"]


def kill9(stack, narrator, name):
    pid = stack.services[name]["pid"]
    narrator.say(f"kill -9 {pid} ({name})")
    os.kill(pid, signal.SIGKILL)
    wait_until(lambda: stack.refresh()["services"][name]["state"] != "running", 15,
               f"{name} to be gone")


def dynamic(stack, narrator, verdict, group, names, recorder):
    before = owners(stack.console_state(), group, stack)
    victim, survivor = names
    lost = owned_by(before, victim)
    narrator.step(f"[dynamic] {victim} owns {fmt_partitions(lost)}; kill it")
    narrator.say("the group does not know yet: the grid still shows it until its session "
                 f"times out ({SESSION_TIMEOUT_MS // 1000} s), and its partitions' lag grows")
    start = now_ms()
    kill9(stack, narrator, victim)
    state = wait_settled(stack, group, 1, SESSION_TIMEOUT_MS / 1000 + 60,
                         f"{survivor} to take every partition")
    during = owners(state, group, stack)
    narrator.say(f"the group noticed after {(now_ms() - start) / 1000:.1f} s; the survivor's callbacks:")
    report_rebalances(narrator, recorder.since(start))
    drifted = moved(before, during)
    verdict.check(set(drifted) == lost and all(n == survivor for _, n in drifted.values()),
                  f"{fmt_partitions(drifted)} drifted from {victim} to {survivor}")
    narrator.step(f"[dynamic] start {victim} again: it joins as a new member")
    start = now_ms()
    stack.start(victim)
    state = wait_settled(stack, group, 2, 60, f"{group} to settle with two members")
    time.sleep(1)
    report_rebalances(narrator, recorder.since(start))
    after = owners(state, group, stack)
    back = owned_by(after, victim)
    narrator.say(f"{victim} owned {fmt_partitions(lost)} before the crash and owns "
                 f"{fmt_partitions(back)} now" + ("" if back == lost else ": the partitions drifted"))
    verdict.check(bool(back) and back | owned_by(after, survivor) == set(range(stack.partitions)),
                  f"after the restart both instances own partitions again ({victim}: "
                  f"{fmt_partitions(back)}, {survivor}: {fmt_partitions(owned_by(after, survivor))})")


def static(stack, narrator, verdict, group, names, recorder):
    before = owners(stack.console_state(), group, stack)
    victim, survivor = names
    mine = owned_by(before, victim)
    seen_before = rebalances_seen(stack, survivor)
    narrator.step(f"[static] {victim} (group.instance.id {victim}) owns {fmt_partitions(mine)}; "
                  "kill it and start it again within the session timeout")
    start = now_ms()
    kill9(stack, narrator, victim)
    time.sleep(2)
    state = stack.console_state()
    members = len(group_of(state, group)["members"])
    narrator.say(f"2 s later the group still has {members} members: the broker keeps the static "
                 f"member's place; {fmt_partitions(mine)} wait (their lag grows in the console)")
    stack.start(victim)
    wait_until(lambda: (Stack.instance_status(stack.services[victim]["url"]) or {})
               .get("assigned_partitions"), 60, f"{victim} to have its partitions again")
    state = wait_settled(stack, group, 2, 60, f"{group} to be stable")
    time.sleep(1)
    report_rebalances(narrator, recorder.since(start))
    after = owners(state, group, stack)
    seen_after = rebalances_seen(stack, survivor)
    narrator.say(f"{victim} came back after {(now_ms() - start) / 1000:.1f} s")
    verdict.check(members == 2, "the group kept both members while the static one was dead")
    verdict.check(not moved(before, after),
                  f"no partition drifted: {victim} owns {fmt_partitions(owned_by(after, victim))} "
                  f"again, {survivor} {fmt_partitions(owned_by(after, survivor))}")
    verdict.check(seen_before is not None and seen_before == seen_after,
                  f"{survivor} saw no rebalance (its rebalance count {seen_before} -> {seen_after})")


def options(parser):
    parser.add_argument("--mode", choices=["dynamic", "static", "both"], default="both")
    parser.add_argument("--rate", type=int, default=100, help="events/s during the scenario")
    parser.add_argument("--keep", action="store_true", help="leave the groups' instances running")


def main():
    args, stack, narrator, verdict = begin("drift", options)
    os.environ["TRACKER_CONSUMER_SESSION_TIMEOUT_MS"] = str(SESSION_TIMEOUT_MS)
    for mode in (["dynamic", "static"] if args.mode == "both" else [args.mode]):
        group = f"drift-{mode}"
        if stack.consumers(group, running=False):
            raise ScenarioError(f"group {group} already has instances: ./tracker stop them first")
        names = [f"consumer-{group}-1", f"consumer-{group}-2"]
        narrator.step(f"[{mode}] group {group}: two instances"
                      + (" with static membership" if mode == "static" else "")
                      + f", {args.rate} events/s")
        narrator.say(f"look at the console's Groups view ({group}) and the Rebalances view")
        stack.up_group(f"{group}:postgres:classic", 2, static=mode == "static")
        wait_settled(stack, group, 2, 60, f"{group} to settle")
        load = stack.loadgen("--rate", str(args.rate), "--duration", "600")
        try:
            with RebalanceRecorder(stack, group) as recorder:
                time.sleep(2)
                (dynamic if mode == "dynamic" else static)(stack, narrator, verdict, group, names,
                                                           recorder)
        finally:
            load.stop()
        verdict.check(bool(wait_caught_up(stack, group)),
                      f"{group} caught up with the topic afterwards (nothing was left behind)")
        if not args.keep:
            stack.stop(*stack.consumers(group, running=False))
            stack.delete_groups(group, wait=SESSION_TIMEOUT_MS / 1000 + 5)
    verdict.exit()


if __name__ == "__main__":
    run(main)
