"""./tracker scenario rebalance — rebalancing (重平衡) under steady load.

For each protocol (classic: cooperative-sticky, assignment by the group leader; consumer: KIP-848,
assignment by the broker), a group of its own (`rebalance-<protocol>`, PostgreSQL only) starts
with one instance while the load generator sends a steady stream; two instances are added, then
one is stopped. Each rebalance is printed as the instances' own rebalance callbacks saw it
(assigned / revoked / lost, which partitions, when), with the time the group took to settle and the
partitions that changed owner according to Kafka's Admin API. The verdict checks, from Kafka, that
the group settled with the expected members, every partition owned exactly once, partitions moved
to the new members and away from the stopped one, and that the group then caught up with the
topic (nothing stuck). Usage:

  ./tracker scenario rebalance [--protocol classic|consumer|both] [--rate N] [--keep]

argv[1] is `./tracker status --json`; argv[2] the path of ./tracker."""

import time

from scenario_lib import (RebalanceRecorder, ScenarioError, begin, fmt_partitions, moved, now_ms,
                          owners, report_rebalances, run, wait_caught_up, wait_settled)


def phase(stack, narrator, verdict, recorder, group, action, members, expect_moved):
    """Runs `action`, waits for the group to settle with `members` members, reports."""
    before = owners(stack.console_state(), group, stack)
    start = now_ms()
    action()
    state = wait_settled(stack, group, members, 90, f"{group} to settle with {members} member(s)")
    # The instances' callbacks of this phase: give the last ones a moment to be polled.
    time.sleep(1)
    events = recorder.since(start)
    if events:
        narrator.say(f"the first callback came {(events[0]['time_ms'] - start) / 1000:.1f} s after "
                     "the command (starting or stopping processes); the rebalance:")
    settle = report_rebalances(narrator, events)
    after = owners(state, group, stack)
    changes = moved(before, after)
    for p, (old, new) in changes.items():
        narrator.say(f"  partition {p}: {old or 'nobody'} -> {new}")
    verdict.check(settle is not None,
                  f"settled: {members} member(s), every partition owned once; the group took "
                  f"{settle if settle is not None else float('nan'):.2f} s from the first callback "
                  "to the last")
    verdict.check(expect_moved(changes, before, after),
                  f"{len(changes)} partition(s) changed owner: {fmt_partitions(changes)}")
    return after


def scenario(stack, narrator, verdict, protocol, rate, keep):
    group = f"rebalance-{protocol}"
    spec = f"{group}:postgres:{protocol}"
    names = [f"consumer-{group}-{n}" for n in (1, 2, 3)]
    narrator.step(f"[{protocol}] group {group}: one instance, then a steady {rate} events/s")
    narrator.say("look at the console's Groups view: the grid of " + group)
    stack.up_group(spec, 1)
    wait_settled(stack, group, 1, 90, f"{group} to own every partition")
    load = stack.loadgen("--rate", str(rate), "--duration", "600")
    try:
        with RebalanceRecorder(stack, group) as recorder:
            time.sleep(2)
            narrator.step(f"[{protocol}] add two instances ({names[1]}, {names[2]})")
            narrator.say("watch partitions leave instance 1 and appear on the new rows; the "
                         "Rebalances view puts every instance's callbacks on one time axis")
            phase(stack, narrator, verdict, recorder, group, lambda: stack.up_group(spec, 3), 3,
                  lambda changes, before, after: {names[1], names[2]} <= set(after.values())
                  and all(old == names[0] for old, _ in changes.values()))
            time.sleep(2)
            narrator.step(f"[{protocol}] stop {names[1]} (it commits and leaves the group)")
            narrator.say("its partitions go to the two that stay")
            stopped = names[1]
            phase(stack, narrator, verdict, recorder, group, lambda: stack.stop(stopped), 2,
                  lambda changes, before, after: stopped not in after.values()
                  and {p for p, o in before.items() if o == stopped} <= set(changes))
    finally:
        load.stop()
    narrator.step(f"[{protocol}] load stopped: the group must catch up with the topic")
    verdict.check(bool(wait_caught_up(stack, group)),
                  f"{group} committed up to every partition's high watermark")
    if not keep:
        stack.stop(*stack.consumers(group))
        stack.delete_groups(group)


def options(parser):
    parser.add_argument("--protocol", choices=["classic", "consumer", "both"], default="both")
    parser.add_argument("--rate", type=int, default=300, help="events/s during the scenario")
    parser.add_argument("--keep", action="store_true", help="leave the groups' instances running")


def main():
    args, stack, narrator, verdict = begin("rebalance", options)
    for protocol in (["classic", "consumer"] if args.protocol == "both" else [args.protocol]):
        if stack.consumers(f"rebalance-{protocol}"):
            raise ScenarioError(f"group rebalance-{protocol} already has instances: "
                                f"./tracker stop them first")
        scenario(stack, narrator, verdict, protocol, args.rate, args.keep)
    verdict.exit()


if __name__ == "__main__":
    run(main)
