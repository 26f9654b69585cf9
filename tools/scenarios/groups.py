"""./tracker scenario groups — the number of consumer groups (ConsumerGroup数量): every group sees
every event, independently, at its own pace.

Starts two more groups beside the running `event-consumer` (`analytics`: PostgreSQL only, classic
protocol; `audit`: PostgreSQL only, the KIP-848 consumer protocol), sends a known number of events,
and judges from Kafka's own numbers (the Admin API, read through the DLT monitor's console state),
not from this script's bookkeeping: for each group, the offsets it committed must reach the
topic's high watermarks, and its instances' `consumed` counters must have grown by at least the
events sent. Prints each group's lag once a second meanwhile. Usage:

  ./tracker scenario groups [--events N] [--keep]

argv[1] is `./tracker status --json`; argv[2] the path of ./tracker."""

import argparse
import sys
import time

from scenario_lib import Narrator, Stack, caught_up, group_of, run

EXTRA = {"analytics": "analytics:postgres:classic", "audit": "audit:postgres:consumer"}
MAIN = "event-consumer"


NARRATOR = Narrator("groups")
say, step = NARRATOR.say, NARRATOR.step


def consumed_by_group(state):
    """{group: sum of its answering instances' consumed counters}."""
    out = {}
    for instance in state["instances"]:
        status = instance.get("status") or {}
        consumed = (status.get("counters") or {}).get("consumed")
        if consumed is not None:
            out[instance["group"]] = out.get(instance["group"], 0) + consumed
    return out


def lag_line(state, names):
    parts = []
    for name in names:
        group = group_of(state, name)
        if group is None:
            parts.append(f"{name}: not yet")
            continue
        lags = [p["lag"] for p in group["partitions"]]
        known = [lag for lag in lags if lag is not None]
        parts.append(f"{name}: lag {sum(known)}" + (f" (+{len(lags) - len(known)} unknown)"
                                                    if len(known) < len(lags) else ""))
    return " | ".join(parts)


def main():
    parser = argparse.ArgumentParser(prog="./tracker scenario groups")
    parser.add_argument("status_json")
    parser.add_argument("tracker")
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--keep", action="store_true", help="leave the two extra groups running")
    parser.add_argument("--timeout", type=float, default=180)
    args = parser.parse_args()
    stack = Stack(args.status_json, args.tracker)
    stack.url("event-producer")
    names = [MAIN, *EXTRA]

    step(f"start the groups {', '.join(EXTRA)} beside {MAIN} (one instance each)")
    say("look at the console's Groups view: one grid per group, each owning all six partitions")
    stack.up_group(",".join(EXTRA.values()), 1)
    deadline = time.monotonic() + args.timeout
    while not all(caught_up(stack.console_state(), n) for n in names):
        if time.monotonic() > deadline:
            sys.exit("scenario groups: the groups did not catch up with the topic's history in time")
        time.sleep(1)
    before = stack.console_state()
    consumed_before = consumed_by_group(before)
    say(f"every group has caught up with the topic so far; {lag_line(before, names)}")

    step(f"send {args.events} events through the event-producer")
    say("look at the Pipeline view: one stream in, three groups consuming it at their own pace")
    loadgen = stack.loadgen("--rate", "1000", "--count", str(args.events))
    started = time.monotonic()
    settled_at = {}
    while True:
        state = stack.console_state()
        say(f"t+{time.monotonic() - started:4.1f}s  {lag_line(state, names)}")
        if loadgen.poll() is not None:
            for name in names:
                if name not in settled_at and caught_up(state, name):
                    settled_at[name] = time.monotonic() - started
            if len(settled_at) == len(names):
                break
        if time.monotonic() - started > args.timeout:
            break
        time.sleep(1)
    if loadgen.wait() != 0:
        sys.exit("scenario groups: the load generator failed")
    after = stack.console_state()
    consumed_after = consumed_by_group(after)

    step("verdict (from Kafka's committed offsets and each instance's own counters)")
    ok = True
    for name in names:
        grew = consumed_after.get(name, 0) - consumed_before.get(name, 0)
        done = caught_up(after, name)
        fine = done and grew >= args.events
        ok &= fine
        group = group_of(after, name) or {}
        say(f"{'PASS' if fine else 'FAIL'} {name} ({group.get('protocol', '?')}, "
            f"{len(group.get('members', []))} member(s)): committed up to the high watermarks: "
            f"{'yes' if done else 'no'}, consumed +{grew} (sent {args.events})"
            + (f", caught up {settled_at[name]:.1f} s after the start" if name in settled_at else ""))
    say(f"{len(names)} groups, each saw every event independently" if ok
        else "at least one group did not see every event")
    say("verdict: PASS" if ok else "verdict: FAIL")
    if not args.keep:
        step("stop the extra groups (--keep leaves them running)")
        stack.refresh()
        instances = [n for group in EXTRA for n in stack.consumers(group, running=False)]
        if instances:
            stack.stop(*instances)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    run(main)
